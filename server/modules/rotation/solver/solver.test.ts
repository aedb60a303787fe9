import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROTATION_ROLES, type RotationRole } from '../../../../contracts/workforce.js';
import { solveTownSeason, type TownSeasonInput } from './model.js';
import { breachKey, checkPlan, defaultRules, type PlanCommunity, type PlanResource, type RuleSet } from './rules.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const T = 'town-1';
function res(name: string, extra: Partial<PlanResource> = {}): PlanResource {
  return { key: `org:${name}`, kind: 'org', id: name, name, domains: [], homeTownId: T, capacity: 2, roles: [...ROTATION_ROLES], seasons: [1, 2, 3, 4], pairedTownId: T, priorLoad: 0, lastCommunities: [], ...extra };
}
const com = (id: string, needs: string[] = []): PlanCommunity => ({ id, name: id, townId: T, needs });
const input = (resources: PlanResource[], communities: PlanCommunity[], rules: RuleSet = defaultRules()): TownSeasonInput => ({ townId: T, season: 1, communities, resources, rules, timeLimitSeconds: 20, mipGap: 0 });
const map = (rs: PlanResource[]) => new Map(rs.map((r) => [r.key, r]));

describe('one town’s season on the solver (hand-checked optimum)', () => {
  it('covers every role of every community with distinct resources: 8 assignments, 4 second loads (objective 8 + 4 × 5)', () => {
    const rs = ['a', 'b', 'c', 'd'].map((n) => res(n));
    const r = solveTownSeason(highs, input(rs, [com('c1'), com('c2')]));
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(28, 6);
    expect(r.assignments).toHaveLength(8);
    // each community gets four different resources, one per role
    for (const c of ['c1', 'c2']) {
      const here = r.assignments.filter((a) => a.communityId === c);
      expect(new Set(here.map((a) => a.role)).size).toBe(4);
      expect(new Set(here.map((a) => a.resourceKey)).size).toBe(4);
    }
    expect(checkPlan({ season: 1, rules: defaultRules(), communities: [com('c1'), com('c2')], resources: map(rs), assignments: r.assignments }).filter((b) => b.hard)).toEqual([]);
  });

  it('prefers a resource with less work earlier in the year, and one whose domains meet the needs', () => {
    const rs = [res('busy', { priorLoad: 3, capacity: 1 }), res('free', { capacity: 1 }), res('elder', { domains: ['elderly'], capacity: 1 }), res('x', { capacity: 1 }), res('y', { capacity: 1 })];
    const r = solveTownSeason(highs, input(rs, [com('c1', ['elderly'])]));
    expect(r.status).toBe('optimal');
    // Four roles, one community that needs elderly care: "elder" (no mismatch) + three others; "busy" costs 1 + 5 × 3
    // and a mismatch 20, so it is left out: 1 (elder) + 3 × (1 + 20) = 64.
    expect(r.objective).toBeCloseTo(64, 6);
    const keys = r.assignments.map((a) => a.resourceKey).sort();
    expect(keys).toEqual(['org:elder', 'org:free', 'org:x', 'org:y']);
  });

  it('rotates: a resource never returns to last season’s community while the rule is hard', () => {
    const rs = ['a', 'b', 'c', 'd', 'e'].map((n) => res(n, n === 'a' ? { lastCommunities: ['c1'] } : {}));
    const r = solveTownSeason(highs, input(rs, [com('c1'), com('c2')]));
    expect(r.status).toBe('optimal');
    expect(r.assignments.filter((a) => a.resourceKey === 'org:a' && a.communityId === 'c1')).toEqual([]);
    expect(r.assignments).toHaveLength(8);
  });

  it('is infeasible with too few resources and names the coverage rule and the place', () => {
    const rs = ['a', 'b'].map((n) => res(n, { capacity: 4 }));
    const r = solveTownSeason(highs, input(rs, [com('甲社区')]));
    expect(r.status).toBe('infeasible');
    expect(r.infeasibleRule).toBe('coverage');
    expect(r.infeasibleDetail).toContain('甲社区缺少');
    expect(r.assignments).toEqual([]);
  });

  it('names the hard rotation rule when only it stands in the way', () => {
    const rs = ['a', 'b', 'c', 'd'].map((n) => res(n, n === 'a' ? { lastCommunities: ['c1'] } : {}));
    const r = solveTownSeason(highs, input(rs, [com('c1'), com('c2')]));
    expect(r.status).toBe('infeasible');
    expect(r.infeasibleRule).toBe('noRepeat');
    expect(r.infeasibleDetail).toContain('轮换');
  });

  it('bends a soft coverage rule instead, at its weight, and leaves no silent gap', () => {
    const rules = { ...defaultRules(), coverage: { hard: false, weight: 1000 } };
    const rs = ['a', 'b'].map((n) => res(n, { capacity: 4 }));
    const r = solveTownSeason(highs, input(rs, [com('c1')], rules));
    expect(r.status).toBe('optimal');
    // two roles covered (1 each), two left open (1000 each)
    expect(r.objective).toBeCloseTo(2002, 6);
    const breaches = checkPlan({ season: 1, rules, communities: [com('c1')], resources: map(rs), assignments: r.assignments });
    expect(breaches.filter((b) => b.rule === 'coverage')).toHaveLength(2);
    expect(breaches.every((b) => !b.hard)).toBe(true);
  });

  it('stops at its time limit with the best plan found (or none), marked as not proved optimal', () => {
    // 150 resources × 30 communities × 4 roles, most of them bending the domains: far more than a millisecond's work.
    const rs = Array.from({ length: 150 }, (_, i) => res(`r${i}`, { domains: i % 7 === 0 ? ['elderly'] : ['children'], priorLoad: i % 3, capacity: 1 + (i % 2) }));
    const cs = Array.from({ length: 30 }, (_, i) => com(`c${i}`, i % 2 ? ['elderly'] : ['youth']));
    const r = solveTownSeason(highs, { ...input(rs, cs), timeLimitSeconds: 0.001 });
    expect(r.status).toBe('timeLimit');
    if (r.assignments.length) expect(r.gap === null || r.gap > 0).toBe(true);
    else expect(r.infeasibleDetail).toContain('秒内未找到可行方案');
  });

  it('leaves out a resource that does not serve this season or play the role', () => {
    const rs = [res('summer', { seasons: [3] }), res('linker', { roles: ['resourceLinker'] }), ...['a', 'b', 'c'].map((n) => res(n))];
    const r = solveTownSeason(highs, input(rs, [com('c1')]));
    expect(r.status).toBe('optimal');
    expect(r.assignments.some((a) => a.resourceKey === 'org:summer')).toBe(false);
    const linker = r.assignments.filter((a) => a.resourceKey === 'org:linker');
    expect(linker.every((a) => a.role === 'resourceLinker')).toBe(true);
  });
});

