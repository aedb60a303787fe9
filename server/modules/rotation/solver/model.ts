import type { Highs } from 'highs';
import { ROTATION_RULE_DEFS, type RotationRule, type TownSolveStatus } from '../../../../contracts/rotation.js';
import { ROTATION_ROLES, type RotationRole } from '../../../../contracts/workforce.js';
import { MipBuilder, type MipOutcome } from './mip.js';
import { awayFromHome, checkPlan, mismatched, type PlanAssignment, type PlanCommunity, type PlanResource, type RuleSet } from './rules.js';

/*
 * One town's season as a mixed-integer program. The pairing fixes who may serve a town, so towns are independent and
 * a city's plan is one small model per town (a whole city at once is far beyond the solver: ../../../FACTS).
 *
 *   x[r,c,k] ∈ {0,1}  resource r plays role k in community c
 *   coverage   Σ_r x[r,c,k] + u[c,k] ≥ 1        u only when the rule is soft, at its weight
 *   one role   Σ_k x[r,c,k] ≤ 1                 a resource plays one role in a community
 *   capacity   Σ x[r,·,·] − o[r] ≤ capacity(r)  o only when soft
 *   balance    Σ x[r,·,·] − b[r] ≤ 1            b at the balance weight: spread the season's work
 *   cost(x)    1 + balance·(earlier load) + the weights of the soft rules it bends (rotation, domains, home town)
 *
 * A hard rule's breaches are not variables at all: the column is left out (rotation, domains, home town) or the row
 * has no slack (coverage, capacity). The base cost of 1 keeps the plan from assigning anyone it does not need.
 */

export interface TownSeasonInput {
  townId: string;
  season: number;
  communities: readonly PlanCommunity[];
  /** The town's paired resources (the model keeps those serving this season). */
  resources: readonly PlanResource[];
  rules: RuleSet;
  timeLimitSeconds: number;
  /** Relative gap at which a plan counts as good enough (0.01 = 1 %). */
  mipGap?: number;
}

export interface TownSeasonResult {
  townId: string;
  season: number;
  status: TownSolveStatus;
  objective: number | null;
  gap: number | null;
  millis: number;
  assignments: PlanAssignment[];
  infeasibleRule: RotationRule | null;
  infeasibleDetail: string | null;
  columns: number;
}

interface Column {
  r: number;
  c: number;
  k: RotationRole;
}

interface Built {
  /** The resources serving this season, as the columns index them. */
  resources: PlanResource[];
  columns: Column[];
  numCols: number;
  solve: () => MipOutcome;
}

function build(highs: Highs, input: TownSeasonInput, rules: RuleSet, timeLimitSeconds: number): Built {
  const resources = input.resources.filter((r) => r.seasons.includes(input.season) && r.capacity > 0);
  const communities = input.communities;
  const mip = new MipBuilder();
  const cols: Column[] = [];
  const coverRow = new Map<string, number>();
  for (let c = 0; c < communities.length; c++) for (const k of ROTATION_ROLES) coverRow.set(`${c}|${k}`, mip.addRow(1, Infinity));
  const capRow = resources.map((r) => mip.addRow(-Infinity, r.capacity));
  const balRow = resources.map((r) => (r.capacity > 1 ? mip.addRow(-Infinity, 1) : -1));
  for (let ri = 0; ri < resources.length; ri++) {
    const r = resources[ri];
    for (let c = 0; c < communities.length; c++) {
      const com = communities[c];
      const repeat = r.lastCommunities.includes(com.id);
      const mismatch = mismatched(r, com);
      const away = awayFromHome(r, input.townId);
      if ((repeat && rules.noRepeat.hard) || (mismatch && rules.domainMatch.hard) || (away && rules.homeTown.hard)) continue;
      const roles = r.roles.filter((k) => (ROTATION_ROLES as readonly string[]).includes(k));
      if (roles.length === 0) continue;
      const oneRole = roles.length > 1 ? mip.addRow(-Infinity, 1) : -1;
      for (const k of roles) {
        const e: [number, number][] = [[coverRow.get(`${c}|${k}`)!, 1], [capRow[ri], 1]];
        if (balRow[ri] >= 0) e.push([balRow[ri], 1]);
        if (oneRole >= 0) e.push([oneRole, 1]);
        const cost = 1 + rules.balance.weight * r.priorLoad + (repeat ? rules.noRepeat.weight : 0) + (mismatch ? rules.domainMatch.weight : 0) + (away ? rules.homeTown.weight : 0);
        mip.addCol(cost, 0, 1, true, e);
        cols.push({ r: ri, c, k });
      }
    }
  }
  // A soft rule's row gets a slack column at the rule's weight; the x columns come first, so column i is cols[i].
  const slack = (row: number, weight: number, ub: number) => mip.addCol(weight, 0, ub, false, [[row, mip.rowUpper[row] === Infinity ? 1 : -1]]);
  if (!rules.coverage.hard) for (const row of coverRow.values()) slack(row, rules.coverage.weight, 1);
  if (!rules.capacity.hard) for (const row of capRow) slack(row, rules.capacity.weight, Infinity);
  for (const row of balRow) if (row >= 0) slack(row, rules.balance.weight, Infinity);
  return {
    resources,
    columns: cols,
    numCols: mip.numCols,
    solve() {
      if (mip.numRows === 0 || mip.numCols === 0) return { status: mip.numRows === 0 ? 'optimal' : 'infeasible', objective: 0, gap: 0, values: new Float64Array(mip.numCols) };
      return mip.solve(highs, { timeLimitSeconds, mipGap: input.mipGap ?? 0.01 });
    },
  };
}

