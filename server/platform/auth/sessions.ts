import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { sessions, users, roleGrants } from './auth.tables.js';
import { departments, regions } from '../access/scope.tables.js';
import type { Actor, ResolvedGrant } from '../http/context.js';
import type { Role } from '../../../contracts/roles.js';

export const SESSION_COOKIE = 'sz_session';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  tx: DbOrTx,
  userId: string,
  settings: SessionSettings,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = hashToken(token);
  await tx.insert(sessions).values({
    id: sessionId,
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + settings.absoluteHours * 3_600_000),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, sessionId, csrfToken };
}

export async function revokeSession(tx: DbOrTx, sessionId: string, reason: string): Promise<void> {
  await tx.update(sessions).set({ revokedAt: new Date(), revokeReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Logout everywhere: on password change, reset and when an administrator disables the user. */
export async function revokeUserSessions(tx: DbOrTx, userId: string, reason: string): Promise<void> {
  await tx.update(sessions).set({ revokedAt: new Date(), revokeReason: reason }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export type SessionLookup =
  | { status: 'valid'; actor: Actor }
  | { status: 'expired'; userId: string; username: string }
  | { status: 'none' };

/**
 * One round trip resolves cookie → session → user → grants with their scope nodes. The idle clock is
 * touched at most once a minute so that reads do not turn into writes.
 */
export async function lookupSession(db: Db, token: string, settings: SessionSettings): Promise<SessionLookup> {
  const sessionId = hashToken(token);
  const rows = await db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      status: users.status,
      mustChangePassword: users.mustChangePassword,
      grantId: roleGrants.id,
      role: roleGrants.role,
      regionId: roleGrants.regionId,
      regionPath: regions.path,
      regionName: regions.name,
      regionLevel: regions.level,
      regionRetiredAt: regions.retiredAt,
      departmentId: roleGrants.departmentId,
      departmentName: departments.name,
      orgId: roleGrants.orgId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(roleGrants, eq(roleGrants.userId, users.id))
    .leftJoin(regions, eq(regions.id, roleGrants.regionId))
    .leftJoin(departments, eq(departments.id, roleGrants.departmentId))
    .where(eq(sessions.id, sessionId));
  const first = rows[0];
  if (!first || first.revokedAt || first.status !== 'active') return { status: 'none' };
  const now = Date.now();
  const idleMs = settings.idleMinutes * 60_000;
  if (first.expiresAt.getTime() <= now || first.lastSeenAt.getTime() + idleMs <= now) {
    await revokeSession(db, sessionId, 'expired');
    return { status: 'expired', userId: first.userId, username: first.username };
  }
  if (now - first.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, sessionId));
  }
  const grants: ResolvedGrant[] = rows
    // A grant on a retired region gives nothing: the node keeps its history but no longer scopes work.
    .filter((r) => r.grantId && r.role && !r.regionRetiredAt)
    .map((r) => ({
      id: r.grantId!,
      role: r.role as Role,
      regionId: r.regionId,
      regionPath: r.regionPath,
      regionName: r.regionName,
      regionLevel: r.regionLevel,
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      orgId: r.orgId,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    status: 'valid',
    actor: {
      userId: first.userId,
      username: first.username,
      displayName: first.displayName,
      mustChangePassword: first.mustChangePassword,
      sessionId,
      csrfToken: first.csrfToken,
      grants,
    },
  };
}
