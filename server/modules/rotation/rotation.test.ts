// Issue 17 §2: the four-season rotation on the demo city and a second one. Haining's 2026 pairing and four seasons
// were made by the solver at seed time and published; the office proposes 2027's pairing, computes a season, edits
// it by hand (a hard rule refused by name, a soft one shown), and publishes it to every assignee. A town reads its
// own slice; a city without enough hands gets an infeasible town named, never a partial plan.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '../../../contracts/identifiers.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, login, regionByCode, useTestApp } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';

const ctx = useTestApp('admin', 'xucun', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;
let xucun: { id: string; path: string };

interface Breach {
  rule: string;
  hard: boolean;
  message: string;
  communityId: string | null;
}
interface Plan {
  id: string;
  state: string;
  version: number;
  season: number;
  towns: { town: { id: string; name: string }; status: string; gap: number | null; infeasibleRule: string | null; infeasibleDetail: string | null; communities: number; covered: number }[];
  communities: { id: string; townId: string; needs: string[] }[];
  assignments: { id: string; townId: string; communityId: string; role: string; resource: { kind: string; id: string; name: string } }[];
  breaches: Breach[];
  abilities: { edit: boolean; publish: boolean };
}
interface Pairing {
  towns: { town: { id: string; name: string }; communities: number; supplyRatio: number }[];
  items: { resourceKind: string; resourceId: string; town: { id: string }; homeTown: { id: string } | null; source: string; version: number }[];
  unpaired: number;
}

beforeAll(async () => {
  tx = await addSecondCity(app());
  xucun = await regionByCode(app(), '330481101');
});

describe('the demo city’s 2026 rotation', () => {
  it('pairs every resource with one of the 12 towns and publishes four seasons covering every community in every role', async () => {
    const pairing = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/pairings?year=2026')).json<Pairing>();
    expect(pairing.towns).toHaveLength(12);
    expect(pairing.unpaired).toBe(0);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from rotation_profiles p where active and city_id = (select id from regions where code = '330481')
      and (resource_kind = 'org' and exists (select 1 from org_directory o where o.id = p.resource_id and o.status in ('active','changing'))
        or resource_kind <> 'org' and exists (select 1 from workers w where w.id = p.resource_id and w.status = 'active'))`);
    expect(pairing.items).toHaveLength(n);
    // most stand with their home town; the solver moves some to even out the towns' hands
    const home = pairing.items.filter((i) => i.homeTown && i.homeTown.id === i.town.id).length;
    expect(home / pairing.items.length).toBeGreaterThan(0.6);
    for (const t of pairing.towns) expect(t.supplyRatio, t.town.name).toBeGreaterThan(0.5);

    const plans = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/plans?year=2026')).json<{ items: { season: number; state: string; coverage: number; hardBreaches: number }[] }>();
    expect(plans.items.map((p) => [p.season, p.state, p.coverage, p.hardBreaches])).toEqual([1, 2, 3, 4].map((s) => [s, 'published', 1, 0]));

    const q2 = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/plans/2026/2')).json<Plan>();
    const q1 = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/plans/2026/1')).json<Plan>();
    expect(q2.towns.every((t) => t.status === 'optimal' && t.covered === t.communities)).toBe(true);
    // the rotation: nobody is back in the community they served the season before
    const before = new Set(q1.assignments.map((a) => `${a.resource.kind}:${a.resource.id}|${a.communityId}`));
    expect(q2.assignments.filter((a) => before.has(`${a.resource.kind}:${a.resource.id}|${a.communityId}`))).toEqual([]);
    expect(q2.abilities).toEqual({ edit: false, publish: false });
    // published plans are frozen
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${q2.id}/edit`, { version: q2.version, remove: [q2.assignments[0].id] }), 409, 'invalid_state');
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/rotation/plans/compute', { year: 2026, season: 2 }), 409, 'invalid_state');
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/rotation/pairings/propose', { year: 2026 }), 409, 'invalid_state');

    const cov = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/coverage?year=2026')).json<{ towns: { seasons: { share: number }[] }[]; communities: { seasons: { rolesCovered: number }[] }[] }>();
    expect(cov.communities.length).toBe(q1.communities.length);
    expect(cov.towns.flatMap((t) => t.seasons.map((s) => s.share))).toEqual(new Array(48).fill(1));
  });

  it('shows a town its own slice, the auditor everything read-only, another city none of Haining’s', async () => {
    const mine = (await call(app(), ctx.as.xucun, 'GET', '/api/v1/rotation/plans/2026/1')).json<Plan>();
    expect(mine.towns.map((t) => t.town.id)).toEqual([xucun.id]);
    expect(mine.assignments.every((a) => a.townId === xucun.id)).toBe(true);
    expect(mine.abilities.edit).toBe(false);
    const pairing = (await call(app(), ctx.as.xucun, 'GET', '/api/v1/rotation/pairings?year=2026')).json<Pairing>();
    expect(pairing.items.every((i) => i.town.id === xucun.id)).toBe(true);
    expect((await call(app(), ctx.as.auditor, 'GET', `/api/v1/rotation/plans?year=2026&cityId=${(await regionByCode(app(), '330481')).id}`)).json<{ items: unknown[] }>().items).toHaveLength(4);
    expectProblem(await call(app(), ctx.as.auditor, 'POST', '/api/v1/rotation/plans/compute', { year: 2027, season: 1 }), 403);
    expectProblem(await call(app(), ctx.as.xucun, 'POST', '/api/v1/rotation/plans/compute', { year: 2027, season: 1 }), 403);
    expectProblem(await call(app(), tx.admin, 'GET', '/api/v1/rotation/plans/2026/1'), 404);
    const other = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/pairings?year=2026')).json<Pairing>();
    expect(other.items.length).toBeGreaterThan(0);
    expect((await call(app(), tx.admin, 'GET', '/api/v1/rotation/pairings?year=2026')).json<Pairing>().items).toEqual([]);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/rotation/plans/2026/1?cityId=${(await regionByCode(app(), '330481')).id}`), 404);
  });

  it('gives an assignee its calendar of the year', async () => {
    const q1 = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/plans/2026/1')).json<Plan>();
    const a = q1.assignments[0];
    const cal = (await call(app(), ctx.as.admin, 'GET', `/api/v1/rotation/resources/${a.resource.kind}/${a.resource.id}/calendar?year=2026`)).json<{ items: { season: number; community: { id: string } }[] }>();
    expect(cal.items.some((i) => i.season === 1 && i.community.id === a.communityId)).toBe(true);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/rotation/resources/${a.resource.kind}/${a.resource.id}/calendar?year=2026`), 404);
  });
});

