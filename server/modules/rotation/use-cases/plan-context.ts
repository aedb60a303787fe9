import type { CityRef } from '../../../platform/access/cities.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rotationResources, type RotationResource } from '../../workforce/index.js';
import { selectAssignments, selectCityCommunities, selectCityTowns, selectEarlierPlans, selectPairings } from '../rotation.queries.js';
import { resourceKey, type PlanCommunity, type PlanResource, type RuleSet } from '../solver/rules.js';
import { cityRules } from './rules.js';

export interface PlanCommunityRow extends PlanCommunity {
  path: string;
  townName: string;
}

/** Everything a season's plan is computed and checked against: the city's rules, communities, resources and history. */
export interface PlanContext {
  city: CityRef;
  year: number;
  season: number;
  rules: RuleSet;
  towns: { id: string; name: string; path: string }[];
  communities: PlanCommunityRow[];
  resources: Map<string, PlanResource>;
  /** The pairing of the year, resource key → town id. */
  pairing: Map<string, string>;
}

export async function loadPlanContext(db: DbOrTx, city: CityRef, year: number, season: number): Promise<PlanContext> {
  // One after another: `db` is often a transaction, one connection, which must not be handed concurrent queries.
  const { rules } = await cityRules(db, city.id);
  const towns = await selectCityTowns(db, city.path);
  const communityRows = await selectCityCommunities(db, city.path);
  const pairingRows = await selectPairings(db, city.id, year);
  const resources = await rotationResources(db, city.id);
  const earlier = await selectEarlierPlans(db, city.id, year, season);
  const pairing = new Map(pairingRows.map((p) => [resourceKey(p.resourceKind, p.resourceId), p.townId]));
  const history = await selectAssignments(db, earlier.map((p) => p.id));
  const seasonOf = new Map(earlier.map((p) => [p.id, p]));
  const prior = new Map<string, number>();
  const last = new Map<string, string[]>();
  for (const a of history) {
    const p = seasonOf.get(a.planId)!;
    const key = resourceKey(a.resourceKind, a.resourceId);
    if (p.year === year) prior.set(key, (prior.get(key) ?? 0) + 1);
    const justBefore = season === 1 ? p.year === year - 1 && p.season === 4 : p.year === year && p.season === season - 1;
    if (justBefore) last.set(key, [...(last.get(key) ?? []), a.communityId]);
  }
  return {
    city,
    year,
    season,
    rules,
    towns,
    communities: communityRows.map((c) => ({ id: c.id, name: c.name, townId: c.townId, townName: c.townName, path: c.path, needs: c.profile?.needs ?? [] })),
    resources: new Map(resources.map((r) => toPlanResource(r, pairing, prior, last))),
    pairing,
  };
}

function toPlanResource(r: RotationResource, pairing: Map<string, string>, prior: Map<string, number>, last: Map<string, string[]>): [string, PlanResource] {
  const key = resourceKey(r.kind, r.id);
  return [key, { key, kind: r.kind, id: r.id, name: r.name, domains: r.domains, homeTownId: r.homeTownId, capacity: r.capacity, roles: r.roles, seasons: r.seasons, pairedTownId: pairing.get(key) ?? null, priorLoad: prior.get(key) ?? 0, lastCommunities: last.get(key) ?? [] }];
}
