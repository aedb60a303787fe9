// Issue 18 §2: the assessment's computed indicator 四季轮值网格覆盖率 (rotation.coverage), checked by hand on field
// records of 2025 (and one of 2024) under published plans in three fresh towns of Haining: one with five grids, one
// whose village has no grids yet, one with grids and no record.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { formulaOf, type FormulaSubject } from '../../platform/assessment-formulas.js';
import { addFreshTowns, type FreshTown, type TestPlace } from '../../test/fresh-towns.js';
import { call, useTestApp } from '../../test/harness.js';
import { rotationFormulas } from './rotation.formulas.js';
import { rotationServiceRecords } from './rotation-records.tables.js';
import { rotationAssignments, rotationPlans } from './rotation.tables.js';
import { seasonWindow } from './use-cases/field-records.js';

const ctx = useTestApp('admin');
const db = () => ctx.t.app.database.db;
let towns: FreshTown[];
let cityId: string;
const plans = new Map<string, string>();

/** A published plan of the season (one a city and season), an assignment in the community, and one record under it. */
async function record(year: number, season: number, town: FreshTown, community: FreshTown['communities'][number], grid: TestPlace | null) {
  let planId = plans.get(`${year}:${season}`);
  if (!planId) {
    const [plan] = await db().insert(rotationPlans).values({ cityId, year, season, state: 'published', publishedAt: new Date() }).returning({ id: rotationPlans.id });
    planId = plan.id;
    plans.set(`${year}:${season}`, planId);
  }
  const resourceId = randomUUID();
  const [a] = await db()
    .insert(rotationAssignments)
    .values({ planId, year, season, townId: town.id, communityId: community.id, regionPath: community.path, role: 'policyExplainer', resourceKind: 'socialWorker', resourceId, source: 'office' })
    .returning({ id: rotationAssignments.id });
  await db()
    .insert(rotationServiceRecords)
    .values({
      clientKey: randomUUID(),
      assignmentId: a.id,
      cityId,
      year,
      season,
      townId: town.id,
      communityId: community.id,
      gridId: grid?.id ?? null,
      regionPath: community.path,
      resourceKind: 'socialWorker',
      resourceId,
      role: 'policyExplainer',
      kind: 'briefing',
      checkedInAt: new Date(seasonWindow(year, season).from.getTime() + 10 * 86_400_000),
      minutes: 60,
      participants: 12,
      beneficiaries: { elderly: 8 },
      beneficiaryTotal: 8,
      note: '在村文化礼堂宣讲养老服务补贴政策',
    });
}

const compute = (year: number, subjects: FormulaSubject[]) => rotationFormulas[0].compute(db(), { cityId, year, subjects, target: null });
const town = (t: FreshTown): FormulaSubject => ({ subjectType: 'town', subjectRef: t.id, regionId: t.id, regionPath: t.path });

beforeAll(async () => {
  // A: villages of 3 and 2 grids. B: a village with no grid. C: a village of 2 grids and no record.
  towns = await addFreshTowns(ctx.t.app, ctx.as.admin, [
    { code: '11', grids: [3, 2] },
    { code: '12', grids: [0] },
    { code: '13', grids: [2] },
  ]);
  cityId = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${towns[0].id}`)).json<{ parentId: string }>().parentId;
  const [a, b] = towns;
  const [a1, a2] = a.communities;
  // Season 1: grid 1 of the first village (twice), and the second village with no grid named (both its grids).
  await record(2025, 1, a, a1, a1.grids[0]);
  await record(2025, 1, a, a1, a1.grids[0]);
  await record(2025, 1, a, a2, null);
  // Season 2: the first village with no grid named (its three grids). Season 3: its third grid. Season 4: nothing.
  await record(2025, 2, a, a1, null);
  await record(2025, 3, a, a1, a1.grids[2]);
  // B, counted by its village: seasons 1 and 3.
  await record(2025, 1, b, b.communities[0], null);
  await record(2025, 3, b, b.communities[0], null);
  // A year before: one record in A.
  await record(2024, 2, a, a2, a2.grids[1]);
});

describe('rotation.coverage', () => {
  it('is declared in the rotation manifest and registered for the engine', () => {
    expect(formulaOf('rotation.coverage')).toBe(rotationFormulas[0]);
  });

  it("counts the town's grid-seasons with a field record: a record's grid, or every grid of its village when it names none", async () => {
    const station: FormulaSubject = { subjectType: 'station', subjectRef: 'st-a', regionId: towns[0].id, regionPath: towns[0].path };
    const values = await compute(2025, [town(towns[0]), station]);
    // Grid-seasons: season 1 — grid 1 of village 1, both grids of village 2 (3); season 2 — village 1's three (3);
    // season 3 — grid 3 (1): 7 of 5 grids × 4 seasons.
    const a = { attainment: 7 / 20, figure: '覆盖网格季度 7 个 / 应覆盖 20 个（网格 5 个 × 4 季度，35.0%），服务记录 5 条', sample: 5 };
    expect(values.get(towns[0].id)).toEqual(a);
    expect(values.get('st-a')).toEqual(a);
  });

  it('counts a town without grids by its villages, and each year apart', async () => {
    const values = await compute(2025, [town(towns[1])]);
    expect(values.get(towns[1].id)).toEqual({ attainment: 0.5, figure: '覆盖村（社区）季度 2 个 / 应覆盖 4 个（村（社区） 1 个 × 4 季度，50.0%），服务记录 2 条；本镇（街道）未划分网格，按村（社区）计', sample: 2 });
    const before = await compute(2024, [town(towns[0])]);
    expect(before.get(towns[0].id)).toEqual({ attainment: 1 / 20, figure: '覆盖网格季度 1 个 / 应覆盖 20 个（网格 5 个 × 4 季度，5.0%），服务记录 1 条', sample: 1 });
  });

  it('says the data is missing, never 0, for a town without records and for a subject without a town', async () => {
    const values = await compute(2025, [town(towns[2]), { subjectType: 'station', subjectRef: 'nowhere', regionId: null, regionPath: null }]);
    expect(values.get(towns[2].id)).toEqual({ attainment: null, figure: '2025 年度本镇（街道）无四季轮值服务记录，数据缺失', sample: 0 });
    expect(values.get('nowhere')).toMatchObject({ attainment: null, sample: null });
    expect((await compute(2023, [town(towns[0])])).get(towns[0].id)?.attainment).toBeNull();
  });
});
