import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/sql.js';
import { call, expectProblem, login, useTestApp } from '../test/harness.js';
import { registerApplicant } from '../test/citizens.js';
import { fileDraft, fire, makeSubmittedApplication } from './applications/application-factories.js';
import { makeCallingProject, makeImplementingProject } from './projects/project-factories.js';

const ctx = useTestApp('admin', 'xucun', 'shenqing', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2', 'weijian', 'minzheng');
const app = () => ctx.t.app;

interface Workbench {
  waiting: { total: number; overdue: number; byType: { caseType: string; caseTypeName: string; count: number; overdue: number }[]; first: { id: string; overdue: boolean; dueOn: string | null; stateName: string; state: string }[] };
  recent: { id: string; lastActedAt: string; stateName: string }[];
  figures: { key: string; label: string; unit: string; value: number; link: string }[];
}
const workbench = async (who: keyof typeof ctx.as, lang?: string) => {
  const res = await call(app(), ctx.as[who], 'GET', '/api/v1/workbench', undefined, lang ? { 'accept-language': lang } : {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Workbench>();
};
const figure = (w: Workbench, key: string) => w.figures.find((f) => f.key === key)?.value;

describe('the workbench (issue 15 §3)', () => {
  it('is for signed-in users only', async () => {
    expectProblem(await call(app(), null, 'GET', '/api/v1/workbench'), 401);
  });

  it('shows each role the figures it looks at, not every figure its permissions would allow', async () => {
    const keys = async (who: keyof typeof ctx.as) => (await workbench(who)).figures.map((f) => f.key).sort();
    expect(await keys('admin')).toEqual(['applications.inProgress', 'orgs.registered', 'projects.implementing']);
    expect(await keys('xucun')).toEqual(['applications.inProgress', 'orgs.registered']);
    // A citizen who only applies (shenqing's approved applications made her a member of those orgs, so she sees theirs too).
    expect((await registerApplicant(app(), { phone: '13588886001', displayName: '林小雨', password: 'Yanglao#2026a' })).statusCode).toBe(201);
    const citizen = await login(app(), '13588886001', 'Yanglao#2026a');
    expect((await call(app(), citizen, 'GET', '/api/v1/workbench')).json<Workbench>().figures.map((f) => f.key)).toEqual(['applications.mine']);
    expect(await keys('shenqing')).toContain('applications.mine');
    expect(await keys('jigou1')).toEqual(['applications.mine', 'projects.delivering', 'projects.openCalls']);
    expect(await keys('zhuanjia1')).toEqual([]);
  });

  it("counts over the caller's reach: the city for the office, one town for its staff", async () => {
    const [city] = await rows<{ n: number }>(app().database.db, sql`select count(*)::int n from orgs where status in ('active', 'changing')`);
    const [town] = await rows<{ n: number }>(app().database.db, sql`select count(*)::int n from orgs o join regions r on r.code = '330481101' where o.status in ('active', 'changing') and o.region_path like r.path || '%'`);
    expect(town.n).toBeGreaterThan(0);
    expect(town.n).toBeLessThan(city.n);
    expect(figure(await workbench('admin'), 'orgs.registered')).toBe(city.n);
    expect(figure(await workbench('xucun'), 'orgs.registered')).toBe(town.n);
  });

  it("counts projects: open calls for an org, delivering for its provider, implementing for the buyer's department and the office", async () => {
    const s = { dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 };
    const before = { admin: await workbench('admin'), weijian: await workbench('weijian'), minzheng: await workbench('minzheng'), jigou1: await workbench('jigou1') };
    await makeCallingProject(app(), s);
    expect(figure(await workbench('jigou1'), 'projects.openCalls')).toBe(figure(before.jigou1, 'projects.openCalls')! + 1);
    await makeImplementingProject(app(), s);
    const implementing = async (who: 'admin' | 'weijian' | 'minzheng') => figure(await workbench(who), 'projects.implementing');
    expect(await implementing('admin')).toBe(figure(before.admin, 'projects.implementing')! + 1);
    // Bought by the health commission: its staff count it, the civil affairs bureau's do not.
    expect(await implementing('weijian')).toBe(figure(before.weijian, 'projects.implementing')! + 1);
    expect(await implementing('minzheng')).toBe(figure(before.minzheng, 'projects.implementing'));
    // jigou1 scored higher in the factory's review and delivers it; jigou2 does not.
    expect(figure(await workbench('jigou1'), 'projects.delivering')).toBe(figure(before.jigou1, 'projects.delivering')! + 1);
  });

  it("counts what waits on me like the inbox lists it, overdue first, and leaves citizens' drafts out of staff figures", async () => {
    const before = await workbench('admin');
    const inbox = (await call(app(), ctx.as.admin, 'GET', '/api/v1/inbox?limit=200')).json<{ items: { id: string; overdue: boolean }[]; nextCursor: string | null }>();
    expect(inbox.nextCursor).toBeNull();
    expect(before.waiting.total).toBe(inbox.items.length);
    expect(before.waiting.overdue).toBe(inbox.items.filter((i) => i.overdue).length);
    expect(before.waiting.overdue).toBeGreaterThan(0);
    expect(before.waiting.byType.reduce((n, t) => n + t.count, 0)).toBe(before.waiting.total);
    expect(before.waiting.first.map((i) => i.id)).toEqual(inbox.items.slice(0, 5).map((i) => i.id));
    expect(before.waiting.first[0].overdue).toBe(true);

    const mineBefore = figure(await workbench('shenqing'), 'applications.mine')!;
    const draft = await fileDraft(app(), ctx.as.shenqing, 'establishment');
    expect(figure(await workbench('shenqing'), 'applications.mine')).toBe(mineBefore + 1);
    expect(figure(await workbench('admin'), 'applications.inProgress')).toBe(figure(before, 'applications.inProgress'));
    // Submitted, it is the office's to accept: counted in its figure and its waiting list.
    const submitted = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const after = await workbench('admin');
    expect(figure(after, 'applications.inProgress')).toBe(figure(before, 'applications.inProgress')! + 1);
    expect(after.waiting.total).toBe(before.waiting.total + 1);
    expect(after.waiting.byType.find((t) => t.caseType === 'application')!.count).toBe(before.waiting.byType.find((t) => t.caseType === 'application')!.count + 1);
    expect(draft.id).not.toBe(submitted);
  });

  it('lists what I last acted on, newest first, with state names in my language', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    expect((await workbench('shenqing')).recent[0].id).toBe(id);
    expect((await fire(app(), ctx.as.admin, id, 'accept')).statusCode).toBe(200);
    const zh = await workbench('admin');
    expect(zh.recent[0].id).toBe(id);
    expect(zh.recent[0].stateName).toMatch(/[\u4e00-\u9fff]/);
    const en = await workbench('admin', 'en');
    expect(en.recent[0].stateName).toMatch(/^[A-Za-z ,'-]+$/);
    expect(en.waiting.byType.every((t) => /^[A-Za-z ,'()-]+$/.test(t.caseTypeName))).toBe(true);
    // Another applicant's acts are not mine.
    expect((await workbench('jigou1')).recent.some((r) => r.id === id)).toBe(false);
  });
});
