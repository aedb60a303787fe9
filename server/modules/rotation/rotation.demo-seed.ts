import { and, eq } from 'drizzle-orm';
import type { ResourceKind } from '../../../contracts/workforce.js';
import { regions } from '../../platform/access/scope.tables.js';
import type { Tx } from '../../platform/db/client.js';
import { prng } from '../../platform/demo/prng.js';
import { selectCityCommunities, selectCityTowns } from './rotation.queries.js';
import { communityProfiles, rotationAssignments, rotationPairings, rotationPlans, rotationPlanTowns } from './rotation.tables.js';
import { solvePairingInThread, solveTowns } from './solver/pool.js';
import { defaultRules, resourceKey } from './solver/rules.js';
import { loadPlanContext } from './use-cases/plan-context.js';

/*
 * Haining's rotation of 2026, made the way the office makes it: community profiles (made up, deterministic), the
 * year's pairing proposed by the solver, and the four seasons computed by the solver in order and published. A city
 * without demo data gets none of this; the numbers come from the city's own towns, communities and profiles.
 */

export const DEMO_ROTATION_YEAR = 2026;
const PUBLISHED_ON = ['2026-01-05', '2026-04-01', '2026-07-01', '2026-09-30'];

export async function seedHainingRotation(tx: Tx): Promise<Record<string, number>> {
  const [city] = await tx.select({ id: regions.id, name: regions.name, code: regions.code, path: regions.path }).from(regions).where(and(eq(regions.level, 'city'), eq(regions.code, '330481')));
  if (!city) return {};
  const rnd = prng(2026_0701);
  const communities = await selectCityCommunities(tx, city.path);
  const towns = await selectCityTowns(tx, city.path);
  // Villages are older and poorer, the towns' centres take in new residents: needs follow from the figures.
  const profiles = communities.map((c) => {
    const village = c.name.endsWith('村');
    const households = Math.round(400 + rnd() * (village ? 900 : 2600));
    const elderly = Math.round((village ? 220 : 140) + rnd() * 140);
    const children = Math.round(90 + rnd() * 90);
    const newResidents = Math.round((village ? 40 : 120) + rnd() * (village ? 200 : 380));
    const disabled = Math.round(households * (0.01 + rnd() * 0.02));
    const hardship = Math.round(households * (0.005 + rnd() * (village ? 0.03 : 0.015)));
    const needs = [elderly >= 260 && 'elderly', children >= 150 && 'children', newResidents >= 300 && 'newResidents', disabled / households >= 0.022 && 'disabled', hardship / households >= 0.02 && 'hardship'].filter((x): x is string => Boolean(x));
    return { communityId: c.id, cityId: city.id, regionPath: c.path, households, elderlyPermille: elderly, childrenPermille: children, newResidentPermille: newResidents, disabledCount: disabled, hardshipHouseholds: hardship, needs: needs.length ? needs : ['community'] };
  });
  for (let i = 0; i < profiles.length; i += 300) await tx.insert(communityProfiles).values(profiles.slice(i, i + 300));

  const rules = defaultRules();
  const ctx0 = await loadPlanContext(tx, city, DEMO_ROTATION_YEAR, 1);
  const resources = [...ctx0.resources.values()];
  const pairing = await solvePairingInThread({
    towns: towns.map((t) => ({ id: t.id, communities: profiles.filter((p) => communities.find((c) => c.id === p.communityId)!.townId === t.id).map((p) => p.needs) })),
    resources: resources.map((r) => ({ key: r.key, homeTownId: r.homeTownId, domains: [...r.domains], capacity: r.capacity, seasons: [...r.seasons], roles: [...r.roles], fixedTownId: null })),
    rules,
    timeLimitSeconds: 60,
  });
  const pairRows = resources.filter((r) => pairing.townOf[r.key]).map((r) => ({ year: DEMO_ROTATION_YEAR, resourceKind: r.kind, resourceId: r.id, cityId: city.id, townId: pairing.townOf[r.key], source: 'solver' as const }));
  for (let i = 0; i < pairRows.length; i += 500) await tx.insert(rotationPairings).values(pairRows.slice(i, i + 500));

  const ctx = await loadPlanContext(tx, city, DEMO_ROTATION_YEAR, 1);
  const seasons = [1, 2, 3, 4];
  const withCommunities = ctx.towns.filter((t) => ctx.communities.some((c) => c.townId === t.id));
  const results = await solveTowns(
    withCommunities.map((t) => ({
      townId: t.id,
      seasons,
      communities: ctx.communities.filter((c) => c.townId === t.id).map(({ id, name, townId, needs }) => ({ id, name, townId, needs })),
      resources: [...ctx.resources.values()].filter((r) => r.pairedTownId === t.id),
      rules,
      timeLimitSeconds: 30,
    })),
  );
  const pathOf = new Map(ctx.communities.map((c) => [c.id, c.path]));
  let assignments = 0;
  for (const [i, season] of seasons.entries()) {
    const at = new Date(`${PUBLISHED_ON[i]}T09:00:00+08:00`);
    const [plan] = await tx.insert(rotationPlans).values({ cityId: city.id, year: DEMO_ROTATION_YEAR, season, state: 'published', version: 2, computedAt: at, publishedAt: at }).returning({ id: rotationPlans.id });
    const perTown = results.map((r) => r[i]);
    await tx.insert(rotationPlanTowns).values(perTown.map((r) => ({ planId: plan.id, townId: r.townId, status: r.status, objective: r.objective, gap: r.gap, millis: r.millis, infeasibleRule: r.infeasibleRule, infeasibleDetail: r.infeasibleDetail })));
    const rows = perTown.flatMap((r) =>
      r.assignments.map((a) => {
        const [kind, id] = a.resourceKey.split(':') as [ResourceKind, string];
        return { planId: plan.id, year: DEMO_ROTATION_YEAR, season, townId: r.townId, communityId: a.communityId, regionPath: pathOf.get(a.communityId)!, role: a.role, resourceKind: kind, resourceId: id, source: 'solver' as const, createdAt: at };
      }),
    );
    assignments += rows.length;
    for (let k = 0; k < rows.length; k += 500) await tx.insert(rotationAssignments).values(rows.slice(k, k + 500));
  }
  const infeasible = results.flat().filter((r) => r.status === 'infeasible');
  if (infeasible.length) throw new Error(`demo rotation: ${infeasible.length} town-seasons infeasible (${infeasible[0].infeasibleDetail})`);
  return { communityProfiles: profiles.length, pairings: pairRows.length, rotationAssignments: assignments, pairedResources: new Set(pairRows.map((r) => resourceKey(r.resourceKind, r.resourceId))).size };
}
