import { z } from 'zod';

export const ZDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
export const ZCalendarDay = z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().nullable(), source: z.enum(['official', 'manual']) });
export const ZCalendarYear = z.object({ year: z.number().int(), known: z.boolean(), days: z.array(ZCalendarDay) });
export const ZCalendarQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const ZSetDayBody = z.strictObject({ kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(40).nullable().optional() });
export const ZDateParams = z.strictObject({ date: ZDate });
export const ZYearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const ZImportYearBody = z.strictObject({
  days: z.array(z.strictObject({ date: ZDate, kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(40).nullable().optional() })).max(400),
});
export const ZWorkingDaysQuery = z.strictObject({ from: ZDate, add: z.coerce.number().int().min(0).max(1000) });
export const ZWorkingDaysResult = z.object({ from: z.string(), add: z.number().int(), date: z.string() });
