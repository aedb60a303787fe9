import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { call, expectProblem, failedFields, regionByCode, useTestApp, type Session } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { lookupSession } from '../../platform/auth/sessions.js';
import type { RequestContext } from '../../platform/http/context.js';
import { orgsMessages } from '../../../web/features/orgs/i18n.js';
import { exportOrgs, XLSX_CONTENT_TYPE } from './use-cases/export-orgs.js';

const ctx = useTestApp('admin', 'xucun', 'auditor');

const HEADERS = ['名称', '统一社会信用代码', '类型', '登记/备案', '镇街', '村社区', '住所', '业务范围', '服务领域', '业务主管单位', '注册资金（元）', '法定代表人', '法定代表人身份证号', '法定代表人电话', '联系人', '联系电话', '成立日期', '状态', '评估等级', '等级有效期', '党组织', '社工人数'];
const col = (header: string) => HEADERS.indexOf(header) + 1;

type Cell = ExcelJS.CellValue;

async function readSheet(data: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as Cell[]).slice(1);
  const body: Cell[][] = [];
  const formats: string[][] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    body.push(HEADERS.map((_, i) => row.getCell(i + 1).value));
    formats.push(HEADERS.map((_, i) => row.getCell(i + 1).numFmt));
  });
  return { sheet, header, body, formats };
}

async function exportAs(session: Session | null, query = '', headers: Record<string, string> = {}) {
  const res = await call(ctx.t.app, session, 'GET', `/api/v1/orgs/export.xlsx${query}`, undefined, headers);
  return { res, ...(res.statusCode === 200 ? await readSheet(res.rawPayload) : { sheet: null, header: [], body: [], formats: [] }) };
}

