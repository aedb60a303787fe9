import { enumChecks } from '../db/checks.js';
import { date, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Only the exceptions to "Monday–Friday work": official holidays on weekdays and adjusted workdays (调休). */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name'),
  source: text('source', { enum: ['official', 'manual'] }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
}, (t) => [...enumChecks('calendar_days', t)]);

/** A year is "known" once its official schedule is loaded; deadlines in unknown years fall back to weekends only. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source', { enum: ['official', 'manual'] }).notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [...enumChecks('calendar_years', t)]);
