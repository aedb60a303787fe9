// Issue 17 §3 on the server: a social worker's phone reads this season's assignments, uploads photos (images only,
// a retry answers the same file), then syncs its queue — one record or a batch of 500, each with the phone's UUID, so
// a record synced twice is kept once and one bad record never blocks the rest. Staff read the records in their reach
// and each resource's hours.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/sql.js';
import { call, expectProblem, failedFields, regionByCode, useTestApp } from '../../../test/harness.js';
import { multipart, PDF_BYTES } from '../../applications/application-factories.js';
import { seasonWindow } from './field-records.js';
import { TARGET_GROUPS } from '../../../../contracts/target-groups.js';

const ctx = useTestApp('shegong', 'jigou1', 'jigou2', 'admin', 'xucun');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Mine {
  items: { id: string; resource: { kind: string; id: string }; role: string; community: { id: string }; grids: { id: string }[]; records: number }[];
}
interface Rec {
  id: string;
  clientKey: string;
  minutes: number;
  beneficiaryTotal: number;
  photos: { id: string; url: string }[];
  town: { id: string };
  grid: { id: string } | null;
}
interface Sync {
  items: { index: number; clientKey: string | null; status: string; record: Rec | null; errors: { path: string; message: string }[] }[];
  created: number;
  alreadySynced: number;
  refused: number;
}

// The latest season of 2026 that has begun, and a check-in an hour ago (or an hour before the season ended).
const now = Date.now();
const season = [4, 3, 2, 1].find((s) => seasonWindow(2026, s).from.getTime() < now) ?? 1;
const window = seasonWindow(2026, season);
const checkIn = (minutesEarlier = 0) => new Date(Math.min(now, window.to.getTime()) - 3_600_000 - minutesEarlier * 60_000).toISOString();
let mine: Mine['items'];
const record = (over: Record<string, unknown> = {}) => ({
  clientKey: randomUUID(),
  assignmentId: mine[0].id,
  checkedInAt: checkIn(),
  location: { lat: 30.51, lng: 120.68, accuracy: 12 },
  role: mine[0].role,
  kind: 'concernVisit',
  minutes: 90,
  participants: 14,
  beneficiaries: { elderly: 6, hardship: 2 },
  note: '走访独居老人',
  ...over,
});
const upload = (session: typeof ctx.as.shegong, fields: Record<string, string>, file: { name: string; content: Buffer; type: string }) => {
  const m = multipart(fields, file);
  return call(app(), session, 'POST', '/api/v1/rotation/records/photos', m.payload, m.headers);
};

beforeAll(async () => {
  const res = await call(app(), ctx.as.shegong, 'GET', `/api/v1/rotation/mine/assignments?year=2026&season=${season}`);
  expect(res.statusCode, res.body).toBe(200);
  mine = res.json<Mine>().items;
});

