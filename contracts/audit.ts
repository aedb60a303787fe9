import { z } from 'zod';
import { ZCursor, ZLimit } from './common.js';

export const ZAuditEvent = z.object({
  id: z.string(),
  seq: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actingRole: z.string().nullable(),
  scope: z.string().nullable(),
  action: z.string(),
  actionName: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  /** The entity's current name (a user's username and name, a region's name), for people reading the trail. */
  entityName: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEventDto = z.infer<typeof ZAuditEvent>;

export const ZAuditQuery = z.strictObject({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: ZLimit,
  cursor: ZCursor,
});

export const ZVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).nullable(),
});
