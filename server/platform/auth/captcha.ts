import { createHash, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { AppError } from '../errors/app-error.js';
import { captchaChallenges } from './auth.tables.js';

/** What a captcha asks for: the challenge's id and the characters typed. */
export interface CaptchaAnswer {
  captchaId?: string;
  captcha?: string;
}

const VALID_MINUTES = 2;
// Characters people confuse (0/o/O, 1/l/I) are never drawn; the answer ignores case.
const IGNORE = '0oO1lIiqg9';

const digestOf = (id: string, answer: string) => createHash('sha256').update(`${id}:${answer.trim().toLowerCase()}`).digest('hex');

type Listener = (id: string, answer: string) => void;
let issued: Listener | null = null;
/**
 * In-process only, for API tests: they solve the captcha as a person reading it would. No route exposes
 * the answer; only its digest is stored.
 */
export function onCaptchaIssued(listener: Listener | null): void {
  issued = listener;
}

// svg-captcha reads its font when first loaded: loaded with the first captcha, not at every start.
let generator: Promise<typeof import('svg-captcha')> | null = null;

/** A new image captcha (svg-captcha, drawn here: no outside service). */
export async function createCaptcha(db: DbOrTx): Promise<{ captchaId: string; svg: string; expiresInSeconds: number }> {
  const svgCaptcha = await (generator ??= import('svg-captcha').then((m) => (m as unknown as { default?: typeof import('svg-captcha') }).default ?? m));
  const drawn = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: IGNORE, width: 120, height: 40, fontSize: 44, background: '#f4f6fa' });
  const id = randomUUID();
  await db.insert(captchaChallenges).values({ id, answerDigest: digestOf(id, drawn.text), expiresAt: sql`now() + make_interval(mins => ${VALID_MINUTES})` });
  // Old challenges go with new ones: the table holds a few minutes of them.
  await db.execute(sql`delete from captcha_challenges where expires_at < now() - interval '1 hour'`);
  issued?.(id, drawn.text);
  return { captchaId: id, svg: drawn.data, expiresInSeconds: VALID_MINUTES * 60 };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an answer and spends the challenge, right or wrong (one guess per image). Throws 422
 * captcha_required when none was given, captcha_wrong when it does not match or has expired.
 */
export async function requireCaptcha(db: DbOrTx, answer: CaptchaAnswer): Promise<void> {
  if (!answer.captchaId || !answer.captcha || !UUID.test(answer.captchaId)) {
    throw new AppError('captcha_required', {}, [{ path: 'captcha', message: '请输入图形验证码。', messageEn: 'Enter the characters in the image.' }], { captchaRequired: true });
  }
  const [spent] = await db
    .update(captchaChallenges)
    .set({ usedAt: sql`now()` })
    .where(and(eq(captchaChallenges.id, answer.captchaId), isNull(captchaChallenges.usedAt), gt(captchaChallenges.expiresAt, sql`now()`)))
    .returning({ digest: captchaChallenges.answerDigest });
  if (!spent || spent.digest !== digestOf(answer.captchaId, answer.captcha)) {
    throw new AppError('captcha_wrong', {}, [{ path: 'captcha', message: '图形验证码错误或已过期，请看新图片重新输入。', messageEn: 'Wrong or expired captcha; enter the new image.' }], { captchaRequired: true });
  }
}