const lastExportEvent = async () => (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/audit/events?action=org.export&limit=1')).json().items[0];
const countExportEvents = async () => (await rows<{ n: number }>(ctx.t.app.database.db, sql`select count(*)::int as n from audit_events where action = 'org.export'`))[0].n;

describe('GET /api/v1/orgs/export.xlsx', () => {
  it('gives the admin every organization in existence as a named .xlsx file, personal data masked, money in yuan', async () => {
    // Demo capitals are whole yuan; one with fen shows that nothing is rounded away.
    const db = ctx.t.app.database.db;
    const [withFen] = await rows<{ id: string; name: string }>(db, sql`update orgs set registered_capital_fen = 1234567 where id = (select id from orgs where status = 'active' order by name limit 1) returning id, name`);
    const { res, header, body, formats } = await exportAs(ctx.as.admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers['cache-control']).toBe('no-store');
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="orgs-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`社会组织名录-${day}.xlsx`)}`);
    expect(header).toEqual(HEADERS);

    const expected = await rows<{ name: string; fen: string | number; founded_on: string | Date }>(
      db,
      sql`select name, registered_capital_fen as fen, founded_on from orgs where status in ('active', 'changing') order by name_pinyin, id`,
    );
    expect(body).toHaveLength(expected.length);
    expect(body.map((r) => r[0])).toEqual(expected.map((o) => o.name));
    body.forEach((r, i) => {
      expect(r[col('注册资金（元）') - 1]).toBe(Number(expected[i].fen) / 100);
      expect(formats[i][col('注册资金（元）') - 1]).toBe('#,##0.00');
      expect((r[col('成立日期') - 1] as Date).toISOString().slice(0, 10)).toBe(new Date(expected[i].founded_on).toISOString().slice(0, 10));
    });
    expect(body.find((r) => r[0] === withFen.name)?.[col('注册资金（元）') - 1]).toBe(12345.67);

    const ids = body.map((r) => r[col('法定代表人身份证号') - 1]);
    expect(ids.filter(Boolean).length).toBeGreaterThan(0);
    for (const id of ids) if (id !== null) expect(id).toMatch(/^330481\*{8}\d{3}[\dX]$/);
    for (const phone of body.map((r) => r[col('联系电话') - 1])) if (phone !== null) expect(phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(res.rawPayload.includes(Buffer.from('v1.aes.'))).toBe(false);
  });

  it('writes one audit event before the file leaves: who, the filters and the number of rows', async () => {
    const before = await countExportEvents();
    const { res, body } = await exportAs(ctx.as.admin, `?type=foundation&includeInactive=true`);
    expect(await countExportEvents()).toBe(before + 1);
    const event = await lastExportEvent();
    expect(event).toMatchObject({
      action: 'org.export',
      actionName: '导出社会组织名录',
      actorUsername: 'admin',
      outcome: 'success',
      entityType: 'org',
      requestId: res.headers['x-request-id'],
      detail: { filters: { type: 'foundation', includeInactive: true }, rowCount: body.length },
    });
    const [{ n }] = await rows<{ n: number }>(ctx.t.app.database.db, sql`select count(*)::int as n from orgs where type = 'foundation'`);
    expect(body.length).toBe(n);
  });

  it('takes the directory filters and returns the same organizations in the same order as the paged list', async () => {
    const q = `?q=${encodeURIComponent('协会')}&includeInactive=true`;
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs${q}&limit=20${cursor ? `&cursor=${cursor}` : ''}`)).json();
      listed.push(...page.items.map((o) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    const { body } = await exportAs(ctx.as.admin, q);
    expect(listed.length).toBeGreaterThan(40);
    expect(body.map((r) => r[0])).toEqual(listed);
  });

  it('uses the same words as the web app for statuses and service fields, and Chinese whatever the language', async () => {
    const { header, body } = await exportAs(ctx.as.admin, '?includeInactive=true', { 'accept-language': 'en' });
    expect(header).toEqual(HEADERS);
    const [{ all }] = await rows<{ all: number }>(ctx.t.app.database.db, sql`select count(*)::int as "all" from orgs`);
    expect(body).toHaveLength(all);
    const labels = (prefix: string) => new Set(Object.entries(orgsMessages.zh).filter(([k]) => k.startsWith(prefix)).map(([, v]) => v));
    const statuses = labels('org.status.');
    const fields = labels('org.field.');
    const shown = new Set(body.map((r) => r[col('状态') - 1]));
    expect(shown.size).toBeGreaterThan(1);
    for (const s of shown) expect(statuses).toContain(s);
    // A string cell of 、-separated fields; any other cell fails the check with its JSON shown.
    const text = (cell: Cell) => (typeof cell === 'string' ? cell : JSON.stringify(cell));
    for (const r of body) for (const f of text(r[col('服务领域') - 1]).split('、')) expect(fields).toContain(f);
    expect(new Set(body.map((r) => r[col('类型') - 1]))).toEqual(new Set(['社会团体', '社会服务机构', '基金会', '社区社会组织']));
  });

  // Scope follows the region an org is registered under (region_path), exactly as the list does: a
  // city-registered foundation whose address is in 许村镇 belongs to the city, not to the town's staff.
  it("gives a town user only their own town's organizations", async () => {
    const xc = await regionByCode(ctx.t.app, '330481101');
    const { res, body } = await exportAs(ctx.as.xucun);
    expect(res.statusCode).toBe(200);
    const [{ n }] = await rows<{ n: number }>(ctx.t.app.database.db, sql`select count(*)::int as n from orgs where region_path like ${xc.path + '%'} and status in ('active', 'changing')`);
    expect(n).toBeGreaterThan(0);
    expect(body).toHaveLength(n);
    expect(new Set(body.map((r) => r[col('镇街') - 1]))).toEqual(new Set([xc.name]));
    const listed = (await call(ctx.t.app, ctx.as.xucun, 'GET', '/api/v1/orgs?limit=100')).json();
    expect(listed.nextCursor).toBeNull();
    expect(body.map((r) => r[0])).toEqual(listed.items.map((o: { name: string }) => o.name));
    expect((await lastExportEvent()).detail).toEqual({ filters: {}, rowCount: n });

    // Asking for another town yields an empty sheet, not that town.
    const [other] = await rows<{ id: string }>(ctx.t.app.database.db, sql`select id from regions where level = 'town' and id <> ${xc.id} limit 1`);
    const elsewhere = await exportAs(ctx.as.xucun, `?townId=${other.id}`);
    expect(elsewhere.res.statusCode).toBe(200);
    expect(elsewhere.header).toEqual(HEADERS);
    expect(elsewhere.body).toHaveLength(0);
  });

  it('the read-only auditor may export too', async () => {
    const { res, body } = await exportAs(ctx.as.auditor, '?type=foundation');
    expect(res.statusCode).toBe(200);
    expect(body.length).toBeGreaterThan(0);
  });

  it('refuses an anonymous caller with 401 problem+json and audits nothing', async () => {
    const before = await countExportEvents();
    expectProblem(await call(ctx.t.app, null, 'GET', '/api/v1/orgs/export.xlsx'), 401, 'unauthenticated');
    expect(await countExportEvents()).toBe(before);
  });

  // HEAD falls through to /api/v1/orgs/:id (whose id must be a uuid): no file built, nothing audited.
  it('wins over /api/v1/orgs/:id, has no HEAD twin, and rejects paging parameters', async () => {
    const res = await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/orgs/export.xlsx?type=foundation');
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(failedFields(await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/orgs/export.csv'), 'validation')).toEqual(['id']);
    const before = await countExportEvents();
    expect((await ctx.t.app.inject({ method: 'HEAD', url: '/api/v1/orgs/export.xlsx', headers: { cookie: ctx.as.admin.cookie } })).statusCode).toBe(422);
    expect(failedFields(await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/orgs/export.xlsx?limit=10'), 'validation')).toEqual(['limit']);
    expect(failedFields(await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/orgs/export.xlsx?grade=9A'), 'validation')).toEqual(['grade']);
    expect(await countExportEvents()).toBe(before);
  });

  it('is described in the API document as an xlsx download', async () => {
    const doc = (await ctx.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/orgs/export.xlsx'].get;
    expect(op.responses['200'].content[XLSX_CONTENT_TYPE].schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(op.parameters.map((p: { name: string }) => p.name)).not.toContain('cursor');
  });

  it('reads in keyset pages without losing or repeating a row at the page seams', async () => {
    const warnings: object[] = [];
    const file = await exportOrgs(ctx.t.app.database.db, await adminContext(), ctx.t.app.pii, { q: '协会' }, { warn: (d) => warnings.push(d), error: (d) => warnings.push(d) }, 7);
    const { body } = await readSheet(await collect(file.body));
    const expected = await rows<{ name: string }>(ctx.t.app.database.db, sql`select name from orgs where name like '%协会%' and status in ('active', 'changing') order by strpos(name, '协会'), length(name), name_pinyin, id`);
    expect(file.rowCount).toBe(expected.length);
    expect(body.map((r) => r[0])).toEqual(expected.map((o) => o.name));
    expect(warnings).toEqual([]);
  });

  it('stops reading when the client goes away, and says in the log that the file fell short of its audit event', async () => {
    const actor = await adminContext();
    const warned = new Promise<object>((resolve) => {
      void exportOrgs(ctx.t.app.database.db, { ...actor, requestId: 'gone' }, ctx.t.app.pii, { includeInactive: true }, { warn: resolve, error: resolve }, 7).then((file) => {
        file.body.once('data', () => file.body.destroy());
      });
    });
    const [{ all }] = await rows<{ all: number }>(ctx.t.app.database.db, sql`select count(*)::int as "all" from orgs`);
    expect(await warned).toMatchObject({ rowCount: all, delivered: false, written: expect.any(Number) });
  });
});

async function adminContext(): Promise<RequestContext> {
  const found = await lookupSession(ctx.t.app.database.db, ctx.as.admin.cookie.split('=')[1], ctx.t.app.sessionSettings);
  if (found.status !== 'valid') throw new Error('admin session not valid');
  return { requestId: 'test', ip: null, lang: 'zh', actor: found.actor };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
