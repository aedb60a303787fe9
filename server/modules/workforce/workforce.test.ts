// Issue 17 §1: the workforce — social workers and certified employees with sealed personal data, each one city's —
// and every resource's rotation profile. The demo holds Haining's 100 + 767; the office adds and changes people,
// a town reads its own town's, another city's office sees none of them; personal data shows in clear only through
// the audited reveal.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { residentIdCheckChar } from '../../../contracts/identifiers.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, regionByCode, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';

const ctx = useTestApp('admin', 'xucun', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Worker {
  id: string;
  cityId: string;
  kind: string;
  name: string;
  idNumber: string;
  phone: string | null;
  homeTown: { id: string; name: string };
  employerOrg: { id: string; name: string } | null;
  serviceDomains: { code: string; name: string }[];
  version: number;
  abilities: { edit: boolean; reveal: boolean };
}
interface Profile {
  resourceName: string;
  seasons: number[];
  capacity: number;
  roles: string[];
  version: number;
  serviceDomains: { code: string }[];
}

const all = async (s: Session, query: string) => {
  const out: Worker[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(app(), s, 'GET', `/api/v1/workers?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: Worker[]; nextCursor: string | null }>();
    out.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
};
const idNumber = (first17: string) => first17 + residentIdCheckChar(first17);
let xucun: { id: string; path: string };
let agency: string;

beforeAll(async () => {
  tx = await addSecondCity(app());
  xucun = await regionByCode(app(), '330481101');
  [{ id: agency }] = await rows<{ id: string }>(db(), sql`select id from org_directory where type = 'serviceAgency' and status = 'active' and region_path like ${xucun.path + '%'} order by name limit 1`);
});

describe('the workforce', () => {
  it('holds Haining’s 100 social workers and 767 certified employees, masked, in pinyin order; a town reads its own town’s', async () => {
    const social = await all(ctx.as.admin, '&kind=socialWorker');
    const certified = await all(ctx.as.admin, '&kind=certifiedEmployee');
    expect(social).toHaveLength(100);
    expect(certified).toHaveLength(767);
    expect(social.every((w) => /^\d{6}\*{8}\d{3}[\dX]$/.test(w.idNumber) && w.employerOrg && w.abilities.edit && w.abilities.reveal)).toBe(true);
    // Pinyin order (安… before 白… before 陈…, whatever their code points), as the trigger keys the names.
    const order = await rows<{ id: string }>(db(), sql`select id from workers where kind = 'socialWorker' order by name_pinyin, id`);
    expect(social.map((w) => w.id)).toEqual(order.map((r) => r.id));

    const town = await all(ctx.as.xucun, '');
    expect(town.length).toBeGreaterThan(0);
    expect(town.every((w) => w.homeTown.id === xucun.id && !w.abilities.edit && !w.abilities.reveal)).toBe(true);
    const elsewhere = certified.find((w) => w.homeTown.id !== xucun.id)!;
    expectProblem(await call(app(), ctx.as.xucun, 'GET', `/api/v1/workers/${elsewhere.id}`), 404);
    expect((await all(ctx.as.auditor, '&kind=socialWorker')).length).toBe(100);
    // Another city's office sees none of Haining's people.
    expect(await all(tx.admin, '')).toEqual([]);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/workers/${elsewhere.id}`), 404);
    // Search by a phone's last four digits and by a name's part.
    const one = social[7];
    const found = await all(ctx.as.admin, `&q=${encodeURIComponent(one.name.slice(1))}`);
    expect(found.map((w) => w.id)).toContain(one.id);
  });

  it('adds a social worker, refusing bad input on its fields, a second record of the same person, and a town clerk', async () => {
    const body = {
      kind: 'socialWorker',
      name: '沈思源',
      gender: 'female',
      idNumber: idNumber('33048119900315002'),
      phone: '13905731234',
      certificateLevel: 'intermediate',
      certificateNo: '2024TEST00001',
      employerOrgId: agency,
      homeTownId: xucun.id,
      serviceDomains: ['elderly', 'community'],
    };
    const before = (await rows<{ n: number }>(db(), sql`select count(*)::int as n from workers`))[0].n;
    const bad = await call(app(), ctx.as.admin, 'POST', '/api/v1/workers', { ...body, idNumber: '330481199003150021', phone: '12345' });
    expectProblem(bad, 422);
    expect(failedFields(bad)).toEqual(expect.arrayContaining(['idNumber', 'phone']));
    const wrong = await call(app(), ctx.as.admin, 'POST', '/api/v1/workers', { ...body, departmentId: (await rows<{ id: string }>(db(), sql`select id from departments where city_id = (select id from regions where code = '330481') limit 1`))[0].id, serviceDomains: ['elderly', 'nosuch'], homeTownId: tx.towns[0].id });
    expectProblem(wrong, 422);
    expect(failedFields(wrong)).toEqual(expect.arrayContaining(['departmentId', 'serviceDomains', 'homeTownId']));
    expectProblem(await call(app(), ctx.as.xucun, 'POST', '/api/v1/workers', body), 403);
    expect((await rows<{ n: number }>(db(), sql`select count(*)::int as n from workers`))[0].n).toBe(before);

    const made = await call(app(), ctx.as.admin, 'POST', '/api/v1/workers', body);
    expect(made.statusCode, made.body).toBe(201);
    const w = made.json<Worker>();
    expect(w).toMatchObject({ name: '沈思源', idNumber: '330481********0026'.slice(0, 6) + '********' + body.idNumber.slice(-4), phone: '139****1234', homeTown: { id: xucun.id }, version: 1 });
    expect(w.serviceDomains.map((d) => d.name)).toEqual(['老年人', '社区治理']);
    const dup = await call(app(), ctx.as.admin, 'POST', '/api/v1/workers', { ...body, certificateNo: null });
    expectProblem(dup, 409);
    expect(dup.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['idNumber']);
    // Nothing of the ID number or phone in clear, in the row or in the audit trail.
    const [stored] = await rows<Record<string, unknown>>(db(), sql`select * from workers where id = ${w.id}`);
    expect(JSON.stringify(stored)).not.toContain(body.idNumber);
    expect(JSON.stringify(stored)).not.toContain(body.phone);
    const [audit] = await rows<{ changes: unknown }>(db(), sql`select changes from audit_events where action = 'workforce.create' and entity_id = ${w.id}`);
    expect(JSON.stringify(audit.changes)).not.toContain(body.idNumber);
  });

  it('changes a record against its version, keeps the history, and reveals personal data only with a reason, audited', async () => {
    const [w] = await all(ctx.as.admin, '&q=%E6%B2%88%E6%80%9D%E6%BA%90');
    const stale = await call(app(), ctx.as.admin, 'PATCH', `/api/v1/workers/${w.id}`, { version: w.version + 1, status: 'paused' });
    expectProblem(stale, 409);
    const changed = await call(app(), ctx.as.admin, 'PATCH', `/api/v1/workers/${w.id}`, { version: w.version, status: 'paused', certificateLevel: 'senior' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Worker & { status: string }>()).toMatchObject({ status: 'paused', version: w.version + 1 });
    expectProblem(await call(app(), ctx.as.xucun, 'PATCH', `/api/v1/workers/${w.id}`, { version: w.version + 1, status: 'active' }), 403);
    const history = await call(app(), ctx.as.admin, 'GET', `/api/v1/workers/${w.id}/history`);
    expect(history.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toEqual(['workforce.update', 'workforce.create']);

    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/workers/${w.id}/reveal`, { fields: ['idNumber'], reason: '' }), 422);
    expectProblem(await call(app(), ctx.as.xucun, 'POST', `/api/v1/workers/${w.id}/reveal`, { fields: ['idNumber'], reason: '核对身份' }), 403);
    const shown = await call(app(), ctx.as.admin, 'POST', `/api/v1/workers/${w.id}/reveal`, { fields: ['idNumber', 'phone'], reason: '核对社工证书信息' });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({ idNumber: idNumber('33048119900315002'), phone: '13905731234' });
    const [event] = await rows<{ detail: { reason: string; fields: string[] } }>(db(), sql`select detail from audit_events where action = 'workforce.revealPersonalData' and entity_id = ${w.id}`);
    expect(event.detail).toEqual({ fields: ['idNumber', 'phone'], reason: '核对社工证书信息' });
  });

  it('keeps a rotation profile per resource: defaults until set, set whole against its version, checked, another city out of reach', async () => {
    const [w] = await all(ctx.as.admin, '&q=%E6%B2%88%E6%80%9D%E6%BA%90');
    const url = `/api/v1/rotation-profiles/socialWorker/${w.id}`;
    const first = (await call(app(), ctx.as.admin, 'GET', url)).json<Profile>();
    expect(first).toMatchObject({ resourceName: '沈思源', version: 0, seasons: [1, 2, 3, 4], capacity: 2 });
    expect(first.serviceDomains.map((d) => d.code)).toEqual(['elderly', 'community']);
    const body = { version: 0, serviceDomains: ['elderly'], homeTownId: xucun.id, seasons: [2, 1], capacity: 3, roles: ['policyExplainer', 'concernCollector'], active: true };
    const bad = await call(app(), ctx.as.admin, 'PUT', url, { ...body, seasons: [5], roles: [], serviceDomains: ['nosuch'] });
    expectProblem(bad, 422);
    expect(failedFields(bad)).toEqual(expect.arrayContaining(['seasons.0', 'roles']));
    expect(failedFields(await call(app(), ctx.as.admin, 'PUT', url, { ...body, serviceDomains: ['nosuch'], homeTownId: tx.towns[0].id }))).toEqual(['homeTownId', 'serviceDomains']);
    expectProblem(await call(app(), ctx.as.xucun, 'PUT', url, body), 403);
    const set = await call(app(), ctx.as.admin, 'PUT', url, body);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json<Profile>()).toMatchObject({ version: 1, seasons: [1, 2], capacity: 3 });
    expectProblem(await call(app(), ctx.as.admin, 'PUT', url, body), 409);

    // An organization of the registry has its profile from the demo; Tongxiang's office cannot read it.
    const org = await call(app(), ctx.as.admin, 'GET', `/api/v1/rotation-profiles/org/${agency}`);
    expect(org.statusCode, org.body).toBe(200);
    expect(org.json<Profile>().version).toBe(1);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/rotation-profiles/org/${agency}`), 404);
    expectProblem(await call(app(), tx.admin, 'PUT', url, { ...body, version: 1 }), 404);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from rotation_profiles where resource_kind = 'org'`);
    expect(n).toBeGreaterThanOrEqual(500);
  });

  it('exports the list with its filters and reach as an .xlsx file, masked and audited', async () => {
    const sheetOf = async (s: Session, query: string) => {
      const res = await call(app(), s, 'GET', `/api/v1/workers/export.xlsx${query}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
      const sheet = book.worksheets[0];
      const out: string[][] = [];
      sheet.eachRow((row) => out.push((row.values as (string | number | null | undefined)[]).slice(1).map((v) => (v == null ? '' : String(v)))));
      return { res, header: out[0], body: out.slice(1) };
    };
    const { res, header, body } = await sheetOf(ctx.as.admin, '?kind=socialWorker');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(header).toEqual(['姓名', '类别', '性别', '公民身份号码', '手机号码', '证书等级', '证书编号', '工作单位', '所在部门', '镇（街道）', '服务领域', '状态', '备注']);
    const listed = await all(ctx.as.admin, '&kind=socialWorker');
    expect(body.map((r) => r[0])).toEqual(listed.map((w) => w.name));
    expect(body.every((r) => r[1] === '专业社工' && /^\d{6}\*{8}\d{3}[\dX]$/.test(r[3]))).toBe(true);
    const [event] = await rows<{ detail: { rowCount: number; filters: Record<string, string> } }>(db(), sql`select detail from audit_events where action = 'workforce.export' order by seq desc limit 1`);
    expect(event.detail).toEqual({ filters: { kind: 'socialWorker' }, rowCount: listed.length });
    // A town's staff get their town's people only; another city's office none.
    const town = await sheetOf(ctx.as.xucun, '');
    expect(town.body.length).toBe((await all(ctx.as.xucun, '')).length);
    expect(town.body.every((r) => r[9] === '许村镇')).toBe(true);
    expect((await sheetOf(tx.admin, '')).body).toEqual([]);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/workers/export.xlsx?cityId=${tx.haining.id}`), 404);
  });

  it('imports the export’s own file back unchanged, and a sheet of new, changed and refused rows: a dry run first, all or nothing', async () => {
    const upload = (session: Session, query: string, content: Buffer, name: string) => {
      const boundary = `----workforce${Math.random().toString(16).slice(2)}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return app().inject({ method: 'POST', url: `/api/v1/workers/import${query}`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: session.cookie, 'x-csrf-token': session.csrf } });
    };
    const exported = await call(app(), ctx.as.admin, 'GET', '/api/v1/workers/export.xlsx?kind=socialWorker');
    const back = await upload(ctx.as.admin, '', exported.rawPayload, 'workforce.xlsx');
    expect(back.statusCode, back.body.slice(0, 400)).toBe(200);
    expect(back.json<{ counts: Record<string, number> }>().counts).toEqual({ created: 0, updated: 0, unchanged: 100 + 1, invalid: 0 });

    // One of the demo's people, as exported (masked), now paused; a new certified employee; a bad row; a repeat.
    const someone = (await all(ctx.as.admin, '&kind=certifiedEmployee&status=active'))[3];
    const [full] = await rows<{ certificate_no: string }>(db(), sql`select certificate_no from workers where id = ${someone.id}`);
    const [dept] = await rows<{ short_name: string }>(db(), sql`select short_name from departments where city_id = ${tx.haining.id} and retired_at is null order by sort_order limit 1`);
    const newId = idNumber('33048119850707012');
    const csv = [
      '姓名,类别,性别,公民身份号码,手机号码,证书等级,证书编号,工作单位,所在部门,镇（街道）,服务领域,状态,备注',
      `${someone.name},机关事业单位持证人员,,${someone.idNumber},${someone.phone ?? ''},社会工作师,${full.certificate_no},,${dept.short_name},${someone.homeTown.name},老年人,暂停轮值,`,
      `钱晓梅,机关事业单位持证人员,女,${newId},13905738888,助理社会工作师,2025IMP00001,,${dept.short_name},许村镇,老年人、社区治理,在岗,导入`,
      '错行,专业社工,,330481199001010000,,,,,,桐乡镇,飞行,在岗,',
      `钱晓梅,机关事业单位持证人员,女,${newId},13905738888,助理社会工作师,2025IMP00002,,${dept.short_name},许村镇,老年人,在岗,`,
    ].join('\n');
    const dry = await upload(ctx.as.admin, '', Buffer.from(csv), 'people.csv');
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json<{ applied: boolean; counts: Record<string, number>; changes: { row: number; action: string; fields: string[] }[]; errors: { row: number; message: string }[] }>();
    expect(report).toMatchObject({ applied: false, counts: { created: 1, updated: 1, unchanged: 0, invalid: 2 } });
    expect(report.changes).toEqual([
      { row: 2, name: someone.name, action: 'update', fields: expect.arrayContaining(['status', 'serviceDomains']) },
      { row: 3, name: '钱晓梅', action: 'create', fields: [] },
    ]);
    expect(report.errors.map((e) => e.row)).toEqual([4, 5]);
    expect(report.errors[0].message).toContain('镇（街道）“桐乡镇”不是海宁市的镇（街道）');
    expect(report.errors[0].message).toContain('服务领域不在本市目录中：飞行');
    expect(report.errors[1].message).toContain('与第 3 行是同一个人');

    const count = async () => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from workers`))[0].n;
    const before = await count();
    expectProblem(await upload(ctx.as.admin, '?apply=true', Buffer.from(csv), 'people.csv'), 422);
    expect(await count()).toBe(before);
    expectProblem(await upload(ctx.as.xucun, '?apply=true&skipInvalid=true', Buffer.from(csv), 'people.csv'), 403);
    const applied = await upload(ctx.as.admin, '?apply=true&skipInvalid=true', Buffer.from(csv), 'people.csv');
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<{ applied: boolean }>().applied).toBe(true);
    expect(await count()).toBe(before + 1);
    const changed = (await call(app(), ctx.as.admin, 'GET', `/api/v1/workers/${someone.id}`)).json<Worker & { status: string }>();
    expect(changed).toMatchObject({ status: 'paused', idNumber: someone.idNumber, phone: someone.phone });
    const history = (await call(app(), ctx.as.admin, 'GET', `/api/v1/workers/${someone.id}/history`)).json<{ items: { action: string }[] }>();
    expect(history.items[0].action).toBe('workforce.update');
    const [event] = await rows<{ detail: Record<string, unknown> }>(db(), sql`select detail from audit_events where action = 'workforce.import' order by seq desc limit 1`);
    expect(event.detail).toMatchObject({ created: 1, updated: 1, invalid: 2 });
    // The same file again: nothing left to do but the refused rows.
    expect((await upload(ctx.as.admin, '', Buffer.from(csv), 'people.csv')).json<{ counts: Record<string, number> }>().counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });
});
