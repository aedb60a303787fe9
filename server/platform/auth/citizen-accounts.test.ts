import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, createTestApp, expectProblem, failedFields, login, type TestApp } from '../../test/harness.js';
import { registerApplicant, sendSmsCode, smsCodeFor, solveCaptcha } from '../../test/citizens.js';
import { rows } from '../db/sql.js';
import { readSmsOutbox, webhookSmsSender } from '../notify/sms.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** The cooldown is a minute of real time: tests move the last send back instead of waiting. */
async function agePhoneCodes(seconds: number) {
  await t.app.database.db.execute(sql`update sms_codes set created_at = created_at - make_interval(secs => ${seconds}), expires_at = expires_at - make_interval(secs => ${seconds})`);
}
async function count(query: ReturnType<typeof sql>) {
  const [r] = await rows<{ n: number }>(t.app.database.db, query);
  return r.n;
}
/** Each test from its own address: a wrong code asks for a captcha on that address's next send. */
const post = (url: string, payload: object, remoteAddress: string) => t.app.inject({ method: 'POST', url, payload, remoteAddress });
const usersWithName = (name: string) => count(sql`select count(*)::int as n from users where display_name = ${name}`);

describe('registration with an SMS code', () => {
  it('sends a 6-digit code to the development outbox, registers with it once, and keeps only digests', async () => {
    const phone = '13600001001';
    const sent = await sendSmsCode(t.app, phone, 'register', {}, '10.1.0.1');
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ cooldownSeconds: 60, expiresInSeconds: 300 });
    const code = smsCodeFor(t.app, phone)!;
    expect(code).toMatch(/^\d{6}$/);
    expect(readSmsOutbox(t.app.config.dataDir).at(-1)!.text).toContain('5 分钟内有效');
    const stored = await rows<{ phone_digest: string; code_digest: string }>(t.app.database.db, sql`select phone_digest, code_digest from sms_codes order by created_at desc limit 1`);
    expect(JSON.stringify(stored)).not.toContain(phone);
    expect(JSON.stringify(stored)).not.toContain(code);

    const withoutCode = await post('/api/v1/applicants', { phone, displayName: '孙立群', password: 'Sunliqun#2026' }, '10.1.0.1');
    expect(failedFields(withoutCode, 'validation')).toEqual(['smsCode']);
    const ok = await post('/api/v1/applicants', { phone, smsCode: code, displayName: '孙立群', password: 'Sunliqun#2026' }, '10.1.0.1');
    expect(ok.statusCode).toBe(201);
    expect((await login(t.app, phone, 'Sunliqun#2026')).userId).toBe(ok.json().userId);
    // Single use: the same code cannot register (or be replayed) again.
    const again = await post('/api/v1/applicants', { phone: '13600001002', smsCode: code, displayName: '孙立群', password: 'Sunliqun#2026' }, '10.1.0.1');
    expect(failedFields(again, 'sms_code_invalid')).toEqual(['smsCode']);
    expect(await usersWithName('孙立群')).toBe(1);
  });

  it('refuses a wrong code with the tries left, kills the code after 5, and changes nothing', async () => {
    const phone = '13600001003';
    expect((await sendSmsCode(t.app, phone, 'register', {}, '10.1.0.2')).statusCode).toBe(200);
    const code = smsCodeFor(t.app, phone)!;
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await post('/api/v1/applicants', { phone, smsCode: wrong, displayName: '钱晓燕', password: 'Qianxiaoyan#26' }, '10.1.0.2');
    expect(expectProblem(first, 422, 'sms_code_invalid').detail).toBe('短信验证码错误，还可尝试 4 次。');
    for (let i = 0; i < 3; i++) await post('/api/v1/applicants', { phone, smsCode: wrong, displayName: '钱晓燕', password: 'Qianxiaoyan#26' }, '10.1.0.2');
    const fifth = await post('/api/v1/applicants', { phone, smsCode: wrong, displayName: '钱晓燕', password: 'Qianxiaoyan#26' }, '10.1.0.2');
    expect(expectProblem(fifth, 422, 'sms_code_invalid').detail).toBe('验证码错误次数过多，请重新获取。');
    const right = await post('/api/v1/applicants', { phone, smsCode: code, displayName: '钱晓燕', password: 'Qianxiaoyan#26' }, '10.1.0.2');
    expect(expectProblem(right, 422, 'sms_code_invalid').detail).toBe('验证码错误次数过多，请重新获取。');
    expect(await usersWithName('钱晓燕')).toBe(0);
  });

  it('a weak password is refused before the code is spent; an expired code is refused', async () => {
    const phone = '13600001004';
    await sendSmsCode(t.app, phone, 'register', {}, '10.1.0.3');
    const code = smsCodeFor(t.app, phone)!;
    const weak = await post('/api/v1/applicants', { phone, smsCode: code, displayName: '李卫东', password: 'short' }, '10.1.0.3');
    expect(failedFields(weak, 'weak_password')).toEqual(['password']);
    await agePhoneCodes(301);
    const late = await post('/api/v1/applicants', { phone, smsCode: code, displayName: '李卫东', password: 'Liweidong#2026' }, '10.1.0.3');
    expect(expectProblem(late, 422, 'sms_code_invalid').detail).toBe('短信验证码已失效，请重新获取。');
    expect(await usersWithName('李卫东')).toBe(0);
  });

  it('one send a minute per phone, with the seconds left; after a failure the next send needs a captcha', async () => {
    const phone = '13600001005';
    expect((await sendSmsCode(t.app, phone, 'register', {}, '10.1.0.4')).statusCode).toBe(200);
    const soon = await sendSmsCode(t.app, phone, 'register', {}, '10.1.0.4');
    const body = expectProblem(soon, 429, 'sms_cooldown') as unknown as { detail: string; retryAfterSeconds: number };
    expect(body.retryAfterSeconds).toBeGreaterThan(55);
    expect(body.detail).toMatch(/请 \d+ 秒后再重新获取/);
    await agePhoneCodes(61);
    // A wrong code is a failure for this phone: the next send asks for a captcha, a wrong answer is refused.
    await post('/api/v1/applicants', { phone, smsCode: '999999', displayName: '周敏', password: 'Zhoumin#20260' }, '10.1.0.4');
    expect(failedFields(await sendSmsCode(t.app, phone, 'register', {}, '10.1.0.4'), 'captcha_required')).toEqual(['captcha']);
    const { captchaId } = await solveCaptcha(t.app);
    expect(failedFields(await sendSmsCode(t.app, phone, 'register', { captchaId, captcha: 'zzzz' }, '10.1.0.4'), 'captcha_wrong')).toEqual(['captcha']);
    const solved = await solveCaptcha(t.app);
    expect((await sendSmsCode(t.app, phone, 'register', solved, '10.1.0.4')).statusCode).toBe(200);
    // A captcha is spent once, right or wrong.
    await agePhoneCodes(61);
    expectProblem(await sendSmsCode(t.app, phone, 'register', solved, '10.1.0.4'), 422, 'captcha_wrong');
  });

  it('caps the sends per phone per day, and refuses a number that already has an account', async () => {
    const capped = await createTestApp({ SMS_DAILY_PER_PHONE: '2' });
    try {
      const phone = '13600001006';
      for (let i = 0; i < 2; i++) {
        expect((await sendSmsCode(capped.app, phone, 'register')).statusCode).toBe(200);
        await capped.app.database.db.execute(sql`update sms_codes set created_at = created_at - interval '61 seconds'`);
      }
      expectProblem(await sendSmsCode(capped.app, phone, 'register'), 429, 'sms_daily_limit');
      expect(readSmsOutbox(capped.app.config.dataDir).filter((m) => m.phone === phone)).toHaveLength(2);
    } finally {
      await capped.close();
    }
    const phone = '13600001007';
    expect((await registerApplicant(t.app, { phone, displayName: '吴建华', password: 'Wujianhua#2026' }, '10.1.0.5')).statusCode).toBe(201);
    await agePhoneCodes(61);
    const dup = await sendSmsCode(t.app, phone, 'register', {}, '10.1.0.5');
    expect(expectProblem(dup, 409, 'duplicate').detail).toContain('136****1007');
  });
});

