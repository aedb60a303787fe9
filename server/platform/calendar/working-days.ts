/**
 * Working days on the official calendar: Monday–Friday work unless an exception says otherwise
 * (statutory holidays, and adjusted workdays — 调休 — that fall on weekends). Pure functions; the
 * exceptions come from the calendar_days table.
 */
export type DayKind = 'holiday' | 'workday';
export type Exceptions = ReadonlyMap<string, DayKind>;

const DAY_MS = 86_400_000;

export function parseDate(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`);
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return t;
}
export const formatDate = (t: number) => new Date(t).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => formatDate(parseDate(date) + days * DAY_MS);

export function isWorkingDay(date: string, exceptions: Exceptions): boolean {
  const kind = exceptions.get(date);
  if (kind) return kind === 'workday';
  const weekday = new Date(parseDate(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date `n` working days after `from` (the day itself does not count). n = 0 gives `from`. */
export function addWorkingDaysWith(from: string, n: number, exceptions: Exceptions): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  let t = parseDate(from);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(formatDate(t), exceptions)) left -= 1;
  }
  return formatDate(t);
}

/** Working days in (from, to]; negative when `to` is before `from` (an overdue deadline). */
export function workingDaysBetweenWith(from: string, to: string, exceptions: Exceptions): number {
  const a = parseDate(from);
  const b = parseDate(to);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let t = lo + DAY_MS; t <= hi; t += DAY_MS) if (isWorkingDay(formatDate(t), exceptions)) count += 1;
  return sign * count;
}

/** Enough calendar days to hold `n` working days even across the Spring Festival. */
export const spanFor = (n: number) => Math.ceil(n * 1.6) + 21;
