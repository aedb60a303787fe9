// Issue 17 §4: Open311 GeoReport v2 (JSON) at /open311/v2, field by field against the specification — discovery,
// services, a service's definition, requests (GET with its filters, POST as a form with an api_key), one request,
// tokens; statuses open/closed with status_notes, W3C datetimes, errors as [{ code, description }]; never the
// resident's name, phone or email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { rows } from '../../platform/db/sql.js';
import { call, createTestApp, login, type Session, type TestApp } from '../../test/harness.js';
import { addSecondCity } from '../../test/second-city.js';

let t: TestApp;
let admin: Session;
let xucun: Session;
let community: { id: string; code: string; name: string };
const app = () => t.app;
const ENV_KEY = 'env-key-for-tests-0001';

const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'].sort();
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (fields: Record<string, string>) =>
  app().inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
const get = (url: string) => app().inject({ method: 'GET', url });
function expectErrors(res: LightMyRequestResponse, status: number): string {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ code: number; description: string }[]>();
  expect(Array.isArray(body)).toBe(true);
  expect(body.length).toBeGreaterThan(0);
  for (const e of body) expect(Object.keys(e).sort()).toEqual(['code', 'description']);
  expect(body[0].code).toBe(status);
  return body[0].description;
}
const valid = () => ({ api_key: ENV_KEY, service_code: 'environment', 'attribute[region]': community.code, lat: '30.4301', long: '120.5502', address_string: '某某路 12 号', description: '桥下堆了很多建筑垃圾，已经好几天了。', first_name: '小明', last_name: '李', phone: '13966667777', email: 'li@example.com' });

beforeAll(async () => {
  t = await createTestApp({ OPEN311_API_KEYS: `other-key, ${ENV_KEY}` });
  admin = await login(t.app, 'admin');
  xucun = await login(t.app, 'xucun');
  [community] = await rows<{ id: string; code: string; name: string }>(t.app.database.db, sql`select id::text as id, code, name from regions where level = 'community' and code like '330481101%' order by code limit 1`);
});
afterAll(async () => t?.close());

