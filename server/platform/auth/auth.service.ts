import { maskPhone } from '../pii/mask.js';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { users } from './auth.tables.js';
import { AppError } from '../errors/app-error.js';
import { appendAudit } from '../audit/audit.js';
import type { RequestContext } from '../http/context.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { createSession, revokeSession, revokeUserSessions, type SessionSettings } from './sessions.js';
import { invalidateAuth } from './session-cache.js';
import { CAPTCHA_AFTER_FAILURES, clearFailures, failureKey, recentFailures, recordFailure } from './auth-failures.js';
import { requireCaptcha, type CaptchaAnswer } from './captcha.js';

export interface LoginSettings extends SessionSettings {
  maxFailures: number;
  lockMinutes: number;
}

export interface LoginResult {
  token: string;
  userId: string;
}

/**
 * Password login. Failures count towards a lock (MLPS: 5 failures → 15 minutes); every outcome is
 * audited. The failure's bookkeeping commits before the error is thrown. After 3 failures for the username
 * or from the client's address a captcha is asked for before the password is even looked at; each refusal
 * says how many attempts are left before the lock. A name without an account is counted the same way
 * (auth_failures), so the answers do not tell which names exist.
 */
export async function login(
  db: Db,
  ctx: RequestContext,
  input: { username: string; password: string; userAgent: string | null } & CaptchaAnswer,
  settings: LoginSettings,
  /** Applicants sign in with their mobile number, found by its keyed hash (never stored in clear). */
  phoneHash?: (phone: string) => string,
): Promise<LoginResult> {
  const name = input.username.trim();
  const byPhone = phoneHash && /^1\d{10}$/.test(name);
  const userKey = failureKey.user(name);
  const ipKey = failureKey.ip(ctx.ip);
  const recent = await recentFailures(db, [userKey, ipKey]);
  if (Math.max(recent.get(userKey)?.failures ?? 0, recent.get(ipKey)?.failures ?? 0) >= CAPTCHA_AFTER_FAILURES) await requireCaptcha(db, input);
  const [user] = byPhone
    ? await db.select().from(users).where(eq(users.phoneHash, phoneHash(name))).limit(1)
    : await db.select().from(users).where(eq(sql`lower(${users.username})`, input.username.toLowerCase())).limit(1);
  const auditName = byPhone ? maskPhone(name) : input.username.slice(0, 64);
  const now = Date.now();
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    const ghost = recent.get(userKey);
    if (ghost && ghost.failures >= settings.maxFailures && ghost.lastFailedAt.getTime() + settings.lockMinutes * 60_000 > now) {
      await db.transaction((tx) => appendAudit(tx, ctx, { action: 'auth.loginFailed', outcome: 'failure', actorUsername: auditName, detail: { reason: 'unknownUser' } }));
      throw lockedError(ghost.lastFailedAt.getTime() + settings.lockMinutes * 60_000 - now);
    }
    const counts = await db.transaction(async (tx) => {
      if (ghost && ghost.failures >= settings.maxFailures) await clearFailures(tx, [userKey]);
      const after = await recordFailure(tx, [userKey, ipKey]);
      await appendAudit(tx, ctx, { action: 'auth.loginFailed', outcome: 'failure', actorUsername: auditName, detail: { reason: 'unknownUser' } });
      return after;
    });
    const failures = counts.get(userKey) ?? 1;
    if (failures >= settings.maxFailures) throw lockedError(settings.lockMinutes * 60_000);
    throw wrongPassword(settings, settings.maxFailures - failures, Math.max(failures, counts.get(ipKey) ?? 0));
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    await db.transaction((tx) => appendAudit(tx, ctx, { action: 'auth.loginFailed', outcome: 'failure', actorUserId: user.id, actorUsername: user.username, entityType: 'user', entityId: user.id, detail: { reason: 'locked' } }));
    throw lockedError(user.lockedUntil.getTime() - now);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    const outcome = await db.transaction(async (tx) => {
      const [after] = await tx
        .update(users)
        .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
        .where(eq(users.id, user.id))
        .returning({ failedLoginCount: users.failedLoginCount });
      const counts = await recordFailure(tx, [userKey, ipKey]);
      const reachedLimit = after.failedLoginCount >= settings.maxFailures;
      await appendAudit(tx, ctx, { action: 'auth.loginFailed', outcome: 'failure', actorUserId: user.id, actorUsername: user.username, entityType: 'user', entityId: user.id, detail: { reason: 'wrongPassword', failures: after.failedLoginCount } });
      if (reachedLimit) {
        await tx.update(users).set({ lockedUntil: new Date(now + settings.lockMinutes * 60_000), failedLoginCount: 0 }).where(eq(users.id, user.id));
        await appendAudit(tx, ctx, { action: 'auth.locked', outcome: 'success', actorUserId: user.id, actorUsername: user.username, entityType: 'user', entityId: user.id, detail: { minutes: settings.lockMinutes } });
      }
      return { reachedLimit, failures: after.failedLoginCount, counted: Math.max(counts.get(userKey) ?? 0, counts.get(ipKey) ?? 0) };
    });
    if (outcome.reachedLimit) throw lockedError(settings.lockMinutes * 60_000);
    throw wrongPassword(settings, settings.maxFailures - outcome.failures, outcome.counted);
  }
  if (user.status !== 'active') {
    await db.transaction((tx) => appendAudit(tx, ctx, { action: 'auth.loginFailed', outcome: 'failure', actorUserId: user.id, actorUsername: user.username, entityType: 'user', entityId: user.id, detail: { reason: 'disabled' } }));
    throw new AppError('account_disabled');
  }
  return db.transaction(async (tx) => {
    await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await clearFailures(tx, [userKey]);
    const session = await createSession(tx, user.id, settings, { ip: ctx.ip, userAgent: input.userAgent });
    await appendAudit(tx, ctx, { action: 'auth.login', actorUserId: user.id, actorUsername: user.username, entityType: 'user', entityId: user.id });
    return { token: session.token, userId: user.id };
  });
}