describe('the office plans 2027', () => {
  it('sets the rules: refuses what a rule cannot be and a stale version, saves and audits the rest', async () => {
    const rules = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/rules')).json<{ version: number; items: { code: string; hard: boolean; weight: number; isDefault: boolean }[] }>();
    expect(rules.version).toBe(0);
    expect(rules.items.find((r) => r.code === 'coverage')).toMatchObject({ hard: true, isDefault: true });
    const bad = await call(app(), ctx.as.admin, 'PUT', '/api/v1/rotation/rules', { version: 0, items: [{ code: 'pairing', hard: false, weight: 5 }, { code: 'balance', hard: true, weight: 5 }, { code: 'homeTown', hard: false, weight: 0 }] });
    expect(failedFields(bad)).toEqual(['items.0.hard', 'items.1.hard', 'items.2.weight']);
    expectProblem(await call(app(), ctx.as.xucun, 'PUT', '/api/v1/rotation/rules', { version: 0, items: [{ code: 'homeTown', hard: false, weight: 30 }] }), 403);
    const saved = await call(app(), ctx.as.admin, 'PUT', '/api/v1/rotation/rules', { version: 0, items: [{ code: 'homeTown', hard: false, weight: 30 }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<{ version: number; items: { code: string; weight: number; isDefault: boolean }[] }>().items.find((r) => r.code === 'homeTown')).toMatchObject({ weight: 30, isDefault: false });
    expectProblem(await call(app(), ctx.as.admin, 'PUT', '/api/v1/rotation/rules', { version: 0, items: [{ code: 'homeTown', hard: false, weight: 10 }] }), 409);
    const [audit] = await rows<{ changes: Record<string, unknown> }>(db(), sql`select changes from audit_events where action = 'rotation.rules' order by seq desc limit 1`);
    expect(audit.changes).toEqual({ homeTown: { before: { hard: false, weight: 10 }, after: { hard: false, weight: 30 } } });
  });

  it('edits a community profile against its version; unknown needs and a town clerk are refused', async () => {
    const list = (await call(app(), ctx.as.xucun, 'GET', '/api/v1/rotation/community-profiles')).json<{ items: { communityId: string; town: { id: string }; version: number; needs: { code: string }[] }[] }>();
    expect(list.items.length).toBeGreaterThan(5);
    expect(list.items.every((c) => c.town.id === xucun.id && c.version === 1 && c.needs.length > 0)).toBe(true);
    const c = list.items[0];
    const body = { version: 1, households: 900, elderlyPermille: 320, childrenPermille: 100, newResidentPermille: 90, disabledCount: 12, hardshipHouseholds: 9, needs: ['elderly'] };
    expect(failedFields(await call(app(), ctx.as.admin, 'PUT', `/api/v1/rotation/community-profiles/${c.communityId}`, { ...body, needs: ['nosuch'], elderlyPermille: 1200 }))).toEqual(expect.arrayContaining(['elderlyPermille']));
    expect(failedFields(await call(app(), ctx.as.admin, 'PUT', `/api/v1/rotation/community-profiles/${c.communityId}`, { ...body, needs: ['nosuch'] }))).toEqual(['needs']);
    expectProblem(await call(app(), ctx.as.xucun, 'PUT', `/api/v1/rotation/community-profiles/${c.communityId}`, body), 403);
    expectProblem(await call(app(), tx.admin, 'PUT', `/api/v1/rotation/community-profiles/${c.communityId}`, body), 404);
    const ok = await call(app(), ctx.as.admin, 'PUT', `/api/v1/rotation/community-profiles/${c.communityId}`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, elderlyPermille: 320, needs: [{ code: 'elderly', name: '老年人' }] });
    expectProblem(await call(app(), ctx.as.admin, 'PUT', `/api/v1/rotation/community-profiles/${c.communityId}`, body), 409);
  });

  let plan: Plan;
  it('proposes the pairing, computes the first season town by town, and reports each town', async () => {
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/rotation/plans/compute', { year: 2027, season: 1 }), 409, 'invalid_state');
    const proposed = await call(app(), ctx.as.admin, 'POST', '/api/v1/rotation/pairings/propose', { year: 2027 });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const p = proposed.json<{ pairing: Pairing; solver: { status: string; gap: number | null } }>();
    expect(p.solver.status).toBe('optimal');
    expect(p.pairing.unpaired).toBe(0);
    // the office moves one resource; a later proposal keeps it
    const moved = p.pairing.items.find((i) => i.town.id !== xucun.id)!;
    expectProblem(await call(app(), ctx.as.admin, 'PUT', `/api/v1/rotation/pairings/2027/${moved.resourceKind}/${moved.resourceId}`, { townId: tx.towns[0].id, version: moved.version }), 422);
    const put = await call(app(), ctx.as.admin, 'PUT', `/api/v1/rotation/pairings/2027/${moved.resourceKind}/${moved.resourceId}`, { townId: xucun.id, version: moved.version });
    expect(put.statusCode, put.body).toBe(200);
    expectProblem(await call(app(), ctx.as.admin, 'PUT', `/api/v1/rotation/pairings/2027/${moved.resourceKind}/${moved.resourceId}`, { townId: xucun.id, version: moved.version }), 409);
    const again = (await call(app(), ctx.as.admin, 'POST', '/api/v1/rotation/pairings/propose', { year: 2027 })).json<{ pairing: Pairing }>();
    expect(again.pairing.items.find((i) => i.resourceId === moved.resourceId)).toMatchObject({ town: { id: xucun.id }, source: 'office' });
    const history = await call(app(), ctx.as.admin, 'GET', `/api/v1/${moved.resourceKind === 'org' ? 'orgs' : 'workers'}/${moved.resourceId}/history`);
    expect(history.body).toContain('rotation.pairing');

    const computed = await call(app(), ctx.as.admin, 'POST', '/api/v1/rotation/plans/compute', { year: 2027, season: 1, timeLimitSeconds: 60 });
    expect(computed.statusCode, computed.body).toBe(200);
    expect(computed.json<{ items: { season: number; state: string; coverage: number; hardBreaches: number }[] }>().items).toEqual([expect.objectContaining({ season: 1, state: 'draft', coverage: 1, hardBreaches: 0 })]);
    plan = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/plans/2027/1')).json<Plan>();
    expect(plan.towns).toHaveLength(12);
    for (const t of plan.towns) expect([t.town.name, t.status, t.gap !== null && t.gap <= 0.01]).toEqual([t.town.name, 'optimal', true]);
    expect(plan.abilities).toEqual({ edit: true, publish: true });
    // Q4 2026 is the season before: nobody returns to a community they served then
    const q4 = (await call(app(), ctx.as.admin, 'GET', '/api/v1/rotation/plans/2026/4')).json<Plan>();
    const last = new Set(q4.assignments.map((a) => `${a.resource.id}|${a.communityId}`));
    expect(plan.assignments.filter((a) => last.has(`${a.resource.id}|${a.communityId}`))).toEqual([]);
    const [audit] = await rows<{ detail: { towns: { status: string }[] } }>(db(), sql`select detail from audit_events where action = 'rotation.compute' and entity_id = ${plan.id}`);
    expect(audit.detail.towns).toHaveLength(12);
    // Two pairings and twelve towns' MIPs: seconds on a quiet machine, more while CI shares the cores.
  }, 180_000);

  it('checks a hand edit at once: a hard rule is refused by name, a soft one is shown and kept, a stale version loses', async () => {
    const inXucun = plan.assignments.filter((a) => a.townId === xucun.id);
    const other = plan.assignments.find((a) => a.townId !== xucun.id)!;
    // Moving a Xucun resource into another town's community breaks the pairing (always hard).
    const a = inXucun[0];
    const hard = { version: plan.version, remove: [a.id], add: [{ communityId: other.communityId, role: a.role, resourceKind: a.resource.kind, resourceId: a.resource.id }] };
    const check = await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/edit`, { ...hard, dryRun: true });
    expect(check.statusCode, check.body).toBe(200);
    const dry = check.json<{ newBreaches: Breach[]; plan: Plan }>();
    expect(dry.newBreaches.map((b) => [b.rule, b.hard])).toEqual(expect.arrayContaining([['pairing', true], ['coverage', true]]));
    expect(dry.plan.version).toBe(plan.version);
    const refused = await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/edit`, hard);
    expectProblem(refused, 422);
    expect(refused.body).toContain('违反硬性规则“结对关系”');
    expect(refused.body).toContain('违反硬性规则“全覆盖”');

    // Swapping two Xucun resources' communities keeps every hard rule; the soft ones it bends are shown.
    const b = inXucun.find((x) => x.communityId !== a.communityId && x.role === a.role && !inXucun.some((y) => y.communityId === a.communityId && y.resource.id === x.resource.id) && !inXucun.some((y) => y.communityId === x.communityId && y.resource.id === a.resource.id))!;
    const swap = {
      version: plan.version,
      remove: [a.id, b.id],
      add: [
        { communityId: b.communityId, role: a.role, resourceKind: a.resource.kind, resourceId: a.resource.id },
        { communityId: a.communityId, role: b.role, resourceKind: b.resource.kind, resourceId: b.resource.id },
      ],
    };
    const done = await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/edit`, swap);
    expect(done.statusCode, done.body).toBe(200);
    const edited = done.json<{ plan: Plan; newBreaches: Breach[] }>();
    expect(edited.plan.version).toBe(plan.version + 1);
    expect(edited.newBreaches.every((x) => !x.hard)).toBe(true);
    expect(edited.plan.assignments.find((x) => x.resource.id === a.resource.id && x.communityId === b.communityId)).toBeTruthy();
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/edit`, swap), 409, 'conflict');
    // a resource that does not play the role is refused outright
    const [{ id: wrongRole }] = await rows<{ id: string }>(db(), sql`select resource_id as id from rotation_profiles where city_id = (select id from regions where code = '330481') and active and not ('policyExplainer' = any(roles)) and resource_kind = 'certifiedEmployee' limit 1`);
    expect(failedFields(await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/edit`, { version: edited.plan.version, add: [{ communityId: a.communityId, role: 'policyExplainer', resourceKind: 'certifiedEmployee', resourceId: wrongRole }] }))).toEqual(['add.0.role']);
    plan = edited.plan;
  });

  it('publishes once (two at once: one wins), tells every assignee with an account, and freezes the season', async () => {
    const body = { version: plan.version };
    const [first, second] = await Promise.all([call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/publish`, body), call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/publish`, body)]);
    const codes = [first.statusCode, second.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const won = (first.statusCode === 200 ? first : second).json<{ plan: Plan; assignees: number; assigneesNotified: number; notifications: number }>();
    expect(won.plan.state).toBe('published');
    expect(won.assigneesNotified).toBeGreaterThan(0);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from notifications where kind = 'rotation.published' and title like '2027年第一季度%'`);
    expect(n).toBe(won.notifications);
    // an org member reads the assignment in their own calendar
    const [member] = await rows<{ username: string; org_id: string }>(
      db(),
      sql`select u.username, g.org_id from role_grants g join users u on u.id = g.user_id where g.role = 'orgMember' and g.org_id in (select resource_id from rotation_assignments where plan_id = ${plan.id}) limit 1`,
    );
    if (member) {
      const s = await login(app(), member.username);
      const mine = (await call(app(), s, 'GET', '/api/v1/rotation/mine?year=2027')).json<{ items: { items: { season: number }[] }[] }>();
      expect(mine.items.flatMap((i) => i.items).some((i) => i.season === 1)).toBe(true);
    }
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/edit`, { version: won.plan.version, remove: [won.plan.assignments[0].id] }), 409, 'invalid_state');
  });
});

describe('a city without enough hands', () => {
  it('names the infeasible town and the rule, saves no partial plan, and refuses to publish it', async () => {
    expectProblem(await call(app(), tx.admin, 'POST', '/api/v1/rotation/plans/compute', { year: 2026, season: 1 }), 409, 'invalid_state');
    const first17 = '33048319880101003';
    const w = await call(app(), tx.admin, 'POST', '/api/v1/workers', { kind: 'certifiedEmployee', name: '钱一鸣', idNumber: first17 + residentIdCheckChar(first17), certificateLevel: 'assistant', departmentId: tx.department.id, homeTownId: tx.towns[0].id });
    expect(w.statusCode, w.body).toBe(201);
    const id = w.json<{ id: string }>().id;
    const prof = await call(app(), tx.admin, 'PUT', `/api/v1/rotation-profiles/certifiedEmployee/${id}`, { version: 0, serviceDomains: [], homeTownId: tx.towns[0].id, seasons: [1, 2, 3, 4], capacity: 2, roles: ['policyExplainer', 'resourceLinker', 'charityPromoter', 'concernCollector'], active: true });
    expect(prof.statusCode, prof.body).toBe(200);
    expect((await call(app(), tx.admin, 'POST', '/api/v1/rotation/pairings/propose', { year: 2026 })).statusCode).toBe(200);
    const computed = await call(app(), tx.admin, 'POST', '/api/v1/rotation/plans/compute', { year: 2026, season: 1 });
    expect(computed.statusCode, computed.body).toBe(200);
    const plan = (await call(app(), tx.admin, 'GET', '/api/v1/rotation/plans/2026/1')).json<Plan>();
    expect(plan.towns.map((t) => t.status)).toEqual(['infeasible', 'infeasible']);
    expect(plan.towns.map((t) => t.infeasibleRule)).toEqual(['coverage', 'coverage']);
    expect(plan.towns[0].infeasibleDetail).toMatch(/可用力量不足，无法全覆盖：.+缺少/);
    expect(plan.assignments).toEqual([]);
    expectProblem(await call(app(), tx.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/publish`, { version: plan.version }), 409, 'invalid_state');
    // Haining's office cannot touch it
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/rotation/plans/${plan.id}/publish`, { version: plan.version }), 404);
  }, 120_000);
});
