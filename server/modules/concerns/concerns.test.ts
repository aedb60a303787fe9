// Issue 17 §4: residents' concerns on the case engine — raised by a collector in their grid and by anyone on the
// public page, routed by the city's rules, accepted (one of two at once), handled, replied, rated with the tracking
// number and closed; transferred with a reason, merged as duplicates; listed with filters in keyset pages; photos
// that are images; the public answer never carries the phone or the name; time limits across a holiday and the
// escalation of an overdue concern to the office.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addWorkingDays } from '../../platform/calendar/calendar.js';
import { setClock } from '../../platform/clock.js';
import { rows } from '../../platform/db/sql.js';
import { escalateOverdueConcerns } from './use-cases/escalate-overdue.js';
import { call, expectProblem, failedFields, login, regionByCode, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { multipart, PDF_BYTES } from '../applications/application-factories.js';

const ctx = useTestApp('admin', 'xucun', 'minzheng', 'auditor', 'jigou2');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;

interface Concern {
  id: string;
  number: string;
  trackingNumber: string;
  state: string;
  version: number;
  category: { code: string };
  responsible: { kind: string; name: string };
  town: { id: string };
  dueOn: string | null;
  reporterPhone: string | null;
  publicDescription: string;
  abilities: { events: string[] };
  mergedInto: { number: string } | null;
  photos: { id: string; url: string }[];
}

let tx: SecondCity;
let collector: Session;
let xucun: { id: string; path: string };
let community: { id: string; name: string; path: string };
let otherTownCommunity: { id: string; path: string };

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function raise(session: Session, body: Record<string, unknown>): Promise<Concern> {
  const res = await call(app(), session, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: community.id, description: '村口垃圾桶满了三天没人清运，气味很大。', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Concern>();
}
const get = async (session: Session, id: string) => {
  const res = await call(app(), session, 'GET', `/api/v1/concerns/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Concern>();
};
const fire = (session: Session | null, id: string, body: Record<string, unknown>) => call(app(), session, 'POST', `/api/v1/cases/${id}/transitions`, body);
const publicRaise = (body: Record<string, unknown>, remoteAddress = '10.0.0.1') =>
  app().inject({ method: 'POST', url: '/api/v1/public/concerns', remoteAddress, payload: { categoryCode: 'environment', regionId: community.id, description: '河边路灯坏了一个星期，晚上很黑。', ...body } });

beforeAll(async () => {
  tx = await addSecondCity(app());
  xucun = await regionByCode(app(), '330481101');
  const places = await rows<{ id: string; name: string; path: string }>(db(), sql`select id::text as id, name, path from regions where level = 'community' and path like ${xucun.path + '%'} order by code limit 1`);
  community = places[0];
  [otherTownCommunity] = await rows<{ id: string; path: string }>(db(), sql`select id::text as id, path from regions where level = 'community' and path like '/%' and path not like ${xucun.path + '%'} and path like (select path from regions where code = '330481') || '%' order by code limit 1`);
  // A concern collector: a social worker granted the community.
  const made = await call(app(), ctx.as.admin, 'POST', '/api/v1/users', { username: 'collector1', displayName: '网格社工', password: 'Collector#2026', grants: [{ role: 'socialWorker', regionId: community.id }] });
  expect(made.statusCode, made.body).toBe(201);
  await db().execute(sql`update users set must_change_password = false where username = 'collector1'`);
  collector = await login(app(), 'collector1', 'Collector#2026');
});

describe('raising a concern', () => {
  it('a collector records one in their community: numbered, tracked, routed to the town, the town told', async () => {
    const c = await raise(collector, { reporterPhone: '13812345678', reporterName: '张三', description: '村口垃圾桶满了三天，联系电话13812345678，身份证330481199001011234。' });
    expect(c.number).toMatch(/^MQ\d{9}$/);
    expect(c.trackingNumber).toMatch(/^MQ-[0-9A-Z]{5}-[0-9A-Z]{5}-.$/);
    expect(c).toMatchObject({ state: 'submitted', responsible: { kind: 'town' }, town: { id: xucun.id }, reporterPhone: '138****5678' });
    expect(c.publicDescription).toBe('村口垃圾桶满了三天，联系电话138****5678，身份证330481********1234。');
    expect(c.dueOn).not.toBeNull();
    // The collector records, the town acts: the town's staff were told.
    expect(c.abilities.events).toEqual([]);
    const [told] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from notifications where case_id = ${c.id}::uuid and user_id = (select id from users where username = 'xucun')`);
    expect(told.n).toBe(1);
    expect((await get(ctx.as.xucun, c.id)).abilities.events).toEqual(expect.arrayContaining(['accept', 'transfer', 'merge']));
    // The phone and the name are sealed: nothing in clear in the row.
    const [row] = await rows<{ phone: string; name: string }>(db(), sql`select reporter_phone_sealed as phone, reporter_name_sealed as name from concerns where case_id = ${c.id}::uuid`);
    expect(row.phone).not.toContain('13812345678');
    expect(row.name).not.toContain('张三');
  });

  it('is recorded once when a phone retries a raise whose answer was lost (Idempotency-Key)', async () => {
    const key = randomUUID();
    const body = { categoryCode: 'environment', regionId: community.id, description: '走访时居民反映：桥下路灯坏了一个月。' };
    const first = await call(app(), collector, 'POST', '/api/v1/concerns', body, { 'idempotency-key': key });
    const retry = await call(app(), collector, 'POST', '/api/v1/concerns', body, { 'idempotency-key': key });
    expect([first.statusCode, retry.statusCode], retry.body).toEqual([201, 201]);
    expect(retry.json<Concern>().id).toBe(first.json<Concern>().id);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from concerns where description = ${body.description}`);
    expect(n).toBe(1);
    expectProblem(await call(app(), collector, 'POST', '/api/v1/concerns', { ...body, description: '同一个键，却是另一件事。' }, { 'idempotency-key': key }), 422, 'idempotency_mismatch');
  });

  it('is refused outside the collector’s reach (404), to those without the right (403), with a wrong category (422) or as spam (422)', async () => {
    expectProblem(await call(app(), collector, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: otherTownCommunity.id, description: '别的镇的事情，也想反映一下。' }), 404);
    expectProblem(await call(app(), ctx.as.jigou2, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: community.id, description: '社会组织成员不能登记民情。' }), 403);
    expectProblem(await call(app(), ctx.as.auditor, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: community.id, description: '审计员只读，不能登记。' }), 403);
    expect(failedFields(await call(app(), collector, 'POST', '/api/v1/concerns', { categoryCode: 'nosuch', regionId: community.id, description: '类别不存在的民情描述。' }))).toEqual(['categoryCode']);
    expect(failedFields(await call(app(), collector, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: community.id, description: '优惠活动 http://spam.example.com 快来' }))).toEqual(['description']);
    // Another city's community is out of reach as any other place.
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/concerns', { categoryCode: 'environment', regionId: tx.communities[0].id, description: '另一个城市的社区有事反映。' }), 404);
  });

  it('goes by the city’s routing rules: hardship to Civil Affairs (the department sees and accepts it), elderly care to the town’s station', async () => {
    const hardship = await raise(collector, { categoryCode: 'hardship', description: '独居的困难老人家里漏雨，需要帮扶。' });
    expect(hardship.responsible).toEqual({ kind: 'department', name: '海宁市民政局' });
    const forDept = await get(ctx.as.minzheng, hardship.id);
    expect(forDept.abilities.events).toEqual(expect.arrayContaining(['accept', 'transfer']));
    const list = await call(app(), ctx.as.minzheng, 'GET', '/api/v1/concerns?limit=100');
    expect(list.json<{ items: Concern[] }>().items.map((i) => i.id)).toContain(hardship.id);
    const elderly = await raise(collector, { categoryCode: 'elderly', description: '老人希望社工每周上门探访一次。' });
    expect(elderly.responsible.kind).toBe('station');
  });
});

describe('the flow', () => {
  it('accept (two at once: one wins, the other 409), start, reply, the resident rates with the tracking number, close', async () => {
    const c = await raise(collector, {});
    const [a, b] = await Promise.all([fire(ctx.as.xucun, c.id, { event: 'accept', version: c.version }), fire(ctx.as.admin, c.id, { event: 'accept', version: c.version })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    let now = await get(ctx.as.xucun, c.id);
    expect(now.state).toBe('accepted');
    expectProblem(await fire(ctx.as.jigou2, c.id, { event: 'start', version: now.version }), 404);
    expect((await fire(ctx.as.xucun, c.id, { event: 'start', version: now.version })).statusCode).toBe(200);
    now = await get(ctx.as.xucun, c.id);
    expect((await fire(ctx.as.xucun, c.id, { event: 'reply', version: now.version, input: { reply: '已安排保洁清运，可致电 0573-87654321 反馈。' } })).statusCode).toBe(200);

    // The resident follows and rates it without an account.
    const follow = await app().inject({ method: 'GET', url: `/api/v1/public/concerns/${c.trackingNumber.toLowerCase()}` });
    expect(follow.statusCode, follow.body).toBe(200);
    const seen = follow.json<Record<string, unknown>>();
    expect(seen).toMatchObject({ state: 'replied', reply: '已安排保洁清运，可致电 0573-******21 反馈。', mayRate: true });
    expect(JSON.stringify(seen)).not.toMatch(/reporter|phone|张三|1381234/);
    const rated = await app().inject({ method: 'POST', url: `/api/v1/public/concerns/${c.trackingNumber}/rating`, payload: { rating: 5, ratingComment: '很及时' } });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ state: 'rated', rating: 5, mayRate: false });
    expectProblem(await app().inject({ method: 'POST', url: `/api/v1/public/concerns/${c.trackingNumber}/rating`, payload: { rating: 1 } }), 409, 'invalid_state');
    // A staff member cannot fire the public rating, and nobody can fire a staff event without a session.
    now = await get(ctx.as.xucun, c.id);
    expect(now.abilities.events).toEqual(['close']);
    expect((await fire(null, c.id, { event: 'close', version: now.version })).statusCode).toBe(401);
    expect((await fire(ctx.as.xucun, c.id, { event: 'close', version: now.version })).statusCode).toBe(200);
    const closed = (await app().inject({ method: 'GET', url: `/api/v1/public/concerns/${c.trackingNumber}` })).json<{ state: string; steps: { stateName: string }[] }>();
    expect(closed.state).toBe('closed');
    expect(closed.steps.map((s) => s.stateName)).toEqual(['待受理', '已受理', '办理中', '已答复', '已评价', '已办结']);
    // Every act is on the audit trail with its actor; the public rating has none.
    const acts = await rows<{ actor: string | null; event: string }>(db(), sql`select actor_user_id::text as actor, detail->>'event' as event from audit_events where entity_id = ${c.id} and action = 'case.transition' order by seq`);
    expect(acts.map((x) => x.event)).toEqual(['accept', 'start', 'reply', 'rate', 'close']);
    expect(acts.find((x) => x.event === 'rate')!.actor).toBeNull();
  });

  it('transfers with a reason to a department, which is told and takes it; merges a duplicate', async () => {
    const c = await raise(collector, { categoryCode: 'facilities', description: '小区门口的路灯坏了，晚上看不见路。' });
    expect(failedFields(await fire(ctx.as.xucun, c.id, { event: 'transfer', version: c.version, input: { target: 'department', departmentId: null } }))).toEqual(['comment']);
    const dept = (await rows<{ id: string }>(db(), sql`select id::text as id from departments where short_name = '民政局' and city_id = (select id from regions where code = '330481')`))[0].id;
    const moved = await fire(ctx.as.xucun, c.id, { event: 'transfer', version: c.version, comment: '属民政局职责', input: { target: 'department', departmentId: dept } });
    expect(moved.statusCode, moved.body).toBe(200);
    const now = await get(ctx.as.minzheng, c.id);
    expect(now).toMatchObject({ state: 'submitted', responsible: { kind: 'department', name: '海宁市民政局' } });
    expect(now.abilities.events).toContain('accept');
    const open = await rows<{ kind: string; department_id: string | null }>(db(), sql`select kind, department_id::text as department_id from case_assignments where case_id = ${c.id}::uuid and closed_at is null`);
    expect(open).toEqual([{ kind: 'department', department_id: dept }]);

    const duplicate = await raise(collector, { categoryCode: 'facilities', description: '路灯坏了，和邻居反映的是同一盏。' });
    expect(failedFields(await fire(ctx.as.xucun, duplicate.id, { event: 'merge', version: duplicate.version, input: { intoNumber: duplicate.number } }))).toEqual(['input.intoNumber']);
    expect((await fire(ctx.as.xucun, duplicate.id, { event: 'merge', version: duplicate.version, input: { intoNumber: c.number } })).statusCode).toBe(200);
    expect((await get(ctx.as.xucun, duplicate.id)).mergedInto?.number).toBe(c.number);
    const follow = (await app().inject({ method: 'GET', url: `/api/v1/public/concerns/${duplicate.trackingNumber}` })).json<{ state: string; mergedInto: string }>();
    expect(follow).toMatchObject({ state: 'merged', mergedInto: c.number });
  });

  it('keeps photos that are images, refuses anything else', async () => {
    const c = await raise(collector, {});
    const png = multipart({}, { name: 'p.png', content: PNG, type: 'image/png' });
    const ok = await call(app(), collector, 'POST', `/api/v1/concerns/${c.id}/photos`, png.payload, png.headers);
    expect(ok.statusCode, ok.body).toBe(201);
    const pdf = multipart({}, { name: 'p.jpg', content: PDF_BYTES, type: 'image/jpeg' });
    expect(failedFields(await call(app(), collector, 'POST', `/api/v1/concerns/${c.id}/photos`, pdf.payload, pdf.headers))).toEqual(['file']);
    const file = await get(ctx.as.xucun, c.id);
    expect(file.photos).toHaveLength(1);
    expect((await call(app(), ctx.as.xucun, 'GET', file.photos[0].url)).statusCode).toBe(200);
    expect((await call(app(), tx.admin, 'GET', file.photos[0].url)).statusCode).toBe(404);
    expectProblem(await call(app(), tx.admin, 'POST', `/api/v1/concerns/${c.id}/photos`, png.payload, png.headers), 404);
  });
});

describe('the public page', () => {
  it('takes a concern without an account, with a sealed phone; spam refused; a flood from one address limited, others still answered', async () => {
    const res = await publicRaise({ reporterPhone: '13900001111', description: '河边路灯坏了，我的电话13900001111。' }, '10.1.1.1');
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json<{ trackingNumber: string; dueOn: string }>();
    const seen = (await app().inject({ method: 'GET', url: `/api/v1/public/concerns/${receipt.trackingNumber}` })).json<{ description: string }>();
    expect(seen.description).toBe('河边路灯坏了，我的电话139****1111。');
    expect(failedFields(await publicRaise({ description: '兼职日结，加微信 abc123' }, '10.1.1.2'))).toEqual(['description']);
    expectProblem(await app().inject({ method: 'GET', url: '/api/v1/public/concerns/MQ-00000-00000-1' }), 404);
    for (let i = 0; i < 10; i++) await publicRaise({}, '10.9.9.9');
    expectProblem(await publicRaise({}, '10.9.9.9'), 429);
    expect((await publicRaise({}, '10.9.9.10')).statusCode).toBe(201);
    expect((await app().inject({ method: 'GET', url: '/api/v1/public/concern-categories?city=330481' })).json<{ items: unknown[] }>().items).toHaveLength(7);
    const towns = (await app().inject({ method: 'GET', url: '/api/v1/public/concern-places?city=330481' })).json<{ items: { level: string }[] }>().items;
    expect(towns.length).toBe(12);
  });
});

describe('the list', () => {
  it('filters by state, category, town, overdue and tracking number in keyset pages, within each caller’s reach', async () => {
    const all: Concern[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(app(), ctx.as.xucun, 'GET', `/api/v1/concerns?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: Concern[]; nextCursor: string | null }>();
      all.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    // A town's staff: every concern of their town (the places of the town), once each, newest first.
    const [count] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from concerns where region_path like ${xucun.path + '%'}`);
    expect(all.length).toBe(count.n);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    const [one] = await rows<{ id: string; tracking_number: string; number: string }>(db(), sql`select case_id::text as id, tracking_number, number from concerns where state = 'merged' and description like '路灯坏了，和邻居反映的是同一盏%'`);
    const q = async (query: string, s: Session = ctx.as.admin) => (await call(app(), s, 'GET', `/api/v1/concerns?limit=100&${query}`)).json<{ items: Concern[] }>().items;
    const merged = await q('state=merged');
    expect(merged.map((c) => c.id)).toContain(one.id);
    expect(merged.every((c) => c.state === 'merged')).toBe(true);
    expect((await q(`q=${encodeURIComponent(one.tracking_number.toLowerCase())}`)).map((c) => c.id)).toEqual([one.id]);
    expect((await q(`q=${one.number}`)).map((c) => c.id)).toEqual([one.id]);
    expect((await q('categoryCode=hardship')).every((c) => c.category.code === 'hardship')).toBe(true);
    expect((await q(`townId=${xucun.id}`)).every((c) => c.town.id === xucun.id)).toBe(true);
    expect((await q('q=消防通道')).length).toBeGreaterThan(0);
    expect((await q('', ctx.as.auditor)).length).toBeGreaterThan(0);
    expect(await q('', tx.admin)).toEqual([]);
    expectProblem(await call(app(), ctx.as.jigou2, 'GET', '/api/v1/concerns'), 403);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/concerns/${one.id}`), 404);
    expectProblem(await call(app(), ctx.as.admin, 'GET', '/api/v1/concerns?cursor=abc'), 422, 'bad_cursor');
    // A new city starts with the default categories.
    expect((await call(app(), tx.admin, 'GET', '/api/v1/concern-categories')).json<{ items: unknown[] }>().items).toHaveLength(7);
  });

  it('holds Haining’s demo: about 2,000 concerns in every state, some overdue and escalated; none in the second city', async () => {
    const states = await rows<{ state: string; n: number }>(db(), sql`select state, count(*)::int as n from concerns where channel <> 'public' or submitted_at < now() - interval '1 hour' group by state order by state`);
    const by = Object.fromEntries(states.map((s) => [s.state, s.n]));
    for (const s of ['submitted', 'accepted', 'handling', 'replied', 'rated', 'closed', 'merged']) expect(by[s], s).toBeGreaterThan(0);
    const total = states.reduce((a, s) => a + s.n, 0);
    expect(total).toBeGreaterThan(1_950);
    const [late] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from concerns where escalated_at is not null and overdue_since is not null`);
    expect(late.n).toBeGreaterThan(5);
    const [second] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from concerns where city_id = ${tx.city.id}::uuid`);
    expect(second.n).toBe(0);
  });
});

