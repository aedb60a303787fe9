import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { encodeCursor } from '../../../contracts/common.js';
import { call, expectProblem, useTestApp } from '../../test/harness.js';
import { rows } from '../db/sql.js';
import { inspectInput, inspectRequest, MAX_JSON_DEPTH } from './input-guard.js';

const ctx = useTestApp('admin', 'shenqing');
const app = () => ctx.t.app;

const json = { 'content-type': 'application/json' };
const errorsOf = (res: { json(): unknown }) => (res.json() as { errors: { path: string; message: string }[] }).errors;

async function submittedApplication(): Promise<string> {
  const [c] = await rows<{ id: string }>(app().database.db, sql`select id from cases where case_type = 'application' and state = 'submitted' order by number limit 1`);
  return c.id;
}

describe('inspectInput: what PostgreSQL cannot store, and nesting no recursive code should walk', () => {
  it('finds NUL and lone surrogates in strings and keys, and names the field', () => {
    expect(inspectInput({ a: 'ok', b: ['x', 'y\u0000'] }, 'body')).toMatchObject({ path: 'b.1', messageEn: expect.stringContaining('NUL') });
    expect(inspectInput({ a: '\uD800x' }, 'body')).toMatchObject({ path: 'a', messageEn: expect.stringContaining('surrogate') });
    expect(inspectInput({ a: 'x\uDC00' }, 'body')).toMatchObject({ path: 'a' });
    expect(inspectInput({ n: { 'k\u0000': 1 } }, 'body')).toMatchObject({ path: 'n', messageEn: expect.stringContaining('field name') });
    expect(inspectInput('\u0000', 'body')).toMatchObject({ path: 'body' });
    // A pair is a character (😀), not a lone half.
    expect(inspectInput({ a: '😀𝒜 中文', b: [1, true, null] }, 'body')).toBeNull();
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} and more than 10,000 values, without recursion`, () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    expect(inspectInput(deep, 'body')?.messageEn).toContain('levels deep');
    let ok: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(inspectInput(ok, 'body')).toBeNull();
    expect(inspectInput(Array.from({ length: 10_001 }, () => 0), 'body')?.messageEn).toContain('10000 values');
  });
});

describe('inspectRequest: the cheap checks first, the same answers', () => {
  const get = (url: string, params: Record<string, unknown>, query: unknown = {}, body?: unknown) => inspectRequest({ url, params, query, body });

  it('passes a GET whose only input is its path parameters without walking anything else', () => {
    expect(get('/api/v1/regions/5f0c/children', { id: '5f0c' })).toBeNull();
    // No `?` in the URL: the query is not looked at (the router gives `{}` there anyway).
    expect(get('/api/v1/regions/5f0c/children', { id: '5f0c' }, { ignored: 'a\u0000' })).toBeNull();
  });

  it('names a bad path parameter, query value or body field as the full walk does', () => {
    expect(get('/x/a%00', { id: 'a\u0000' })).toMatchObject({ path: 'id', messageEn: expect.stringContaining('NUL') });
    expect(get('/x?q=%00', {}, { q: '\u0000' })).toMatchObject({ path: 'q' });
    expect(get('/x', {}, {}, { a: [{ b: 'ok' }, { b: '\uDC00' }] })).toMatchObject({ path: 'a.1.b', messageEn: expect.stringContaining('surrogate') });
    expect(get('/x', {}, {}, Buffer.from([0]))).toBeNull();
  });
});

describe('NUL and lone surrogates are refused at the edge for every string (422, the field named)', () => {
  it('in a public query (was 500 from PostgreSQL)', async () => {
    const res = await call(app(), null, 'GET', '/api/v1/public/orgs?q=%00');
    expectProblem(res, 422, 'validation');
    expect(errorsOf(res)).toEqual([{ path: 'q', message: '不能包含空字符（U+0000）' }]);
    expectProblem(await call(app(), null, 'GET', '/api/v1/public/projects?q=a%00b'), 422, 'validation');
    expectProblem(await call(app(), ctx.as.admin, 'GET', '/api/v1/audit/events?actor=%00'), 422, 'validation');
    expectProblem(await call(app(), ctx.as.admin, 'GET', '/api/v1/orgs/export.xlsx?q=%00'), 422, 'validation');
    // A parameter's name, too (an unknown one would otherwise reach the schema's message).
    expectProblem(await call(app(), null, 'GET', '/api/v1/public/orgs?a%00=1'), 422, 'validation');
  });

  it('in a JSON body, nested and in keys, in English too', async () => {
    const id = await submittedApplication();
    const res = await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${id}/comments`, '{"body":"a\\u0000b","visibility":"staff"}', { ...json, 'accept-language': 'en' });
    expectProblem(res, 422, 'validation');
    expect(errorsOf(res)).toEqual([{ path: 'body', message: 'must not contain the NUL character (U+0000)' }]);
    const surrogate = await call(app(), ctx.as.admin, 'PUT', '/api/v1/calendar/days/2026-11-02', '{"kind":"holiday","name":"\\ud800"}', json);
    expectProblem(surrogate, 422, 'validation');
    expect(errorsOf(surrogate)[0].path).toBe('name');
    const key = await call(app(), ctx.as.admin, 'PATCH', '/api/v1/scoring-rubric', '{"criteria":[{"\\u0000":1}]}', json);
    expectProblem(key, 422, 'validation');
    expect(errorsOf(key)[0].path).toBe('criteria.0');
  });

  it('still answers an outsider 401 first: the check runs after the access hook', async () => {
    const id = await submittedApplication();
    expectProblem(await call(app(), null, 'POST', `/api/v1/cases/${id}/comments`, '{"body":"\\u0000"}', json), 401, 'unauthenticated');
  });
});

