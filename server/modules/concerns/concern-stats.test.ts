// Issue 17 §4 charts: 民情统计 — counts by state, category, town and community, the within-limit share and the time
// to close in working days, checked by hand on six concerns raised in the fixtures' second city (Tongxiang, which has
// no demo concerns) at fixed days of November 2026 (no holiday in it); filters; per city and within each caller's
// reach. The percentile arithmetic is checked on its own too.
import { beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../platform/clock.js';
import { call, expectProblem, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';
import { histogram, mean, percentile } from './concern-stats.js';
import { escalateOverdueConcerns } from './use-cases/escalate-overdue.js';

const ctx = useTestApp('admin', 'xucun', 'auditor', 'jigou2');
const app = () => ctx.t.app;
let tx: SecondCity;

interface Stats {
  city: { id: string };
  total: number;
  byState: { state: string; count: number }[];
  byCategory: { code: string; count: number; closed: number; closedWithinLimit: number; timeLimitDays: number | null }[];
  byTown: { id: string; count: number; open: number; overdue: number }[];
  byCommunity: { id: string; townId: string; count: number; overdue: number }[];
  withinLimit: { share: number | null; counted: number; within: number; closedWithin: number; closedLate: number; openOnTime: number; openOverdue: number };
  timeToClose: { unit: string; closed: number; median: number | null; p90: number | null; mean: number | null; histogram: { days: number; count: number }[] };
}

const at = async <T>(when: string, act: () => Promise<T>): Promise<T> => {
  const restore = setClock({ at: when });
  try {
    return await act();
  } finally {
    restore();
  }
};

async function raise(session: Session, categoryCode: string, regionId: string): Promise<{ id: string; number: string; version: number }> {
  const res = await call(app(), session, 'POST', '/api/v1/concerns', { categoryCode, regionId, description: '统计测试：路口积水严重，行人难以通过。' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function fire(session: Session, id: string, event: string, input?: Record<string, unknown>) {
  const now = (await call(app(), session, 'GET', `/api/v1/concerns/${id}`)).json<{ version: number }>();
  const res = await call(app(), session, 'POST', `/api/v1/cases/${id}/transitions`, { event, version: now.version, input });
  expect(res.statusCode, res.body).toBe(200);
}

/** Raised on `raisedAt`, accepted, started and replied the same day, closed on `closedAt`. */
async function closedConcern(categoryCode: string, regionId: string, raisedAt: string, closedAt: string) {
  const c = await at(raisedAt, () => raise(tx.admin, categoryCode, regionId));
  await at(raisedAt, async () => {
    await fire(tx.admin, c.id, 'accept');
    await fire(tx.admin, c.id, 'start');
    await fire(tx.admin, c.id, 'reply', { reply: '已经安排人员处理完毕。' });
  });
  await at(closedAt, () => fire(tx.admin, c.id, 'close'));
  return c;
}

async function stats(session: Session, query = ''): Promise<Stats> {
  const res = await call(app(), session, 'GET', `/api/v1/concerns/stats${query ? `?${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Stats>();
}

beforeAll(async () => {
  tx = await addSecondCity(app());
  const [c0, c1] = tx.communities;
  // A: environment (5 days) closed after 3 working days — within. B: environment closed after 8 — late.
  await closedConcern('environment', c0.id, '2026-11-02T10:00:00+08:00', '2026-11-05T15:00:00+08:00');
  await closedConcern('environment', c0.id, '2026-11-02T11:00:00+08:00', '2026-11-12T09:00:00+08:00');
  // C: safety (3 days) closed after 2 — within, in the other town.
  await closedConcern('safety', c1.id, '2026-11-02T14:00:00+08:00', '2026-11-04T16:00:00+08:00');
  // D: facilities, never accepted — overdue once the escalation runs. F: a duplicate merged into E.
  await at('2026-11-03T09:00:00+08:00', () => raise(tx.admin, 'facilities', c1.id));
  const f = await at('2026-11-03T10:00:00+08:00', () => raise(tx.admin, 'environment', c0.id));
  expect(await escalateOverdueConcerns(app().database.db, '2026-11-20')).toBeGreaterThan(0);
  // E: raised now, open and on time (its first step is due tomorrow at the earliest).
  const e = await raise(tx.admin, 'environment', c0.id);
  await fire(tx.admin, f.id, 'merge', { intoNumber: e.number });
});

describe('percentiles, by hand', () => {
  it('take the nearest rank over weighted values; the histogram buckets 15 and more together', () => {
    const v = [1, 2, 3, 4].map((value) => ({ value, count: 1 }));
    expect(percentile(v, 0.5)).toBe(2);
    expect(percentile(v, 0.9)).toBe(4);
    expect(percentile([{ value: 5, count: 9 }, { value: 1, count: 1 }], 0.1)).toBe(1);
    expect(percentile([{ value: 5, count: 9 }, { value: 1, count: 1 }], 0.11)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
    expect(mean([{ value: 2, count: 1 }, { value: 3, count: 2 }])).toBe(2.7);
    expect(histogram([{ value: 2, count: 3 }, { value: 20, count: 1 }]).at(-1)).toEqual({ days: 15, count: 1 });
    expect(histogram([{ value: 2, count: 3 }])).toEqual([{ days: 0, count: 0 }, { days: 1, count: 0 }, { days: 2, count: 3 }]);
  });
});

describe('民情统计', () => {
  it('counts six concerns of Tongxiang as worked out by hand', async () => {
    const s = await stats(tx.admin);
    expect(s.city.id).toBe(tx.city.id);
    expect(s.total).toBe(6);
    const byState = Object.fromEntries(s.byState.map((x) => [x.state, x.count]));
    expect(byState).toEqual({ submitted: 2, accepted: 0, handling: 0, replied: 0, rated: 0, closed: 3, merged: 1 });
    const cat = Object.fromEntries(s.byCategory.map((c) => [c.code, c]));
    expect(cat.environment).toMatchObject({ count: 4, closed: 2, closedWithinLimit: 1, timeLimitDays: 5 });
    expect(cat.safety).toMatchObject({ count: 1, closed: 1, closedWithinLimit: 1, timeLimitDays: 3 });
    expect(cat.facilities).toMatchObject({ count: 1, closed: 0, closedWithinLimit: 0 });
    expect(cat.elderly).toMatchObject({ count: 0 });
    expect(s.byTown).toEqual([
      { id: tx.towns[0].id, name: expect.any(String), count: 4, open: 1, overdue: 0 },
      { id: tx.towns[1].id, name: expect.any(String), count: 2, open: 1, overdue: 1 },
    ]);
    expect(s.byCommunity.map((c) => [c.id, c.townId, c.count, c.overdue])).toEqual([
      [tx.communities[0].id, tx.towns[0].id, 4, 0],
      [tx.communities[1].id, tx.towns[1].id, 2, 1],
    ]);
    // Within the limit: A and C closed in time, E open on time; B closed late, D overdue; F merged is not counted.
    expect(s.withinLimit).toEqual({ share: 0.6, counted: 5, within: 3, closedWithin: 2, closedLate: 1, openOnTime: 1, openOverdue: 1 });
    // Closed in 3, 8 and 2 working days: the median 3, p90 8, mean 4.3.
    expect(s.timeToClose).toMatchObject({ unit: 'workingDays', closed: 3, median: 3, p90: 8, mean: 4.3 });
    expect(s.timeToClose.histogram.filter((h) => h.count > 0)).toEqual([
      { days: 2, count: 1 },
      { days: 3, count: 1 },
      { days: 8, count: 1 },
    ]);
  });

  it('filters by town, place, category and the days submitted', async () => {
    expect((await stats(tx.admin, `townId=${tx.towns[1].id}`)).total).toBe(2);
    const place = await stats(tx.admin, `regionId=${tx.communities[0].id}`);
    expect(place.total).toBe(4);
    expect(place.byCommunity.map((c) => c.id)).toEqual([tx.communities[0].id]);
    const env = await stats(tx.admin, 'categoryCode=environment');
    expect(env.total).toBe(4);
    expect(env.withinLimit).toMatchObject({ closedWithin: 1, closedLate: 1, openOnTime: 1, openOverdue: 0 });
    const day = await stats(tx.admin, 'from=2026-11-03&to=2026-11-03');
    expect(day.total).toBe(2);
    expect(day.byState.find((x) => x.state === 'merged')!.count).toBe(1);
    expect((await stats(tx.admin, 'from=2026-11-01&to=2026-11-02')).timeToClose).toMatchObject({ closed: 3, median: 3 });
    expectProblem(await call(app(), tx.admin, 'GET', '/api/v1/concerns/stats?from=2026-13-01'), 422);
  });

  it('stays in the caller’s city and reach: a town its town, another city’s office nothing of Tongxiang, outsiders refused', async () => {
    const town = await stats(tx.town);
    expect(town.total).toBe(4);
    expect(town.byTown.map((t) => t.id)).toEqual([tx.towns[0].id]);
    expect(town.byCommunity.map((c) => c.id)).toEqual([tx.communities[0].id]);
    // Haining's office sees Haining (the demo's concerns), never Tongxiang's, and is refused Tongxiang by name.
    const haining = await stats(ctx.as.admin);
    expect(haining.city.id).toBe(tx.haining.id);
    expect(haining.total).toBeGreaterThan(1_900);
    expect(haining.byTown.map((t) => t.id)).not.toContain(tx.towns[0].id);
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/concerns/stats?cityId=${tx.city.id}`), 404);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/concerns/stats?townId=${(await stats(ctx.as.xucun)).byTown[0].id}`), 404);
    // 许村镇's staff: their town only.
    const xucun = await stats(ctx.as.xucun);
    expect(xucun.byTown).toHaveLength(1);
    expect(xucun.total).toBe(xucun.byTown[0].count);
    // The auditor reaches every city and names one; an org member holds no concern.read.
    expectProblem(await call(app(), ctx.as.auditor, 'GET', '/api/v1/concerns/stats'), 422);
    expect((await stats(ctx.as.auditor, `cityId=${tx.city.id}`)).total).toBe(6);
    expectProblem(await call(app(), ctx.as.jigou2, 'GET', '/api/v1/concerns/stats'), 403);
    expectProblem(await call(app(), null, 'GET', '/api/v1/concerns/stats'), 401);
  });

  it('answers Haining’s demo year in figures that add up', async () => {
    const s = await stats(ctx.as.admin);
    expect(s.byState.reduce((n, x) => n + x.count, 0)).toBe(s.total);
    expect(s.byTown.reduce((n, x) => n + x.count, 0)).toBe(s.total);
    expect(s.byCategory.reduce((n, x) => n + x.count, 0)).toBe(s.total);
    expect(s.byTown).toHaveLength(12);
    expect(s.byCommunity.length).toBeGreaterThan(200);
    expect(s.withinLimit.share).toBeGreaterThan(0);
    expect(s.withinLimit.share).toBeLessThan(1);
    expect(s.timeToClose.median).not.toBeNull();
    console.info(`Haining's demo: ${s.total} concerns, ${Math.round(s.withinLimit.share! * 100)}% within the limit, closed in a median ${s.timeToClose.median} / p90 ${s.timeToClose.p90} working days`);
  });
});
