import { randomInt, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { rows } from '../db/sql.js';
import { appendAudit } from '../audit/audit.js';
import { AppError } from '../errors/app-error.js';
import type { RequestContext } from '../http/context.js';
import type { SmsSender } from '../notify/sms.js';
import type { PiiCipher } from '../pii/cipher.js';
import { maskPhone } from '../pii/mask.js';
import { smsCodes, users } from './auth.tables.js';
import { failureKey, recentFailures, recordFailure } from './auth-failures.js';
import { requireCaptcha, type CaptchaAnswer } from './captcha.js';

export type SmsPurpose = 'register' | 'resetPassword' | 'survey';

/** What 浙里办 and the national portal do: 6 digits, 5 minutes, one send a minute, 5 tries. */
export const SMS_CODE = { digits: 6, validMinutes: 5, cooldownSeconds: 60, maxAttempts: 5 } as const;

export interface SmsLimits {
  /** SMS_COOLDOWN_SECONDS; the default SMS_CODE.cooldownSeconds when absent. */
  cooldownSeconds?: number;
  perPhonePerDay: number;
  perIpPerDay: number;
}

const PURPOSE_TEXT: Record<SmsPurpose, string> = { register: '注册账号', resetPassword: '找回密码', survey: '参加群众满意度调查' };

/** A keyed digest: the number is not kept, and codes cannot be tried offline against a stolen table. */
const phoneDigestOf = (pii: PiiCipher, phone: string) => pii.lookupHash(`sms-phone:${phone.trim()}`);
const codeDigestOf = (pii: PiiCipher, id: string, code: string) => pii.lookupHash(`sms-code:${id}:${code.trim()}`);

/** Whether the next send to this phone from this address must carry a captcha: after any failure of either. */
export async function smsNeedsCaptcha(db: DbOrTx, pii: PiiCipher, phone: string, ip: string | null): Promise<boolean> {
  const found = await recentFailures(db, [failureKey.phone(phoneDigestOf(pii, phone)), failureKey.smsIp(ip)]);
  return found.size > 0;
}

/**
 * Sends a one-time code. In order: the captcha (after a failure for this phone or address),
 * whether the number already has an account (registration), the cooldown (SMS_COOLDOWN_SECONDS), the daily caps per phone and per
 * address. A reset for a number without an account answers as if sent, so the form does not tell
 * who is registered; nothing is sent and the row only counts towards the limits.
 */
export async function sendSmsCode(
  db: Db,
  ctx: RequestContext,
  pii: PiiCipher,
  sender: SmsSender,
  limits: SmsLimits,
  input: { phone: string; purpose: SmsPurpose } & CaptchaAnswer,
): Promise<{ cooldownSeconds: number; expiresInSeconds: number }> {
  const phone = input.phone.trim();
  const cooldown = limits.cooldownSeconds ?? SMS_CODE.cooldownSeconds;
  const phoneDigest = phoneDigestOf(pii, phone);
  if (await smsNeedsCaptcha(db, pii, phone, ctx.ip)) await requireCaptcha(db, input);
  const code = String(randomInt(0, 10 ** SMS_CODE.digits)).padStart(SMS_CODE.digits, '0');
  const sent = await db.transaction(async (tx) => {
    // One sender per number at a time: two quick clicks cannot both pass the cooldown.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${phoneDigest}`}))`);
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.phoneHash, pii.lookupHash(phone))).limit(1);
    if (input.purpose === 'register' && account) {
      throw new AppError('duplicate', { field: '手机号', value: maskPhone(phone) }, [{ path: 'phone', message: `手机号 ${maskPhone(phone)} 已注册，请直接登录或找回密码。`, messageEn: `${maskPhone(phone)} is already registered: sign in or reset the password.` }]);
    }
    const [counts] = await rows<{ last_seconds: number | null; phone_today: number; ip_today: number }>(
      tx,
      sql`select (select extract(epoch from now() - max(created_at))::float8 from sms_codes where phone_digest = ${phoneDigest}) as last_seconds,
                 (select count(*)::int from sms_codes where phone_digest = ${phoneDigest} and created_at >= ${chinaDayStart()}) as phone_today,
                 (select count(*)::int from sms_codes where ip is not distinct from ${ctx.ip} and created_at >= ${chinaDayStart()}) as ip_today`,
    );
    if (counts.last_seconds !== null && counts.last_seconds < cooldown) {
      const seconds = Math.max(1, Math.ceil(cooldown - counts.last_seconds));
      throw new AppError('sms_cooldown', { seconds }, undefined, { retryAfterSeconds: seconds });
    }
    if (counts.phone_today >= limits.perPhonePerDay || counts.ip_today >= limits.perIpPerDay) throw new AppError('sms_daily_limit');
    // A survey answer needs no account: the code proves the number, one answer a number.
    const willSend = input.purpose !== 'resetPassword' || !!account;
    const id = randomUUID();
    await tx.insert(smsCodes).values({ id, phoneDigest, purpose: input.purpose, codeDigest: codeDigestOf(pii, id, code), ip: ctx.ip, sent: willSend, expiresAt: sql`now() + make_interval(mins => ${SMS_CODE.validMinutes})` });
    await appendAudit(tx, ctx, { action: 'auth.smsCodeSent', entityType: 'user', entityId: account?.id ?? null, detail: { phone: maskPhone(phone), purpose: input.purpose, sent: willSend } });
    return willSend ? id : null;
  });
  if (sent) {
    try {
      await sender.send({ id: sent, phone, text: `【社治通】您正在${PURPOSE_TEXT[input.purpose]}，验证码 ${code}，${SMS_CODE.validMinutes} 分钟内有效。如非本人操作请忽略，切勿告诉他人。` });
    } catch {
      // An unsent code must not hold the number's cooldown, nor count as used up.
      await db.delete(smsCodes).where(eq(smsCodes.id, sent));
      throw new AppError('sms_send_failed');
    }
  }
  return { cooldownSeconds: cooldown, expiresInSeconds: SMS_CODE.validMinutes * 60 };
}