describe('sign-in: attempts left, captcha, lock', () => {
  it('says how many attempts are left, asks for a captcha after 3 failures, and locks after 5', async () => {
    const phone = '13600002001';
    expect((await registerApplicant(t.app, { phone, displayName: '郑小燕', password: 'Zhengxy#2026a' }, '10.1.0.6')).statusCode).toBe(201);
    const attempt = (extra: Record<string, string> = {}) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: phone, password: 'wrong-password', ...extra }, remoteAddress: '10.20.0.1' });
    const first = expectProblem(await attempt(), 401, 'invalid_credentials') as unknown as { detail: string; remainingAttempts: number; captchaRequired: boolean };
    expect(first.detail).toBe('用户名或密码错误，还可尝试 4 次（连续错误 5 次将锁定 15 分钟）。');
    expect(first).toMatchObject({ remainingAttempts: 4, captchaRequired: false });
    await attempt();
    const third = expectProblem(await attempt(), 401) as unknown as { remainingAttempts: number; captchaRequired: boolean };
    expect(third).toMatchObject({ remainingAttempts: 2, captchaRequired: true });
    // Without the captcha the password is not even tried: the count stays.
    expect(failedFields(await attempt(), 'captcha_required')).toEqual(['captcha']);
    const fourth = expectProblem(await attempt(await solveCaptcha(t.app)), 401) as unknown as { detail: string; remainingAttempts: number };
    expect(fourth.remainingAttempts).toBe(1);
    expect(fourth.detail).toContain('还可尝试 1 次');
    const locked = expectProblem(await attempt(await solveCaptcha(t.app)), 423, 'account_locked') as unknown as { detail: string; lockedUntil: string };
    expect(locked.detail).toContain('请 15 分钟后再试');
    expect(new Date(locked.lockedUntil).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: phone, password: 'Zhengxy#2026a', ...(await solveCaptcha(t.app)) }, remoteAddress: '10.20.0.1' });
    expectProblem(right, 423, 'account_locked');
  });

  it('answers a name without an account exactly as one with an account', async () => {
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'no-such-person', password: 'wrong-password' }, remoteAddress: '10.20.0.2' });
    const first = expectProblem(await attempt(), 401, 'invalid_credentials') as unknown as { detail: string; remainingAttempts: number };
    expect(first.remainingAttempts).toBe(4);
    expect((expectProblem(await attempt(), 401) as unknown as { remainingAttempts: number }).remainingAttempts).toBe(3);
  });
});

