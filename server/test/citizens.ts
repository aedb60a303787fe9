import type { FastifyInstance } from 'fastify';
import { onCaptchaIssued } from '../platform/auth/captcha.js';
import { latestSmsCode } from '../platform/notify/sms.js';

/**
 * Test support for citizens' accounts: codes are read from the development SMS outbox (DATA_DIR/sms-outbox.jsonl),
 * as a person reads their phone — never bypassed — and a captcha is solved by its answer, captured in process.
 */
export function smsCodeFor(app: FastifyInstance, phone: string): string | null {
  return latestSmsCode(app.config.dataDir, phone);
}

export async function sendSmsCode(app: FastifyInstance, phone: string, purpose: 'register' | 'resetPassword', extra: Record<string, string> = {}, remoteAddress = '127.0.0.1') {
  return app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone, purpose, ...extra }, remoteAddress });
}

/** A captcha as the web app asks for it, with the answer a person would read off the image. */
export async function solveCaptcha(app: FastifyInstance): Promise<{ captchaId: string; captcha: string }> {
  let answer = '';
  onCaptchaIssued((_id, text) => {
    answer = text;
  });
  try {
    const res = await app.inject({ method: 'GET', url: '/api/v1/auth/captcha' });
    if (res.statusCode !== 200) throw new Error(`captcha: ${res.statusCode} ${res.body}`);
    return { captchaId: res.json<{ captchaId: string }>().captchaId, captcha: answer };
  } finally {
    onCaptchaIssued(null);
  }
}

/** Registers an applicant the way the register page does: a code to the phone, then the form with it. */
export async function registerApplicant(app: FastifyInstance, input: { phone: string; displayName: string; password: string }, remoteAddress = '127.0.0.1') {
  const sent = await sendSmsCode(app, input.phone, 'register', {}, remoteAddress);
  if (sent.statusCode !== 200) return sent;
  const smsCode = smsCodeFor(app, input.phone);
  if (!smsCode) throw new Error(`no SMS code in the outbox for ${input.phone}`);
  return app.inject({ method: 'POST', url: '/api/v1/applicants', payload: { ...input, smsCode }, remoteAddress });
}
