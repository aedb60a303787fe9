import type { Highs } from 'highs';
import { ROTATION_ROLES } from '../../../../contracts/workforce.js';
import { MipBuilder } from './mip.js';
import type { RuleSet } from './rules.js';

/*
 * The year's pairing as a mixed-integer program: each resource stands with exactly one town.
 *
 *   y[r,t] ∈ {0,1},  Σ_t y[r,t] = 1
 *   supply(t) = Σ_r w(r)·y[r,t]   w = capacity × seasons served (community-seasons a year)
 *   balance   |supply(t) − ρ·demand(t)| ≤ d(t)   at the balance weight; ρ = the city's supply over its demand,
 *             demand = communities × 4 roles × 4 seasons: every town gets its fair share of the city's hands
 *   coverage  Σ_{r plays k} w(r)·y[r,t] + s(t,k) ≥ min(1, ρ_k)·demand(t)/4   at the coverage weight
 *   cost(y)   home town (when away), domains (the share of the town's communities whose needs r does not meet)
 *
 * A hard home-town rule leaves out the columns away from home. Coverage keeps its slack even when hard: a town short of
 * hands is the plan's to report, with the town and the role, not a reason to pair no one.
 */

export interface PairingTown {
  id: string;
  /** Each community's needs (service domain codes). */
  communities: string[][];
}

export interface PairingResource {
  key: string;
  homeTownId: string | null;
  domains: string[];
  capacity: number;
  seasons: number[];
  roles: string[];
  /** Kept where the office put it. */
  fixedTownId: string | null;
}

export interface PairingInput {
  towns: PairingTown[];
  resources: PairingResource[];
  rules: RuleSet;
  timeLimitSeconds: number;
}

export interface PairingResult {
  status: 'optimal' | 'timeLimit' | 'infeasible';
  objective: number | null;
  gap: number | null;
  millis: number;
  townOf: Record<string, string>;
}

export function solvePairing(highs: Highs, input: PairingInput): PairingResult {
  const started = performance.now();
  const { towns, resources, rules } = input;
  const townIds = new Set(towns.map((t) => t.id));
  const w = (r: PairingResource) => r.capacity * r.seasons.length;
  const demand = towns.map((t) => t.communities.length * 16);
  const totalDemand = demand.reduce((a, b) => a + b, 0) || 1;
  const rho = resources.reduce((s, r) => s + w(r), 0) / totalDemand;
  const rhoRole = Object.fromEntries(ROTATION_ROLES.map((k) => [k, resources.filter((r) => r.roles.includes(k)).reduce((s, r) => s + w(r), 0) / (totalDemand / 4)]));

  const mip = new MipBuilder();
  const addRow = (lo: number, hi: number) => mip.addRow(lo, hi);
  const addCol = (c: number, lo: number, hi: number, int: 0 | 1, e: [number, number][]) => mip.addCol(c, lo, hi, int === 1, e);
  const assignRow = resources.map(() => addRow(1, 1));
  const balHi = towns.map((_, t) => addRow(-Infinity, rho * demand[t]));
  const balLo = towns.map((_, t) => addRow(rho * demand[t], Infinity));
  const covRow = towns.map((_, t) => Object.fromEntries(ROTATION_ROLES.map((k) => [k, addRow(Math.min(1, rhoRole[k]) * (demand[t] / 4), Infinity)])));
  const yCols: { r: number; t: number; col: number }[] = [];
  resources.forEach((r, ri) => {
    const fixed = r.fixedTownId && townIds.has(r.fixedTownId) ? r.fixedTownId : null;
    towns.forEach((town, ti) => {
      if (fixed && town.id !== fixed) return;
      const away = r.homeTownId !== null && r.homeTownId !== town.id;
      if (!fixed && away && rules.homeTown.hard && townIds.has(r.homeTownId!)) return;
      const unmet = town.communities.length ? town.communities.filter((needs) => needs.length > 0 && !needs.some((n) => r.domains.includes(n))).length / town.communities.length : 0;
      const c = (away ? rules.homeTown.weight : 0) + rules.domainMatch.weight * unmet;
      const e: [number, number][] = [[assignRow[ri], 1], [balHi[ti], w(r)], [balLo[ti], w(r)]];
      for (const k of ROTATION_ROLES) if (r.roles.includes(k)) e.push([covRow[ti][k], w(r)]);
      yCols.push({ r: ri, t: ti, col: addCol(c, 0, 1, 1, e) });
    });
  });
  towns.forEach((_, ti) => {
    addCol(rules.balance.weight, 0, Infinity, 0, [[balHi[ti], -1], [balLo[ti], 1]]);
    for (const k of ROTATION_ROLES) addCol(Math.max(1, rules.coverage.weight), 0, Infinity, 0, [[covRow[ti][k], 1]]);
  });
  if (resources.length === 0 || towns.length === 0) return { status: 'optimal', objective: 0, gap: 0, millis: 0, townOf: {} };
  const out = mip.solve(highs, { timeLimitSeconds: input.timeLimitSeconds, mipGap: 0.01 });
  const millis = Math.round(performance.now() - started);
  if (!out.values || out.status === 'infeasible' || out.status === 'noSolution') return { status: 'infeasible', objective: null, gap: null, millis, townOf: {} };
  const townOf: Record<string, string> = {};
  for (const y of yCols) if (out.values[y.col] > 0.5) townOf[resources[y.r].key] = towns[y.t].id;
  return { status: out.status, objective: out.objective, gap: out.gap, millis, townOf };
}
