import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { encodeCursor } from '../../../contracts/common.js';
import { rows } from '../db/sql.js';
import { call, expectProblem, useTestApp } from '../../test/harness.js';

/**
 * Issue 14 §2: every list that can grow is paged by one keyset kit (platform/http/paging.ts). For each such
 * list: paging through with a small limit yields every row exactly once, in the list's documented order, and
 * the same rows as the largest pages do; a tampered cursor is 422 bad_cursor naming the field, in Chinese and
 * English. Rows are added straight to the database where the demo has too few to turn a page — several in the
 * same millisecond, so a cursor that kept only a JavaScript Date's precision would lose rows.
 */
const ctx = useTestApp('admin', 'dudao1', 'zhuanjia1');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;

type Item = Record<string, unknown>;
type Key = (string | number)[];

interface PagedList {
  name: string;
  user: 'admin' | 'dudao1' | 'zhuanjia1' | null;
  /** The list's address, query string allowed; it may add rows first. */
  url: () => Promise<string>;
  /** The documented order's leading parts, as far as they can be read from an item (the id breaks ties on the server). */
  order: { keyOf: (item: Item) => Key; directions: ('asc' | 'desc')[] };
  /** The list must hold at least this many rows for the test to mean anything. */
  atLeast: number;
  /** What names a row (its `id` unless said). */
  idOf?: (item: Item) => string;
  /** The rows' ids in the documented order, read from the database, where the items do not carry the sort key. */
  expected?: () => Promise<string[]>;
}

const at = (iso: string) => sql`${iso}::timestamptz`;

/** Five changes of one org: two sharing a timestamp, three in one millisecond but not one microsecond. */
async function orgWithLongHistory(): Promise<string> {
  const [org] = await rows<{ id: string }>(db(), sql`select id from orgs order by name limit 1`);
  for (const when of ['2026-03-01T08:00:00.000000Z', '2026-03-01T08:00:00.000000Z', '2026-03-02T08:00:00.123001Z', '2026-03-02T08:00:00.123002Z', '2026-03-02T08:00:00.123999Z']) {
    await db().execute(sql`insert into org_changes (org_id, occurred_at, actor_name, kind, changes) values (${org.id}, ${at(when)}, '测试', 'change', null)`);
  }
  return org.id;
}

/** Six messages for the administrator, four of them in one millisecond. */
async function manyNotifications(): Promise<string> {
  const [admin] = await rows<{ id: string }>(db(), sql`select id from users where username = 'admin'`);
  for (const when of ['2026-04-01T08:00:00.000000Z', '2026-04-01T08:00:00.000000Z', '2026-04-02T08:00:00.500001Z', '2026-04-02T08:00:00.500002Z', '2026-04-02T08:00:00.500003Z', '2026-04-02T08:00:00.500999Z']) {
    await db().execute(sql`insert into notifications (user_id, kind, title, body, created_at) values (${admin.id}, 'test', '测试消息', '测试', ${at(when)})`);
  }
  return '/api/v1/notifications';
}

/** Funds over three years, two sharing a year, set up as the office does. */
async function manyFunds(): Promise<string> {
  for (const [year, name] of [[2031, '乙经费'], [2031, '甲经费'], [2032, '丙经费'], [2029, '丁经费']] as const) {
    const res = await call(app(), ctx.as.admin, 'POST', '/api/v1/funds', { year, name: `分页测试${name}`, totalFen: 100 });
    expect(res.statusCode, res.body).toBe(201);
  }
  return '/api/v1/funds';
}

/** Six published meetings in 2027, four starting in one millisecond (the staff calendar and the portal both see them). */
async function manyMeetings(): Promise<void> {
  for (const when of ['2027-05-01T01:00:00.000000Z', '2027-05-01T01:00:00.000000Z', '2027-05-02T01:00:00.700001Z', '2027-05-02T01:00:00.700002Z', '2027-05-02T01:00:00.700003Z', '2027-05-02T01:00:00.700999Z']) {
    await db().execute(sql`insert into project_meetings (kind, title, starts_at, place, published_at) values ('launchBriefing', '分页测试会议', ${at(when)}, '社立方', now())`);
  }
}
let meetingsAdded: Promise<void> | undefined;
async function afterMeetings(url: string): Promise<string> {
  meetingsAdded ??= manyMeetings();
  await meetingsAdded;
  return url;
}

/** Five bad-credit entries, three listed on one day, as the office lists them. */
async function longBlacklist(): Promise<string> {
  const orgs = await rows<{ id: string }>(db(), sql`select id from orgs order by name limit 5`);
  for (const [i, org] of orgs.entries()) {
    const res = await call(app(), ctx.as.admin, 'POST', '/api/v1/credit-blacklist', { orgId: org.id, reason: '分页测试：虚假材料', listedOn: i < 3 ? '2026-06-01' : `2026-06-0${i}` });
    expect(res.statusCode, res.body).toBe(201);
  }
  return '/api/v1/credit-blacklist';
}

