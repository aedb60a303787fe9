import { describe, expect, it } from 'vitest';
import { call, expectProblem, login, useTestApp } from '../../test/harness.js';
import { addWorkingDays, workingDaysBetween } from './calendar.js';
import { refCacheOf } from '../db/ref-cache.js';
import type { LightMyRequestResponse } from 'fastify';

/** The fields a 422 names, in order: a refusal must say which input was wrong, not only that one was. */
const failedFields = (res: LightMyRequestResponse, code?: string) => ((expectProblem(res, 422, code) as unknown as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

const ctx = useTestApp('admin');

describe('the official calendar', () => {
  it('is seeded from chinese-days: 2026 is known, with National Day and the 10 October adjusted workday', async () => {
    const year = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/calendar?year=2026')).json();
    expect(year.known).toBe(true);
    expect(year.days).toEqual(expect.arrayContaining([
      expect.objectContaining({ date: '2026-10-01', kind: 'holiday', name: '国庆节', source: 'official' }),
      expect.objectContaining({ date: '2026-10-10', kind: 'workday', source: 'official' }),
    ]));
    expect(await addWorkingDays(ctx.t.app.database.db, '2026-09-30', 3)).toBe('2026-10-10');
    expect(await workingDaysBetween(ctx.t.app.database.db, '2026-09-30', '2026-10-12')).toBe(4);
    const calc = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/calendar/working-days?from=2026-09-30&add=3')).json();
    expect(calc.date).toBe('2026-10-10');
  });

  it('does not know 2027 yet; an administrator imports it and edits a day; a town user may only read', async () => {
    expect((await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/calendar?year=2027')).json().known).toBe(false);
    const imported = await call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/years/2027', {
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-06', kind: 'workday', name: '春节调休' },
      ],
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ known: true, days: [{ date: '2027-01-01' }, { date: '2027-02-06', kind: 'workday' }] });
    const set = await call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/days/2027-02-08', { kind: 'holiday', name: '春节' });
    expect(set.json()).toMatchObject({ date: '2027-02-08', kind: 'holiday', source: 'manual' });
    expect((await call(ctx.t.app, ctx.as.admin, 'DELETE', '/api/v1/calendar/days/2027-02-08')).statusCode).toBe(204);
    expectProblem(await call(ctx.t.app, ctx.as.admin, 'DELETE', '/api/v1/calendar/days/2027-02-08'), 404);

    const xucun = await login(ctx.t.app, 'xucun');
    expect((await call(ctx.t.app, xucun, 'GET', '/api/v1/calendar?year=2026')).statusCode).toBe(200);
    expectProblem(await call(ctx.t.app, xucun, 'PUT', '/api/v1/calendar/days/2027-03-01', { kind: 'holiday', name: 'x' }), 403, 'forbidden');
  });

  it('a deadline follows an edit of the calendar at once: the kept calendar is dropped by the edit', async () => {
    const db = ctx.t.app.database.db;
    expect(refCacheOf(db)?.enabled).toBe(true);
    // 2027-03-01 is a Monday.
    expect(await addWorkingDays(db, '2027-03-01', 1)).toBe('2027-03-02');
    expect((await call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/days/2027-03-02', { kind: 'holiday', name: '测试假日' })).statusCode).toBe(200);
    expect(await addWorkingDays(db, '2027-03-01', 1)).toBe('2027-03-03');
    expect((await call(ctx.t.app, ctx.as.admin, 'DELETE', '/api/v1/calendar/days/2027-03-02')).statusCode).toBe(204);
    expect(await addWorkingDays(db, '2027-03-01', 1)).toBe('2027-03-02');
  });

  it('refuses impossible dates, a day of another year in an import, and unknown kinds', async () => {
    expect(failedFields(await call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/days/2027-02-30', { kind: 'holiday' }))).toEqual(['date']);
    expect(failedFields(await call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/days/2027-03-01', { kind: 'party' }))).toEqual(['kind']);
    const wrongYear = await call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/years/2028', { days: [{ date: '2027-05-01', kind: 'holiday' }] });
    expect(failedFields(wrongYear)).toEqual(['days.0.date']);
    expect((await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/calendar?year=2028')).json().known).toBe(false);
  });

  it('imports the same year five times at once: every import answers 200 and one copy of the days remains (was a duplicate-key 500)', async () => {
    const days = [
      { date: '2029-01-01', kind: 'holiday', name: '元旦' },
      { date: '2029-02-10', kind: 'workday', name: '春节调休' },
    ];
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/years/2029', { days })),
      // A single day set meanwhile takes no year lock; the import's insert must not collide with it either.
      call(ctx.t.app, ctx.as.admin, 'PUT', '/api/v1/calendar/days/2029-01-01', { kind: 'holiday', name: '元旦' }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const year = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/calendar?year=2029')).json();
    expect(year.days.map((d: { date: string }) => d.date)).toEqual(['2029-01-01', '2029-02-10']);
  });
});
