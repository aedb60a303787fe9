import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCaptcha, ZChangePasswordBody, ZLoginBody, ZMe, ZResetPasswordBody, ZSmsCodeBody, ZSmsCodeSent } from '../../../contracts/auth.js';
import { smsSenderFrom } from '../notify/sms.js';
import { createCaptcha } from './captcha.js';
import { resetPasswordBySms } from './reset-password.js';
import { sendSmsCode } from './sms-codes.js';
import { changePassword, login, logout } from './auth.service.js';
import { lookupSession, SESSION_COOKIE } from './sessions.js';
import { presentMe } from './me.js';
import { AppError } from '../errors/app-error.js';
import { ROLE_DEFINITIONS, ROLE_NAMES, ROLES } from '../../../contracts/roles.js';

function setSessionCookie(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, token: string) {
  const secure = app.config.COOKIE_SECURE === 'true' || (app.config.COOKIE_SECURE === 'auto' && request.protocol === 'https');
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: app.config.SESSION_ABSOLUTE_HOURS * 3600 });
}

async function meFor(app: FastifyInstance, request: FastifyRequest, token: string) {
  const found = await lookupSession(app.database.db, token, app.sessionSettings);
  if (found.status !== 'valid') throw new AppError('unauthenticated');
  return presentMe(found.actor, request.ctx.lang);
}

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        permission: 'public',
        skipCsrf: true,
        rateLimit: {
          max: app.config.LOGIN_RATE_LIMIT,
          timeWindow: 60_000,
          errorResponseBuilder: (_req, context) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }),
        },
      },
      schema: { tags, summary: '登录 / Sign in', body: ZLoginBody, response: { 200: z.object({ user: ZMe }) } },
    },
    async (request, reply) => {
      const settings = {
        ...app.sessionSettings,
        maxFailures: app.config.LOGIN_MAX_FAILURES,
        lockMinutes: app.config.LOGIN_LOCK_MINUTES,
      };
      const result = await login(app.database.db, request.ctx, { ...request.body, userAgent: request.headers['user-agent'] ?? null }, settings, (phone) => app.pii.lookupHash(phone));
      setSessionCookie(app, request, reply, result.token);
      return { user: await meFor(app, request, result.token) };
    },
  );

  const limited = (max: number) => ({
    max,
    timeWindow: 60_000,
    errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }),
  });
  // At warn: the quick start logs warnings only, and a developer registering in the demo needs the code on screen.
  const sms = smsSenderFrom(app.config, (line) => app.log.warn(line));
  if (sms.kind === 'outbox') app.log.warn('短信验证码走开发发件箱（DATA_DIR/sms-outbox.jsonl），不会真正发出；接入短信网关请设置 SMS_WEBHOOK_URL');

  app.get(
    '/api/v1/auth/captcha',
    { config: { permission: 'public', rateLimit: limited(app.config.LOGIN_RATE_LIMIT * 3) }, schema: { tags, summary: '图形验证码 / A captcha image', response: { 200: ZCaptcha } } },
    () => createCaptcha(app.database.db),
  );

  app.post(
    '/api/v1/auth/sms-codes',
    {
      config: { permission: 'public', skipCsrf: true, rateLimit: limited(app.config.LOGIN_RATE_LIMIT) },
      schema: { tags, summary: '获取短信验证码（注册、找回密码）/ Send an SMS code', body: ZSmsCodeBody, response: { 200: ZSmsCodeSent } },
    },
    (request) =>
      sendSmsCode(app.database.db, request.ctx, app.pii, sms, { cooldownSeconds: app.config.SMS_COOLDOWN_SECONDS, perPhonePerDay: app.config.SMS_DAILY_PER_PHONE, perIpPerDay: app.config.SMS_DAILY_PER_IP }, request.body),
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { permission: 'public', skipCsrf: true, rateLimit: limited(app.config.LOGIN_RATE_LIMIT) },
      schema: { tags, summary: '短信验证码找回密码 / Reset the password by SMS code', body: ZResetPasswordBody },
    },
    async (request, reply) => {
      await resetPasswordBySms(app.database.db, request.ctx, app.pii, request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { permission: 'authenticated', allowDuringPasswordChange: true, allowReadOnly: true }, schema: { tags, summary: '退出登录 / Sign out' } },
    async (request, reply) => {
      await logout(app.database.db, request.ctx);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { permission: 'authenticated', allowDuringPasswordChange: true }, schema: { tags, summary: '当前用户 / Current user', response: { 200: ZMe } } },
    async (request) => presentMe(request.ctx.actor!, request.ctx.lang),
  );

  app.post(
    '/api/v1/auth/password',
    { config: { permission: 'authenticated', allowDuringPasswordChange: true, allowReadOnly: true }, schema: { tags, summary: '修改密码 / Change password', body: ZChangePasswordBody } },
    async (request, reply) => {
      const { token } = await changePassword(app.database.db, request.ctx, { ...request.body, userAgent: request.headers['user-agent'] ?? null }, app.sessionSettings);
      setSessionCookie(app, request, reply, token);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: '角色目录 / Roles', response: { 200: z.object({ items: z.array(z.object({ role: z.enum(ROLES), name: z.string(), scopeType: z.string(), regionLevels: z.array(z.string()) })) }) } },
    },
    async (request) => ({
      // The platform administrator's role is offered only to one of them: nobody else may grant it (people.policy.ts).
      items: ROLES.filter((role) => role !== 'platformAdmin' || request.ctx.actor!.grants.some((g) => g.role === 'platformAdmin')).map((role) => ({
        role,
        name: ROLE_NAMES[role][request.ctx.lang],
        scopeType: ROLE_DEFINITIONS[role].scopeType,
        regionLevels: [...(ROLE_DEFINITIONS[role].regionLevels ?? [])],
      })),
    }),
  );
}