describe('the rules, one by one, on a given plan', () => {
  const rules = defaultRules();
  const communities = [com('c1', ['elderly']), com('c2')];
  const a = (communityId: string, role: RotationRole, resourceKey: string) => ({ communityId, role, resourceKey });
  const full = (rk: string[]) => ROTATION_ROLES.flatMap((k, i) => [a('c1', k, rk[i]), a('c2', k, rk[(i + 1) % 4])]);

  it('a complete plan by the rules breaks nothing but the soft balance of double loads', () => {
    const rs = ['a', 'b', 'c', 'd'].map((n) => res(n, { domains: ['elderly'] }));
    const b = checkPlan({ season: 1, rules, communities, resources: map(rs), assignments: full(rs.map((r) => r.key)) });
    expect(b.map((x) => x.rule)).toEqual(['balance', 'balance', 'balance', 'balance']);
    expect(b.reduce((s, x) => s + x.cost, 0)).toBe(20);
  });

  it('reports each rule where it breaks', () => {
    const rs = [res('a', { lastCommunities: ['c1'], capacity: 1 }), res('b', { homeTownId: 'town-2' }), res('c', { pairedTownId: 'town-2' }), res('d')];
    const b = checkPlan({ season: 1, rules, communities, resources: map(rs), assignments: [a('c1', 'policyExplainer', 'org:a'), a('c2', 'policyExplainer', 'org:a'), a('c1', 'resourceLinker', 'org:b'), a('c1', 'charityPromoter', 'org:c')] });
    const rulesHit = new Set(b.map((x) => x.rule));
    for (const r of ['noRepeat', 'capacity', 'homeTown', 'pairing', 'domainMatch', 'coverage', 'balance'] as const) expect(rulesHit.has(r), r).toBe(true);
    // hard ones first
    expect(b.findIndex((x) => !x.hard)).toBe(b.filter((x) => x.hard).length);
    expect(b.find((x) => x.rule === 'capacity')!.message).toContain('超过容量 1');
    expect(b.filter((x) => x.rule === 'coverage').map((x) => x.communityId)).toEqual(['c1', 'c2', 'c2', 'c2']);
  });

  it('tells a worsened breach from one already there', () => {
    const rs = [res('a', { capacity: 1 })];
    const one = checkPlan({ season: 1, rules, communities, resources: map(rs), assignments: [a('c1', 'policyExplainer', 'org:a'), a('c2', 'policyExplainer', 'org:a')] });
    const two = checkPlan({ season: 1, rules, communities: [...communities, com('c3')], resources: map(rs), assignments: [a('c1', 'policyExplainer', 'org:a'), a('c2', 'policyExplainer', 'org:a'), a('c3', 'policyExplainer', 'org:a')] });
    const before = new Set(one.map(breachKey));
    expect(two.filter((x) => x.rule === 'capacity' && !before.has(breachKey(x)))).toHaveLength(1);
  });
});
