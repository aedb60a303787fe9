import { randomUUID } from 'node:crypto';
import { asc, gt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Db } from '../db/client.js';
import { preparedRows } from '../db/sql.js';
import { auditEvents } from './audit.tables.js';
import { contentWithoutSeq, GENESIS_HASH, hashEvent } from './canonical.js';
import { maskField } from '../pii/mask.js';
import type { AuditAction } from '../../../contracts/audit-actions.js';
import type { RequestContext } from '../http/context.js';
import { describeAuthority } from '../access/policy.js';
import type { Permission } from '../../../contracts/roles.js';

/** Any constant works; it only has to be the same in every process that appends. */
const AUDIT_LOCK_KEY = 738_204_911;

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditInput {
  action: AuditAction;
  entityType?: string;
  entityId?: string;
  outcome?: 'success' | 'denied' | 'failure';
  changes?: Changes | null;
  detail?: Record<string, unknown> | null;
  /** The permission that authorized the act; picks the acting role and scope recorded. */
  permission?: Permission;
  /** For events before a session exists (failed logins). */
  actorUsername?: string;
  actorUserId?: string;
}

/** before/after of the fields that changed, personal data masked. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null, fields: string[]): Changes | null {
  const out: Changes = {};
  for (const f of fields) {
    const b = before ? normalize(before[f]) : null;
    const a = after ? normalize(after[f]) : null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out[f] = { before: maskField(f, b), after: maskField(f, a) };
  }
  return Object.keys(out).length ? out : null;
}

function normalize(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v === undefined ? null : v;
}

/**
 * Appends one event in the caller's transaction. The advisory lock is held until that transaction
 * ends, so concurrent appends queue and each links to the one committed before it.
 */
export async function appendAudit(tx: DbOrTx, ctx: RequestContext, input: AuditInput): Promise<void> {
  // One round trip under the chain's lock: the database numbers and links the event (migration 0019).
  await preparedRows(tx, 'audit_append', sql`select ${auditAppendCall(ctx, input)}`);
}

/**
 * The `audit_append(...)` call for an event, to run inside a larger statement (the engine appends a
 * transition's event in the statement that moves the case). It takes the chain's lock until commit.
 */
export function auditAppendCall(ctx: RequestContext, input: AuditInput): SQL {
  const authority = ctx.actor ? describeAuthority(ctx.actor, input.permission) : { role: null, scope: null };
  const event = {
    id: randomUUID(),
    // Millisecond precision so the value read back from timestamptz(3) hashes identically.
    occurredAt: new Date(Math.floor(Date.now())),
    actorUserId: ctx.actor?.userId ?? input.actorUserId ?? null,
    actorUsername: ctx.actor?.username ?? input.actorUsername ?? null,
    actingRole: authority.role,
    scope: authority.scope,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    outcome: input.outcome ?? 'success',
    changes: input.changes ?? null,
    detail: input.detail ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
  } as const;
  return sql`audit_append(${AUDIT_LOCK_KEY}, ${event.id}::uuid, ${event.occurredAt.toISOString()}::timestamptz, ${event.actorUserId}::uuid, ${event.actorUsername}::text,
          ${event.actingRole}::text, ${event.scope}::text, ${event.action}::text, ${event.entityType}::text, ${event.entityId}::text, ${event.outcome}::text,
          ${event.changes === null ? null : JSON.stringify(event.changes)}::jsonb, ${event.detail === null ? null : JSON.stringify(event.detail)}::jsonb,
          ${event.requestId}::text, ${event.ip}::text, ${contentWithoutSeq(event)}::text)`;
}

/** Appends in a transaction of its own: for refusals and failed logins, whose request changes nothing else. */
export async function appendAuditAlone(db: Db, ctx: RequestContext, input: AuditInput): Promise<void> {
  await db.transaction(async (tx) => appendAudit(tx, ctx, input));
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; reason: string } | null;
}

/** Walks the chain in pages; names the first event whose link or content does not match. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 2000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.seq, after)).orderBy(asc(auditEvents.seq)).limit(pageSize);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: r.seq, id: r.id, reason: `sequence gap: expected ${expectedSeq}` } };
      if (r.prevHash !== prevHash) return { ok: false, checked, firstBroken: { seq: r.seq, id: r.id, reason: 'prev_hash does not match the previous event' } };
      const recomputed = hashEvent(prevHash, { ...r, occurredAt: new Date(r.occurredAt) });
      if (recomputed !== r.hash) return { ok: false, checked, firstBroken: { seq: r.seq, id: r.id, reason: 'content does not match its hash' } };
      prevHash = r.hash;
      expectedSeq += 1;
      checked += 1;
      after = r.seq;
    }
  }
  return { ok: true, checked, firstBroken: null };
}
