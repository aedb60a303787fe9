import { enumChecks } from '../db/checks.js';
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained. `seq` is assigned under an advisory lock so the chain never forks;
 * triggers (migration 0001) refuse UPDATE, DELETE and TRUNCATE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorUsername: text('actor_username'),
    actingRole: text('acting_role'),
    scope: text('scope'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    outcome: text('outcome', { enum: ['success', 'denied', 'failure'] }).notNull(),
    changes: jsonb('changes'),
    detail: jsonb('detail'),
    requestId: text('request_id'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [...enumChecks('audit_events', t),
    index('audit_events_time_idx').on(t.occurredAt),
    index('audit_events_entity_idx').on(t.entityType, t.entityId, t.seq),
    index('audit_events_actor_idx').on(t.actorUsername, t.seq),
    index('audit_events_action_idx').on(t.action, t.seq),
  ],
);