describe('time limits and escalation', () => {
  it('counts working days across the National Day holidays and escalates an overdue concern to the office once', async () => {
    const holidays = await rows<{ date: string }>(db(), sql`select date::text as date from calendar_days where kind = 'holiday' and date between '2026-10-01' and '2026-10-08' order by date`);
    expect(holidays.length).toBeGreaterThan(2);
    const restore = setClock({ at: '2026-09-30T10:00:00+08:00' });
    let c: Concern;
    try {
      c = await raise(collector, { description: '节前反映：楼道堆放杂物堵住了消防通道。' });
    } finally {
      restore();
    }
    // A day to accept, counted on the official calendar: the first working day after the holidays.
    const due = await addWorkingDays(db(), '2026-09-30', 1);
    expect(c.dueOn).toBe(due);
    expect(c.dueOn! > holidays[holidays.length - 1].date).toBe(true);

    expect(await escalateOverdueConcerns(db(), c.dueOn!)).toBe(0);
    const dayAfter = await addWorkingDays(db(), c.dueOn!, 1);
    expect(await escalateOverdueConcerns(db(), dayAfter)).toBe(1);
    expect(await escalateOverdueConcerns(db(), dayAfter)).toBe(0);
    const overdue = (await call(app(), ctx.as.xucun, 'GET', '/api/v1/concerns?overdue=true&limit=100')).json<{ items: { id: string; escalated: boolean }[] }>().items;
    expect(overdue).toContainEqual(expect.objectContaining({ id: c.id, escalated: true }));
    const told = await rows<{ username: string }>(db(), sql`select u.username from notifications n join users u on u.id = n.user_id where n.case_id = ${c.id}::uuid and n.kind = 'concern.escalated'`);
    expect(told.map((r) => r.username)).toEqual(['admin']);
    const open = await rows<{ permission: string }>(db(), sql`select permission from case_assignments where case_id = ${c.id}::uuid and closed_at is null order by permission`);
    expect(open.map((a) => a.permission)).toEqual(['concern.handle', 'concern.supervise']);
    const [audits] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where entity_id = ${c.id} and action = 'concern.escalate'`);
    expect(audits.n).toBe(1);

    // Accepting leaves the late step: the mark goes, the office's assignment closes.
    expect((await fire(ctx.as.xucun, c.id, { event: 'accept', version: c.version })).statusCode).toBe(200);
    expect((await call(app(), ctx.as.xucun, 'GET', '/api/v1/concerns?overdue=true&limit=100')).json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(c.id);
  });
});
