// Issue 18 §2: the assessment's computed indicator 持证社工配备 (workforce.certifiedWorkers), checked by hand on the
// talent pool of a fresh town of Haining: who holds a certificate, who has left, who was entered when; a second fresh
// town has nobody in the pool.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateLevel, WorkerKind, WorkerStatus } from '../../../contracts/workforce.js';
import { formulaOf, type FormulaSubject } from '../../platform/assessment-formulas.js';
import { addFreshTowns, type FreshTown } from '../../test/fresh-towns.js';
import { call, useTestApp } from '../../test/harness.js';
import { workforceFormulas } from './workforce.formulas.js';
import { workers } from './workforce.tables.js';

const ctx = useTestApp('admin');
const db = () => ctx.t.app.database.db;
let towns: FreshTown[];
let cityId: string;

const compute = (year: number, subjects: FormulaSubject[], target: number | null = null) => workforceFormulas[0].compute(db(), { cityId, year, subjects, target });
const town = (t: FreshTown): FormulaSubject => ({ subjectType: 'town', subjectRef: t.id, regionId: t.id, regionPath: t.path });
const station = (t: FreshTown): FormulaSubject => ({ subjectType: 'station', subjectRef: `st-${t.code}`, regionId: t.id, regionPath: t.path });

beforeAll(async () => {
  towns = await addFreshTowns(ctx.t.app, ctx.as.admin, [
    { code: '31', grids: [0] },
    { code: '32', grids: [0] },
  ]);
  cityId = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions/${towns[0].id}`)).json<{ parentId: string }>().parentId;
  const [a] = towns;
  let n = 0;
  // Personal data is not read by the formula: placeholders stand for the sealed values.
  const worker = (kind: WorkerKind, certificateLevel: CertificateLevel | null, status: WorkerStatus, createdAt: string) => {
    n += 1;
    return { cityId, kind, name: `测试社工${n}`, idSealed: `sealed-${n}`, idHash: `formula-test-${n}`, idMasked: '330481********0000', certificateLevel, townId: a.id, regionPath: a.path, status, createdAt: new Date(`${createdAt}T09:00:00+08:00`) };
  };
  await db()
    .insert(workers)
    .values([
      worker('socialWorker', 'assistant', 'active', '2025-03-01'),
      // Paused in the rotation, still on the staff.
      worker('socialWorker', 'intermediate', 'paused', '2025-06-01'),
      // Gone: not counted.
      worker('socialWorker', 'senior', 'left', '2025-01-01'),
      // No certificate: not counted.
      worker('socialWorker', null, 'active', '2025-01-01'),
      // Entered in 2026: not on the books at the end of 2025.
      worker('socialWorker', 'assistant', 'active', '2026-05-01'),
      // A certified public employee: a town's, not a station's professional staff.
      worker('certifiedEmployee', 'assistant', 'active', '2025-02-01'),
    ]);
});

describe('workforce.certifiedWorkers', () => {
  it('is declared in the workforce manifest and registered for the engine', () => {
    expect(formulaOf('workforce.certifiedWorkers')).toBe(workforceFormulas[0]);
  });

  it('counts the certified people on the books at the end of the year over the target: 4 a station, 20 a town when none is given', async () => {
    const [a] = towns;
    const y2025 = await compute(2025, [station(a), town(a)]);
    expect(y2025.get(`st-${a.code}`)).toEqual({ attainment: 0.5, figure: '2025 年末本镇（街道）持证专业社工 2 名，目标 4 名', sample: 2 });
    expect(y2025.get(a.id)).toEqual({ attainment: 0.15, figure: '2025 年末本镇（街道）持证社工 3 名（专业社工 2 名、机关事业单位持证人员 1 名），目标 20 名', sample: 3 });
    const y2026 = await compute(2026, [station(a), town(a)]);
    expect(y2026.get(`st-${a.code}`)).toMatchObject({ attainment: 0.75, sample: 3 });
    expect(y2026.get(a.id)).toMatchObject({ attainment: 0.2, sample: 4 });
    // The indicator's own target wins, and the attainment stops at 1.
    expect((await compute(2026, [station(a)], 2)).get(`st-${a.code}`)).toMatchObject({ attainment: 1, figure: '2026 年末本镇（街道）持证专业社工 3 名，目标 2 名' });
  });

  it('says the data is missing, never 0, where the pool holds nobody of the town, and for a subject without a town', async () => {
    const values = await compute(2025, [town(towns[1]), station(towns[1]), { subjectType: 'station', subjectRef: 'nowhere', regionId: null, regionPath: null }]);
    expect(values.get(towns[1].id)).toEqual({ attainment: null, figure: '截至 2025 年末社工人才库中无本镇（街道）人员，数据缺失', sample: null });
    expect(values.get(`st-${towns[1].code}`)?.attainment).toBeNull();
    expect(values.get('nowhere')).toMatchObject({ attainment: null, sample: null });
    // Before anyone of the town was entered, the pool says nothing of it.
    expect((await compute(2024, [town(towns[0])])).get(towns[0].id)).toMatchObject({ attainment: null, figure: '截至 2024 年末社工人才库中无本镇（街道）人员，数据缺失' });
  });
});
