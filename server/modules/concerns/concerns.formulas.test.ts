// Issue 18 §2: the assessment's computed indicator 民情按时办结率 (concerns.withinLimit), checked by hand on concerns
// raised in two fresh towns of Haining at fixed days of November 2026 (no holiday in it) and one of December 2025.
// Haining's routing sends care for the elderly to the town's station and safety hazards to a city department.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { formulaOf, type FormulaSubject } from '../../platform/assessment-formulas.js';
import { setClock } from '../../platform/clock.js';
import { call, useTestApp, type Session } from '../../test/harness.js';
import { addFreshTowns, type FreshTown } from '../../test/fresh-towns.js';
import { concernsFormulas } from './concerns.formulas.js';
import { escalateOverdueConcerns } from './use-cases/escalate-overdue.js';

const ctx = useTestApp('admin');
const app = () => ctx.t.app;
let towns: FreshTown[];
let cityId: string;

const at = async <T>(when: string, act: () => Promise<T>): Promise<T> => {
  const restore = setClock({ at: when });
  try {
    return await act();
  } finally {
    restore();
  }
};

async function raise(session: Session, categoryCode: string, regionId: string): Promise<{ id: string; number: string }> {
  const res = await call(app(), session, 'POST', '/api/v1/concerns', { categoryCode, regionId, description: '考核测试：村口路灯不亮，夜间出行不便。' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function fire(id: string, event: string, input?: Record<string, unknown>) {
  const now = (await call(app(), ctx.as.admin, 'GET', `/api/v1/concerns/${id}`)).json<{ version: number }>();
  const res = await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${id}/transitions`, { event, version: now.version, input });
  expect(res.statusCode, res.body).toBe(200);
}

const handle = async (id: string) => {
  await fire(id, 'accept');
  await fire(id, 'start');
  await fire(id, 'reply', { reply: '已安排人员现场处理完毕。' });
};

/** Raised on `raisedAt`, accepted, started and replied the same day, closed on `closedAt`. */
async function closedConcern(categoryCode: string, regionId: string, raisedAt: string, closedAt: string) {
  const c = await at(raisedAt, () => raise(ctx.as.admin, categoryCode, regionId));
  await at(raisedAt, () => handle(c.id));
  await at(closedAt, () => fire(c.id, 'close'));
  return c;
}

const compute = (year: number, subjects: FormulaSubject[]) => concernsFormulas[0].compute(app().database.db, { cityId, year, subjects, target: null });
const town = (t: FreshTown): FormulaSubject => ({ subjectType: 'town', subjectRef: t.id, regionId: t.id, regionPath: t.path });
const station = (t: FreshTown, ref: string = randomUUID()): FormulaSubject => ({ subjectType: 'station', subjectRef: ref, regionId: t.id, regionPath: t.path });

beforeAll(async () => {
  towns = await addFreshTowns(app(), ctx.as.admin, [{ code: '01', grids: [0] }, { code: '02', grids: [0] }]);
  cityId = (await call(app(), ctx.as.admin, 'GET', `/api/v1/regions/${towns[0].id}`)).json<{ parentId: string }>().parentId;
  const place = towns[0].communities[0].id;
  // 1: environment (5 working days), routed to the town, closed after 3 — within. 2: closed after 8 — late.
  await closedConcern('environment', place, '2026-11-02T10:00:00+08:00', '2026-11-05T15:00:00+08:00');
  await closedConcern('environment', place, '2026-11-02T11:00:00+08:00', '2026-11-12T09:00:00+08:00');
  // 3, 4: elderly (5 days), routed to the station, closed after 2 and 3 — within.
  await closedConcern('elderly', place, '2026-11-02T10:30:00+08:00', '2026-11-04T10:00:00+08:00');
  await closedConcern('elderly', place, '2026-11-02T10:40:00+08:00', '2026-11-05T10:00:00+08:00');
  // 5: elderly, left unaccepted past its day (due 3 November), escalated on the 4th, then closed on the 5th — 3 working
  // days, within the category's limit, but escalated first: late.
  const late = await at('2026-11-02T10:50:00+08:00', () => raise(ctx.as.admin, 'elderly', place));
  expect(await escalateOverdueConcerns(app().database.db, '2026-11-04')).toBeGreaterThan(0);
  await at('2026-11-04T09:00:00+08:00', () => handle(late.id));
  await at('2026-11-05T16:00:00+08:00', () => fire(late.id, 'close'));
  // 6: safety, routed to a city department, closed at once: neither the town's nor the station's.
  await closedConcern('safety', place, '2026-11-03T10:00:00+08:00', '2026-11-03T16:00:00+08:00');
  // 7: open, not closed: not counted. 8: merged into 7 as a duplicate: not handled, not counted.
  const open = await at('2026-11-09T10:00:00+08:00', () => raise(ctx.as.admin, 'environment', place));
  const twin = await at('2026-11-09T11:00:00+08:00', () => raise(ctx.as.admin, 'environment', place));
  await at('2026-11-09T12:00:00+08:00', () => fire(twin.id, 'merge', { intoNumber: open.number }));
  // 9: closed in December 2025, within: the previous year's.
  await closedConcern('environment', place, '2025-12-01T10:00:00+08:00', '2025-12-03T10:00:00+08:00');
});

describe('concerns.withinLimit', () => {
  it('is declared in the concerns manifest and registered for the engine', () => {
    expect(formulaOf('concerns.withinLimit')).toBe(concernsFormulas[0]);
    expect(concernsFormulas[0].subjectTypes).toEqual(['station', 'town']);
  });

  it("counts a town's concerns closed in the year — its own and its station's — within their limit and never escalated", async () => {
    const s = station(towns[0], 'st-a');
    const values = await compute(2026, [town(towns[0]), s]);
    // The town: 1, 3, 4 within; 2 late, 5 escalated — 3 of 5. The department's (6), the open (7) and merged (8) not counted.
    expect(values.get(towns[0].id)).toEqual({ attainment: 0.6, figure: '本镇（街道）按时办结 3 件 / 办结 5 件（60.0%），其中超期督办 1 件计为未按时', sample: 5 });
    // The station: those routed to it — 3, 4 within, 5 escalated.
    expect(values.get('st-a')).toEqual({ attainment: 2 / 3, figure: '派给本站按时办结 2 件 / 办结 3 件（66.7%），其中超期督办 1 件计为未按时', sample: 3 });
  });

  it('counts each year apart: the concern closed in December 2025 is 2025’s', async () => {
    const values = await compute(2025, [town(towns[0]), station(towns[0], 'st-a')]);
    expect(values.get(towns[0].id)).toEqual({ attainment: 1, figure: '本镇（街道）按时办结 1 件 / 办结 1 件（100.0%）', sample: 1 });
    // Nothing was routed to the station in 2025.
    expect(values.get('st-a')).toEqual({ attainment: null, figure: '2025 年度派给本站无已办结民情，数据缺失', sample: 0 });
  });

  it('says the data is missing, never 0, for a town without closed concerns and for a subject without a town', async () => {
    const values = await compute(2026, [town(towns[1]), station(towns[1], 'st-b'), { subjectType: 'station', subjectRef: 'nowhere', regionId: null, regionPath: null }]);
    expect(values.get(towns[1].id)).toEqual({ attainment: null, figure: '2026 年度本镇（街道）无已办结民情，数据缺失', sample: 0 });
    expect(values.get('st-b')?.attainment).toBeNull();
    expect(values.get('nowhere')).toMatchObject({ attainment: null, sample: null });
    // Another city's formula query sees none of Haining's concerns.
    const other = await concernsFormulas[0].compute(app().database.db, { cityId: randomUUID(), year: 2026, subjects: [town(towns[0])], target: null });
    expect(other.get(towns[0].id)?.attainment).toBeNull();
  });
});
