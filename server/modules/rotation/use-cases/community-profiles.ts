import type { z } from 'zod';
import type { ZCommunityProfile, ZCommunityProfileBody } from '../../../../contracts/rotation.js';
import { cityOfPath } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { serviceDomainNames } from '../rotation.presenter.js';
import { cityToManage, cityToRead, seesRegion } from '../rotation.policy.js';
import { lockCommunityProfile, selectCityCommunities, selectCommunity } from '../rotation.queries.js';
import { communityProfiles } from '../rotation.tables.js';
import { eq } from 'drizzle-orm';

type Row = Awaited<ReturnType<typeof selectCityCommunities>>[number];

function present(c: Row, names: Map<string, string>): z.infer<typeof ZCommunityProfile> {
  const p = c.profile;
  return {
    communityId: c.id,
    communityName: c.name,
    town: { id: c.townId, name: c.townName },
    households: p?.households ?? null,
    elderlyPermille: p?.elderlyPermille ?? null,
    childrenPermille: p?.childrenPermille ?? null,
    newResidentPermille: p?.newResidentPermille ?? null,
    disabledCount: p?.disabledCount ?? null,
    hardshipHouseholds: p?.hardshipHouseholds ?? null,
    needs: (p?.needs ?? []).map((code) => ({ code, name: names.get(code) ?? code })),
    version: p?.version ?? 0,
  };
}

/** A city's communities with their profiles (a town's staff: their town's), optionally one town's. */
export async function listCommunityProfiles(db: Db, ctx: RequestContext, q: { cityId?: string; townId?: string }) {
  const city = await cityToRead(db, ctx.actor, q.cityId);
  const rows = (await selectCityCommunities(db, city.path)).filter((c) => seesRegion(ctx.actor, c.path) && (!q.townId || c.townId === q.townId));
  const names = await serviceDomainNames(db, city.id);
  return { items: rows.map((c) => present(c, names)) };
}

/** Sets a community's profile whole, against the version the caller saw (0 for the first), audited. */
export async function putCommunityProfile(db: Db, ctx: RequestContext, communityId: string, input: z.infer<typeof ZCommunityProfileBody>) {
  const found = await selectCommunity(db, communityId);
  if (!found || !seesRegion(ctx.actor, found.path)) throw notFound('community');
  const city = await cityOfPath(db, found.path);
  if (!city) throw notFound('community');
  await cityToManage(db, ctx.actor, city.id);
  const names = await serviceDomainNames(db, city.id);
  const unknown = input.needs.filter((c) => !names.has(c));
  if (unknown.length) throw new AppError('validation', {}, [{ path: 'needs', message: `服务领域不在本市目录中：${unknown.join('、')}`, messageEn: `Not a service domain of this city: ${unknown.join(', ')}` }]);
  await db.transaction(async (tx) => {
    const before = await lockCommunityProfile(tx, communityId);
    if ((before?.version ?? 0) !== input.version) throw conflict(before?.version ?? 0);
    const { version: _v, ...values } = input;
    const at = clockNow();
    const row = { ...values, needs: [...new Set(values.needs)] };
    if (before) await tx.update(communityProfiles).set({ ...row, version: before.version + 1, updatedAt: at, updatedBy: ctx.actor!.userId }).where(eq(communityProfiles.communityId, communityId));
    else await tx.insert(communityProfiles).values({ communityId, cityId: city.id, regionPath: found.path, ...row, updatedAt: at, updatedBy: ctx.actor!.userId });
    const old = (before ?? {}) as Record<string, unknown>;
    const changes = Object.fromEntries(Object.entries(row).filter(([k, v]) => JSON.stringify(old[k] ?? null) !== JSON.stringify(v)).map(([k, v]) => [k, { before: old[k] ?? null, after: v }]));
    await appendAudit(tx, ctx, { action: 'rotation.communityProfile', permission: 'rotation.manage', entityType: 'region', entityId: communityId, changes, detail: { community: found.name } });
  });
  const after = await selectCommunity(db, communityId);
  return present(after, names);
}
