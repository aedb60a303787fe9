// Issue 17 §4, the public page's photos: a resident adds photos to the concern they raised with its tracking number
// (no account), images only as the bytes say, at most six, until the concern is answered; the staff see them on the
// file, the public answer never does.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp } from '../../test/harness.js';
import { multipart, PDF_BYTES } from '../applications/application-factories.js';

const ctx = useTestApp('admin', 'xucun');
const app = () => ctx.t.app;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
let community: { id: string };

const raise = async (remoteAddress: string) => {
  const res = await app().inject({ method: 'POST', url: '/api/v1/public/concerns', remoteAddress, payload: { categoryCode: 'environment', regionId: community.id, description: '小区门口的垃圾桶倒了，垃圾散落一地。' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ trackingNumber: string }>().trackingNumber;
};
const upload = (tracking: string, file: { name: string; content: Buffer; type: string }, remoteAddress = '10.7.0.1') => {
  const m = multipart({}, file);
  return app().inject({ method: 'POST', url: `/api/v1/public/concerns/${tracking}/photos`, payload: m.payload, headers: m.headers, remoteAddress });
};
const png = (name = '现场.png') => ({ name, content: PNG, type: 'image/png' });

beforeAll(async () => {
  [community] = await rows<{ id: string }>(ctx.t.app.database.db, sql`select id::text as id from regions where level = 'community' and path like (select path from regions where code = '330481101') || '%' order by code limit 1`);
});

describe('photos on the public page', () => {
  it('keeps images by their content, bound to the tracking number; the staff see them, the public answer does not', async () => {
    const tracking = await raise('10.7.0.1');
    const ok = await upload(tracking.toLowerCase(), png());
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ fileName: '现场.png', photos: 1 });
    // A PDF renamed .jpg is not an image.
    expect(failedFields(await upload(tracking, { name: 'p.jpg', content: PDF_BYTES, type: 'image/jpeg' }))).toEqual(['file']);
    // A typo in the number (its check symbol catches it) and an unknown number are 404.
    expectProblem(await upload('MQ-00000-00000-1', png()), 404);
    const [found] = await rows<{ case_id: string }>(ctx.t.app.database.db, sql`select case_id::text from concerns where tracking_number = ${tracking}`);
    const file = (await call(app(), ctx.as.xucun, 'GET', `/api/v1/concerns/${found.case_id}`)).json<{ photos: { fileName: string; url: string }[] }>();
    expect(file.photos.map((p) => p.fileName)).toEqual(['现场.png']);
    expect((await call(app(), ctx.as.xucun, 'GET', file.photos[0].url)).statusCode).toBe(200);
    const seen = await app().inject({ method: 'GET', url: `/api/v1/public/concerns/${tracking}` });
    expect(seen.body).not.toMatch(/photos|现场\.png/);
    // The audit trail has it, with no actor.
    const [audit] = await rows<{ actor: string | null; channel: string }>(ctx.t.app.database.db, sql`select actor_user_id::text as actor, detail->>'channel' as channel from audit_events where entity_id = ${found.case_id} and action = 'concern.photo'`);
    expect(audit).toEqual({ actor: null, channel: 'public' });
  });

  it('at most six, and none once the concern is answered', async () => {
    const tracking = await raise('10.7.0.2');
    for (let i = 1; i <= 6; i++) expect((await upload(tracking, png(`${i}.png`), '10.7.0.2')).statusCode).toBe(201);
    expect(failedFields(await upload(tracking, png('7.png'), '10.7.0.2'))).toEqual(['file']);
    const second = await raise('10.7.0.3');
    const [c] = await rows<{ case_id: string }>(ctx.t.app.database.db, sql`select case_id::text from concerns where tracking_number = ${second}`);
    let version = 1;
    for (const [event, input] of [['accept'], ['start'], ['reply', { reply: '已安排保洁人员清理完毕。' }]] as const) {
      const res = await call(app(), ctx.as.xucun, 'POST', `/api/v1/cases/${c.case_id}/transitions`, { event, version, input });
      expect(res.statusCode, res.body).toBe(200);
      version += 1;
    }
    expectProblem(await upload(second, png(), '10.7.0.3'), 409, 'invalid_state');
  });

  it('is rate-limited per address', async () => {
    const tracking = await raise('10.7.0.9');
    let last = 0;
    for (let i = 0; i < 41; i++) last = (await upload('MQ-00000-00000-1', png(), '10.7.0.9')).statusCode;
    expect(last).toBe(429);
    expect((await upload(tracking, png(), '10.7.0.10')).statusCode).toBe(201);
  });
});
