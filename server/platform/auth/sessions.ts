import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { sessions } from './auth.tables.js';
import type { Actor, ResolvedGrant } from '../http/context.js';
import type { Role } from '../../../contracts/roles.js';
import type { SessionCache } from './session-cache.js';
import { citiesOf, grantCities, grantCityDepartmentIds, type GrantCity } from './grant-city.js';

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
  // Expired sessions are dropped from the cache by the lookup itself; explicit revocations go
  // through invalidateAuth in the use case.
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
export async function lookupSession(db: Db, token: string, settings: SessionSettings, cache?: SessionCache): Promise<SessionLookup> {
  const sessionId = hashToken(token);
  const now = Date.now();
  const idleMs = settings.idleMinutes * 60_000;
  const cached = cache?.get(sessionId, now);
  if (cached && cached.expiresAt > now && cached.lastSeenAt + idleMs > now) {
    if (now - cached.lastSeenAt > 60_000) {
      cache!.touch(sessionId, now);
      await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, sessionId));
    }
    return { status: 'valid', actor: cached.actor };
  }
  const generation = cache?.currentGeneration() ?? 0;
  const rows = await db.execute(sessionQuery(sessionId)).then((r) => (r as { rows: SessionRow[] }).rows);
  const first = rows[0];
  if (!first || first.revoked_at || first.status !== 'active') return { status: 'none' };
  const lastSeenAt = new Date(first.last_seen_at).getTime();
  const expiresAt = new Date(first.expires_at).getTime();
  if (expiresAt <= now || lastSeenAt + idleMs <= now) {
    cache?.delete(sessionId);
    await revokeSession(db, sessionId, 'expired');
    return { status: 'expired', userId: first.user_id, username: first.username };
  }
  let seen = lastSeenAt;
  if (now - lastSeenAt > 60_000) {
    seen = now;
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, sessionId));
  }
  const grants: ResolvedGrant[] = rows
    // A grant on a retired region gives nothing: the node keeps its history but no longer scopes work.
    .filter((r) => r.grant_id && r.role && !r.region_retired_at)
    .map((r) => ({
      id: r.grant_id!,
      role: r.role as Role,
      regionId: r.region_id,
      regionPath: r.region_path,
      regionName: r.region_name,
      regionLevel: r.region_level,
      departmentId: r.department_id,
      departmentName: r.department_name,
      orgId: r.org_id,
      cities: citiesOf(r.cities),
      cityDepartmentIds: r.city_department_ids ?? [],
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const actor: Actor = {
    userId: first.user_id,
    username: first.username,
    displayName: first.display_name,
    mustChangePassword: first.must_change_password,
    sessionId,
    csrfToken: first.csrf_token,
    grants,
  };
  cache?.set(sessionId, { actor, lastSeenAt: seen, expiresAt }, generation, now);
  return { status: 'valid', actor };
}

interface SessionRow {
  csrf_token: string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  user_id: string;
  username: string;
  display_name: string;
  status: string;
  must_change_password: boolean;
  grant_id: string | null;
  role: string | null;
  region_id: string | null;
  region_path: string | null;
  region_name: string | null;
  region_level: string | null;
  region_retired_at: Date | string | null;
  department_id: string | null;
  department_name: string | null;
  org_id: string | null;
  cities: GrantCity[] | string | null;
  city_department_ids: string[] | null;
}

/**
 * Written out once rather than built per request: this runs on every cache miss, and a fixed text lets
 * the server reuse its parse.
 */
function sessionQuery(sessionId: string) {
  return sql`select s.csrf_token, s.last_seen_at, s.expires_at, s.revoked_at,
      u.id as user_id, u.username, u.display_name, u.status, u.must_change_password,
      g.id as grant_id, g.role, g.region_id, r.path as region_path, r.name as region_name, r.level as region_level,
      r.retired_at as region_retired_at, g.department_id, d.name as department_name, g.org_id,
      ${grantCities(sql`r.path`, sql`d.city_id`)} as cities, ${grantCityDepartmentIds(sql`r.path`, sql`r.level`)} as city_department_ids
    from sessions s
    join users u on u.id = s.user_id
    left join role_grants g on g.user_id = u.id
    left join regions r on r.id = g.region_id
    left join departments d on d.id = g.department_id
    where s.id = ${sessionId}`;
}