describe('password reset by SMS code', () => {
  it('resets with the code sent to the account phone, ends every session, unlocks, and is audited', async () => {
    const phone = '13600003001';
    expect((await registerApplicant(t.app, { phone, displayName: '冯丽娟', password: 'Fenglijuan#2026' }, '10.1.0.8')).statusCode).toBe(201);
    const before = await login(t.app, phone, 'Fenglijuan#2026');
    await t.app.database.db.execute(sql`update users set locked_until = now() + interval '10 minutes' where display_name = '冯丽娟'`);
    await agePhoneCodes(61);
    expect((await sendSmsCode(t.app, phone, 'resetPassword', {}, '10.1.0.8')).statusCode).toBe(200);
    const code = smsCodeFor(t.app, phone)!;
    expect(readSmsOutbox(t.app.config.dataDir).at(-1)!.text).toContain('找回密码');
    const weak = await post('/api/v1/auth/password-reset', { phone, smsCode: code, newPassword: 'password123' }, '10.1.0.8');
    expect(failedFields(weak, 'weak_password')).toEqual(['newPassword']);
    const wrong = await post('/api/v1/auth/password-reset', { phone, smsCode: code === '123456' ? '654321' : '123456', newPassword: 'Fenglijuan#2027' }, '10.1.0.8');
    expect(failedFields(wrong, 'sms_code_invalid')).toEqual(['smsCode']);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: phone, password: 'Fenglijuan#2026' } }), 423);

    const ok = await post('/api/v1/auth/password-reset', { phone, smsCode: code, newPassword: 'Fenglijuan#2027' }, '10.1.0.8');
    expect(ok.statusCode).toBe(204);
    expectProblem(await call(t.app, before, 'GET', '/api/v1/auth/me'), 401, 'unauthenticated');
    const after = await login(t.app, phone, 'Fenglijuan#2027');
    expect(after.userId).toBe(before.userId);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: phone, password: 'Fenglijuan#2026' } }), 401);
    expect(await count(sql`select count(*)::int as n from audit_events where action = 'auth.passwordReset' and entity_id = ${before.userId}`)).toBe(1);
    // The code is spent.
    const replay = await post('/api/v1/auth/password-reset', { phone, smsCode: code, newPassword: 'Fenglijuan#2028' }, '10.1.0.8');
    expectProblem(replay, 422, 'sms_code_invalid');
  });

  it('a number without an account is answered as if sent, but nothing is sent and no reset passes', async () => {
    const phone = '13600003002';
    const outboxBefore = readSmsOutbox(t.app.config.dataDir).length;
    expect((await sendSmsCode(t.app, phone, 'resetPassword', {}, '10.1.0.9')).statusCode).toBe(200);
    expect(readSmsOutbox(t.app.config.dataDir)).toHaveLength(outboxBefore);
    const tried = await post('/api/v1/auth/password-reset', { phone, smsCode: '123456', newPassword: 'Nobody#Home2026' }, '10.1.0.9');
    expectProblem(tried, 422, 'sms_code_invalid');
  });
});

describe('the SMS gateway adapter', () => {
  it('posts { to, text } with the message id as Idempotency-Key, and throws on a refusal', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const ok = webhookSmsSender('https://sms.example.gov.cn/send', (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch);
    await ok.send({ id: 'm-1', phone: '13600009999', text: '验证码 123456' });
    expect(seen[0].url).toBe('https://sms.example.gov.cn/send');
    expect((seen[0].init.headers as Record<string, string>)['idempotency-key']).toBe('m-1');
    expect(JSON.parse(seen[0].init.body as string)).toEqual({ to: '13600009999', text: '验证码 123456' });
    const refused = webhookSmsSender('https://sms.example.gov.cn/send', async () => new Response('', { status: 500 }));
    await expect(refused.send({ id: 'm-2', phone: '13600009999', text: 'x' })).rejects.toThrow('500');
  });
});
