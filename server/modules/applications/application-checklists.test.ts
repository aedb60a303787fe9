// Issue 16 §3: each city keeps its own materials checklist per kind. The office renames, reorders, adds, takes off
// and restores materials; the 办事指南, the submission check, the application's checklist and the one-time notice
// all read the application's city's list; another city's list is untouched and out of reach.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { CHECKLISTS } from '../../../contracts/applications.js';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { attach, attachAll, fileDraft, fire } from './application-factories.js';

const ctx = useTestApp('admin', 'shenqing', 'xucun');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Item {
  key: string;
  name: string;
  nameEn: string;
  required: boolean;
  retired: boolean;
}
interface Setting {
  cityId: string;
  kind: string;
  checklist: Item[];
  checklistIsDefault: boolean;
  version: number;
}

const establishment = async (s: Session, cityId?: string) => {
  const res = await call(app(), s, 'GET', `/api/v1/application-settings${cityId ? `?cityId=${cityId}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Setting[] }>().items.find((i) => i.kind === 'establishment')!;
};

const guideMaterials = async (cityId: string) => {
  const res = await app().inject({ method: 'GET', url: `/api/v1/application-guides/establishment?cityId=${cityId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ materials: { key: string; name: string; required: boolean; templateUrl: string | null }[] }>().materials;
};

const put = (s: Session, body: object) => call(app(), s, 'PUT', '/api/v1/application-settings/establishment/checklist', body);

/** Haining's list as the office saves it: 住所证明 renamed, 验资 optional, 其他材料 taken off, a 党建 pledge added. */
const hainingList = (items: Item[]) => [
  ...items
    .filter((i) => i.key !== 'other')
    .map((i) => ({
      key: i.key,
      name: i.key === 'premisesProof' ? '住所使用证明（租赁合同或产权证明）' : i.name,
      required: i.key === 'capitalProof' ? false : i.required,
    })),
  { name: '党建工作承诺书', nameEn: 'Party-building pledge', required: true },
];

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('materials checklists per city', () => {
  it('asks for the defaults until the city saves its own', async () => {
    const s = await establishment(ctx.as.admin);
    expect(s.checklistIsDefault).toBe(true);
    expect(s.checklist.map((i) => i.key)).toEqual(CHECKLISTS.establishment.map((i) => i.key));
    expect((await guideMaterials(tx.haining.id)).map((m) => m.key)).toEqual(CHECKLISTS.establishment.map((i) => i.key));
  });

  it('refuses a bad list on its rows, a stale version, another city’s office and a town clerk, changing nothing', async () => {
    const before = await establishment(ctx.as.admin);
    const items = before.checklist.map(({ key, name, required }) => ({ key, name, required }));
    const dup = await put(ctx.as.admin, { version: before.version, items: [...items, { name: '章程草案', required: true }, { key: 'nosuch', name: '不存在的材料', required: true }] });
    expectProblem(dup, 422);
    expect(failedFields(dup)).toEqual(expect.arrayContaining([`items.${items.length}.name`, `items.${items.length + 1}.key`]));
    expect(dup.json<{ errors: { message: string }[] }>().errors.map((e) => e.message)).toContain('材料名称“章程草案”与第 2 项重复');
    expectProblem(await put(ctx.as.admin, { version: before.version, items: [] }), 422);
    expectProblem(await put(ctx.as.admin, { version: before.version, items: [{ name: '', required: true }] }), 422);
    expectProblem(await put(ctx.as.admin, { version: before.version + 5, items }), 409);
    // Tongxiang's office naming Haining is answered as for anything out of reach; a town clerk has no such right.
    expectProblem(await put(tx.admin, { cityId: tx.haining.id, version: before.version, items }), 404);
    expectProblem(await put(ctx.as.xucun, { version: before.version, items }), 403);
    const after = await establishment(ctx.as.admin);
    expect(after).toEqual(before);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from application_checklist_items`);
    expect(n).toBe(0);
  });

  it('saves Haining’s own list: renamed, optional, retired and new items, audited; the guide shows it and Tongxiang keeps the defaults', async () => {
    const before = await establishment(ctx.as.admin);
    const res = await put(ctx.as.admin, { version: before.version, items: hainingList(before.checklist) });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json<{ items: Setting[] }>().items.find((s) => s.kind === 'establishment')!;
    expect(saved.version).toBe(before.version + 1);
    expect(saved.checklistIsDefault).toBe(false);
    expect(saved.checklist.map((i) => [i.key, i.required, i.retired])).toEqual([
      ['applicationLetter', true, false],
      ['charter', true, false],
      ['supervisorApproval', true, false],
      ['premisesProof', true, false],
      ['capitalProof', false, false],
      ['legalRepId', true, false],
      ['item1', true, false],
      ['other', false, true],
    ]);
    expect(saved.checklist.find((i) => i.key === 'item1')).toMatchObject({ name: '党建工作承诺书', nameEn: 'Party-building pledge' });
    // A renamed item without a new English name takes its Chinese name rather than keep an English name that no longer fits.
    expect(saved.checklist.find((i) => i.key === 'premisesProof')!.nameEn).toBe('住所使用证明（租赁合同或产权证明）');

    const [audit] = await rows<{ changes: { checklist: { before: { key: string }[]; after: { key: string }[] } }; detail: { retired: string[] } }>(
      db(),
      sql`select changes, detail from audit_events where action = 'application.checklist' order by seq desc limit 1`,
    );
    expect(audit.changes.checklist.before.map((i) => i.key)).toContain('other');
    expect(audit.changes.checklist.after.map((i) => i.key)).toContain('item1');
    expect(audit.detail.retired).toEqual(['other']);

    const guide = await guideMaterials(tx.haining.id);
    expect(guide.map((m) => m.name)).toContain('党建工作承诺书');
    expect(guide.map((m) => m.key)).not.toContain('other');
    expect(guide.find((m) => m.key === 'item1')!.templateUrl).toBeNull();
    expect((await guideMaterials(tx.city.id)).map((m) => m.key)).toEqual(CHECKLISTS.establishment.map((i) => i.key));
    expect((await establishment(tx.admin)).checklistIsDefault).toBe(true);
  });

  it('asks an applicant in Haining for the new material, shows it on the application and lets a notice name it', async () => {
    const draft = await fileDraft(app(), ctx.as.shenqing);
    await attachAll(app(), ctx.as.shenqing, draft.id);
    const refused = await fire(app(), ctx.as.shenqing, draft.id, 'submit');
    expectProblem(refused, 422);
    expect(failedFields(refused)).toEqual(['materials.item1']);
    expect(refused.json<{ errors: { message: string }[] }>().errors[0].message).toBe('缺少材料：党建工作承诺书');

    expect((await attach(app(), ctx.as.shenqing, draft.id, 'item1')).statusCode).toBe(201);
    const submitted = await fire(app(), ctx.as.shenqing, draft.id, 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    const shown = (await call(app(), ctx.as.admin, 'GET', `/api/v1/applications/${draft.id}`)).json<{ checklist: { key: string; provided: boolean; required: boolean }[] }>();
    expect(shown.checklist.find((i) => i.key === 'item1')).toMatchObject({ provided: true, required: true });
    // 其他材料 is off the list and this application never attached it.
    expect(shown.checklist.map((i) => i.key)).not.toContain('other');

    const wrong = await fire(app(), ctx.as.admin, draft.id, 'requestSupplement', { input: { items: [{ item: 'nosuch', problem: '没有这项材料' }] } });
    expectProblem(wrong, 422);
    const notice = await fire(app(), ctx.as.admin, draft.id, 'requestSupplement', { input: { items: [{ item: 'item1', problem: '承诺书未盖章' }] } });
    expect(notice.statusCode, notice.body).toBe(200);
    const withNotice = (await call(app(), ctx.as.shenqing, 'GET', `/api/v1/applications/${draft.id}`)).json<{ supplementNotice: { items: { item: string; itemName: string }[] } }>();
    expect(withNotice.supplementNotice.items).toEqual([expect.objectContaining({ item: 'item1', itemName: '党建工作承诺书' })]);
  });

  it('restores a retired item with its key, and a copied template gives a new city the same list', async () => {
    const before = await establishment(ctx.as.admin);
    const items = before.checklist.filter((i) => !i.retired).map(({ key, name, required }) => ({ key, name, required }));
    const res = await put(ctx.as.admin, { version: before.version, items: [...items, { key: 'other', name: '其他材料', required: false }] });
    expect(res.statusCode, res.body).toBe(200);
    const restored = res.json<{ items: Setting[] }>().items.find((s) => s.kind === 'establishment')!;
    expect(restored.checklist.find((i) => i.key === 'other')).toMatchObject({ retired: false, nameEn: 'Other materials' });

    // Tongxiang had no list of its own, so copying Haining's settings again brings Haining's list.
    const copied = await call(app(), tx.ops, 'POST', `/api/v1/cities/${tx.city.id}/copy-template`, { fromCityId: tx.haining.id });
    expect(copied.statusCode, copied.body).toBe(200);
    const tongxiang = await establishment(tx.admin);
    expect(tongxiang.checklistIsDefault).toBe(false);
    expect(tongxiang.checklist.map((i) => i.name)).toEqual(restored.checklist.map((i) => i.name));

    // Tongxiang's office then changes its own; Haining's stays as it was.
    const own = await put(tx.admin, { version: tongxiang.version, items: [{ key: 'applicationLetter', name: '成立登记申请书', required: true }] });
    expect(own.statusCode, own.body).toBe(200);
    expect((await guideMaterials(tx.city.id)).map((m) => m.key)).toEqual(['applicationLetter']);
    expect((await establishment(ctx.as.admin)).checklist).toEqual(restored.checklist);
  });
});