/** The supervisor named on six more projects (open and closed), four of them in one millisecond. */
async function busySupervisor(): Promise<string> {
  const [admin] = await rows<{ id: string }>(db(), sql`select id from users where username = 'admin'`);
  const projects = await rows<{ id: string }>(
    db(),
    sql`select c.id from cases c where c.case_type = 'serviceProject' and not exists (select 1 from case_participants p where p.case_id = c.id and p.user_id = ${ctx.as.dudao1.userId}) order by (c.closed_at is null), c.number limit 6`,
  );
  const times = ['2026-07-01T08:00:00.000000Z', '2026-07-01T08:00:00.000000Z', '2026-07-02T08:00:00.250001Z', '2026-07-02T08:00:00.250002Z', '2026-07-02T08:00:00.250003Z', '2026-07-02T08:00:00.250999Z'];
  for (const [i, project] of projects.entries()) {
    await db().execute(sql`insert into case_participants (case_id, user_id, permission, added_by, added_at) values (${project.id}, ${ctx.as.dudao1.userId}, 'project.supervise', ${admin.id}, ${at(times[i])})`);
  }
  return '/api/v1/supervision/mine';
}

/** Six service records of one project: two on one day recorded together, four recorded in one millisecond. */
async function manyServiceRecords(): Promise<string> {
  const [admin] = await rows<{ id: string }>(db(), sql`select id from users where username = 'admin'`);
  const [project] = await rows<{ id: string }>(db(), sql`select case_id as id from service_projects order by case_id limit 1`);
  const entries = [['2026-08-01', '2026-08-01T09:00:00.000000Z'], ['2026-08-01', '2026-08-01T09:00:00.000000Z'], ['2026-08-02', '2026-08-02T09:00:00.900001Z'], ['2026-08-03', '2026-08-02T09:00:00.900002Z'], ['2026-08-03', '2026-08-02T09:00:00.900003Z'], ['2026-08-03', '2026-08-02T09:00:00.900999Z']];
  for (const [servedOn, recordedAt] of entries) {
    await db().execute(sql`insert into service_records (project_id, served_on, place, activity, participants, beneficiaries, recorded_by, recorded_at) values (${project.id}, ${servedOn}, '社区', '分页测试', 1, 1, ${admin.id}, ${at(recordedAt)})`);
  }
  return `/api/v1/projects/${project.id}/service-records`;
}

/** An expert on six more panels (those procuring among them, if any), four assigned in one millisecond. */
async function busyExpert(): Promise<string> {
  const projects = await rows<{ id: string }>(
    db(),
    sql`select c.id from cases c where c.case_type = 'serviceProject' and not exists (select 1 from project_experts e where e.project_id = c.id and e.user_id = ${ctx.as.zhuanjia1.userId}) order by c.state = 'procuring' desc, c.number limit 6`,
  );
  const times = ['2026-09-01T08:00:00.000000Z', '2026-09-01T08:00:00.000000Z', '2026-09-02T08:00:00.100001Z', '2026-09-02T08:00:00.100002Z', '2026-09-02T08:00:00.100003Z', '2026-09-02T08:00:00.100999Z'];
  for (const [i, project] of projects.entries()) {
    await db().execute(sql`insert into project_experts (project_id, user_id, assigned_at) values (${project.id}, ${ctx.as.zhuanjia1.userId}, ${at(times[i])})`);
  }
  return '/api/v1/reviews';
}

/** Six applications created in the same two instants: two at one time, four in one millisecond but not one microsecond. */
async function applicationsInOneMillisecond(): Promise<string> {
  const found = await rows<{ id: string }>(db(), sql`select case_id as id from applications order by case_id limit 6`);
  const times = ['2026-10-01T08:00:00.000000Z', '2026-10-01T08:00:00.000000Z', '2026-10-02T08:00:00.300001Z', '2026-10-02T08:00:00.300002Z', '2026-10-02T08:00:00.300003Z', '2026-10-02T08:00:00.300999Z'];
  for (const [i, application] of found.entries()) {
    await db().execute(sql`update cases set created_at = ${at(times[i])} where id = ${application.id}`);
  }
  return '/api/v1/applications';
}

