// Issue 18 §2: the assessment's computed indicator 孵化培育社会组织 (orgs.incubated), checked by hand on organizations
// registered and filed in a fresh town of Haining across 2020–2026; a second fresh town has none.
import { beforeAll, describe, expect, it } from 'vitest';
import { formulaOf, type FormulaSubject } from '../../platform/assessment-formulas.js';
import { addFreshTowns, type FreshTown } from '../../test/fresh-towns.js';
import { call, useTestApp } from '../../test/harness.js';
import { orgsFormulas } from './orgs.formulas.js';
import { orgs } from './orgs.tables.js';

const ctx = useTestApp('admin');
const db = () => ctx.t.app.database.db;
let towns: FreshTown[];
let cityId: string;

const compute = (year: number, subjects: FormulaSubject[], target: number | null = null) => orgsFormulas[0].compute(db(), { cityId, year, subjects, target });
const town = (t: FreshTown): FormulaSubject => ({ subjectType: 'town', subjectRef: t.id, regionId: t.id, regionPath: t.path });
const station = (t: FreshTown): FormulaSubject => ({ subjectType: 'station', subjectRef: `st-${t.code}`, regionId: t.id, regionPath: t.path });

beforeAll(async () => {
  towns = await addFreshTowns(ctx.t.app, ctx.as.admin, [
    { code: '21', grids: [0] },
    { code: '22', grids: [0] },
  ]);
  cityId = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${towns[0].id}`)).json<{ parentId: string }>().parentId;
  const [a] = towns;
  const village = a.communities[0];
  const org = (name: string, type: 'association' | 'serviceAgency' | 'communityOrg', registration: 'registered' | 'filed', foundedOn: string, status: 'active' | 'deregistered' = 'active') => ({
    name: `海宁市测试${name}`,
    type,
    registration,
    townId: a.id,
    communityId: type === 'communityOrg' ? village.id : null,
    regionPath: type === 'communityOrg' ? village.path : a.path,
    address: '浙江省海宁市测试21镇测试211村 8 号',
    businessScope: '为社区居民提供养老、助残与邻里互助服务。',
    legalRepName: '陈思远',
    foundedOn,
    status,
  });
  await db()
    .insert(orgs)
    .values([
      org('社会工作服务中心', 'serviceAgency', 'registered', '2025-03-10'),
      org('志愿者协会', 'association', 'registered', '2025-11-30'),
      // Filed on the year's last day, and since gone: counted in its year all the same.
      org('邻里互助会', 'communityOrg', 'filed', '2025-12-31', 'deregistered'),
      org('老年协会', 'association', 'registered', '2024-06-01'),
      org('文化促进会', 'association', 'registered', '2020-05-01'),
      org('睦邻服务队', 'communityOrg', 'filed', '2026-01-01'),
    ]);
});

describe('orgs.incubated', () => {
  it('is declared in the orgs manifest and registered for the engine', () => {
    expect(formulaOf('orgs.incubated')).toBe(orgsFormulas[0]);
  });

  it("counts the town's organizations registered or filed in the year over the target: 4 a station, 8 a town when none is given", async () => {
    const [a] = towns;
    const values = await compute(2025, [town(a), station(a)]);
    expect(values.get(a.id)).toEqual({ attainment: 3 / 8, figure: '2025 年度本镇（街道）新登记、备案社会组织 3 家（登记 2 家、备案 1 家），目标 8 家', sample: 3 });
    expect(values.get(`st-${a.code}`)).toEqual({ attainment: 0.75, figure: '2025 年度本镇（街道）新登记、备案社会组织 3 家（登记 2 家、备案 1 家），目标 4 家', sample: 3 });
    // The indicator's own target wins, and the attainment stops at 1.
    expect((await compute(2025, [town(a)], 2)).get(a.id)).toMatchObject({ attainment: 1, figure: expect.stringContaining('目标 2 家') });
    expect((await compute(2024, [town(a)], 4)).get(a.id)).toMatchObject({ attainment: 0.25, sample: 1 });
    expect((await compute(2026, [town(a)], 4)).get(a.id)).toMatchObject({ attainment: 0.25, figure: expect.stringContaining('登记 0 家、备案 1 家') });
  });

  it('scores a year without new organizations 0 where the registry holds the town, and says the data is missing where it holds nothing', async () => {
    const [a, b] = towns;
    const values = await compute(2023, [town(a), town(b), { subjectType: 'station', subjectRef: 'nowhere', regionId: null, regionPath: null }]);
    expect(values.get(a.id)).toEqual({ attainment: 0, figure: '2023 年度本镇（街道）新登记、备案社会组织 0 家（登记 0 家、备案 0 家），目标 8 家', sample: 0 });
    expect(values.get(b.id)).toEqual({ attainment: null, figure: '截至 2023 年末社会组织登记库中无本镇（街道）的组织，数据缺失', sample: null });
    // Before the town's first organization, the registry says nothing of it.
    expect((await compute(2019, [town(a)])).get(a.id)).toMatchObject({ attainment: null, sample: null });
    expect(values.get('nowhere')).toMatchObject({ attainment: null, sample: null });
  });
});
