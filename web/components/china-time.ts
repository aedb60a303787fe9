import dayjs, { type Dayjs } from 'dayjs';

/**
 * Meetings, deadlines and notices are read in China time (UTC+8, no daylight saving), whatever zone the
 * browser is in: a clerk abroad or a headless test machine in UTC still sees "09:30" for a 09:30 meeting.
 * These helpers never go through the browser's zone: they shift the instant by eight hours and read it as UTC.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An instant as China wall-clock text: "2026-12-03T09:30". */
export function chinaWallClock(iso: string | Date): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16);
}

/** "2026-12-03" — the day in China. */
export function chinaDay(iso: string | Date): string {
  return chinaWallClock(iso).slice(0, 10);
}

/** "2026-12-03 09:30". */
export function chinaDateTime(iso: string | Date): string {
  return chinaWallClock(iso).replace('T', ' ');
}

/** "09:30". */
export function chinaTime(iso: string | Date): string {
  return chinaWallClock(iso).slice(11, 16);
}

/** The China wall-clock of an instant as a local dayjs (for pickers and calendars, which work in wall-clock). */
export function chinaDayjs(iso: string | Date = new Date()): Dayjs {
  return dayjs(chinaWallClock(iso));
}

/** What a picker shows (wall-clock) as an ISO instant in China time: "2026-12-03T09:30:00+08:00". */
export function toChinaIso(wallClock: Dayjs): string {
  return `${wallClock.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
}

/** Whole days from today (China) to a date "YYYY-MM-DD": 0 today, negative when past. */
export function daysUntil(date: string, now: Date = new Date()): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${chinaDay(now)}T00:00:00Z`)) / 86_400_000);
}
