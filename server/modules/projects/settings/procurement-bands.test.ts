import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp } from '../../../test/harness.js';
import { fire } from '../../applications/application-factories.js';
import { callInput, makePlannedProject } from '../project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'auditor');
const app = () => ctx.t.app;

interface Bands {
  cityId: string;
  items: { fromFen: number; method: string; methodName: string; binding: boolean; note: string }[];
  version: number;
}
const bands = async () => (await call(app(), ctx.as.weijian, 'GET', '/api/v1/procurement-bands')).json<Bands>();
const forAmount = async (amountFen: number) => (await call(app(), ctx.as.weijian, 'GET', `/api/v1/procurement-bands/for-amount?amountFen=${amountFen}`)).json<{ band: Bands['items'][number] | null }>().band;
const put = (body: unknown, who = ctx.as.admin) => call(app(), who, 'PUT', '/api/v1/procurement-bands', body);
const projectRow = async (id: string) => (await rows<{ procurement_method: string | null; state: string }>(app().database.db, sql`select p.procurement_method, c.state from service_projects p join cases c on c.id = p.case_id where p.case_id = ${id}`))[0];

const CONSULT = { fromFen: 0, method: 'competitiveConsultation', binding: false, note: '未达公开招标数额标准的服务项目，一般采用竞争性磋商' };

