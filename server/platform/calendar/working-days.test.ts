import { describe, expect, it } from 'vitest';
import { addWorkingDaysWith, isWorkingDay, workingDaysBetweenWith, type DayKind } from './working-days.js';

// 2026 National Day: 1–7 October off, Saturday 10 October an adjusted workday (State Council notice).
const exceptions = new Map<string, DayKind>([
  ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].map((d) => [d, 'holiday'] as [string, DayKind]),
  ['2026-10-10', 'workday'],
]);

describe('working days', () => {
  it('knows weekends, holidays and adjusted workdays', () => {
    expect(isWorkingDay('2026-11-27', exceptions)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', exceptions)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05', exceptions)).toBe(false); // Monday in the holiday
    expect(isWorkingDay('2026-10-10', exceptions)).toBe(true); // Saturday, adjusted workday
  });

  it('adds working days across the National Day holiday', () => {
    expect(addWorkingDaysWith('2026-09-30', 1, exceptions)).toBe('2026-10-08');
    expect(addWorkingDaysWith('2026-09-30', 3, exceptions)).toBe('2026-10-10');
    expect(addWorkingDaysWith('2026-09-30', 4, exceptions)).toBe('2026-10-12');
    expect(addWorkingDaysWith('2026-11-27', 0, exceptions)).toBe('2026-11-27');
    expect(addWorkingDaysWith('2026-11-27', 1, exceptions)).toBe('2026-11-30');
  });

  it('counts working days between two dates, negative when overdue', () => {
    expect(workingDaysBetweenWith('2026-09-30', '2026-10-12', exceptions)).toBe(4);
    expect(workingDaysBetweenWith('2026-10-12', '2026-09-30', exceptions)).toBe(-4);
    expect(workingDaysBetweenWith('2026-11-27', '2026-11-27', exceptions)).toBe(0);
  });

  it('rejects impossible dates and negative counts', () => {
    expect(() => addWorkingDaysWith('2026-02-30', 1, exceptions)).toThrow(RangeError);
    expect(() => addWorkingDaysWith('2026-02-01', -1, exceptions)).toThrow(RangeError);
  });
});
