import { clockNow } from '../clock.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { ZCalendarDay, ZCalendarQuery, ZCalendarYear, ZDateParams, ZImportYearBody, ZSetDayBody, ZWorkingDaysQuery, ZWorkingDaysResult, ZYearParams } from '../../../contracts/calendar.js';
import { calendarDays, calendarYears } from './calendar.tables.js';
import { addWorkingDays, findCalendarYear, invalidateCalendar } from './calendar.js';
import { appendAudit } from '../audit/audit.js';
import { AppError, fieldError } from '../errors/app-error.js';

export async function calendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['calendar'];

  app.get('/api/v1/calendar', { config: { permission: 'calendar.read' }, schema: { tags, summary: '工作日历 / Working-day calendar', querystring: ZCalendarQuery, response: { 200: ZCalendarYear } } }, async (req) =>
    findCalendarYear(db, req.query.year),
  );

  app.get(
    '/api/v1/calendar/working-days',
    { config: { permission: 'calendar.read' }, schema: { tags, summary: '工作日推算 / Add working days', querystring: ZWorkingDaysQuery, response: { 200: ZWorkingDaysResult } } },
    async (req) => ({ from: req.query.from, add: req.query.add, date: await addWorkingDays(db, req.query.from, req.query.add) }),
  );

  app.put(
    '/api/v1/calendar/days/:date',
    { config: { permission: 'calendar.manage' }, schema: { tags, summary: '设置节假日或调休工作日 / Set a day', params: ZDateParams, body: ZSetDayBody, response: { 200: ZCalendarDay } } },
    async (req) =>
      db.transaction(async (tx) => {
        const { date } = req.params;
        const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, date)).for('update');
        const values = { date, kind: req.body.kind, name: req.body.name ?? null, source: 'manual' as const, updatedAt: clockNow(), updatedBy: req.ctx.actor!.userId };
        const [after] = await tx.insert(calendarDays).values(values).onConflictDoUpdate({ target: calendarDays.date, set: values }).returning();
        await invalidateCalendar(tx);
        await appendAudit(tx, req.ctx, {
          action: 'calendar.setDay',
          permission: 'calendar.manage',
          entityType: 'calendarDay',
          entityId: date,
          changes: { kind: { before: before?.kind ?? null, after: after.kind }, name: { before: before?.name ?? null, after: after.name } },
        });
        return { date: after.date, kind: after.kind, name: after.name, source: after.source };
      }),
  );

  app.delete(
    '/api/v1/calendar/days/:date',
    { config: { permission: 'calendar.manage' }, schema: { tags, summary: '恢复为常规日 / Back to the normal rule', params: ZDateParams } },
    async (req, reply) => {
      await db.transaction(async (tx) => {
        const [before] = await tx.delete(calendarDays).where(eq(calendarDays.date, req.params.date)).returning();
        if (!before) throw new AppError('not_found', { entity: 'calendarDay' });
        await invalidateCalendar(tx);
        await appendAudit(tx, req.ctx, { action: 'calendar.clearDay', permission: 'calendar.manage', entityType: 'calendarDay', entityId: req.params.date, changes: { kind: { before: before.kind, after: null } } });
      });
      return reply.code(204).send();
    },
  );

  /** For a year the package does not know yet: replace its exceptions with the published schedule. */
  app.put(
    '/api/v1/calendar/years/:year',
    { config: { permission: 'calendar.manage' }, schema: { tags, summary: '导入年度安排 / Import a year', params: ZYearParams, body: ZImportYearBody, response: { 200: ZCalendarYear } } },
    async (req) => {
      const { year } = req.params;
      req.body.days.forEach((d, i) => {
        if (!d.date.startsWith(`${year}-`)) throw fieldError(`days.${i}.date`, `日期 ${d.date} 不属于 ${year} 年。`, `${d.date} is not in ${year}.`);
      });
      const dates = req.body.days.map((d) => d.date);
      if (new Set(dates).size !== dates.length) throw fieldError('days', '日期有重复。', 'Duplicate dates.');
      await db.transaction(async (tx) => {
        // The year's row first: its lock queues imports of the same year, so the next one deletes what this one
        // wrote instead of colliding with it (five at once gave one duplicate-key 500).
        await tx.insert(calendarYears).values({ year, source: 'manual' }).onConflictDoUpdate({ target: calendarYears.year, set: { source: 'manual', loadedAt: clockNow() } });
        await tx.delete(calendarDays).where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)));
        await invalidateCalendar(tx);
        if (req.body.days.length) {
          // An upsert: a single day set meanwhile through PUT /calendar/days/{date} takes no year lock.
          const days = req.body.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null, source: 'manual' as const, updatedAt: clockNow(), updatedBy: req.ctx.actor!.userId }));
          await tx
            .insert(calendarDays)
            .values(days)
            .onConflictDoUpdate({ target: calendarDays.date, set: { kind: sql`excluded.kind`, name: sql`excluded.name`, source: sql`excluded.source`, updatedAt: sql`excluded.updated_at`, updatedBy: sql`excluded.updated_by` } });
        }
        await appendAudit(tx, req.ctx, { action: 'calendar.importYear', permission: 'calendar.manage', entityType: 'calendarYear', entityId: String(year), detail: { days: req.body.days.length } });
      });
      return findCalendarYear(db, year);
    },
  );
}
