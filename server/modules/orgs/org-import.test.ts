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
  it("offers a template from the city's data: every column, two examples, drop-down lists, a notes sheet; to administrators only", async () => {
    const res = await call(app(), ctx.as.admin, 'GET', '/api/v1/org-imports/template.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(IMPORT_COLUMNS.map((c) => c.header));
    const names = [2, 3].map((n) => sheet.getRow(n).getCell(1).text);
    expect(names.every((n) => n.startsWith('示例：'))).toBe(true);
    expect(sheet.rowCount).toBe(3);
    const letter = (key: string) => String.fromCharCode(65 + IMPORT_COLUMNS.findIndex((c) => c.key === key));
    const options = wb.getWorksheet('选项')!;
    expect(options.state).toBe('hidden');
    const listOf = (key: string) => {
      const v = sheet.getCell(`${letter(key)}2`).dataValidation;
      expect(v?.type).toBe('list');
      const [, col, last] = /\$([A-Z])\$2:\$[A-Z]\$(\d+)/.exec(String(v.formulae[0]))!;
      return Array.from({ length: Number(last) - 1 }, (_, i) => options.getCell(`${col}${i + 2}`).text);
    };
    expect(listOf('type')).toEqual(['社会团体', '社会服务机构', '基金会', '社区社会组织']);
    const towns = await rows<{ name: string }>(db(), sql`select name from regions where level = 'town' and retired_at is null order by code`);
    expect(listOf('town')).toEqual(towns.map((t) => t.name));
    expect(listOf('supervisingUnit')).toContain('海宁市民政局');
    expect(listOf('grade')).toEqual(['1A', '2A', '3A', '4A', '5A']);
    expect(sheet.getCell(`${letter('foundedOn')}2`).dataValidation?.type).toBe('date');
    expect(sheet.getCell(`${letter('town')}4000`).dataValidation?.type).toBe('list');
    const notes = wb.getWorksheet('填写说明')!;
    expect(notes.getColumn(1).values).toEqual(expect.arrayContaining(IMPORT_COLUMNS.map((c) => c.header)));
    // The template as downloaded imports nothing: its example rows are skipped.
    const job = await settled((await upload(ctx.as.admin, res.rawPayload)).json().id);
    expect(job).toMatchObject({ status: 'validated', totalRows: 0, invalidRows: 0 });
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/org-imports/template.xlsx'), 403, 'forbidden');
  });

  it("reads the directory's own export back unchanged: no error, nothing changed, personal data untouched", async () => {
    const personal = sql`select md5(string_agg(concat_ws('|', id, legal_rep_id_sealed, legal_rep_id_masked, legal_rep_phone_sealed, contact_phone_sealed, contact_phone_masked, version, updated_at), ',' order by id)) as digest from orgs`;
    const [{ digest: before }] = await rows<{ digest: string }>(db(), personal);
    const exported = await call(app(), ctx.as.admin, 'GET', '/api/v1/orgs/export.xlsx?includeInactive=true');
    expect(exported.statusCode).toBe(200);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from orgs`);
    const job = await settled((await upload(ctx.as.admin, exported.rawPayload, '社会组织名录.xlsx')).json().id);
    expect(job.report).toEqual([]);
    expect(job).toMatchObject({ status: 'validated', totalRows: n, invalidRows: 0, validRows: 0, changedRows: 0, unchangedRows: n });
    await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${job.id}/run`, { mode: 'allOrNothing', version: job.version });
    expect(await settled(job.id)).toMatchObject({ status: 'completed', importedRows: 0, updatedRows: 0 });
    const [{ digest: after }] = await rows<{ digest: string }>(db(), personal);
    expect(after).toBe(before);
  });

  it('updates what the directory keeps from an edited export, keeps masked personal data, and refuses edits of registered items', async () => {
    const [org] = await rows<{ id: string; name: string; contact_phone_masked: string; legal_rep_id_sealed: string; grade: string | null }>(
      db(),
      sql`select id, name, contact_phone_masked, legal_rep_id_sealed, grade from orgs where status = 'active' and credit_code is not null and contact_phone_masked is not null and legal_rep_id_masked is not null order by name limit 1`,
    );
    const [other] = await rows<{ name: string }>(db(), sql`select name from orgs where status = 'active' and credit_code is not null and id <> ${org.id} order by name limit 1`);
    const exported = await call(app(), ctx.as.admin, 'GET', '/api/v1/orgs/export.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (row: ExcelJS.Row, header: string) => row.getCell(headers.indexOf(header) + 1);
    let orgRow = 0;
    let otherRow = 0;
    sheet.eachRow((r, i) => {
      if (r.getCell(1).value === org.name) orgRow = i;
      if (r.getCell(1).value === other.name) otherRow = i;
    });
    const newGrade = org.grade === '5A' ? '4A' : '5A';
    cell(sheet.getRow(orgRow), '评估等级').value = newGrade;
    cell(sheet.getRow(orgRow), '联系人').value = '赵六';
    cell(sheet.getRow(otherRow), '住所').value = '海宁市某地 99 号';
    const job = await settled((await upload(ctx.as.admin, Buffer.from(await wb.xlsx.writeBuffer()))).json().id);
    expect(job).toMatchObject({ status: 'validated', changedRows: 1, invalidRows: 1, validRows: 0 });
    expect(job.report).toEqual([{ row: otherRow, issues: [expect.objectContaining({ column: '住所', message: expect.stringContaining('登记事项须通过变更登记修改') })] }]);
    await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${job.id}/run`, { mode: 'validOnly', version: job.version });
    expect(await settled(job.id)).toMatchObject({ status: 'completed', importedRows: 0, updatedRows: 1 });
    const [after] = await rows<{ grade: string; contact_name: string; contact_phone_masked: string; legal_rep_id_sealed: string }>(db(), sql`select grade, contact_name, contact_phone_masked, legal_rep_id_sealed from orgs where id = ${org.id}`);
    expect(after).toEqual({ grade: newGrade, contact_name: '赵六', contact_phone_masked: org.contact_phone_masked, legal_rep_id_sealed: org.legal_rep_id_sealed });
    const [history] = await rows<{ kind: string; changes: Record<string, { before: unknown; after: unknown }> }>(db(), sql`select kind, changes from org_changes where org_id = ${org.id} order by occurred_at desc limit 1`);
    expect(history).toEqual({ kind: 'import', changes: { grade: { before: org.grade, after: newGrade }, contactName: expect.objectContaining({ after: '赵六' }) } });
  });

  it('reads what Excel really stores: serial and Date dates, a date formula, rich text, numbers for phones; an ID number Excel turned into a number is named', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('社会组织');
    ws.addRow(IMPORT_COLUMNS.map((c) => c.header));
    const at = (key: string) => IMPORT_COLUMNS.findIndex((c) => c.key === key) + 1;
    const add = (name: string, code: string, founded: ExcelJS.CellValue, extra: Partial<Record<string, ExcelJS.CellValue>> = {}) => {
      const values: ExcelJS.CellValue[] = [];
      const base: Record<string, ExcelJS.CellValue> = { ...row(name, code), ...extra };
      for (const c of IMPORT_COLUMNS) values[at(c.key)] = base[c.header] ?? null;
      values[at('foundedOn')] = founded;
      return ws.addRow(values);
    };
    const codes = [1, 2, 3, 4, 5].map((i) => makeCreditCode('2', '330481', 99_200_000 + i));
    // A date typed in Excel: a serial number shown as a date.
    add('海宁市许村镇类型测试一号服务中心', codes[0], 44256).getCell(at('foundedOn')).numFmt = 'yyyy/m/d';
    // A Date cell, the grade's date from the 1900 system's far side, a phone typed as a number.
    add('海宁市许村镇类型测试二号服务中心', codes[1], new Date('2021-03-01T00:00:00Z'), { 等级有效期: 46387, 法定代表人电话: 13905730001, '注册资金（元）': 30000.5, 社工人数: 4 });
    // A formula with its cached result, and rich text.
    add(
      '海宁市许村镇类型测试三号服务中心',
      codes[2],
      { formula: 'DATE(2021,3,1)', result: 44256 },
      { 业务范围: { richText: [{ text: '为老年人' }, { font: { bold: true }, text: '提供服务' }] }, 党组织: true },
    );
    // 20210301 typed as a number, and as text in the Chinese way.
    add('海宁市许村镇类型测试四号服务中心', codes[3], 20210301, { 等级有效期: '2027年12月31日' });
    // An 18-digit ID number typed into a number cell: Excel kept 15 digits.
    add('海宁市许村镇类型测试五号服务中心', codes[4], '2021-03-01', { 法定代表人身份证号: 330481198001010000 });
    const job = await settled((await upload(ctx.as.admin, Buffer.from(await wb.xlsx.writeBuffer()))).json().id);
    expect(job.report).toEqual([{ row: 6, issues: [{ column: '法定代表人身份证号', message: expect.stringContaining('末几位已丢失') }] }]);
    expect(job).toMatchObject({ status: 'validated', validRows: 4, invalidRows: 1 });
    await call(app(), ctx.as.admin, 'POST', `/api/v1/org-imports/${job.id}/run`, { mode: 'validOnly', version: job.version });
    expect(await settled(job.id)).toMatchObject({ status: 'completed', importedRows: 4 });
    const imported = await rows<{ credit_code: string; founded_on: string; grade_valid_until: string | null; legal_rep_phone_sealed: string | null; registered_capital_fen: string; business_scope: string; has_party_org: boolean; social_worker_count: number }>(
      db(),
      sql`select credit_code, founded_on::text, grade_valid_until::text, legal_rep_phone_sealed, registered_capital_fen::text, business_scope, has_party_org, social_worker_count from orgs where credit_code in (${sql.join(codes.slice(0, 4).map((c) => sql`${c}`), sql`, `)}) order by credit_code`,
    );
    expect(imported.map((o) => o.founded_on)).toEqual(['2021-03-01', '2021-03-01', '2021-03-01', '2021-03-01']);
    expect(imported[1]).toMatchObject({ grade_valid_until: '2026-12-31', registered_capital_fen: '3000050', social_worker_count: 4 });
    expect(ctx.t.app.pii.decrypt(imported[1].legal_rep_phone_sealed!)).toBe('13905730001');
    expect(imported[2]).toMatchObject({ business_scope: '为老年人提供服务', has_party_org: true });
    expect(imported[3].grade_valid_until).toBe('2027-12-31');
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
    // The last row names an organization in the registry with other registered items (住所, 法定代表人 …): refused, not overwritten.
    expect(job).toMatchObject({ status: 'validated', totalRows: 7, validRows: 2, invalidRows: 5, unchangedRows: 0, changedRows: 0 });
    const byRow = new Map<number, string>(job.report.map((r: { row: number; issues: { column: string; message: string }[] }) => [r.row, r.issues.map((i) => `${i.column}:${i.message}`).join('|')]));
    expect(byRow.get(4)).toContain('统一社会信用代码:第 18 位');
    expect(byRow.get(5)).toContain('与第 3 行重复');
    expect(byRow.get(6)).toContain('没有名为“火星镇”');
    expect(byRow.get(7)).toContain('业务范围:必填项为空');
    expect(byRow.get(8)).toContain('登记事项须通过变更登记修改');

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
    expect(again).toMatchObject({ status: 'validated', validRows: 0, unchangedRows: 2, invalidRows: 5 });
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