describe('a transition takes only the input it declares', () => {
  const fire = async (id: string, body: string) => call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${id}/transitions`, body, json);
  const versionOf = async (id: string) => (await rows<{ version: number }>(app().database.db, sql`select version from cases where id = ${id}`))[0].version;

  it('refuses a 20,000-deep input (was a stack overflow), a NUL key, a lone surrogate, and a 3,000-deep one (was stored)', async () => {
    const id = await submittedApplication();
    const v = await versionOf(id);
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    for (const input of [deep(20_000), deep(3000), '{"a\\u0000":1}', '{"a":"\\udc00"}']) {
      expectProblem(await fire(id, `{"event":"accept","version":${v},"input":${input}}`), 422, 'validation');
    }
    expect(await versionOf(id)).toBe(v);
  });

  it('refuses any input for a transition that declares none; `{}` or none at all is fine and nothing is stored', async () => {
    const id = await submittedApplication();
    const v = await versionOf(id);
    const refused = await fire(id, JSON.stringify({ event: 'accept', version: v, input: { note: 'x' } }));
    expectProblem(refused, 422, 'validation');
    expect(errorsOf(refused)).toEqual([{ path: 'input', message: '此操作不接受附加数据（input）' }]);
    expect((await fire(id, JSON.stringify({ event: 'accept', version: v, input: {} }))).statusCode).toBe(200);
    const [step] = await rows<{ input: unknown }>(app().database.db, sql`select input from case_steps where case_id = ${id} order by seq desc limit 1`);
    expect(step.input).toBeNull();
  });
});

describe('a tampered page cursor is 422 bad_cursor, not a 500', () => {
  it('on the public directory (a non-uuid), the audit trail (an out-of-range bigint) and applications (a non-date)', async () => {
    const cases: [string, string][] = [
      [`/api/v1/public/orgs?cursor=${encodeCursor(['某某', 'not-a-uuid'])}`, 'public'],
      [`/api/v1/public/orgs?q=${encodeURIComponent('海宁')}&cursor=${encodeCursor([2, '海宁', 'x'])}`, 'public'],
      [`/api/v1/audit/events?cursor=${encodeCursor([1e30])}`, 'admin'],
      [`/api/v1/applications?cursor=${encodeCursor(['not a date', '00000000-0000-4000-8000-000000000000'])}`, 'admin'],
      [`/api/v1/regions?cursor=${encodeCursor(['330481', 'nope'])}`, 'admin'],
      [`/api/v1/users?cursor=${encodeCursor(['a\u0000'])}`, 'admin'],
      [`/api/v1/projects?cursor=${Buffer.from('[{"a":1}]').toString('base64url')}`, 'admin'],
      [`/api/v1/public/projects?cursor=${encodeCursor([1])}`, 'public'],
    ];
    for (const [url, who] of cases) {
      const res = await call(app(), who === 'admin' ? ctx.as.admin : null, 'GET', url);
      expectProblem(res, 422, 'bad_cursor');
      expect(errorsOf(res)[0].path).toBe('cursor');
    }
  });

  it('and a real cursor still turns the page', async () => {
    const first = (await call(app(), null, 'GET', '/api/v1/public/orgs?limit=2')).json<{ nextCursor: string }>();
    const second = await call(app(), null, 'GET', `/api/v1/public/orgs?limit=2&cursor=${first.nextCursor}`);
    expect(second.statusCode).toBe(200);
    const audit = (await call(app(), ctx.as.admin, 'GET', '/api/v1/audit/events?limit=1')).json<{ nextCursor: string }>();
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/audit/events?limit=1&cursor=${audit.nextCursor}`)).statusCode).toBe(200);
  });
});