describe('procurement method bands (issue 15 §5)', () => {
  it('are read by a department user: the demo city consults below 400 万元 and must tender from it', async () => {
    const list = await bands();
    expect(list.version).toBe(1);
    expect(list.items).toEqual([
      { ...CONSULT, methodName: '竞争性磋商' },
      { fromFen: 400_000_000, method: 'publicTender', methodName: '公开招标', binding: true, note: '达到浙江省政府采购服务类公开招标数额标准（400 万元），应当公开招标' },
    ]);
    const en = (await call(app(), ctx.as.weijian, 'GET', '/api/v1/procurement-bands', undefined, { 'accept-language': 'en' })).json<Bands>();
    expect(en.items.map((b) => b.methodName)).toEqual(['Competitive consultation', 'Open tender']);
  });

  it('answer the band an amount falls in: the greatest start at or below it', async () => {
    expect((await forAmount(0))?.method).toBe('competitiveConsultation');
    expect((await forAmount(5_000_000))?.method).toBe('competitiveConsultation');
    expect((await forAmount(399_999_999))?.method).toBe('competitiveConsultation');
    expect(await forAmount(400_000_000)).toMatchObject({ fromFen: 400_000_000, method: 'publicTender', binding: true });
    expect((await forAmount(9_000_000_000))?.method).toBe('publicTender');
    expectProblem(await call(app(), ctx.as.weijian, 'GET', '/api/v1/procurement-bands/for-amount?amountFen=-1'), 422, 'validation');
  });

  it('are replaced only by the office, whole, checked field by field, with a version check, and audited', async () => {
    const before = await bands();
    const valid = [CONSULT, { fromFen: 400_000_000, method: 'publicTender', binding: true, note: '达到公开招标数额标准' }];
    expectProblem(await put({ version: before.version, bands: valid }, ctx.as.weijian), 403, 'forbidden');
    expectProblem(await put({ version: before.version, bands: valid }, ctx.as.auditor), 403);

    // Each refusal names the field; nothing changes.
    expect(failedFields(await put({ version: before.version, bands: [{ ...CONSULT, fromFen: 100 }] }), 'validation')).toEqual(['bands.0.fromFen']);
    expect(failedFields(await put({ version: before.version, bands: [CONSULT, { ...valid[1], fromFen: 0 }] }), 'validation')).toEqual(['bands.1.fromFen']);
    expect(failedFields(await put({ version: before.version, bands: [CONSULT, { ...valid[1], note: '依'.repeat(201) }] }), 'validation')).toEqual(['bands.1.note']);
    expect(failedFields(await put({ version: before.version, bands: [CONSULT, { ...valid[1], method: 'auction' }] }), 'validation')).toEqual(['bands.1.method']);
    expect(failedFields(await put({ version: before.version, bands: Array.from({ length: 21 }, (_, i) => ({ ...CONSULT, fromFen: i * 100 })) }), 'validation')).toEqual(['bands']);
    const refused = expectProblem(await put({ version: before.version, bands: [{ ...CONSULT, fromFen: 100 }] }), 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
    expect(refused.errors[0].message).toContain('0 元');
    expect(await bands()).toEqual(before);

    // Given in any order, kept lowest first; the version moves on.
    const three = [valid[1], CONSULT, { fromFen: 20_000_000, method: 'competitiveNegotiation', binding: false, note: '' }];
    const replaced = await put({ version: before.version, bands: three });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json<Bands>()).toMatchObject({ version: before.version + 1, items: [{ fromFen: 0 }, { fromFen: 20_000_000, methodName: '竞争性谈判' }, { fromFen: 400_000_000 }] });
    expect((await forAmount(20_000_000))?.method).toBe('competitiveNegotiation');
    expect((await forAmount(19_999_999))?.method).toBe('competitiveConsultation');

    const stale = expectProblem(await put({ version: before.version, bands: valid }), 409, 'conflict') as unknown as { currentVersion: number };
    expect(stale.currentVersion).toBe(before.version + 1);
    expect((await bands()).items).toHaveLength(3);

    const [audit] = await rows<{ action: string; entity_type: string; changes: { version: { before: number; after: number } } }>(
      app().database.db,
      sql`select action, entity_type, changes from audit_events where entity_type = 'procurementBands' order by seq desc limit 1`,
    );
    expect(audit).toMatchObject({ action: 'project.settings', changes: { version: { before: before.version, after: before.version + 1 } } });
  });

  it('make publishCall refuse another method where a band binds, and leave the project as it was', async () => {
    const current = await bands();
    // The test project's budget is 5 万元: a binding band from 4 万元 covers it.
    const binding = await put({ version: current.version, bands: [CONSULT, { fromFen: 4_000_000, method: 'publicTender', binding: true, note: '测试：4 万元起应当公开招标' }] });
    expect(binding.statusCode).toBe(200);
    const id = await makePlannedProject(app(), { dept: ctx.as.weijian, admin: ctx.as.admin });
    const input = await callInput(app());
    const res = await fire(app(), ctx.as.admin, id, 'publishCall', { input: { ...input, procurementMethod: 'competitiveConsultation' } });
    const problem = expectProblem(res, 422, 'validation') as unknown as { errors: { path: string; message: string }[] };
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'input.procurementMethod', message: '预算 5 万元达到公开招标数额标准（4 万元起），应采用公开招标' })]);
    expect(await projectRow(id)).toEqual({ procurement_method: null, state: 'planned' });

    const ok = await fire(app(), ctx.as.admin, id, 'publishCall', { input: { ...input, procurementMethod: 'publicTender' } });
    expect(ok.statusCode).toBe(200);
    expect(await projectRow(id)).toEqual({ procurement_method: 'publicTender', state: 'calling' });
  });

  it('leave a city without bands with no default, and every method open', async () => {
    await app().database.db.execute(sql`delete from procurement_method_bands`);
    expect(await bands()).toMatchObject({ items: [], version: 0 });
    expect(await forAmount(5_000_000)).toBeNull();
    const id = await makePlannedProject(app(), { dept: ctx.as.weijian, admin: ctx.as.admin });
    expect((await fire(app(), ctx.as.admin, id, 'publishCall', { input: { ...(await callInput(app())), procurementMethod: 'singleSource' } })).statusCode).toBe(200);
    // The first list of such a city is written on version 0.
    expect((await put({ version: 0, bands: [CONSULT] })).json<Bands>()).toMatchObject({ version: 1, items: [{ fromFen: 0 }] });
  });
});
