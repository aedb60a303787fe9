import { eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors/app-error.js';
import type { RequestContext } from '../http/context.js';
import type { PiiCipher } from '../pii/cipher.js';
import { maskPhone } from '../pii/mask.js';
import { users } from './auth.tables.js';
import { clearFailures, failureKey } from './auth-failures.js';
import { hashPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { invalidateAuth } from './session-cache.js';
import { revokeUserSessions } from './sessions.js';
import { checkSmsCode, spendSmsCode } from './sms-codes.js';

/**
 * Self-service password reset: the mobile number on the account, the code sent to it and a new password under
 * the policy. Every session of the user ends (whoever held the old password is signed out), a lock is lifted,
 * and the reset is audited; the person signs in afresh with the new password.
 */
export async function resetPasswordBySms(db: Db, ctx: RequestContext, pii: PiiCipher, input: { phone: string; smsCode: string; newPassword: string }): Promise<void> {
  const phone = input.phone.trim();
  const [user] = await db.select({ id: users.id, username: users.username }).from(users).where(eq(users.phoneHash, pii.lookupHash(phone))).limit(1);
  // The policy before the code: a refused password leaves the code usable for the next try.
  const weak = checkPasswordPolicy(input.newPassword, phone) ?? (user ? checkPasswordPolicy(input.newPassword, user.username) : null);
  if (weak) throw new AppError('weak_password', { reason: weak.zh, reasonEn: weak.en }, [{ path: 'newPassword', message: weak.zh, messageEn: weak.en }]);
  // No account, no code was sent: the check answers "expired", as it would for anyone.
  const codeId = await checkSmsCode(db, ctx, pii, { phone, purpose: 'resetPassword', code: input.smsCode });
  if (!user) throw new AppError('sms_code_invalid', { reason: '短信验证码已失效，请重新获取。', reasonEn: 'The SMS code has expired; ask for a new one.' });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await spendSmsCode(tx, codeId);
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), failedLoginCount: 0, lockedUntil: null, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, 'passwordReset');
    await clearFailures(tx, [failureKey.user(user.username), failureKey.user(phone)]);
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, { ...ctx, actor: null }, {
      action: 'auth.passwordReset',
      actorUserId: user.id,
      actorUsername: user.username,
      entityType: 'user',
      entityId: user.id,
      detail: { phone: maskPhone(phone), by: 'sms' },
      changes: { password: { before: '******', after: '******' } },
    });
  });
}
