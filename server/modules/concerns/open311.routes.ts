import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOpen311Discovery, ZOpen311Error, ZOpen311PostAnswer, ZOpen311PostForm, ZOpen311Query, ZOpen311Request, ZOpen311RequestsQuery, ZOpen311Service, ZOpen311ServiceDefinition, ZOpen311Token } from '../../../contracts/concerns.js';
import { clockNow } from '../../platform/clock.js';
import { AppError } from '../../platform/errors/app-error.js';
import { discoveryOf, Open311Failure, type Open311Error } from './open311.js';
import { findRequest, findRequests, findServiceDefinition, findServices, findToken, postRequest } from './use-cases/open311-requests.js';

/** A filing client posts for many residents from one address: limited per api_key (else per address), counted for every instance. */
export const OPEN311_POST_LIMIT = { max: 120, timeWindow: 60_000 };

/** Every failure on these routes in the specification's format: [{ code, description }] with the HTTP status as code. */
function open311Errors(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let errors: Open311Error[];
  if (err instanceof Open311Failure) {
    status = err.status;
    errors = err.errors;
  } else if (err instanceof AppError) {
    const statuses: Record<string, number> = { not_found: 404, validation: 400, rate_limited: 429, conflict: 409, invalid_state: 409, forbidden: 403, unavailable: 503 };
    status = statuses[err.code] ?? 400;
    errors = err.fieldErrors?.length ? err.fieldErrors.map((e) => ({ code: status, description: `${e.path}: ${e.messageEn ?? e.message}` })) : [{ code: status, description: err.code }];
  } else if ('validation' in err && err.validation) {
    status = 400;
    errors = [{ code: 400, description: err.message }];
  } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
    status = err.statusCode;
    errors = [{ code: status, description: status === 429 ? 'too many requests; retry later' : err.message }];
  } else {
    request.log.error({ err }, 'open311 request failed');
    errors = [{ code: 500, description: 'internal error' }];
  }
  if (status === 503) reply.header('retry-after', '5');
  return reply.code(status).type('application/json; charset=utf-8').send(errors);
}

/**
 * Open311 GeoReport v2, JSON, at /open311/v2 (issue 17 §4): discovery, services, a service's definition, requests
 * (GET with the specification's filters; POST as application/x-www-form-urlencoded with an api_key), one request, a
 * token. Public: no session; errors in the specification's list format.
 */
export async function open311Routes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['open311'];
  const pub = { permission: 'public' } as const;
  const errors = { 400: ZOpen311Error, 403: ZOpen311Error, 404: ZOpen311Error };
  app.setErrorHandler(open311Errors);
  // The specification posts forms; parsed here for these routes only.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const fields: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(body as string)) fields[k] = v;
    done(null, fields);
  });
  const origin = (req: FastifyRequest) => (app.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');

  app.get('/open311/v2/discovery.json', { config: pub, schema: { tags, summary: 'GeoReport v2 discovery', querystring: ZOpen311Query, response: { 200: ZOpen311Discovery } } }, (req) =>
    discoveryOf(origin(req), new Date('2026-12-07T00:00:00+08:00'), '所在城市社工办（民情）'),
  );
  app.get('/open311/v2/services.json', { config: pub, schema: { tags, summary: 'GeoReport v2 service list: the city’s concern categories', querystring: ZOpen311Query, response: { 200: z.array(ZOpen311Service), ...errors } } }, (req) =>
    findServices(db, req.query.jurisdiction_id),
  );
  app.get(
    '/open311/v2/services/:service_code.json',
    { config: pub, schema: { tags, summary: 'GeoReport v2 service definition', params: z.strictObject({ service_code: z.string().max(40) }), querystring: ZOpen311Query, response: { 200: ZOpen311ServiceDefinition, ...errors } } },
    (req) => findServiceDefinition(db, req.query.jurisdiction_id, req.params.service_code),
  );
  app.get('/open311/v2/requests.json', { config: pub, schema: { tags, summary: 'GeoReport v2 service requests', querystring: ZOpen311RequestsQuery, response: { 200: z.array(ZOpen311Request), ...errors } } }, (req) =>
    findRequests(db, req.query, clockNow()),
  );
  app.post(
    '/open311/v2/requests.json',
    {
      config: {
        ...pub,
        skipCsrf: true,
        rateLimit: {
          ...OPEN311_POST_LIMIT,
          hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) => {
            const key = (req.body as Record<string, unknown> | undefined)?.api_key;
            return typeof key === 'string' && key ? `open311:${key}` : req.ip;
          },
          errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }),
        },
      },
      schema: {
        tags,
        summary: 'GeoReport v2 POST service request (application/x-www-form-urlencoded, api_key required)',
        consumes: ['application/x-www-form-urlencoded'],
        body: ZOpen311PostForm,
        response: { 201: ZOpen311PostAnswer, ...errors },
      },
    },
    async (req, reply) => {
      const out = await postRequest(db, req.ctx, app.pii, req.body as Record<string, string | undefined>, app.config.OPEN311_API_KEYS);
      reply.code(201);
      return out;
    },
  );
  app.get(
    '/open311/v2/requests/:service_request_id.json',
    { config: pub, schema: { tags, summary: 'GeoReport v2 one service request', params: z.strictObject({ service_request_id: z.string().max(24) }), querystring: ZOpen311Query, response: { 200: z.array(ZOpen311Request), ...errors } } },
    (req) => findRequest(db, req.params.service_request_id),
  );
  app.get(
    '/open311/v2/tokens/:token.json',
    { config: pub, schema: { tags, summary: 'GeoReport v2 service request id from a token', params: z.strictObject({ token: z.string().max(64) }), querystring: ZOpen311Query, response: { 200: ZOpen311Token, ...errors } } },
    (req) => findToken(db, req.params.token),
  );
}