const DIAGNOSE_ORDER: RotationRule[] = ['noRepeat', 'domainMatch', 'homeTown', 'capacity'];

/** Solves one town's season. Infeasible → the hard rule that cannot hold and where, never a partial plan. */
export function solveTownSeason(highs: Highs, input: TownSeasonInput): TownSeasonResult {
  const started = performance.now();
  const base = build(highs, input, input.rules, input.timeLimitSeconds);
  const res = base.solve();
  const done = (extra: Partial<TownSeasonResult>): TownSeasonResult => ({
    townId: input.townId,
    season: input.season,
    status: 'infeasible',
    objective: null,
    gap: null,
    assignments: [],
    infeasibleRule: null,
    infeasibleDetail: null,
    columns: base.numCols,
    ...extra,
    millis: Math.round(performance.now() - started),
  });
  if (res.status === 'optimal' || res.status === 'timeLimit') {
    const assignments: PlanAssignment[] = [];
    base.columns.forEach((col, j) => {
      if (res.values![j] > 0.5) assignments.push({ communityId: input.communities[col.c].id, role: col.k, resourceKey: base.resources[col.r].key });
    });
    return done({ status: res.status, objective: res.objective, gap: res.status === 'optimal' ? (res.gap ?? 0) : res.gap, assignments });
  }
  if (res.status === 'noSolution') return done({ status: 'timeLimit', infeasibleDetail: `${input.timeLimitSeconds} 秒内未找到可行方案` });
  // Which hard rule is in the way: the first whose relaxing alone makes the town feasible; otherwise there are too
  // few resources for the coverage itself. Where: the slots left uncovered with only coverage relaxed.
  const short = Math.max(1, Math.min(10, Math.round(input.timeLimitSeconds / 4)));
  let culprit: RotationRule = 'coverage';
  for (const rule of DIAGNOSE_ORDER) {
    if (!input.rules[rule].hard) continue;
    const relaxed = { ...input.rules, [rule]: { hard: false, weight: Math.max(1, input.rules[rule].weight) } };
    const s = build(highs, input, relaxed, short).solve();
    if (s.status === 'optimal' || s.status === 'timeLimit') {
      culprit = rule;
      break;
    }
  }
  const open = build(highs, input, { ...input.rules, coverage: { hard: false, weight: Math.max(1, input.rules.coverage.weight) } }, short);
  const o = open.solve();
  let where = '';
  if (o.values) {
    const assignments: PlanAssignment[] = [];
    open.columns.forEach((col, j) => {
      if (o.values![j] > 0.5) assignments.push({ communityId: input.communities[col.c].id, role: col.k, resourceKey: open.resources[col.r].key });
    });
    const gaps = checkPlan({ season: input.season, rules: input.rules, communities: input.communities, resources: new Map(open.resources.map((r) => [r.key, r])), assignments }).filter((b) => b.rule === 'coverage');
    where = gaps.length ? `${gaps.slice(0, 3).map((b) => b.message).join('；')}${gaps.length > 3 ? ` 等 ${gaps.length} 处` : ''}` : '';
  }
  const name = ROTATION_RULE_DEFS[culprit].zh;
  const detail = culprit === 'coverage' ? `可用力量不足，无法全覆盖${where ? `：${where}` : ''}` : `“${name}”为硬性规则时无法全覆盖${where ? `：${where}` : ''}`;
  return done({ status: 'infeasible', infeasibleRule: culprit, infeasibleDetail: detail });
}