describe('a social worker’s phone', () => {
  it('reads the season’s own assignments with their grids; staff without rotation.record are refused', async () => {
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.resource.kind === 'socialWorker' && a.grids.length >= 3)).toBe(true);
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/rotation/mine/assignments?year=2026&season=${season}`), 403);
  });

  it('uploads photos (a retry with the same key answers the same file; a PDF is refused) and records once, however often it syncs', async () => {
    const key = randomUUID();
    const first = await upload(ctx.as.shegong, { clientKey: key }, { name: 'a.png', content: PNG, type: 'image/png' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await upload(ctx.as.shegong, { clientKey: key }, { name: 'a.png', content: PNG, type: 'image/png' });
    expect([again.statusCode, again.json<{ id: string }>().id]).toEqual([200, first.json<{ id: string }>().id]);
    expect(failedFields(await upload(ctx.as.shegong, {}, { name: 'fake.png', content: PDF_BYTES, type: 'image/png' }))).toEqual(['file']);
    expectProblem(await upload(ctx.as.admin, {}, { name: 'a.png', content: PNG, type: 'image/png' }), 403);
    const photoId = first.json<{ id: string }>().id;

    const body = record({ photoIds: [photoId], gridId: mine[0].grids[0].id });
    const created = await call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records', body);
    expect(created.statusCode, created.body).toBe(201);
    const rec = created.json<Rec>();
    expect(rec).toMatchObject({ clientKey: body.clientKey, minutes: 90, beneficiaryTotal: 8, grid: { id: mine[0].grids[0].id } });
    expect(rec.photos.map((p) => p.id)).toEqual([photoId]);
    const replay = await call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records', body);
    expect([replay.statusCode, replay.json<Rec>().id]).toEqual([200, rec.id]);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from rotation_service_records where client_key = ${body.clientKey}`);
    expect(n).toBe(1);

    // someone else's assignment is missing to them; a bad field is named; the photo is on a record already
    expectProblem(await call(app(), ctx.as.jigou1, 'POST', '/api/v1/rotation/records', record()), 404);
    expect(failedFields(await call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records', record({ minutes: 0, kind: 'party' })))).toEqual(['kind', 'minutes']);
    expect(failedFields(await call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records', record({ photoIds: [photoId] })))).toEqual(['photoIds.0']);
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/rotation/records', record()), 403);

    // staff and the recorder see the photo; another organization's member does not
    expect((await call(app(), ctx.as.xucun, 'GET', rec.photos[0].url)).statusCode).toBe(200);
    expect((await call(app(), ctx.as.shegong, 'GET', rec.photos[0].url)).statusCode).toBe(200);
    expectProblem(await call(app(), ctx.as.jigou2, 'GET', rec.photos[0].url), 404);
  });

  it('syncs a queue of 500: each record on its own, a repeat counted once, the bad ones refused with their reasons', async () => {
    const otherPhoto = (await upload(ctx.as.jigou1, {}, { name: 'b.png', content: PNG, type: 'image/png' })).json<{ id: string }>().id;
    // Full records, every 6+1 group counted: a batch of 500 is then more values than the input guard allows a body in
    // general (10,000), and the route must still take it.
    const everyGroup = Object.fromEntries(TARGET_GROUPS.map((g, k) => [g, k + 1]));
    const queue: unknown[] = Array.from({ length: 494 }, (_, i) => record({ assignmentId: mine[i % mine.length].id, role: mine[i % mine.length].role, checkedInAt: checkIn(i), minutes: 30 + (i % 5) * 15, beneficiaries: everyGroup }));
    const repeated = queue[7];
    queue.push(
      repeated, // the same record twice in one batch
      record({ checkedInAt: '2025-06-01T10:00:00+08:00' }), // outside the season
      record({ checkedInAt: new Date(now + 86_400_000).toISOString() }), // ahead of the server's clock
      record({ photoIds: [otherPhoto] }), // not the caller's photo
      record({ gridId: randomUUID() }), // not a grid of the community
      { clientKey: 'not-a-uuid', note: 5 },
    );
    const started = performance.now();
    const res = await call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records/sync', { records: queue });
    const ms = performance.now() - started;
    console.info(`field records: synced a queue of ${queue.length} in ${ms.toFixed(0)} ms`);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const out = res.json<Sync>();
    expect([out.created, out.alreadySynced, out.refused]).toEqual([494, 1, 5]);
    expect(out.items[494]).toMatchObject({ status: 'alreadySynced', record: { id: out.items[7].record!.id } });
    expect(out.items.slice(495).map((i) => [i.status, i.errors.map((e) => e.path)])).toEqual([
      ['refused', ['checkedInAt']],
      ['refused', ['checkedInAt']],
      ['refused', ['photoIds.0']],
      ['refused', ['gridId']],
      ['refused', expect.arrayContaining(['clientKey', 'assignmentId', 'note'])],
    ]);
    expect(out.items[495].errors[0].message).toContain('季度内');

    // The phone lost the answer and syncs the same queue again: nothing counts twice.
    const again = (await call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records/sync', { records: queue })).json<Sync>();
    expect([again.created, again.alreadySynced, again.refused]).toEqual([0, 495, 5]);
    expect(again.items[3].record!.id).toBe(out.items[3].record!.id);
    const keys = queue.slice(0, 494).map((q) => (q as { clientKey: string }).clientKey);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from rotation_service_records where client_key::text = any(string_to_array(${keys.join(',')}, ','))`);
    expect(n).toBe(494);
    const [{ events }] = await rows<{ events: number }>(db(), sql`select count(*)::int as events from audit_events where action = 'rotation.recordsSynced' and (detail->>'created')::int = 494`);
    expect(events).toBe(1);
    expectProblem(await call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records/sync', { records: new Array(501).fill({}) }), 422);
  });

  it('keeps a record once when two devices of one account sync the same queue at the same moment', async () => {
    const photo = (await upload(ctx.as.shegong, {}, { name: 'c.png', content: PNG, type: 'image/png' })).json<{ id: string }>().id;
    const queue = Array.from({ length: 20 }, (_, i) => record({ checkedInAt: checkIn(i) }));
    // The same photo on two different records: whichever syncs first keeps it, the other is refused on the field.
    const a = [...queue, record({ photoIds: [photo] })];
    const b = [...queue, record({ photoIds: [photo] })];
    const [x, y] = (await Promise.all([a, b].map((records) => call(app(), ctx.as.shegong, 'POST', '/api/v1/rotation/records/sync', { records })))).map((r) => r.json<Sync>());
    expect([x.created + y.created, x.alreadySynced + y.alreadySynced, x.refused + y.refused]).toEqual([21, 20, 1]);
    expect([...x.items, ...y.items].find((i) => i.status === 'refused')!.errors.map((e) => e.path)).toEqual(['photoIds.0']);
    const keys = queue.map((q) => q.clientKey);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from rotation_service_records where client_key::text = any(string_to_array(${keys.join(',')}, ','))`);
    expect(n).toBe(20);
  });
});

describe('staff', () => {
  it('list the records in their reach in keyset pages, and read a resource’s hours; an assignee without rotation.read is refused', async () => {
    const worker = mine[0].resource;
    const xucun = await regionByCode(app(), '330481101');
    const q = `/api/v1/rotation/records?year=2026&season=${season}&resourceKind=socialWorker&resourceId=${worker.id}`;
    const p1 = await call(app(), ctx.as.admin, `GET`, `${q}&limit=50`);
    expect(p1.statusCode, p1.body).toBe(200);
    const page1 = p1.json<{ items: Rec[]; nextCursor: string }>();
    expect(page1.items).toHaveLength(50);
    const page2 = (await call(app(), ctx.as.admin, 'GET', `${q}&limit=50&cursor=${page1.nextCursor}`)).json<{ items: Rec[] }>();
    expect(page2.items.some((r) => page1.items.some((x) => x.id === r.id))).toBe(false);
    // a town reads its own communities' records only
    const town = (await call(app(), ctx.as.xucun, 'GET', `/api/v1/rotation/records?year=2026&limit=100`)).json<{ items: Rec[] }>();
    expect(town.items.length).toBeGreaterThan(0);
    expect(town.items.every((r) => r.town.id === xucun.id)).toBe(true);
    const [outside] = await rows<{ id: string }>(db(), sql`select community_id as id from rotation_service_records where town_id <> ${xucun.id} limit 1`);
    expect((await call(app(), ctx.as.xucun, 'GET', `/api/v1/rotation/records?year=2026&communityId=${outside.id}`)).json<{ items: Rec[] }>().items).toEqual([]);
    expectProblem(await call(app(), ctx.as.shegong, 'GET', '/api/v1/rotation/records?year=2026'), 403);
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/rotation/records?year=2026&cursor=xyz`), 422, 'bad_cursor');

    type Totals = { seasons: { season: number; records: number; minutes: number; hours: number; byGroup: Record<string, number> }[]; total: { records: number; minutes: number; hours: number } };
    const own = await call(app(), ctx.as.shegong, 'GET', `/api/v1/rotation/resources/socialWorker/${worker.id}/records/totals?year=2026`);
    expect(own.statusCode, own.body).toBe(200);
    const totals = own.json<Totals>();
    const [db1] = await rows<{ n: number; m: number; e: number }>(db(), sql`select count(*)::int as n, sum(minutes)::int as m, coalesce(sum((beneficiaries->>'elderly')::int), 0)::int as e from rotation_service_records where resource_id = ${worker.id} and year = 2026 and season = ${season}`);
    const s = totals.seasons[season - 1];
    expect([s.records, s.minutes, s.hours, s.byGroup.elderly]).toEqual([db1.n, db1.m, Math.round(db1.m / 6) / 10, db1.e]);
    expect(totals.total.records).toBeGreaterThanOrEqual(495);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/rotation/resources/socialWorker/${worker.id}/records/totals?year=2026`)).json<Totals>().total).toEqual(totals.total);
    expectProblem(await call(app(), ctx.as.jigou2, 'GET', `/api/v1/rotation/resources/socialWorker/${worker.id}/records/totals?year=2026`), 404);
  });

  it('have the demo’s few thousand records of 2026 to read', async () => {
    const [{ n, towns }] = await rows<{ n: number; towns: number }>(db(), sql`select count(*)::int as n, count(distinct town_id)::int as towns from rotation_service_records where recorded_by is null or recorded_by not in (select user_id from sessions)`);
    console.info(`field records: the demo holds ${n} records in ${towns} towns`);
    expect(n).toBeGreaterThan(2000);
    expect(towns).toBe(12);
  });
});