/** Midnight today in China (UTC+8, no daylight saving): the daily caps reset then. */
function chinaDayStart(): Date {
  const offset = 8 * 3_600_000;
  const now = Date.now() + offset;
  return new Date(now - (now % 86_400_000) - offset);
}

const invalid = (zh: string, en: string) => new AppError('sms_code_invalid', { reason: zh, reasonEn: en }, [{ path: 'smsCode', message: zh, messageEn: en }]);

/**
 * Checks a code typed for `phone` and `purpose` against the latest one sent. A wrong code counts a try
 * (committed before the refusal, and a failure that asks for a captcha on the next send); after 5 the code
 * is dead. Returns the code's id: the caller spends it with `spendSmsCode` in the transaction of its act,
 * so the code and the act succeed or fail together.
 */
export async function checkSmsCode(db: Db, ctx: RequestContext, pii: PiiCipher, input: { phone: string; purpose: SmsPurpose; code: string }): Promise<string> {
  const phoneDigest = phoneDigestOf(pii, input.phone);
  const [latest] = await db
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.phoneDigest, phoneDigest), eq(smsCodes.purpose, input.purpose)))
    .orderBy(sql`${smsCodes.createdAt} desc`)
    .limit(1);
  if (!latest || !latest.sent || latest.consumedAt || latest.expiresAt.getTime() <= Date.now()) {
    await db.transaction((tx) => recordFailure(tx, [failureKey.phone(phoneDigest), failureKey.smsIp(ctx.ip)]));
    throw invalid('短信验证码已失效，请重新获取。', 'The SMS code has expired or was already used; ask for a new one.');
  }
  if (latest.attempts >= SMS_CODE.maxAttempts) throw invalid('验证码错误次数过多，请重新获取。', 'Too many wrong tries; ask for a new code.');
  if (codeDigestOf(pii, latest.id, input.code) === latest.codeDigest) return latest.id;
  const left = await db.transaction(async (tx) => {
    const [after] = await tx.update(smsCodes).set({ attempts: sql`${smsCodes.attempts} + 1` }).where(eq(smsCodes.id, latest.id)).returning({ attempts: smsCodes.attempts });
    await recordFailure(tx, [failureKey.phone(phoneDigest), failureKey.smsIp(ctx.ip)]);
    return SMS_CODE.maxAttempts - after.attempts;
  });
  if (left <= 0) throw invalid('验证码错误次数过多，请重新获取。', 'Too many wrong tries; ask for a new code.');
  throw invalid(`短信验证码错误，还可尝试 ${left} 次。`, `Wrong SMS code; ${left} tries left.`);
}

/** Spends a checked code in the act's transaction; a second use (two submits at once) is refused. */
export async function spendSmsCode(tx: DbOrTx, id: string): Promise<void> {
  const spent = await rows<{ id: string }>(tx, sql`update sms_codes set consumed_at = now() where id = ${id} and consumed_at is null returning id`);
  if (spent.length === 0) throw invalid('短信验证码已失效，请重新获取。', 'The SMS code has expired or was already used; ask for a new one.');
}
