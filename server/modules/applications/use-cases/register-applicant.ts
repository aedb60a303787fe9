import { clockNow } from '../../../platform/clock.js';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { appendAudit } from '../../../platform/audit/audit.js';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import { hashPassword } from '../../../platform/auth/password.js';
import { checkPasswordPolicy } from '../../../platform/auth/password-policy.js';
import { checkSmsCode, spendSmsCode } from '../../../platform/auth/sms-codes.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { maskPhone } from '../../../platform/pii/mask.js';

/**
 * Online registration for applicants: a mobile number (sealed, found by its keyed hash) proved by the
 * SMS code sent to it (platform/auth/sms-codes.ts), and a password. The username is generated so that the
 * number never appears in clear anywhere. The password is checked before the code, so a refused password
 * leaves the code for the next try; the code is spent in the registration's transaction.
 */
export async function registerApplicant(db: Db, ctx: RequestContext, pii: PiiCipher, input: { phone: string; smsCode: string; displayName: string; password: string }): Promise<{ userId: string }> {
  const phone = input.phone.trim();
  const username = `m${phone.slice(-4)}${randomBytes(3).toString('hex')}`;
  const weak = checkPasswordPolicy(input.password, phone);
  if (weak) throw new AppError('weak_password', { reason: weak.zh, reasonEn: weak.en }, [{ path: 'password', message: weak.zh, messageEn: weak.en }]);
  const phoneHash = pii.lookupHash(phone);
  const codeId = await checkSmsCode(db, ctx, pii, { phone, purpose: 'register', code: input.smsCode });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.phoneHash, phoneHash));
    if (taken) throw new AppError('duplicate', { field: '手机号', value: maskPhone(phone) }, [{ path: 'phone', message: `手机号 ${maskPhone(phone)} 已注册，请直接登录或找回密码。`, messageEn: `${maskPhone(phone)} is already registered: sign in or reset the password.` }]);
    await spendSmsCode(tx, codeId);
    const [u] = await tx
      .insert(users)
      .values({ username, displayName: input.displayName, passwordHash, phoneSealed: pii.encrypt(phone), phoneHash, mustChangePassword: false, passwordChangedAt: clockNow() })
      .returning({ id: users.id });
    await tx.insert(roleGrants).values({ userId: u.id, role: 'applicant' });
    await appendAudit(tx, { ...ctx, actor: null }, { action: 'applicant.register', actorUserId: u.id, actorUsername: username, entityType: 'user', entityId: u.id, detail: { phone: maskPhone(phone) } });
    return { userId: u.id };
  });
}
