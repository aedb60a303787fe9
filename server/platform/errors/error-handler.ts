import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldError, type ProblemParams } from './app-error.js';
import { ENTITY_NAMES, PROBLEMS, fill, type Lang, type ProblemCode } from './messages.js';
import { appendAuditAlone } from '../audit/audit.js';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.js';

const EN_LOCALE = z.locales.en();

export function requestLang(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && /^en\b/i.test(header.trim()) ? 'en' : 'zh';
}

/** A URL echoed in a problem stays short: the answer must not grow with whatever a client sent. */
export function bounded(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function problemBody(request: FastifyRequest, code: ProblemCode, params: Record<string, unknown>, fieldErrors?: FieldError[], extra?: Record<string, unknown>) {
  const lang = requestLang(request);
  const def = PROBLEMS[code];
  const entity = typeof params.entity === 'string' ? (ENTITY_NAMES[params.entity]?.[lang] ?? params.entity) : undefined;
  // An English detail without its twin falls back to the Chinese reason rather than an empty placeholder.
  const p = { ...params, reasonEn: params.reasonEn ?? params.reason, entity, requestId: request.id };
  const [title, detailTemplate] = def[lang];
  const { denied: _denied, ...publicExtra } = extra ?? {};
  return {
    type: `https://shezhi.dev/problems/${code}`,
    title,
    status: def.status,
    code,
    detail: fill(detailTemplate, p),
    instance: bounded(request.url.split('?')[0]),
    requestId: request.id,
    ...(fieldErrors?.length
      ? { errors: fieldErrors.map((e) => ({ path: e.path, message: lang === 'en' && e.messageEn ? e.messageEn : e.message })) }
      : {}),
    ...publicExtra,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ProblemCode, params: ProblemParams = {}, fieldErrors?: FieldError[], extra?: Record<string, unknown>) {
  const body = problemBody(request, code, params, fieldErrors, extra);
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

function zodFieldErrors(error: FastifyError): FieldError[] {
  const validation = (error.validation ?? []) as unknown as { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }[];
  const part = (error as { validationContext?: string }).validationContext;
  return validation.map((v) => {
    const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    // An unknown field belongs on the field's own path, so a form can show it there.
    const keys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys) ? (v.params.keys as string[]) : null;
    const path = keys ? [base, keys.join(',')].filter(Boolean).join('.') : base || (part ?? '');
    const issue = { ...v.params, code: v.keyword, path: path.split('.'), message: v.message } as unknown as Parameters<typeof EN_LOCALE.localeError>[0];
    let en: string | undefined;
    try {
      const r = EN_LOCALE.localeError(issue);
      en = typeof r === 'string' ? r : r?.message;
    } catch {
      en = undefined;
    }
    return { path, message: v.message ?? '', messageEn: en };
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.extra?.denied) await auditRefusal(app, request, error.code);
      return sendProblem(request, reply, error.code, error.params, error.fieldErrors, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendProblem(request, reply, 'validation', {}, zodFieldErrors(error));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause?.issues }, 'response does not match its schema');
      return sendProblem(request, reply, 'internal');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(request, reply, 'payload_too_large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(request, reply, 'unsupported_media_type');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(request, reply, 'bad_request', { reason: '请求体不是合法的 JSON。', reasonEn: 'The body is not valid JSON.' });
      default:
        break;
    }
    if (error.statusCode === 429) {
      const seconds = Math.ceil(Number(reply.getHeader('retry-after') ?? 60));
      return sendProblem(request, reply, 'rate_limited', { seconds });
    }
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
      return sendProblem(request, reply, 'bad_request', { reason: '请求格式不正确。', reasonEn: 'Malformed request.' });
    }
    if (isDatabaseUnavailable(error)) {
      // Expected while the database restarts or fails over: the client should come back, not report a bug.
      // The driver's own error, not drizzle's wrapper: that one carries the statement and its parameters.
      request.log.warn(driverError(error), 'database unavailable');
      return sendUnavailable(request, reply, 'database');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'internal');
  });
}

/** Refusals are security events: record who was refused what, in a transaction of its own. */
export async function auditRefusal(app: FastifyInstance, request: FastifyRequest, code: string): Promise<void> {
  try {
    await appendAuditAlone(app.database.db, request.ctx, {
      action: 'request.denied',
      outcome: 'denied',
      detail: { method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], code },
    });
  } catch (err) {
    request.log.error({ err }, 'could not audit a refusal');
  }
}

const UNAVAILABLE_REASONS = {
  database: { reason: '数据库暂时无法连接', reasonEn: 'The database cannot be reached right now' },
} as const;

/** 503 with Retry-After, naming the dependency that is down. */
export function sendUnavailable(request: FastifyRequest, reply: FastifyReply, dependency: keyof typeof UNAVAILABLE_REASONS) {
  reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return sendProblem(request, reply, 'unavailable', { ...UNAVAILABLE_REASONS[dependency], seconds: RETRY_AFTER_SECONDS }, undefined, { dependency });
}

function driverError(error: unknown): { code?: string; message?: string } {
  let e = error as { code?: unknown; message?: unknown; cause?: unknown };
  for (let i = 0; i < 5 && e.cause && typeof e.cause === 'object'; i++) e = e.cause;
  return { code: typeof e.code === 'string' ? e.code : undefined, message: typeof e.message === 'string' ? e.message.slice(0, 200) : undefined };
}
