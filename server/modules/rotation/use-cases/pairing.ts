import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZPairing, ZPairingChangeBody, ZPairingProposeBody } from '../../../../contracts/rotation.js';
import type { ResourceKind } from '../../../../contracts/workforce.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { rotationResourceNames, rotationResources } from '../../workforce/index.js';
import { cityToManage, cityToRead, seesRegion } from '../rotation.policy.js';
import { lockPairing, selectCityCommunities, selectCityTowns, selectPairings, selectPlansOfYear } from '../rotation.queries.js';
import { rotationPairings } from '../rotation.tables.js';
import { solvePairingInThread } from '../solver/pool.js';
import { resourceKey } from '../solver/rules.js';
import { cityRules } from './rules.js';

/** The year's pairing of a city: per town its communities, its resources by kind and its share; every row. */
export async function getPairing(db: Db, ctx: RequestContext, q: { cityId?: string; year: number }): Promise<z.infer<typeof ZPairing>> {
  const city = await cityToRead(db, ctx.actor, q.cityId);
  const [towns, communities, rows, resources] = await Promise.all([selectCityTowns(db, city.path), selectCityCommunities(db, city.path), selectPairings(db, city.id, q.year), rotationResources(db, city.id)]);
  const seen = towns.filter((t) => seesRegion(ctx.actor, t.path));
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const active = new Map(resources.map((r) => [resourceKey(r.kind, r.id), r]));
  const names = await rotationResourceNames(db, rows.map((r) => ({ kind: r.resourceKind, id: r.resourceId })));
  const supply = new Map<string, number>();
  const count = new Map<string, { org: number; socialWorker: number; certifiedEmployee: number }>();
  for (const r of rows) {
    const res = active.get(resourceKey(r.resourceKind, r.resourceId));
    if (res) supply.set(r.townId, (supply.get(r.townId) ?? 0) + res.capacity * res.seasons.length);
    const c = count.get(r.townId) ?? { org: 0, socialWorker: 0, certifiedEmployee: 0 };
    c[r.resourceKind]++;
    count.set(r.townId, c);
  }
  const paired = new Set(rows.map((r) => resourceKey(r.resourceKind, r.resourceId)));
  const seenIds = new Set(seen.map((t) => t.id));
  return {
    cityId: city.id,
    year: q.year,
    towns: seen.map((t) => {
      const n = communities.filter((c) => c.townId === t.id).length;
      return { town: { id: t.id, name: t.name }, communities: n, resources: count.get(t.id) ?? { org: 0, socialWorker: 0, certifiedEmployee: 0 }, supplyRatio: n ? Math.round(((supply.get(t.id) ?? 0) / (n * 16)) * 100) / 100 : 0 };
    }),
    items: rows
      .filter((r) => seenIds.has(r.townId))
      .map((r) => {
        const res = active.get(resourceKey(r.resourceKind, r.resourceId));
        return {
          resourceKind: r.resourceKind,
          resourceId: r.resourceId,
          resourceName: names.get(resourceKey(r.resourceKind, r.resourceId)) ?? '—',
          town: { id: r.townId, name: townName.get(r.townId) ?? '—' },
          homeTown: res?.homeTownId ? { id: res.homeTownId, name: townName.get(res.homeTownId) ?? '—' } : null,
          source: r.source,
          version: r.version,
        };
      })
      .sort((a, b) => a.town.name.localeCompare(b.town.name, 'zh-CN') || a.resourceKind.localeCompare(b.resourceKind) || a.resourceName.localeCompare(b.resourceName, 'zh-CN')),
    unpaired: [...active.keys()].filter((k) => !paired.has(k)).length,
  };
}

/**
 * The solver's pairing for a year: every active resource with one town, from home town, domains and balance. The
 * office's own changes are kept (the solver fits the rest around them) unless `replaceOffice`. Not once a season of
 * the year is published: its assignees were told where they stand.
 */