/** Seven visits to one project: two on one day recorded together, four on another recorded in one millisecond, one with rectification items. */
let visitedProject: string | undefined;
async function manyVisits(): Promise<string> {
  const [admin] = await rows<{ id: string }>(db(), sql`select id from users where username = 'admin'`);
  const [project] = await rows<{ id: string }>(db(), sql`select case_id as id from service_projects order by case_id desc limit 1`);
  visitedProject = project.id;
  const entries = [['2026-08-01', '2026-08-01T09:00:00.000000Z'], ['2026-08-01', '2026-08-01T09:00:00.000000Z'], ['2026-08-02', '2026-08-02T09:00:00.600001Z'], ['2026-08-03', '2026-08-02T09:00:00.600002Z'], ['2026-08-03', '2026-08-02T09:00:00.600003Z'], ['2026-08-03', '2026-08-02T09:00:00.600999Z'], ['2026-08-03', '2026-08-02T09:00:00.600999Z']];
  for (const [i, [visitedOn, createdAt]] of entries.entries()) {
    const [visit] = await rows<{ id: string }>(
      db(),
      sql`insert into supervision_visits (project_id, kind, visited_on, findings, result, supervisor_id, created_at) values (${project.id}, 'routine', ${visitedOn}, '分页测试', ${i === 3 ? 'rectify' : 'pass'}, ${admin.id}, ${at(createdAt)}) returning id`,
    );
    if (i === 3) await db().execute(sql`insert into rectifications (project_id, visit_id, item, due_on) values (${project.id}, ${visit.id}, '分页测试整改', '2026-08-20')`);
  }
  return `/api/v1/projects/${project.id}/supervision`;
}

/** The organization with the most awarded projects (the demo's ten years of history), with several in one year. */
async function busyProvider(): Promise<string> {
  const [org] = await rows<{ id: string }>(
    db(),
    sql`select c.org_id as id from cases c join service_projects p on p.case_id = c.id and p.provider_org_id = c.org_id where c.case_type = 'serviceProject' group by c.org_id order by count(*) desc, c.org_id limit 1`,
  );
  return `/api/v1/orgs/${org.id}/projects`;
}

const noDeadline = (dueOn: unknown) => (dueOn as string | null) ?? '9999-12-31';

const LISTS: PagedList[] = [
  {
    name: 'applications, newest first',
    user: 'admin',
    url: applicationsInOneMillisecond,
    order: { keyOf: (a) => [a.createdAt as string], directions: ['desc'] },
    atLeast: 6,
  },
  {
    name: 'an org’s record history, newest first',
    user: 'admin',
    url: async () => `/api/v1/orgs/${await orgWithLongHistory()}/history`,
    order: { keyOf: (h) => [h.occurredAt as string], directions: ['desc'] },
    atLeast: 5,
  },
  {
    name: 'messages, newest first',
    user: 'admin',
    url: manyNotifications,
    order: { keyOf: (m) => [m.createdAt as string], directions: ['desc'] },
    atLeast: 6,
  },
  {
    name: 'the inbox, by deadline (none last), then the oldest',
    user: 'admin',
    url: async () => '/api/v1/inbox',
    order: { keyOf: (c) => [noDeadline(c.dueOn), c.createdAt as string], directions: ['asc', 'asc'] },
    atLeast: 5,
  },
  {
    name: 'special funds, newest year first, then by name',
    user: 'admin',
    url: manyFunds,
    order: { keyOf: (f) => [f.year as number], directions: ['desc'] },
    atLeast: 5,
  },
  {
    name: 'the meetings calendar, in start order',
    user: 'admin',
    url: () => afterMeetings('/api/v1/meetings?year=2027'),
    order: { keyOf: (m) => [m.startsAt as string], directions: ['asc'] },
    atLeast: 6,
  },
  {
    name: 'published meetings on the portal, latest first',
    user: null,
    url: () => afterMeetings('/api/v1/public/meetings?year=2027'),
    order: { keyOf: (m) => [m.startsAt as string], directions: ['desc'] },
    atLeast: 6,
  },
  {
    name: 'the bad-credit list, latest listed first',
    user: 'admin',
    url: longBlacklist,
    order: { keyOf: (b) => [b.listedOn as string], directions: ['desc'] },
    atLeast: 5,
  },
  {
    name: 'a supervisor’s worklist, open projects first, then what waits on them, then the latest assigned',
    user: 'dudao1',
    url: busySupervisor,
    order: {
      keyOf: (a) => [['closed', 'rejected', 'cancelled'].includes(a.state as string) ? 0 : 1, a.awaitingReview as number, a.overdueRectifications as number, a.assignedAt as string],
      directions: ['desc', 'desc', 'desc', 'desc'],
    },
    atLeast: 6,
    idOf: (a) => a.projectId as string,
  },
  {
    name: 'open calls on the portal, soonest deadline first',
    user: null,
    url: async () => '/api/v1/public/calls',
    order: { keyOf: (c) => [c.deadline as string, c.number as string], directions: ['asc', 'asc'] },
    atLeast: 2,
    idOf: (c) => c.projectId as string,
  },
  {
    name: 'a project’s service records, the latest service first',
    user: 'admin',
    url: manyServiceRecords,
    order: { keyOf: (r) => [r.servedOn as string, r.recordedAt as string], directions: ['desc', 'desc'] },
    atLeast: 6,
  },
  {
    name: 'an expert’s reviews, those still procuring first, then the latest assigned',
    user: 'zhuanjia1',
    url: busyExpert,
    order: { keyOf: (r) => [r.projectState === 'procuring' ? 1 : 0], directions: ['desc'] },
    atLeast: 6,
    idOf: (r) => r.projectId as string,
    expected: async () =>
      (await rows<{ id: string }>(db(), sql`select e.project_id as id from project_experts e join cases c on c.id = e.project_id where e.user_id = ${ctx.as.zhuanjia1.userId} order by c.state = 'procuring' desc, e.assigned_at desc, e.project_id desc`)).map((r) => r.id),
  },
  {
    name: 'a project’s supervision visits, the latest visit first, each with its rectification items',
    user: 'admin',
    url: manyVisits,
    order: { keyOf: (v) => [v.visitedOn as string], directions: ['desc'] },
    atLeast: 7,
    expected: async () =>
      (await rows<{ id: string }>(db(), sql`select id from supervision_visits where project_id = ${visitedProject!} order by visited_on desc, created_at desc, id desc`)).map((r) => r.id),
  },
  {
    name: 'an organization’s awarded projects, newest year first, then the higher number',
    user: 'admin',
    url: busyProvider,
    order: { keyOf: (p) => [p.year as number, p.number as string], directions: ['desc', 'desc'] },
    atLeast: 4,
  },
];

