import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeCreditCode } from '../../../contracts/identifiers.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, useTestApp, type Session } from '../../test/harness.js';
import { multipart } from '../applications/application-factories.js';
import { IMPORT_COLUMNS } from './use-cases/import-rows.js';

const ctx = useTestApp('admin', 'xucun');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;

async function xlsx(data: Record<string, string>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('社会组织');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.header));
  for (const d of data) ws.addRow(IMPORT_COLUMNS.map((c) => d[c.header] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(session: Session, content: Buffer, name = '名录.xlsx') {
  const { payload, headers } = multipart({}, { name, content });
  return app().inject({ method: 'POST', url: '/api/v1/org-imports', payload, headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf } });
}

async function settled(id: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await call(app(), ctx.as.admin, 'GET', `/api/v1/org-imports/${id}`)).json();
    if (job.status !== 'validating' && job.status !== 'importing') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not settle');
}

const row = (name: string, code: string | null, extra: Record<string, string> = {}) => ({
  名称: name,
  统一社会信用代码: code ?? '',
  类型: '社会服务机构',
  镇街: '许村镇',
  住所: '海宁市许村镇许巷大道 8 号',
  业务范围: '为辖区老年人提供居家养老服务',
  服务领域: '老年人、健康',
  业务主管单位: '海宁市民政局',
  '注册资金（元）': '30000',
  法定代表人: '张三',
  法定代表人身份证号: '330481198001010028',
  法定代表人电话: '13905730001',
  成立日期: '2019-05-20',
  评估等级: '3A',
  ...extra,
});

describe('Excel import of the registry', () => {
  it('offers a template with every column, to administrators only', async () => {
    const res = await call(app(), ctx.as.admin, 'GET', '/api/v1/org-imports/template.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0].getRow(1).values as string[]).slice(1);
    expect(header).toEqual(IMPORT_COLUMNS.map((c) => c.header));
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/org-imports/template.xlsx'), 403, 'forbidden');
  });

  it('reports every bad row, imports the valid ones, and changes nothing the second time', async () => {
    const [existing] = await rows<{ name: string; credit_code: string }>(db(), sql`select name, credit_code from orgs where type = 'serviceAgency' and status = 'active' order by name limit 1`);
    const codeA = makeCreditCode('2', '330481', 99_000_001);
    const codeB = makeCreditCode('2', '330481', 99_000_002);
    const file = await xlsx([
      row('海宁市许村镇导入测试甲服务中心', codeA),
      row('海宁市许村镇导入测试乙服务中心', codeB, { 服务领域: '儿童' }),
      row('海宁市许村镇导入测试丙服务中心', codeA.slice(0, 17) + (codeA[17] === 'Q' ? 'R' : 'Q')),
      row('海宁市许村镇导入测试乙服务中心', makeCreditCode('2', '330481', 99_000_003)),
      row('海宁市火星镇导入测试丁服务中心', makeCreditCode('2', '330481', 99_000_004), { 镇街: '火星镇' }),
      row('海宁市许村镇导入测试戊服务中心', makeCreditCode('2', '330481', 99_000_005), { 业务范围: '' }),
      row(existing.name, existing.credit_code, { 类型: '社会服务机构' }),
    ]);
    const res = await upload(ctx.as.admin, file);
    expect(res.statusCode).toBe(202);
    const job = await settled(res.json().id);
    expect(job).toMatchObject({ status: 'validated', totalRows: 7, validRows: 2, invalidRows: 4, unchangedRows: 1 });
    const byRow = new Map<number, string>(job.report.map((r: { row: number; issues: { column: string; message: string }[] }) => [r.row, r.issues.map((i) => `${i.column}:${i.message}`).join('|')]));
    expect(byRow.get(4)).toContain('统一社会信用代码:第 18 位');
    expect(byRow.get(5)).toContain('与第 3 行重复');
    expect(byRow.get(6)).toContain('没有名为“火星镇”');
    expect(byRow.get(7)).toContain('业务范围:必填项为空');

    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${job.id}/run`, { mode: 'allOrNothing', version: job.version }), 409, 'invalid_state');
    const [{ before }] = await rows<{ before: number }>(db(), sql`select count(*)::int as before from orgs`);
    const run = await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${job.id}/run`, { mode: 'validOnly', version: job.version });
    expect(run.statusCode).toBe(202);
    expect(await settled(job.id)).toMatchObject({ status: 'completed', importedRows: 2 });
    const [{ after }] = await rows<{ after: number }>(db(), sql`select count(*)::int as after from orgs`);
    expect(after).toBe(before + 2);
    const [imported] = await rows<{ legal_rep_id_sealed: string; service_fields: string[]; registered_capital_fen: string }>(db(), sql`select legal_rep_id_sealed, service_fields, registered_capital_fen::text from orgs where credit_code = ${codeA}`);
    expect(imported.legal_rep_id_sealed).not.toContain('330481198001010028');
    expect(imported.service_fields).toEqual(['elderly', 'health']);
    expect(imported.registered_capital_fen).toBe('3000000');
    const [{ audits }] = await rows<{ audits: number }>(db(), sql`select count(*)::int as audits from audit_events where action = 'org.import' and entity_id = ${job.id}`);
    expect(audits).toBe(1);
    // A second run of the same job is refused; the same file again imports nothing.
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${job.id}/run`, { mode: 'validOnly', version: (await settled(job.id)).version }), 409, 'invalid_state');
    const again = await settled((await upload(ctx.as.admin, file)).json().id);
    expect(again).toMatchObject({ status: 'validated', validRows: 0, unchangedRows: 3, invalidRows: 4 });
    await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${again.id}/run`, { mode: 'validOnly', version: again.version });
    expect(await settled(again.id)).toMatchObject({ status: 'completed', importedRows: 0 });
    const [{ last }] = await rows<{ last: number }>(db(), sql`select count(*)::int as last from orgs`);
    expect(last).toBe(after);
  });

  it('imports a clean file all or nothing, and refuses what is not a spreadsheet', async () => {
    const file = await xlsx([row('海宁市许村镇全部导入一号服务中心', makeCreditCode('2', '330481', 99_100_001)), row('海宁市许村镇全部导入二号服务中心', makeCreditCode('2', '330481', 99_100_002))]);
    const job = await settled((await upload(ctx.as.admin, file)).json().id);
    expect(job).toMatchObject({ validRows: 2, invalidRows: 0 });
    await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${job.id}/run`, { mode: 'allOrNothing', version: job.version });
    expect(await settled(job.id)).toMatchObject({ status: 'completed', importedRows: 2, mode: 'allOrNothing' });
    expectProblem(await upload(ctx.as.admin, Buffer.from('%PDF-1.4\n%%EOF\n'), 'fake.xlsx'), 415, 'file_type_not_allowed');
    const wrongHeader = new ExcelJS.Workbook();
    wrongHeader.addWorksheet('x').addRow(['名字', '代码']);
    const bad = await settled((await upload(ctx.as.admin, Buffer.from(await wrongHeader.xlsx.writeBuffer()))).json().id);
    expect(bad.status).toBe('failed');
    expect(bad.error).toContain('缺少必需的列');
    expectProblem(await upload(ctx.as.xucun, file), 403, 'forbidden');
  });
});