export async function proposePairing(db: Db, ctx: RequestContext, input: z.infer<typeof ZPairingProposeBody>) {
  const city = await cityToManage(db, ctx.actor, input.cityId);
  const published = (await selectPlansOfYear(db, city.id, input.year)).filter((p) => p.state === 'published');
  if (published.length)
    throw new AppError('invalid_state', { reason: `${input.year}年已有季度方案发布，不能重新生成结对；可逐个调整`, reasonEn: `A season of ${input.year} is published: change pairings one by one instead` });
  const [{ rules }, towns, communities, resources, before] = await Promise.all([cityRules(db, city.id), selectCityTowns(db, city.path), selectCityCommunities(db, city.path), rotationResources(db, city.id), selectPairings(db, city.id, input.year)]);
  if (towns.length === 0) throw new AppError('invalid_state', { reason: '本市尚无镇（街道）', reasonEn: 'The city has no towns yet' });
  const kept = new Map(input.replaceOffice ? [] : before.filter((p) => p.source === 'office').map((p) => [resourceKey(p.resourceKind, p.resourceId), p]));
  const result = await solvePairingInThread({
    towns: towns.map((t) => ({ id: t.id, communities: communities.filter((c) => c.townId === t.id).map((c) => c.profile?.needs ?? []) })),
    resources: resources.map((r) => ({ key: resourceKey(r.kind, r.id), homeTownId: r.homeTownId, domains: r.domains, capacity: r.capacity, seasons: r.seasons, roles: r.roles, fixedTownId: kept.get(resourceKey(r.kind, r.id))?.townId ?? null })),
    rules,
    timeLimitSeconds: 60,
  });
  if (result.status === 'infeasible') throw new AppError('invalid_state', { reason: '结对方案无解：请检查轮值规则与轮值档案', reasonEn: 'No pairing satisfies the rules: check the rules and the profiles' });
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rotation-pairing:${city.id}:${input.year}`}))`);
    const now = await selectPairings(tx, city.id, input.year);
    const sig = (rows: typeof now) => rows.map((p) => `${p.resourceKind}:${p.resourceId}:${p.townId}:${p.version}`).sort().join('|');
    if (sig(now) !== sig(before)) throw new AppError('stale', { reason: '结对已被他人修改，请刷新后重试', reasonEn: 'Someone else changed the pairing: reload and try again' });
    await tx.delete(rotationPairings).where(and(eq(rotationPairings.cityId, city.id), eq(rotationPairings.year, input.year)));
    const at = clockNow();
    const rows = resources.flatMap((r) => {
      const key = resourceKey(r.kind, r.id);
      const townId = result.townOf[key];
      if (!townId) return [];
      const old = now.find((p) => p.resourceKind === r.kind && p.resourceId === r.id);
      const isKept = kept.has(key);
      return [{ year: input.year, resourceKind: r.kind, resourceId: r.id, cityId: city.id, townId, source: isKept ? ('office' as const) : ('solver' as const), version: (old?.version ?? 0) + 1, updatedAt: at, updatedBy: ctx.actor!.userId }];
    });
    for (let i = 0; i < rows.length; i += 500) await tx.insert(rotationPairings).values(rows.slice(i, i + 500));
    const perTown = Object.fromEntries(towns.map((t) => [t.name, rows.filter((r) => r.townId === t.id).length]));
    const moved = rows.filter((r) => now.some((p) => p.resourceKind === r.resourceKind && p.resourceId === r.resourceId && p.townId !== r.townId)).length;
    await appendAudit(tx, ctx, {
      action: 'rotation.pairingProposed',
      permission: 'rotation.manage',
      entityType: 'city',
      entityId: city.id,
      detail: { year: input.year, paired: rows.length, kept: kept.size, moved, perTown, solver: { status: result.status, objective: result.objective, gap: result.gap, millis: result.millis } },
    });
  });
  return { pairing: await getPairing(db, ctx, { cityId: city.id, year: input.year }), solver: { status: result.status, objective: result.objective, gap: result.gap, millis: result.millis } };
}

/** The office moves one resource to another town for the year; kept through later proposals, audited on the resource. */
export async function changePairing(db: Db, ctx: RequestContext, key: { year: number; kind: ResourceKind; id: string }, input: z.infer<typeof ZPairingChangeBody>) {
  await db.transaction(async (tx) => {
    const row = await lockPairing(tx, key.year, key.kind, key.id);
    if (!row) throw notFound('pairing');
    const city = await cityToManage(tx, ctx.actor, row.cityId);
    if (row.version !== input.version) throw conflict(row.version);
    const towns = await selectCityTowns(tx, city.path);
    const to = towns.find((t) => t.id === input.townId);
    if (!to) throw new AppError('validation', {}, [{ path: 'townId', message: `请选择${city.name}的镇（街道）`, messageEn: `Choose a town of ${city.name}` }]);
    const from = towns.find((t) => t.id === row.townId);
    await tx
      .update(rotationPairings)
      .set({ townId: to.id, source: 'office', version: row.version + 1, updatedAt: clockNow(), updatedBy: ctx.actor!.userId })
      .where(and(eq(rotationPairings.year, key.year), eq(rotationPairings.resourceKind, key.kind), eq(rotationPairings.resourceId, key.id)));
    await appendAudit(tx, ctx, {
      action: 'rotation.pairing',
      permission: 'rotation.manage',
      entityType: key.kind === 'org' ? 'org' : 'worker',
      entityId: key.id,
      changes: { pairedTown: { before: from?.name ?? row.townId, after: to.name } },
      detail: { year: key.year },
    });
  });
}