describe('Open311 GeoReport v2', () => {
  it('discovery.json names the specification, the endpoint and its format', async () => {
    const res = await get('/open311/v2/discovery.json');
    expect(res.statusCode).toBe(200);
    const d = res.json<{ changeset: string; contact: string; key_service: string; endpoints: Record<string, unknown>[] }>();
    expect(Object.keys(d).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    expect(d.changeset).toMatch(W3C);
    expect(d.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost:80/open311/v2', changeset: d.changeset, type: 'production', formats: ['application/json'] }]);
  });

  it('services.json lists the city’s categories; services/{code}.json their place attribute', async () => {
    const res = await get('/open311/v2/services.json');
    expect(res.statusCode).toBe(200);
    const services = res.json<Record<string, unknown>[]>();
    expect(services.map((s) => s.service_code)).toEqual(['environment', 'facilities', 'safety', 'elderly', 'hardship', 'dispute', 'other']);
    expect(services[0]).toEqual({ service_code: 'environment', service_name: '环境卫生', description: '垃圾堆放、污水、噪声、绿化等', metadata: true, type: 'realtime', keywords: '', group: '民情' });
    expect((await get('/open311/v2/services.json?jurisdiction_id=330481')).json()).toEqual(services);
    expectErrors(await get('/open311/v2/services.json?jurisdiction_id=999999'), 404);
    const def = (await get('/open311/v2/services/environment.json')).json<{ service_code: string; attributes: { code: string; datatype: string; values: { key: string; name: string }[] }[] }>();
    expect(def.service_code).toBe('environment');
    expect(def.attributes[0]).toMatchObject({ variable: true, code: 'region', datatype: 'singlevaluelist', required: false, order: 1 });
    expect(def.attributes[0].values).toContainEqual({ key: community.code, name: community.name });
    expectErrors(await get('/open311/v2/services/nosuch.json'), 404);
  });

  it('POST requests.json takes a form with an api_key, seals the resident’s contact and answers id, token and the tracking number', async () => {
    expect(expectErrors(await post({ ...valid(), api_key: '' }), 400)).toBe('api_key is required');
    expect(expectErrors(await post({ ...valid(), api_key: 'wrong' }), 403)).toBe('api_key is invalid');
    expect(expectErrors(await post({ ...valid(), service_code: '' }), 400)).toBe('service_code is required');
    expectErrors(await post({ ...valid(), service_code: 'nosuch' }), 404);
    expectErrors(await post({ ...valid(), lat: '91' }), 400);
    expectErrors(await post({ ...valid(), 'attribute[region]': '', address_string: '' , lat: '', long: '' }), 400);
    expectErrors(await post({ ...valid(), description: '加微信 abc 兼职日结' }), 400);

    const res = await post(valid());
    expect(res.statusCode, res.body).toBe(201);
    const [answer] = res.json<{ service_request_id: string; token: string; service_notice: string; account_id: null }[]>();
    expect(Object.keys(answer).sort()).toEqual(['account_id', 'service_notice', 'service_request_id', 'token']);
    expect(answer.service_request_id).toMatch(/^MQ\d{9}$/);
    expect(answer.service_notice).toMatch(/MQ-[0-9A-Z]{5}-[0-9A-Z]{5}-/);

    const one = await get(`/open311/v2/requests/${answer.service_request_id}.json`);
    expect(one.statusCode).toBe(200);
    const [r] = one.json<Record<string, unknown>[]>();
    expect(Object.keys(r).sort()).toEqual(REQUEST_FIELDS);
    expect(r).toMatchObject({ service_request_id: answer.service_request_id, status: 'open', status_notes: '待受理', service_code: 'environment', service_name: '环境卫生', description: '桥下堆了很多建筑垃圾，已经好几天了。', agency_responsible: '许村镇', address: '某某路 12 号', lat: 30.4301, long: 120.5502 });
    expect(r.requested_datetime).toMatch(W3C);
    expect(r.updated_datetime).toMatch(W3C);
    expect(r.expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T17:30:00\+08:00$/);
    expect(one.body).not.toMatch(/13966667777|example\.com|小明|李小明/);
    expect((await get(`/open311/v2/tokens/${answer.token}.json`)).json()).toEqual([{ service_request_id: answer.service_request_id, token: answer.token }]);
    expectErrors(await get('/open311/v2/tokens/nosuch.json'), 404);
    expectErrors(await get('/open311/v2/requests/MQ209900001.json'), 404);
    const [stored] = await rows<{ channel: string; phone: string; masked: string }>(t.app.database.db, sql`select channel, reporter_phone_sealed as phone, reporter_phone_masked as masked from concerns where number = ${answer.service_request_id}`);
    expect(stored).toMatchObject({ channel: 'open311', masked: '139****7777' });
    expect(stored.phone).not.toContain('13966667777');

    // A community named in address_string stands for attribute[region].
    const byAddress = await post({ ...valid(), 'attribute[region]': '', address_string: `许村镇${community.name}东门` });
    expect(byAddress.statusCode, byAddress.body).toBe(201);
  });

  it('GET requests.json filters by id, service_code, status and dates; closed once replied, the reply in status_notes', async () => {
    const [first] = (await post(valid())).json<{ service_request_id: string }[]>();
    const [second] = (await post({ ...valid(), service_code: 'facilities', description: '健身器材的螺丝松了，有安全隐患。' })).json<{ service_request_id: string }[]>();
    const ids = (res: LightMyRequestResponse) => res.json<{ service_request_id: string }[]>().map((x) => x.service_request_id);
    expect(ids(await get(`/open311/v2/requests.json?service_request_id=${first.service_request_id},${second.service_request_id}`)).sort()).toEqual([first.service_request_id, second.service_request_id].sort());
    const facilities = ids(await get('/open311/v2/requests.json?service_code=facilities'));
    expect(facilities).toContain(second.service_request_id);
    expect(facilities).not.toContain(first.service_request_id);
    expect(ids(await get('/open311/v2/requests.json?status=open'))).toContain(first.service_request_id);

    // Reply to the first through the engine: it is closed for Open311, the reply in status_notes.
    const [c] = await rows<{ id: string; version: number }>(t.app.database.db, sql`select c.id::text as id, c.version from cases c where c.number = ${first.service_request_id}`);
    expect((await call(app(), xucun, 'POST', `/api/v1/cases/${c.id}/transitions`, { event: 'accept', version: c.version })).statusCode).toBe(200);
    expect((await call(app(), xucun, 'POST', `/api/v1/cases/${c.id}/transitions`, { event: 'reply', version: c.version + 1, input: { reply: '已清运完毕，请李先生 13966667777 查看。' } })).statusCode).toBe(200);
    const [closed] = (await get(`/open311/v2/requests/${first.service_request_id}.json`)).json<{ status: string; status_notes: string }[]>();
    expect(closed).toEqual(expect.objectContaining({ status: 'closed', status_notes: '已答复：已清运完毕，请李先生 139****7777 查看。' }));
    expect(ids(await get('/open311/v2/requests.json?status=closed'))).toContain(first.service_request_id);
    expect(ids(await get('/open311/v2/requests.json?status=open'))).not.toContain(first.service_request_id);

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(ids(await get(`/open311/v2/requests.json?start_date=${today}T00:00:00%2B08:00`))).toContain(first.service_request_id);
    expect(ids(await get('/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z'))).toEqual([]);
    expectErrors(await get('/open311/v2/requests.json?start_date=yesterday'), 400);
    expectErrors(await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400);
    expectErrors(await get('/open311/v2/requests.json?status=pending'), 400);
  });

  it('takes the keys the office issues until revoked; with a second city, jurisdiction_id is needed', async () => {
    const issued = await call(app(), admin, 'POST', '/api/v1/open311-keys', { name: '海宁民情小程序' });
    expect(issued.statusCode, issued.body).toBe(201);
    const key = issued.json<{ id: string; key: string }>();
    expect((await post({ ...valid(), api_key: key.key })).statusCode).toBe(201);
    expect(expectErrors(await post({ ...valid(), api_key: key.key, jurisdiction_id: '330483' }), 403)).toContain('jurisdiction');
    expect((await call(app(), xucun, 'POST', '/api/v1/open311-keys', { name: '镇里的' })).statusCode).toBe(403);
    const [row] = await rows<{ key_hash: string }>(t.app.database.db, sql`select key_hash from open311_api_keys where id = ${key.id}::uuid`);
    expect(row.key_hash).not.toContain(key.key);
    expect((await call(app(), admin, 'POST', `/api/v1/open311-keys/${key.id}/revoke`, {})).statusCode).toBe(200);
    expectErrors(await post({ ...valid(), api_key: key.key }), 403);

    const second = await addSecondCity(app());
    expectErrors(await get('/open311/v2/services.json'), 400);
    expect((await get('/open311/v2/services.json?jurisdiction_id=330483')).json<unknown[]>()).toHaveLength(7);
    // Another city's office does not see Haining's key.
    expect((await call(app(), second.admin, 'GET', '/api/v1/open311-keys')).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await call(app(), second.admin, 'POST', `/api/v1/open311-keys/${key.id}/revoke`, {})).statusCode).toBe(404);
    expectErrors(await post({ ...valid(), jurisdiction_id: '330483' }), 400);
  });
});
