import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { login, useTestApp, type Session } from '../../test/harness.js';
import { rows } from '../db/sql.js';

/**
 * Bad input gets 4xx, never 5xx (issue 13 §3). Every operation of /api/openapi.json, signed in as a demo
 * user who may call it, receives malformed requests: wrong types, missing fields, huge and odd strings, NUL,
 * lone surrogates, deep and wide nesting, broken JSON, bad path parameters, tampered cursors, broken
 * multipart. Not one may answer 5xx, and every error must be problem+json. Deterministic: the odd strings
 * fast-check adds come from a fixed seed, and the operations run in the document's order.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Probe {
  label: string;
  path?: Record<string, string>;
  query?: string;
  body?: string;
  contentType?: string;
}

const USERS = ['admin', 'shenqing', 'jigou1', 'zhuanjia1', 'dudao1', 'minzheng'] as const;
type User = (typeof USERS)[number];
const ctx = useTestApp(...USERS);
const app = () => ctx.t.app;

const SEED = 20261206;
const NUL = 'a\u0000b';
const LONE_HIGH = 'x\uD800y';
const LONE_LOW = '\uDC00';
const HUGE = '长'.repeat(100_000);
const ODD = ['', ' ', '😀𝒜ＡＢＣ', '\u202Eevil\u202C', '\uFEFF\u200B', "'; drop table orgs; --", '<script>alert(1)</script>', '%00', '\\u0000', '../../etc/passwd', '\r\n\t', 'null'];
// A few more from fast-check, any code point (lone surrogates included) — the same ones every run.
const GENERATED = fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { seed: SEED, numRuns: 3 });
const STRINGS: [string, string][] = [
  ['nul', NUL],
  ['lone high surrogate', LONE_HIGH],
  ['lone low surrogate', LONE_LOW],
  ['huge', HUGE],
  ...ODD.map((s, i): [string, string] => [`odd ${i}`, s]),
  ...GENERATED.map((s, i): [string, string] => [`fast-check ${i}`, s]),
];
const WRONG_TYPES: unknown[] = [12345, -1, 1e308, 0.5, true, null, [], {}, 'text', ['a', 1], { a: { b: 1 } }];

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const CURSORS = [
  'nonsense!!',
  '%00',
  b64(['x', 'not-a-uuid']),
  b64([1e30]),
  b64([-1]),
  b64(['9'.repeat(400)]),
  b64([Number.MAX_SAFE_INTEGER + 10]),
  b64(['not a date', '00000000-0000-4000-8000-000000000000']),
  b64(['0000-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000000']),
  b64([3, 'name', 'not-a-uuid']),
  b64([{ a: 1 }]),
  b64([]),
  b64(['a\u0000b', '00000000-0000-4000-8000-000000000000']),
  b64('just a string'),
  b64(null),
  Buffer.from('{"a":').toString('base64url'),
  Buffer.from('["\\ud800", "00000000-0000-4000-8000-000000000000"]').toString('base64url'),
];
const BAD_PATH_VALUES = ['not-a-uuid', '%00', 'a%00b', '%ED%A0%80', '%E0%A4%A', 'x'.repeat(101), '..%2F..%2Fetc%2Fpasswd', '00000000-0000-0000-0000-000000000000', '8d6f5b1e-0000-4000-8000-000000000000', '-1', '9'.repeat(30), '%F0%9F%98%80', '1e3'];

function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A plausible value for a schema: enums' first member, formats filled in, every property present. */
function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((o) => o.type !== 'null') ?? options[0], depth);
  if (schema.allOf?.length) return sample(schema.allOf[0], depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return '0b7f5d9a-1c2e-4a3b-8c4d-5e6f7a8b9c0d';
      if (schema.format === 'date') return '2026-06-15';
      if (schema.format === 'date-time') return '2026-06-15T08:00:00.000Z';
      return '测试内容'.repeat(Math.max(1, Math.ceil((schema.minLength ?? 1) / 4))).slice(0, Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 4, 4)));
    case 'integer':
    case 'number':
      return schema.minimum !== undefined && schema.minimum > 1 ? schema.minimum : Math.min(1, schema.maximum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, Math.min(schema.minItems ?? 1, 3)) }, () => sample(schema.items, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) out[k] = sample(s, depth + 1);
      if (!schema.properties && typeof schema.additionalProperties === 'object') out.key = sample(schema.additionalProperties, depth + 1);
      return out;
    }
    default:
      return 'x';
  }
}

