import { AUDIT_ACTIONS, type AuditAction } from '../../../contracts/audit-actions.js';
import type { AuditEventDto } from '../../../contracts/audit.js';
import type { Lang } from '../errors/messages.js';
import { inArray } from 'drizzle-orm';
import type { auditEvents } from './audit.tables.js';
import type { DbOrTx } from '../db/client.js';
import { users } from '../auth/auth.tables.js';
import { regions } from '../access/scope.tables.js';

export function presentAuditEvent(e: typeof auditEvents.$inferSelect, lang: Lang, names?: ReadonlyMap<string, string>): AuditEventDto {
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
    entityName: (e.entityId && names?.get(`${e.entityType}:${e.entityId}`)) || null,
    outcome: e.outcome,
    changes: (e.changes as AuditEventDto['changes']) ?? null,
    detail: (e.detail as AuditEventDto['detail']) ?? null,
    requestId: e.requestId,
    ip: e.ip,
    hash: e.hash,
  };
}

/** Current names of the users and regions a page of events refers to: two queries, not one per row. */
export async function entityNames(db: DbOrTx, events: { entityType: string | null; entityId: string | null }[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(events.filter((e) => e.entityType === type && e.entityId && UUID.test(e.entityId)).map((e) => e.entityId!))];
  const names = new Map<string, string>();
  const userIds = ids('user');
  const regionIds = ids('region');
  if (userIds.length) {
    for (const u of await db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(inArray(users.id, userIds))) {
      names.set(`user:${u.id}`, `${u.displayName}（${u.username}）`);
    }
  }
  if (regionIds.length) {
    for (const r of await db.select({ id: regions.id, name: regions.name }).from(regions).where(inArray(regions.id, regionIds))) names.set(`region:${r.id}`, r.name);
  }
  return names;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
