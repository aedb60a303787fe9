import { clockNow } from '../clock.js';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Permission } from '../../../contracts/roles.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { rows, toIso } from '../db/sql.js';
import type { ParticipantFacts } from './case-access.js';
import { caseParticipants } from './cases.tables.js';

/**
 * Named participants of a case. Modules decide who may be named (a supervisor on a project, say) and
 * audit it; this file only keeps the list that case access reads.
 */

/** The actor's own active participations in a case: read only when the usual rules did not already grant access. */
export async function participationsOf(db: DbOrTx, caseId: string, userId: string): Promise<ParticipantFacts[]> {
  return db
    .select({ userId: caseParticipants.userId, permission: caseParticipants.permission })
    .from(caseParticipants)
    .where(and(eq(caseParticipants.caseId, caseId), eq(caseParticipants.userId, userId), isNull(caseParticipants.removedAt)));
}

/** Names users on a case; those already named stay as they are. Returns the ids newly added. */
export async function addParticipants(tx: Tx, caseId: string, userIds: readonly string[], permission: Permission, addedBy: string): Promise<string[]> {
  if (!userIds.length) return [];
  const added = await tx
    .insert(caseParticipants)
    .values(userIds.map((userId) => ({ caseId, userId, permission, addedBy })))
    .onConflictDoNothing()
    .returning({ userId: caseParticipants.userId });
  return added.map((a) => a.userId);
}

/** Ends a participation (kept with who ended it and when). False when the user was not an active participant. */
export async function removeParticipant(tx: Tx, caseId: string, userId: string, permission: Permission, removedBy: string): Promise<boolean> {
  const done = await tx
    .update(caseParticipants)
    .set({ removedAt: clockNow(), removedBy })
    .where(and(eq(caseParticipants.caseId, caseId), eq(caseParticipants.userId, userId), eq(caseParticipants.permission, permission), isNull(caseParticipants.removedAt)))
    .returning({ id: caseParticipants.id });
  return done.length > 0;
}

export interface ParticipantView {
  userId: string;
  name: string;
  addedAt: string;
  addedByName: string;
}

/** The active participants of a case holding `permission`, oldest first. */
export async function listParticipants(db: DbOrTx, caseId: string, permission: Permission): Promise<ParticipantView[]> {
  const found = await rows<{ user_id: string; name: string; added_at: Date | string; added_by_name: string }>(
    db,
    sql`select p.user_id, u.display_name as name, p.added_at, a.display_name as added_by_name
        from case_participants p join users u on u.id = p.user_id join users a on a.id = p.added_by
        where p.case_id = ${caseId} and p.permission = ${permission} and p.removed_at is null order by p.added_at, u.display_name`,
  );
  return found.map((r) => ({ userId: r.user_id, name: r.name, addedAt: toIso(r.added_at)!, addedByName: r.added_by_name }));
}