/** Paths of the string values in a sampled body (object keys and array indexes). */
function stringPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value === 'string') out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => stringPaths(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) stringPaths(v, [...path, k], out);
  return out;
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  node[path[path.length - 1]] = replacement;
  return copy;
}

/** JSON with lone surrogates and NUL kept as escapes, as a client would send them. */
const json = (v: unknown) => JSON.stringify(v);
const query = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
    .join('&');

/** Percent-encodes what may be encoded (lone surrogates cannot: encodeURIComponent throws) — those go raw-escaped as invalid UTF-8. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

function probesFor(op: Operation, dangerous: boolean, given?: { body?: unknown; patch?: Record<string, unknown> }): Probe[] {
  const probes: Probe[] = [];
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const requiredQuery: Record<string, string> = {};
  for (const p of queryParams.filter((q) => q.required)) requiredQuery[p.name] = enc(String(sample(p.schema)));

  // Unknown parameters, and every string — keys too — checked at the edge.
  probes.push({ label: 'query: unknown NUL parameter', query: query({ ...requiredQuery, zz: '%00' }) });
  probes.push({ label: 'query: NUL in a parameter name', query: `${query(requiredQuery)}&a%00b=1` });
  probes.push({ label: 'query: broken percent-encoding', query: `${query(requiredQuery)}&zz=%E0%A4%A` });

  for (const p of pathParams) {
    for (const bad of BAD_PATH_VALUES) probes.push({ label: `path ${p.name}=${bad.slice(0, 20)}`, path: { [p.name]: bad } });
  }

  for (const p of queryParams) {
    const values: [string, string][] = [
      ['nul', '%00'],
      ['nul inside', 'a%00b'],
      ['invalid utf-8 (a surrogate)', '%ED%A0%80'],
      ['huge', 'x'.repeat(20_000)],
      ['empty', ''],
      ['wrong type', 'abc'],
      ['number overflow', '9'.repeat(40)],
      ['negative', '-1'],
      ['exponent', '1e999'],
      ['odd', enc('😀\u202E<script>')],
      ['bad uuid', '00000000-0000-0000-0000-00000000000g'],
    ];
    if (p.name === 'cursor') for (const c of CURSORS) values.push([`cursor ${c.slice(0, 16)}`, c]);
    for (const [label, v] of values) probes.push({ label: `query ${p.name}: ${label}`, query: query({ ...requiredQuery, [p.name]: v }) });
    probes.push({ label: `query ${p.name}: repeated`, query: `${query(requiredQuery)}&${p.name}=a&${p.name}=b` });
  }
  for (const name of Object.keys(requiredQuery)) {
    const { [name]: _missing, ...rest } = requiredQuery;
    probes.push({ label: `query: missing ${name}`, query: query(rest) });
  }

  if (bodySchema) {
    const sampled = sample(bodySchema);
    const base = given?.body ?? (given?.patch && sampled && typeof sampled === 'object' ? { ...sampled, ...given.patch } : sampled);
    const raw: [string, string, string?][] = [
      ['body: not JSON', '{"a":'],
      ['body: empty', ''],
      ['body: null', 'null'],
      ['body: array', '[1,2]'],
      ['body: string', '"text"'],
      ['body: number', '42'],
      ['body: NUL key', '{"a\\u0000":1}'],
      ['body: lone surrogate key', '{"\\ud800":1}'],
      ['body: 40 deep', deepJson(40)],
      ['body: 100,000 deep', deepJson(100_000)],
      ['body: 100,000 deep arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['body: 20,000 keys', `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`],
      ['body: __proto__', '{"__proto__":{"isAdmin":true}}'],
      ['body: as text/plain', json(base), 'text/plain'],
      ['body: as form', 'a=1&b=2', 'application/x-www-form-urlencoded'],
      ['body: over 1 MiB', json({ a: 'x'.repeat(1_100_000) })],
    ];
    for (const [label, body, contentType] of raw) probes.push({ label, body, contentType });

    if (base && typeof base === 'object' && !Array.isArray(base)) {
      const fields = Object.keys(base);
      for (const f of bodySchema.required ?? []) {
        const { [f]: _gone, ...rest } = base as Record<string, unknown>;
        probes.push({ label: `body: missing ${f}`, body: json(rest) });
      }
      for (const f of fields) {
        const current = (base as Record<string, unknown>)[f];
        // A wrong type only: a string for a string field could pass, act, and change the record under the other probes.
        for (const wrong of WRONG_TYPES.filter((w) => typeof w !== typeof current || Array.isArray(w) !== Array.isArray(current) || (w === null) !== (current === null)))
          probes.push({ label: `body ${f}: ${json(wrong)}`, body: json({ ...base, [f]: wrong }) });
        probes.push({ label: `body ${f}: 40 deep`, body: json({ ...base, [f]: '__DEEP__' }).replace('"__DEEP__"', deepJson(40)) });
        probes.push({ label: `body ${f}: 3,000 deep`, body: json({ ...base, [f]: '__DEEP__' }).replace('"__DEEP__"', deepJson(3000)) });
      }
      probes.push({ label: 'body: unknown field', body: json({ ...base, unexpected: NUL }) });
    }
    // The password and sign-out routes get only bodies that cannot pass (the shared session must survive).
    // Strings that must be refused come first for every field: an odd but valid one may act and move the record on.
    const strings = stringPaths(base).slice(0, 12);
    for (const [label, s] of STRINGS) {
      if (dangerous && !['nul', 'lone high surrogate', 'lone low surrogate', 'huge'].includes(label)) continue;
      for (const path of strings) probes.push({ label: `body ${path.join('.')}: ${label}`, body: json(setAt(base, path, s)) });
    }
  }
  return probes;
}

function multipart(boundary: string, parts: { name: string; filename?: string; content: string }[], end = true): string {
  const body = parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n${p.filename ? 'Content-Type: application/pdf\r\n' : ''}\r\n${p.content}\r\n`).join('');
  return end ? `${body}--${boundary}--\r\n` : body;
}

function multipartProbes(): Probe[] {
  const pdf = '%PDF-1.4\n1 0 obj <<>> endobj\n';
  const mp = 'multipart/form-data; boundary=zz';
  return [
    { label: 'multipart: no boundary', body: multipart('zz', [{ name: 'file', filename: 'a.pdf', content: pdf }]), contentType: 'multipart/form-data' },
    { label: 'multipart: empty boundary', body: 'abc', contentType: 'multipart/form-data; boundary=' },
    { label: 'multipart: cut off in a file', body: `--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n${pdf}`, contentType: mp },
    { label: 'multipart: cut off in a header', body: '--zz\r\nContent-Disposition: form-da', contentType: mp },
    { label: 'multipart: cut off after a field', body: multipart('zz', [{ name: 'item', content: 'charter' }], false), contentType: mp },
    { label: 'multipart: another boundary', body: multipart('yy', [{ name: 'file', filename: 'a.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: empty', body: '', contentType: mp },
    { label: 'multipart: only the end', body: '--zz--\r\n', contentType: mp },
    { label: 'multipart: NUL in a field', body: multipart('zz', [{ name: 'item', content: NUL }, { name: 'file', filename: 'a.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: NUL in a field name', body: multipart('zz', [{ name: 'it\u0000em', content: 'x' }, { name: 'file', filename: 'a.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: NUL in the file name', body: multipart('zz', [{ name: 'file', filename: 'a\u0000.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: huge field', body: multipart('zz', [{ name: 'item', content: 'x'.repeat(5000) }, { name: 'file', filename: 'a.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: too many fields', body: multipart('zz', [...Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, content: 'x' })), { name: 'file', filename: 'a.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: two files', body: multipart('zz', [{ name: 'file', filename: 'a.pdf', content: pdf }, { name: 'file2', filename: 'b.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: no file', body: multipart('zz', [{ name: 'item', content: 'charter' }]), contentType: mp },
    { label: 'multipart: __proto__ field', body: multipart('zz', [{ name: '__proto__', content: 'x' }, { name: 'file', filename: 'a.pdf', content: pdf }]), contentType: mp },
    { label: 'multipart: JSON instead', body: '{"file":"x"}', contentType: 'application/json' },
    { label: 'multipart: mixed', body: multipart('zz', [{ name: 'file', filename: 'a.pdf', content: pdf }]), contentType: 'multipart/mixed; boundary=zz' },
  ];
}

interface Finding {
  op: string;
  label: string;
  status: number;
  contentType: string;
  body: string;
}

describe('OpenAPI-driven fuzzing: bad input gets 4xx, never 5xx', () => {
  it('answers every malformed request to every operation with a 4xx problem+json (or a success), never a 5xx', { timeout: 240_000 }, async () => {
    const doc = (await app().inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, Operation>> }>();
    const permissionOf = new Map(app().routeCatalog.map((r) => [`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r.permission]));
    const sessions: Record<User, Session> = ctx.as;
    const permissions = new Map<User, Set<string>>();
    for (const u of USERS) {
      const me = (await app().inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: sessions[u].cookie } })).json<{ permissions: string[] }>();
      permissions.set(u, new Set(me.permissions));
    }
    // Sign-out and password changes get a session of their own, so the shared one survives whatever they do.
    const spare = await login(app(), 'admin');

    const one = async <T>(q: ReturnType<typeof sql>) => (await rows<T>(app().database.db, q))[0];
    const fixtures = {
      jigou1Org: await one<{ org_id: string }>(sql`select g.org_id from role_grants g join users u on u.id = g.user_id where u.username = 'jigou1' and g.org_id is not null`),
      town: await one<{ id: string }>(sql`select id from regions where level = 'town' and retired_at is null order by code limit 1`),
      grid: await one<{ id: string }>(sql`select id from regions where level = 'grid' and retired_at is null order by code desc limit 1`),
      xucun: await one<{ id: string }>(sql`select id from users where username = 'xucun'`),
      dudao1: await one<{ id: string }>(sql`select id from users where username = 'dudao1'`),
      grant: await one<{ id: string }>(sql`select g.id from role_grants g join users u on u.id = g.user_id where u.username = 'xucun' limit 1`),
      org: await one<{ id: string; credit_code: string }>(sql`select o.id, o.credit_code from orgs o order by o.name limit 1`),
      application: await one<{ id: string }>(sql`select c.id from cases c where c.case_type = 'application' and c.state = 'submitted' order by c.number limit 1`),
      ownApplication: await one<{ id: string }>(
        sql`select c.id from cases c join users u on u.id = c.owner_user_id where u.username = 'shenqing' and c.case_type = 'application' and c.closed_at is null order by c.state = 'draft' desc, c.number limit 1`,
      ),
            certificate: await one<{ verify_token: string }>(sql`select verify_token from certificates limit 1`),
      category: await one<{ id: string }>(sql`select id from catalog_categories limit 1`),
      fund: await one<{ id: string }>(sql`select id from funds limit 1`),
      line: await one<{ id: string }>(sql`select id from fund_lines limit 1`),
      project: await one<{ id: string }>(sql`select c.id from cases c where c.case_type = 'serviceProject' and c.state = 'implementing' order by c.number limit 1`),
      callingProject: await one<{ id: string }>(sql`select c.id from cases c where c.case_type = 'serviceProject' and c.state = 'calling' order by c.number limit 1`),
      bid: await one<{ id: string }>(sql`select b.id from project_bids b order by b.submitted_at nulls last limit 1`),
      review: await one<{ project_id: string }>(sql`select e.project_id from project_experts e join users u on u.id = e.user_id where u.username = 'zhuanjia1' limit 1`),
      objection: await one<{ id: string }>(sql`select id from project_objections limit 1`),
      rectification: await one<{ id: string }>(sql`select id from rectifications limit 1`),
      payment: await one<{ id: string }>(sql`select id from payment_requests limit 1`),
      blacklist: await one<{ id: string }>(sql`select id from credit_blacklist limit 1`),
      rule: await one<{ code: string }>(sql`select code from eligibility_rules limit 1`),
      meeting: await one<{ id: string }>(sql`select id from project_meetings where cancelled_at is null order by starts_at limit 1`),
          };
    // Files on disk for the download routes (the seeded rows' files are not in this test's data folder).
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const uploaded = await app().inject({
      method: 'POST',
      url: `/api/v1/cases/${fixtures.ownApplication.id}/attachments`,
      headers: { cookie: sessions.shenqing.cookie, 'x-csrf-token': sessions.shenqing.csrf, 'content-type': 'multipart/form-data; boundary=zz' },
      payload: multipart('zz', [{ name: 'file', filename: 'fuzz.pdf', content: pdf.toString('latin1') }]),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const attachment = { id: uploaded.json<{ id: string }>().id, case_id: fixtures.ownApplication.id };
    const meetingUpload = await app().inject({
      method: 'POST',
      url: `/api/v1/meetings/${fixtures.meeting.id}/attachments`,
      headers: { cookie: sessions.admin.cookie, 'x-csrf-token': sessions.admin.csrf, 'content-type': 'multipart/form-data; boundary=zz' },
      payload: multipart('zz', [{ name: 'file', filename: 'fuzz.pdf', content: pdf.toString('latin1') }]),
    });
    expect(meetingUpload.statusCode, meetingUpload.body).toBe(201);
    const meetingFile = { id: meetingUpload.json<{ attachments: { id: string; name: string }[] }>().attachments.find((a) => a.name === 'fuzz.pdf')!.id, meeting_id: fixtures.meeting.id };
    // Bodies that pass validation up to the field under test, so its strings reach the use case and the database.
    const version = async (caseId: string) => (await one<{ version: number }>(sql`select version from cases where id = ${caseId}`)).version;
    const bases: Record<string, { body?: unknown; patch?: Record<string, unknown> }> = {
      'POST /api/v1/cases/{id}/transitions': { body: { event: 'requestSupplement', version: await version(fixtures.application.id), comment: '请补充材料', input: { items: [{ item: 'charter', problem: '章程缺少理事会产生程序' }] } } },
      'PUT /api/v1/applications/{id}/form': { body: { version: await version(fixtures.ownApplication.id), form: { name: '海宁市测试社会工作服务中心', address: '海宁市海洲街道测试路 1 号', legalRepName: '张测试', townId: fixtures.town.id } } },
      'POST /api/v1/projects/{id}/bids': { patch: { orgId: fixtures.jigou1Org.org_id } },
      'POST /api/v1/applications': { body: { kind: 'establishment', form: { name: '海宁市测试社会工作服务中心', address: '海宁市海洲街道测试路 1 号', townId: fixtures.town.id } } },
    };
    const releases = (await app().inject({ method: 'GET', url: '/api/v1/opendata/ocds/releases?limit=1' })).json<{ releases?: { ocid: string }[] }>();
    const anyId = '8d6f5b1e-1111-4000-8000-000000000000';

    /** A real record for each path parameter, so the probes reach the handler rather than stopping at 404. */
    function realValue(template: string, name: string, user: User | null): string {
      const at = template.split('/').findIndex((s) => s === `{${name}}`);
      const before = template.split('/')[at - 1];
      const key = `${before}/${name}`;
      switch (key) {
        case 'regions/id':
          return fixtures.grid.id;
        case 'users/id':
          return fixtures.xucun.id;
        case 'grants/grantId':
          return fixtures.grant?.id ?? anyId;
        case 'days/date':
          return '2026-10-08';
        case 'years/year':
          return '2031';
        case 'orgs/id':
          return fixtures.org.id;
        case 'credit-codes/code':
          return fixtures.org.credit_code;
        case 'cases/id':
          return template.endsWith('/attachments') && user === 'shenqing' ? (fixtures.ownApplication?.id ?? fixtures.application.id) : template.includes('{attachmentId}') ? attachment.case_id : fixtures.application.id;
        case 'attachments/attachmentId':
          return template.startsWith('/api/v1/meetings') ? meetingFile.id : attachment.id;
        case 'applications/id':
          return user === 'shenqing' ? (fixtures.ownApplication?.id ?? fixtures.application.id) : fixtures.application.id;
        case 'application-settings/kind':
          return 'establishment';
        case 'certificates/token':
          return fixtures.certificate?.verify_token ?? 'x'.repeat(32);
        case 'categories/id':
          return fixtures.category.id;
        case 'funds/id':
          return fixtures.fund.id;
        case 'fund-lines/id':
          return fixtures.line.id;
        case 'projects/id':
          if (template.endsWith('/bids') || template.endsWith('/eligibility')) return fixtures.callingProject?.id ?? fixtures.project.id;
          if (user === 'zhuanjia1') return fixtures.review?.project_id ?? fixtures.project.id;
          return fixtures.project.id;
        case 'bids/id':
          return fixtures.bid?.id ?? anyId;
        case 'reviews/id':
          return fixtures.review?.project_id ?? anyId;
        case 'objections/id':
          return fixtures.objection?.id ?? anyId;
        case 'rectifications/id':
          return fixtures.rectification?.id ?? anyId;
        case 'payments/id':
          return fixtures.payment?.id ?? anyId;
        case 'credit-blacklist/id':
          return fixtures.blacklist?.id ?? anyId;
        case 'eligibility-rules/code':
          return fixtures.rule?.code ?? 'x';
        case 'supervisors/userId':
          return fixtures.dudao1.id;
        case 'meetings/id':
          return template.includes('{attachmentId}') ? meetingFile.meeting_id : fixtures.meeting.id;
        case 'records/ocid':
          return releases.releases?.[0]?.ocid ?? 'ocds-x-1';
        default:
          return anyId;
      }
    }

    // The office holds nearly every permission; these acts belong to someone else's own records.
    const PREFERRED: Record<string, User> = { 'application.apply': 'shenqing', 'project.bid': 'jigou1', 'bid.score': 'zhuanjia1' };
    const UPLOADS = new Set(['POST /api/v1/cases/{id}/attachments', 'POST /api/v1/meetings/{id}/attachments', 'POST /api/v1/org-imports']);
    const DANGEROUS = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password']);
    const findings: Finding[] = [];
    const notProblem: Finding[] = [];
    let requests = 0;
    let operations = 0;
    const started = Date.now();

    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const id = `${method.toUpperCase()} ${template}`;
        const permission = permissionOf.get(id);
        if (!permission) continue;
        operations += 1;
        const dangerous = DANGEROUS.has(id);
        let user: User | null = null;
        if (permission !== 'public') user = permission === 'authenticated' ? 'admin' : (PREFERRED[permission] ?? USERS.find((u) => permissions.get(u)!.has(permission)) ?? 'admin');
        if (id === 'POST /api/v1/cases/{id}/attachments') user = 'shenqing';
        const session = dangerous ? spare : user ? sessions[user] : null;
        const probes = UPLOADS.has(id) ? [...probesFor(op, false), ...multipartProbes()] : probesFor(op, dangerous, bases[id]);
        for (const probe of probes) {
          let url = template.replace(/\{(\w+)\}/g, (_, name: string) => probe.path?.[name] ?? encodeURIComponent(realValue(template, name, user)));
          if (probe.query !== undefined) url += `?${probe.query}`;
          const headers: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {};
          if (probe.body !== undefined) headers['content-type'] = probe.contentType ?? 'application/json';
          const res: LightMyRequestResponse = await app().inject({ method: method.toUpperCase() as 'GET', url, headers, payload: probe.body });
          requests += 1;
          const finding = { op: id, label: probe.label, status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body.slice(0, 300) };
          if (process.env.FUZZ_LOG) fs.appendFileSync(process.env.FUZZ_LOG, `${JSON.stringify({ ...finding, body: finding.body.slice(0, 160) })}\n`);
          if (res.statusCode >= 500) findings.push(finding);
          if (res.statusCode >= 400) {
            let problem: { type?: unknown; title?: unknown; status?: unknown } = {};
            try {
              problem = JSON.parse(res.body) as typeof problem;
            } catch {
              /* not JSON */
            }
            const isProblem = finding.contentType.startsWith('application/problem+json') && typeof problem.type === 'string' && typeof problem.title === 'string' && problem.status === res.statusCode;
            // Open311 GeoReport v2 answers its errors in the specification's own list, [{ code, description }].
            const isOpen311List = template.startsWith('/open311/') && Array.isArray(problem) && (problem as { code?: unknown }[]).every((e) => e.code === res.statusCode);
            const ok = isProblem || isOpen311List;
            if (!ok) notProblem.push(finding);
          }
        }
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.info(`fuzz: ${operations} operations, ${requests} requests, ${findings.length} × 5xx, ${notProblem.length} errors not problem+json, ${seconds.toFixed(1)} s`);
    expect(operations).toBeGreaterThanOrEqual(140);
    expect(findings.map((f) => `${f.op} [${f.label}] → ${f.status} ${f.body}`)).toEqual([]);
    expect(notProblem.map((f) => `${f.op} [${f.label}] → ${f.status} ${f.contentType} ${f.body}`)).toEqual([]);
  });
});