function compareKeys(a: Key, b: Key, directions: ('asc' | 'desc')[]): number {
  for (let i = 0; i < directions.length; i++) {
    if (a[i] === b[i]) continue;
    const less = a[i] < b[i] ? -1 : 1;
    return directions[i] === 'asc' ? less : -less;
  }
  return 0;
}

async function readAll(url: string, user: PagedList['user'], limit: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await call(app(), user ? ctx.as[user] : null, 'GET', `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: Item[]; nextCursor: string | null }>();
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    pages++;
    if (pages > 1000) throw new Error(`${url}: the cursor never ends`);
  } while (cursor);
  return { items, pages };
}

describe('every growing list pages by keyset', () => {
  for (const list of LISTS) {
    let address: Promise<string> | undefined;
    const addressOf = () => (address ??= list.url());
    it(`${list.name}: small pages give every row once, in order`, async () => {
      const url = await addressOf();
      const whole = await readAll(url, list.user, 100);
      expect(whole.items.length).toBeGreaterThanOrEqual(list.atLeast);
      // One row a page puts a page boundary between every two rows.
      const limit = whole.items.length <= 60 ? 1 : 3;
      const small = await readAll(url, list.user, limit);
      expect(small.pages).toBeGreaterThanOrEqual(Math.ceil(whole.items.length / limit));
      const idOf = list.idOf ?? ((i: Item) => i.id as string);
      const ids = small.items.map(idOf);
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(whole.items.map(idOf));
      if (list.expected) expect(ids).toEqual(await list.expected());
      for (let i = 1; i < small.items.length; i++) {
        expect(compareKeys(list.order.keyOf(small.items[i - 1]), list.order.keyOf(small.items[i]), list.order.directions), `${list.name}: rows ${i - 1} and ${i}`).toBeLessThanOrEqual(0);
      }
    });

    it(`${list.name}: a tampered cursor is 422 bad_cursor, in Chinese and English`, async () => {
      const url = await addressOf();
      const sep = url.includes('?') ? '&' : '?';
      for (const cursor of ['nonsense', encodeCursor(['2026-01-01T00:00:00Z', 'not-a-uuid', 1e30]), encodeCursor([])]) {
        const zh = await call(app(), list.user ? ctx.as[list.user] : null, 'GET', `${url}${sep}cursor=${cursor}`);
        const zhBody = expectProblem(zh, 422, 'bad_cursor') as unknown as { detail: string; errors: { path: string; message: string }[] };
        expect(zhBody.errors).toEqual([{ path: 'cursor', message: '翻页游标无效或已被改动' }]);
        const en = await call(app(), list.user ? ctx.as[list.user] : null, 'GET', `${url}${sep}cursor=${cursor}`, undefined, { 'accept-language': 'en' });
        const enBody = expectProblem(en, 422, 'bad_cursor') as unknown as { errors: { path: string; message: string }[] };
        expect(enBody.errors).toEqual([{ path: 'cursor', message: 'The page cursor is invalid or was altered' }]);
      }
    });
  }
});