/** "还可尝试 2 次": the attempts left before the lock, and whether the next try needs a captcha. */
function wrongPassword(settings: LoginSettings, remaining: number, counted: number): AppError {
  return new AppError(
    'invalid_credentials',
    { remaining, max: settings.maxFailures, lockMinutes: settings.lockMinutes },
    undefined,
    { remainingAttempts: remaining, captchaRequired: counted >= CAPTCHA_AFTER_FAILURES },
  );
}

function lockedError(ms: number): AppError {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return new AppError('account_locked', { minutes }, undefined, { lockedUntil: new Date(Date.now() + ms).toISOString(), remainingAttempts: 0 });
}

export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  const actor = ctx.actor;
  if (!actor) return;
  await db.transaction(async (tx) => {
    await revokeSession(tx, actor.sessionId, 'logout');
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}

/** Changing one's password ends every session of the user, then opens a fresh one for this browser. */
export async function changePassword(
  db: Db,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string; userAgent: string | null },
  settings: SessionSettings,
): Promise<{ token: string }> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('validation', {}, [{ path: 'currentPassword', message: '当前密码不正确。', messageEn: 'The current password is wrong.' }]);
  }
  const weak = checkPasswordPolicy(input.newPassword, user.username);
  if (weak) throw new AppError('validation', {}, [{ path: 'newPassword', message: weak.zh, messageEn: weak.en }]);
  if (await verifyPassword(user.passwordHash, input.newPassword)) {
    throw new AppError('validation', {}, [{ path: 'newPassword', message: '新密码不能与当前密码相同。', messageEn: 'The new password must differ from the current one.' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, 'passwordChanged');
    await invalidateAuth(tx, ctx);
    const session = await createSession(tx, user.id, settings, { ip: ctx.ip, userAgent: input.userAgent });
    await appendAudit(tx, ctx, { action: 'auth.passwordChanged', entityType: 'user', entityId: user.id, changes: { password: { before: '******', after: '******' } } });
    return { token: session.token };
  });
}
