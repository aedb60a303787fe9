import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ResourceKind, ZRotationProfile, ZRotationProfileBody } from '../../../../contracts/workforce.js';
import { cityOfPath, type CityRef } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { AppError, conflict, notFound, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { domainNamesOf, presentProfile } from '../workforce.presenter.js';
import { requireWorkerInReach, requireWorkerManage, requireWorkforceManage, requireWorkforceRead } from '../workforce.policy.js';
import { lockProfile, orgForRotation, selectCityDomains, selectCityTown, selectProfile, selectWorker } from '../workforce.queries.js';
import { rotationProfiles } from '../workforce.tables.js';

interface Resource {
  kind: ResourceKind;
  id: string;
  name: string;
  regionPath: string;
  city: CityRef;
  /** What a first profile starts from. */
  serviceDomains: readonly string[];
  homeTown: { id: string; name: string } | null;
}

/**
 * The resource a profile is for, within the caller's workforce.read reach (404 otherwise, as for a missing one): an
 * organization of the registry by its domicile, a person by their home town.
 */
async function loadResource(db: DbOrTx, ctx: RequestContext, kind: ResourceKind, id: string): Promise<Resource> {
  requireWorkforceRead(ctx.actor);
  if (kind === 'org') {
    const org = await orgForRotation(db, id);
    if (!org) throw notFound('org');
    requireWorkerInReach(ctx.actor, org);
    const city = await cityOfPath(db, org.regionPath);
    if (!city) throw notFound('org');
    const domains = new Set((await selectCityDomains(db, [city.id])).filter((d) => !d.retired).map((d) => d.code));
    return { kind, id, name: org.name, regionPath: org.regionPath, city, serviceDomains: org.serviceFields.filter((f) => domains.has(f)), homeTown: org.town };
  }
  const w = await selectWorker(db, id);
  if (!w || w.kind !== kind) throw notFound('worker');
  requireWorkerInReach(ctx.actor, w);
  const city = await cityOfPath(db, w.regionPath);
  if (!city) throw notFound('worker');
  return { kind, id, name: w.name, regionPath: w.regionPath, city, serviceDomains: w.serviceDomains, homeTown: { id: w.townId, name: w.townName } };
}

export async function getRotationProfile(db: Db, ctx: RequestContext, kind: ResourceKind, id: string): Promise<z.infer<typeof ZRotationProfile>> {
  const r = await loadResource(db, ctx, kind, id);
  const profile = await selectProfile(db, kind, id);
  return presentProfile({ kind, id, name: r.name, cityId: r.city.id }, profile, r, domainNamesOf(await selectCityDomains(db, [r.city.id])));
}

/**
 * Sets a resource's profile whole, against the version the caller saw (0 for the first), audited. The home town
 * and the service domains must be the resource's city's.
 */
export async function putRotationProfile(db: Db, ctx: RequestContext, kind: ResourceKind, id: string, input: z.infer<typeof ZRotationProfileBody>) {
  const actor = requireWorkforceManage(ctx.actor);
  await db.transaction(async (tx) => {
    const r = await loadResource(tx, ctx, kind, id);
    requireWorkerManage(actor, r.regionPath);
    const before = await lockProfile(tx, kind, id);
    if ((before?.version ?? 0) !== input.version) throw conflict(before?.version ?? 0);
    const errors: FieldError[] = [];
    if (input.homeTownId && !(await selectCityTown(tx, r.city.path, input.homeTownId))) errors.push({ path: 'homeTownId', message: `请选择${r.city.name}的镇（街道）`, messageEn: `Choose a town of ${r.city.name}` });
    const live = new Set((await selectCityDomains(tx, [r.city.id])).filter((d) => !d.retired).map((d) => d.code));
    const unknown = input.serviceDomains.filter((c) => !live.has(c));
    if (unknown.length) errors.push({ path: 'serviceDomains', message: `服务领域不在本市目录中：${unknown.join('、')}`, messageEn: `Not a service domain of this city: ${unknown.join(', ')}` });
    if (errors.length) throw new AppError('validation', {}, errors);
    const values = { serviceDomains: [...new Set(input.serviceDomains)], homeTownId: input.homeTownId, seasons: [...input.seasons].sort(), capacity: input.capacity, roles: input.roles, active: input.active };
    const at = clockNow();
    if (before) await tx.update(rotationProfiles).set({ ...values, version: before.version + 1, updatedAt: at, updatedBy: actor.userId }).where(and(eq(rotationProfiles.resourceKind, kind), eq(rotationProfiles.resourceId, id)));
    else await tx.insert(rotationProfiles).values({ resourceKind: kind, resourceId: id, cityId: r.city.id, ...values, updatedAt: at, updatedBy: actor.userId });
    const old: Record<string, unknown> = before ? { serviceDomains: before.serviceDomains, homeTownId: before.homeTownId, seasons: before.seasons, capacity: before.capacity, roles: before.roles, active: before.active } : {};
    const changes = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(old[k]) !== JSON.stringify(v)).map(([k, v]) => [k, { before: old[k] ?? null, after: v }]));
    await appendAudit(tx, ctx, { action: 'workforce.profile', permission: 'workforce.manage', entityType: kind === 'org' ? 'org' : 'worker', entityId: id, changes, detail: { resource: r.name, kind } });
  });
  return getRotationProfile(db, ctx, kind, id);
}
