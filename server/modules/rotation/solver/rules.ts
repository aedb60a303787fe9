import { ROTATION_RULE_DEFS, type RotationRule } from '../../../../contracts/rotation.js';
import type { ResourceKind, RotationRole } from '../../../../contracts/workforce.js';
import { ROTATION_ROLE_NAMES } from '../../../../contracts/workforce.js';

/*
 * The rules of a season's plan, as one checker: the solver's report of what had to bend, the breaches a draft shows,
 * and the refusal of a hand edit all come from here, so they can never disagree. Pure: no database, no solver.
 */

export interface RuleSetting {
  hard: boolean;
  weight: number;
}
export type RuleSet = Record<RotationRule, RuleSetting>;

export interface PlanResource {
  /** `${kind}:${id}` */
  key: string;
  kind: ResourceKind;
  id: string;
  name: string;
  domains: readonly string[];
  homeTownId: string | null;
  capacity: number;
  roles: readonly RotationRole[];
  seasons: readonly number[];
  /** The town it is paired with this year (null: not paired). */
  pairedTownId: string | null;
  /** Assignments it already has in the year's earlier seasons. */
  priorLoad: number;
  /** Communities it served the season before. */
  lastCommunities: readonly string[];
}

export interface PlanCommunity {
  id: string;
  name: string;
  townId: string;
  needs: readonly string[];
}

export interface PlanAssignment {
  communityId: string;
  role: RotationRole;
  resourceKey: string;
}

export interface Breach {
  rule: RotationRule;
  hard: boolean;
  message: string;
  townId: string;
  communityId: string | null;
  role: RotationRole | null;
  resourceKey: string | null;
  cost: number;
}

export const resourceKey = (kind: ResourceKind, id: string) => `${kind}:${id}`;

export function defaultRules(): RuleSet {
  return Object.fromEntries(Object.entries(ROTATION_RULE_DEFS).map(([code, d]) => [code, { hard: d.hard, weight: d.weight }])) as RuleSet;
}

export const mismatched = (r: Pick<PlanResource, 'domains'>, c: Pick<PlanCommunity, 'needs'>) => c.needs.length > 0 && !c.needs.some((n) => r.domains.includes(n));
export const awayFromHome = (r: Pick<PlanResource, 'homeTownId'>, townId: string) => r.homeTownId !== null && r.homeTownId !== townId;

/**
 * Why a resource can never take an assignment, whatever the rules' settings: it does not play the role or does not
 * serve that season. Null when it may.
 */
export function structuralRefusal(r: PlanResource, role: RotationRole, season: number): string | null {
  if (!r.roles.includes(role)) return `${r.name}不承担“${ROTATION_ROLE_NAMES[role].zh}”角色`;
  if (!r.seasons.includes(season)) return `${r.name}第${season}季度不参加轮值`;
  return null;
}

/** Every breach of a season's plan for the given communities (one town's or a whole city's). */
export function checkPlan(input: { season: number; rules: RuleSet; communities: readonly PlanCommunity[]; resources: ReadonlyMap<string, PlanResource>; assignments: readonly PlanAssignment[] }): Breach[] {
  const { rules, communities, resources, assignments } = input;
  const out: Breach[] = [];
  const byCommunity = new Map(communities.map((c) => [c.id, c]));
  const covered = new Set<string>();
  const load = new Map<string, number>();
  const townOfLoad = new Map<string, string>();
  for (const a of assignments) {
    const c = byCommunity.get(a.communityId);
    const r = resources.get(a.resourceKey);
    if (!c || !r) continue;
    covered.add(`${a.communityId}|${a.role}`);
    load.set(r.key, (load.get(r.key) ?? 0) + 1);
    townOfLoad.set(r.key, c.townId);
    const at = { townId: c.townId, communityId: c.id, role: a.role, resourceKey: r.key };
    if (r.pairedTownId !== c.townId) out.push({ rule: 'pairing', hard: true, cost: 0, ...at, message: `${r.name}未与${c.name}所在镇（街道）结对` });
    if (r.lastCommunities.includes(c.id)) out.push({ rule: 'noRepeat', hard: rules.noRepeat.hard, cost: rules.noRepeat.hard ? 0 : rules.noRepeat.weight, ...at, message: `${r.name}上季度已服务${c.name}` });
    if (mismatched(r, c)) out.push({ rule: 'domainMatch', hard: rules.domainMatch.hard, cost: rules.domainMatch.hard ? 0 : rules.domainMatch.weight, ...at, message: `${r.name}的服务领域不对应${c.name}的需求` });
    if (awayFromHome(r, c.townId)) out.push({ rule: 'homeTown', hard: rules.homeTown.hard, cost: rules.homeTown.hard ? 0 : rules.homeTown.weight, ...at, message: `${r.name}不在本镇（街道），需跨镇服务${c.name}` });
  }
  for (const [key, n] of load) {
    const r = resources.get(key)!;
    const townId = townOfLoad.get(key)!;
    if (n > r.capacity) out.push({ rule: 'capacity', hard: rules.capacity.hard, cost: rules.capacity.hard ? 0 : rules.capacity.weight * (n - r.capacity), townId, communityId: null, role: null, resourceKey: key, message: `${r.name}本季度服务 ${n} 个社区，超过容量 ${r.capacity}` });
    if (n > 1) out.push({ rule: 'balance', hard: false, cost: rules.balance.weight * (n - 1), townId, communityId: null, role: null, resourceKey: key, message: `${r.name}本季度服务 ${n} 个社区` });
  }
  for (const c of communities) {
    const missing = (Object.keys(ROTATION_ROLE_NAMES) as RotationRole[]).filter((k) => !covered.has(`${c.id}|${k}`));
    for (const role of missing) out.push({ rule: 'coverage', hard: rules.coverage.hard, cost: rules.coverage.hard ? 0 : rules.coverage.weight, townId: c.townId, communityId: c.id, role, resourceKey: null, message: `${c.name}缺少${ROTATION_ROLE_NAMES[role].zh}` });
  }
  return out.sort((a, b) => Number(b.hard) - Number(a.hard));
}

/** A breach's identity, to tell the breaches an edit adds (or worsens: a count in the message) from those already there. */
export const breachKey = (b: Breach) => `${b.rule}|${b.communityId ?? ''}|${b.role ?? ''}|${b.resourceKey ?? ''}|${b.message}`;
