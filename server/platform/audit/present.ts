import { AUDIT_ACTIONS, type AuditAction } from '../../../contracts/audit-actions.js';
import type { AuditEventDto } from '../../../contracts/audit.js';
import type { Lang } from '../errors/messages.js';
import type { auditEvents } from './audit.tables.js';

export function presentAuditEvent(e: typeof auditEvents.$inferSelect, lang: Lang): AuditEventDto {
  return {
    id: e.id,
    seq: e.seq,
    occurredAt: new Date(e.occurredAt).toISOString(),
    actorUserId: e.actorUserId,
    actorUsername: e.actorUsername,
    actingRole: e.actingRole,
    scope: e.scope,
    action: e.action,
    actionName: AUDIT_ACTIONS[e.action as AuditAction]?.[lang] ?? e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    outcome: e.outcome,
    changes: (e.changes as AuditEventDto['changes']) ?? null,
    detail: (e.detail as AuditEventDto['detail']) ?? null,
    requestId: e.requestId,
    ip: e.ip,
    hash: e.hash,
  };
}
