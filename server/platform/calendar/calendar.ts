import { clockNowMs } from '../clock.js';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { createRequire } from 'node:module';
import type { DbOrTx } from '../db/client.js';
import { cachedRef, invalidateRef } from '../db/ref-cache.js';
import { calendarDays, calendarYears } from './calendar.tables.js';
import { addWorkingDaysWith, workingDaysBetweenWith, type Exceptions } from './working-days.js';

/**
 * The calendar's exceptions (holidays, and weekend workdays), by date. The whole table is a few hundred
 * rows a year, so it is read once and kept — every deadline of every act needs it; writes call
 * `invalidateCalendar`.
 */
export async function loadExceptions(db: DbOrTx): Promise<Exceptions> {
  return cachedRef(db, CALENDAR_KEY, async (d) => {
    const rows = await d.select({ date: calendarDays.date, kind: calendarDays.kind }).from(calendarDays);
    return new Map(rows.map((r) => [r.date, r.kind]));
  });
}

const CALENDAR_KEY = 'calendar';
export const invalidateCalendar = (tx: DbOrTx) => invalidateRef(tx, CALENDAR_KEY);

/** Today's date where the city works (China Standard Time, no daylight saving). */
export function todayInChina(at = clockNowMs()): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The deadline `n` working days after `from`, on the official calendar. */
export async function addWorkingDays(db: DbOrTx, from: string, n: number): Promise<string> {
  return addWorkingDaysWith(from, n, await loadExceptions(db));
}

export async function workingDaysBetween(db: DbOrTx, from: string, to: string): Promise<number> {
  return workingDaysBetweenWith(from, to, await loadExceptions(db));
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The package's data file, read directly: one table for every year it knows. */
function officialData(): ChineseDaysJson {
  return createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysJson;
}

/**
 * Every start: the years the installed `chinese-days` knows that the database lacks are loaded (a deployment
 * without the demo, or a package update that brought next year's schedule); a database that has them all is
 * left as it is, so manual edits stand. Answers the years loaded.
 */
export async function ensureOfficialCalendar(db: DbOrTx): Promise<number[]> {
  const data = officialData();
  const known = new Set([...Object.keys(data.holidays), ...Object.keys(data.workdays)].map((d) => Number(d.slice(0, 4))));
  const have = new Set((await db.select({ year: calendarYears.year }).from(calendarYears)).map((r) => r.year));
  if ([...known].every((y) => have.has(y))) return [];
  return (await seedOfficialCalendar(db)).years.filter((y) => !have.has(y));
}

/** Loads the official schedule shipped by `chinese-days` for every year it knows; manual edits win. */
export async function seedOfficialCalendar(db: DbOrTx): Promise<{ years: number[]; days: number }> {
  const data = officialData();
  const values: (typeof calendarDays.$inferInsert)[] = [];
  const nameOf = (raw: string) => raw.split(',')[1] ?? raw;
  for (const [date, raw] of Object.entries(data.holidays)) values.push({ date, kind: 'holiday', name: nameOf(raw), source: 'official' });
  for (const [date, raw] of Object.entries(data.workdays)) values.push({ date, kind: 'workday', name: `${nameOf(raw)}调休`, source: 'official' });
  const years = [...new Set(values.map((v) => Number(v.date.slice(0, 4))))].sort();
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insert(calendarDays)
      .values(values.slice(i, i + 500))
      .onConflictDoNothing();
  }
  for (const year of years) await db.insert(calendarYears).values({ year, source: 'official' }).onConflictDoNothing();
  await invalidateCalendar(db);
  return { years, days: values.length };
}

export async function findCalendarYear(db: DbOrTx, year: number) {
  const [known] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  const days = await db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
    .orderBy(asc(calendarDays.date));
  return { year, known: !!known, days };
}


/**
 * Working days from today to each deadline (negative once overdue), with one calendar read for
 * a whole list.
 */
export async function workingDaysLeft(db: DbOrTx, deadlines: (string | null)[], today = todayInChina()): Promise<Map<string, number>> {
  const dates = [...new Set(deadlines.filter((d): d is string => !!d))];
  const out = new Map<string, number>();
  if (dates.length === 0) return out;
  const exceptions = await loadExceptions(db);
  for (const d of dates) out.set(d, workingDaysBetweenWith(today, d, exceptions));
  return out;
}
