import { createHash } from 'node:crypto';

/** Deterministic JSON: object keys sorted, so a row read back from jsonb hashes the same as when written. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const GENESIS_HASH = '0'.repeat(64);

export interface HashableEvent {
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorUsername: string | null;
  actingRole: string | null;
  scope: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  changes: unknown;
  detail: unknown;
  requestId: string | null;
  ip: string | null;
}

/**
 * The canonical content up to the value of "seq", which sorts last among the event's keys: the database
 * appends the number it assigns under the chain's lock, then '}' (migration 0019, audit_append).
 */
export function contentWithoutSeq(e: Omit<HashableEvent, 'seq'>): string {
  const content = canonicalJson({
    seq: 0,
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actorUserId: e.actorUserId,
    actorUsername: e.actorUsername,
    actingRole: e.actingRole,
    scope: e.scope,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    outcome: e.outcome,
    changes: e.changes ?? null,
    detail: e.detail ?? null,
    requestId: e.requestId,
    ip: e.ip,
  });
  if (!content.endsWith('"seq":0}')) throw new Error('audit content: "seq" must be the last key');
  return content.slice(0, -2);
}

/** hash = SHA-256(prevHash ‖ '\n' ‖ canonical content). Changing any field or the order breaks every later link. */
export function hashEvent(prevHash: string, e: HashableEvent): string {
  const content = `${contentWithoutSeq(e)}${e.seq}}`;
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}