describe('malformed multipart is 400 bad_multipart on the upload routes (was 500)', () => {
  const boundary = 'multipart/form-data; boundary=zz';
  const pdf = '%PDF-1.4\n1 0 obj <<>> endobj\n';
  it('without a boundary, cut off in a file or a header, with a NUL field (422)', async () => {
    const url = '/api/v1/org-imports';
    expectProblem(await call(app(), ctx.as.admin, 'POST', url, 'xxxx', { 'content-type': 'multipart/form-data' }), 400, 'bad_multipart');
    expectProblem(await call(app(), ctx.as.admin, 'POST', url, `--zz\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004`, { 'content-type': boundary }), 400, 'bad_multipart');
    expectProblem(await call(app(), ctx.as.admin, 'POST', url, '--zz\r\nContent-Disposition: form-da', { 'content-type': boundary }), 400, 'bad_multipart');
    const [own] = await rows<{ id: string }>(app().database.db, sql`select c.id from cases c join users u on u.id = c.owner_user_id where u.username = 'shenqing' and c.state = 'draft' limit 1`);
    const attach = `/api/v1/cases/${own.id}/attachments`;
    expectProblem(await call(app(), ctx.as.shenqing, 'POST', attach, `--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n${pdf}`, { 'content-type': boundary }), 400, 'bad_multipart');
    const nul = await call(app(), ctx.as.shenqing, 'POST', attach, `--zz\r\nContent-Disposition: form-data; name="item"\r\n\r\na\u0000b\r\n--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n${pdf}\r\n--zz--\r\n`, { 'content-type': boundary });
    expectProblem(nul, 422, 'validation');
    expect(errorsOf(nul)[0].path).toBe('item');
  });
});

describe('errors before routing are problem+json and do not echo the address', () => {
  it('a path parameter over 100 characters is 414; broken percent-encoding is 400', async () => {
    const long = 'q'.repeat(150);
    const res = await call(app(), ctx.as.admin, 'GET', `/api/v1/orgs/${long}`);
    expectProblem(res, 414, 'uri_too_long');
    expect(res.body).not.toContain(long);
    const bad = await call(app(), ctx.as.admin, 'GET', '/api/v1/orgs/%E0%A4%A');
    expectProblem(bad, 400, 'bad_request');
    expect(bad.body).not.toContain('%E0');
  });

  it('an unknown address is 404 problem+json that echoes at most 200 characters of it', async () => {
    const long = `/api/v1/nowhere/${'z'.repeat(5000)}`;
    const res = await call(app(), ctx.as.admin, 'GET', long);
    const body = expectProblem(res, 404, 'route_not_found') as unknown as { detail: string; instance: string };
    expect(res.body.length).toBeLessThan(1500);
    expect(body.instance.length).toBeLessThanOrEqual(201);
    expect(body.detail).toContain('/api/v1/nowhere/zzz');
  });

  it("Node's 431 for headers over 16 KiB is problem+json too (a real socket: inject skips Node's parser)", async () => {
    await app().listen({ port: 0, host: '127.0.0.1' });
    const { port } = app().server.address() as net.AddressInfo;
    const secret = 'h'.repeat(20_000);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${secret}\r\n\r\n`));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'headers_too_large', title: '请求头过大' });
    expect(answer).not.toContain(secret.slice(0, 100));
  });
});
