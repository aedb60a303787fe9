// The demo year is 2026 and the platform goes live in December: midnight of 31 December must change nothing but
// the date (issue 14 §3). On the business clock (platform/clock.ts): case numbers restart for the new year, a
// deadline set on 31 December counts the new year's days on the official calendar (the office enters 2027's New
// Year's Day, which the package does not know yet), and the overdue check marks it once that day has passed.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, useTestApp } from '../test/harness.js';
import { rows } from '../platform/db/sql.js';
import { setClock } from '../platform/clock.js';
import { markOverdueCases } from '../platform/cases/overdue.js';
import { fileDraft, makeSubmittedApplication } from './applications/application-factories.js';

const ctx = useTestApp('admin', 'shenqing');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let restore: (() => void) | null = null;
const at = (instant: string) => {
  restore?.();
  restore = setClock({ at: instant });
};
afterEach(() => {
  restore?.();
  restore = null;
});

const caseOf = async (id: string) => (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json<{ number: string; dueOn: string | null; state: string }>();

describe('across 31 December → 1 January', () => {
  it('restarts case numbers, counts the new year on the calendar and marks overdue after it', async () => {
    at('2026-12-31T15:30:00Z'); // 23:30 on 31 December in Haining
    const year2027 = (await call(app(), ctx.as.admin, 'GET', '/api/v1/calendar?year=2027')).json<{ known: boolean }>();
    expect(year2027.known).toBe(false);
    const holiday = await call(app(), ctx.as.admin, 'PUT', '/api/v1/calendar/days/2027-01-01', { kind: 'holiday', name: '元旦' });
    expect(holiday.statusCode).toBe(200);

    const late = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const lateCase = await caseOf(late);
    expect(lateCase.number).toMatch(/^SQ2026\d{5}$/);
    expect(lateCase.state).toBe('submitted');
    // The time limit of a submitted application, in working days, as the office set it (or the type's default: 2).
    const [limit] = await rows<{ days: number }>(db(), sql`select coalesce((select working_days from case_time_limits where case_type = 'application' and state = 'submitted' and variant in ('establishment', '*') order by variant = 'establishment' desc limit 1), 2) as days`);
    // From Thursday 31 December: Friday 1 January is the holiday, then the weekend; Monday 4 January is day one.
    const workdays = ['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-11', '2027-01-12', '2027-01-13'];
    expect(lateCase.dueOn).toBe(workdays[limit.days - 1]);

    at('2026-12-31T16:00:01Z'); // one second past midnight: 1 January 2027
    const first = await fileDraft(app(), ctx.as.shenqing);
    const second = await fileDraft(app(), ctx.as.shenqing);
    expect((await caseOf(first.id)).number).toBe('SQ202700001');
    expect((await caseOf(second.id)).number).toBe('SQ202700002');

    // The overdue check on New Year's Day and on the deadline itself leaves the case alone; the day after marks it.
    const overdueSince = async () => (await rows<{ overdue_since: string | null }>(db(), sql`select overdue_since::text from cases where id = ${late}`))[0].overdue_since;
    await markOverdueCases(db());
    expect(await overdueSince()).toBeNull();
    at(`${lateCase.dueOn}T01:00:00Z`);
    await markOverdueCases(db());
    const [onTheDay] = await rows<{ overdue_since: string | null }>(db(), sql`select overdue_since::text from cases where id = ${late}`);
    expect(onTheDay.overdue_since).toBeNull();
    const dayAfter = new Date(`${lateCase.dueOn}T01:00:00Z`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    at(dayAfter.toISOString());
    await markOverdueCases(db());
    const [after] = await rows<{ overdue_since: string | null }>(db(), sql`select overdue_since::text from cases where id = ${late}`);
    expect(after.overdue_since).not.toBeNull();
    expect(new Date(after.overdue_since!).toISOString()).toBe(dayAfter.toISOString());
  });
});
