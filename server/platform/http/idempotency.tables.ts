import { enumChecks } from '../db/checks.js';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.tables.js';

/**
 * Answers to requests sent with an Idempotency-Key, per user: a retry of the same request gets the first
 * answer again instead of acting twice. Rows are `pending` while the first request runs.
 */
export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['pending', 'done'] }).notNull().default('pending'),
    statusCode: integer('status_code'),
    contentType: text('content_type'),
    body: text('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...enumChecks('idempotency_records', t), uniqueIndex('idempotency_records_key_uq').on(t.userId, t.key), index('idempotency_records_created_idx').on(t.createdAt)],
);
