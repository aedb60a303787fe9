import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCoverage, ZResourceCalendar } from '../../../../contracts/rotation.js';
import { ROTATION_ROLE_NAMES, ROTATION_ROLES, type ResourceKind } from '../../../../contracts/workforce.js';
import { memberOrgIds, reachesCity } from '../../../platform/access/policy.js';
import type { Db } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { resourcesOfUser, rotationProfileCity, rotationResourceNames } from '../../workforce/index.js';
import { cityToRead, seesRegion } from '../rotation.policy.js';
import { selectCityCommunities, selectCityTowns, selectPlansOfYear, selectResourceAssignments } from '../rotation.queries.js';
import { rotationAssignments } from '../rotation.tables.js';

/**
 * A resource's year: its assignments season by season. Staff read those in their reach (drafts too); the resource
 * itself — the person, an organization's members — reads its published ones.
 */
export async function resourceCalendar(db: Db, ctx: RequestContext, kind: ResourceKind, id: string, year: number): Promise<z.infer<typeof ZResourceCalendar>> {
  const own = ctx.actor ? (await resourcesOfUser(db, ctx.actor.userId, memberOrgIds(ctx.actor))).some((r) => r.kind === kind && r.id === id) : false;
  const cityId = await rotationProfileCity(db, kind, id);
  const staff = cityId !== null && reachesCity(ctx.actor, 'rotation.read', cityId);
  if (!own && !staff) throw notFound('rotationProfile');
  const rows = (await selectResourceAssignments(db, kind, id, year)).filter((a) => (own && a.state === 'published') || (staff && seesRegion(ctx.actor, a.regionPath)));
  const names = await rotationResourceNames(db, [{ kind, id }]);
  const en = ctx.lang === 'en';
  return {
    resource: { kind, id, name: names.get(`${kind}:${id}`) ?? '—' },
    year,
    items: rows.map((a) => ({ season: a.season, role: a.role, roleName: en ? ROTATION_ROLE_NAMES[a.role].en : ROTATION_ROLE_NAMES[a.role].zh, community: { id: a.communityId, name: a.communityName }, town: { id: a.townId, name: a.townName }, published: a.state === 'published' })),
  };
}

/** The caller's own year: every resource they act as (themselves, their organizations), published seasons only. */
export async function myCalendar(db: Db, ctx: RequestContext, year: number) {
  if (!ctx.actor) throw notFound('rotationProfile');
  const mine = await resourcesOfUser(db, ctx.actor.userId, memberOrgIds(ctx.actor));
  const items = [];
  for (const r of mine) {
    const rows = (await selectResourceAssignments(db, r.kind, r.id, year)).filter((a) => a.state === 'published');
    if (rows.length) items.push(await resourceCalendar(db, ctx, r.kind, r.id, year));
  }
  return { items };
}

/** Communities × seasons: how many of the four roles each has, per town and in all, for the heatmap and the tile map. */
export async function coverage(db: Db, ctx: RequestContext, q: { cityId?: string; year: number }): Promise<z.infer<typeof ZCoverage>> {
  const city = await cityToRead(db, ctx.actor, q.cityId);
  const [plans, towns, communities] = await Promise.all([selectPlansOfYear(db, city.id, q.year), selectCityTowns(db, city.path), selectCityCommunities(db, city.path)]);
  const seen = communities.filter((c) => seesRegion(ctx.actor, c.path));
  const rows = plans.length ? await db.select({ planId: rotationAssignments.planId, communityId: rotationAssignments.communityId, role: rotationAssignments.role }).from(rotationAssignments).where(inArray(rotationAssignments.planId, plans.map((p) => p.id))) : [];
  const seasonOf = new Map(plans.map((p) => [p.id, p.season]));
  const cell = new Map<string, Map<string, number>>();
  for (const a of rows) {
    const k = `${a.communityId}|${seasonOf.get(a.planId)}`;
    const m = cell.get(k) ?? new Map<string, number>();
    m.set(a.role, (m.get(a.role) ?? 0) + 1);
    cell.set(k, m);
  }
  const rolesAt = (communityId: string, season: number) => Object.fromEntries(ROTATION_ROLES.map((r) => [r, cell.get(`${communityId}|${season}`)?.get(r) ?? 0])) as Record<(typeof ROTATION_ROLES)[number], number>;
  const communityRows = seen.map((c) => ({
    id: c.id,
    name: c.name,
    townId: c.townId,
    seasons: [1, 2, 3, 4].map((s) => {
      const byRole = rolesAt(c.id, s);
      return { season: s, rolesCovered: Object.values(byRole).filter((n) => n > 0).length, byRole };
    }),
  }));
  const seenTowns = towns.filter((t) => seen.some((c) => c.townId === t.id));
  return {
    cityId: city.id,
    year: q.year,
    seasons: [1, 2, 3, 4].map((s) => ({ season: s, state: plans.find((p) => p.season === s)?.state ?? null })),
    towns: seenTowns.map((t) => {
      const mine = communityRows.filter((c) => c.townId === t.id);
      return { id: t.id, name: t.name, seasons: [1, 2, 3, 4].map((s) => ({ season: s, communities: mine.length, fullyCovered: mine.filter((c) => c.seasons[s - 1].rolesCovered === 4).length, share: mine.length ? Math.round((mine.reduce((n, c) => n + c.seasons[s - 1].rolesCovered, 0) / (mine.length * 4)) * 1000) / 1000 : 0 })) };
    }),
    communities: communityRows,
  };
}
