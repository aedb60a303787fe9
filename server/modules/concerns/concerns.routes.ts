import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { items, page, ZId } from '../../../contracts/common.js';
import { ZOpen311ApiKey, ZOpen311ApiKeyInput, ZOpen311IssuedKey, ZConcernCategory, ZConcernDetail, ZConcernListItem, ZConcernListQuery, ZConcernRaiseInput, ZPublicConcern, ZPublicConcernInput, ZPublicConcernReceipt, ZPublicRateInput, ZTrackingParams } from '../../../contracts/concerns.js';
import { ZPortalCityCode } from '../../../contracts/portal.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { portalCity } from '../../platform/access/portal-city.js';
import { notFound } from '../../platform/errors/app-error.js';
import { readUpload } from '../../platform/files/upload.js';
import { selectCategories, selectChildPlaces, selectPlace } from './concerns.queries.js';
import { addConcernPhoto, sendConcernPhoto } from './use-cases/concern-photos.js';
import { issueApiKey, listApiKeys, revokeApiKey } from './use-cases/open311-keys.js';
import { getConcern, getPublicConcern, listConcerns, ratePublicConcern } from './use-cases/find-concerns.js';
import { raiseConcern, raisePublicConcern } from './use-cases/raise-concern.js';

/**
 * A public submission flood is limited per address and the page still answers (issue 17 §4): ten concerns and
 * thirty ratings a quarter of an hour from one address, counted in the database for every instance.
 */
export const PUBLIC_RAISE_LIMIT = { max: 10, timeWindow: 15 * 60_000 };
export const PUBLIC_RATE_LIMIT = { max: 30, timeWindow: 15 * 60_000 };
const limited = (limit: { max: number; timeWindow: number }) => ({
  ...limit,
  errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }),
});

const ZCategoryQuery = z.strictObject({ cityId: ZId.optional() });
const ZPublicCityQuery = z.strictObject({ city: ZPortalCityCode });
const ZPublicPlacesQuery = z.strictObject({ city: ZPortalCityCode, parentId: ZId.optional() });
const ZPlace = z.object({ id: z.string(), name: z.string(), level: z.string() });
const ZPhoto = z.object({ id: z.string(), fileName: z.string(), url: z.string() });

/** Residents' concerns: the staff list and file, raising, photos; the public page's raise, follow and rating. */
export async function concernsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const pii = app.pii;
  const tags = ['concerns'];
  const read = { permission: 'concern.read' } as const;

  app.get('/api/v1/concerns', { config: read, schema: { tags, summary: '民情列表 / Concerns', querystring: ZConcernListQuery, response: { 200: page(ZConcernListItem) } } }, (req) => listConcerns(db, req.ctx, req.query));
  app.post(
    '/api/v1/concerns',
    {
      // A phone's queue retries with its Idempotency-Key: a raise whose answer was lost is not recorded twice.
      config: { permission: 'concern.raise', idempotent: true },
      schema: { tags, summary: '登记民情（支持 Idempotency-Key）/ Record a concern', description: '按本市分派规则派给镇街、部门或社工站；流转见 POST /api/v1/cases/{id}/transitions。/ Routed by the city’s rules; acts through the case transitions.', body: ZConcernRaiseInput, response: { 201: ZConcernDetail } },
    },
    async (req, reply) => {
      const { caseId } = await raiseConcern(db, req.ctx, pii, req.body);
      reply.code(201);
      return getConcern(db, req.ctx, pii, caseId);
    },
  );
  app.get('/api/v1/concerns/:id', { config: read, schema: { tags, summary: '民情详情 / A concern', params: ZIdParams, response: { 200: ZConcernDetail } } }, (req) => getConcern(db, req.ctx, pii, req.params.id));
  app.post(
    '/api/v1/concerns/:id/photos',
    { config: { permission: 'concern.raise' }, schema: { tags, summary: '添加照片（JPEG/PNG）/ Add a photo', consumes: ['multipart/form-data'], params: ZIdParams, response: { 201: ZPhoto } } },
    async (req, reply) => {
      const part = await readUpload(req);
      const out = await addConcernPhoto(db, app.storage, req.ctx, req.params.id, part);
      reply.code(201);
      return out;
    },
  );
  app.get(
    '/api/v1/concerns/:id/photos/:fileId',
    { config: read, schema: { tags, summary: '照片 / A photo', params: z.strictObject({ id: ZId, fileId: ZId }) } },
    (req, reply) => sendConcernPhoto(db, app.storage, req.ctx, req.params.id, req.params.fileId, req, reply),
  );
  // The staff's categories, their edits and the routing rules: concern-settings.routes.ts.

  // Open311 keys the office issues to the clients that file concerns (POST /open311/v2/requests.json).
  const manage = { permission: 'concern.manage' } as const;
  app.get('/api/v1/open311-keys', { config: manage, schema: { tags, summary: 'Open311 密钥 / Open311 keys', querystring: ZCategoryQuery, response: { 200: items(ZOpen311ApiKey) } } }, (req) => listApiKeys(db, req.ctx, req.query.cityId));
  app.post('/api/v1/open311-keys', { config: manage, schema: { tags, summary: '签发 Open311 密钥（仅显示一次）/ Issue a key (shown once)', body: ZOpen311ApiKeyInput, response: { 201: ZOpen311IssuedKey } } }, async (req, reply) => {
    const out = await issueApiKey(db, req.ctx, req.body);
    reply.code(201);
    return out;
  });
  app.post('/api/v1/open311-keys/:id/revoke', { config: manage, schema: { tags, summary: '停用 Open311 密钥 / Revoke a key', params: ZIdParams, response: { 200: ZOpen311ApiKey } } }, (req) => revokeApiKey(db, req.ctx, req.params.id));

  // The public page: no account, no CSRF token (there is no session), rate-limited per address.
  app.get('/api/v1/public/concern-categories', { config: { permission: 'public' }, schema: { tags, summary: '民情类别（公开）/ Categories', querystring: ZPublicCityQuery, response: { 200: items(ZConcernCategory) } } }, async (req) => {
    const city = (await portalCity(db, req.query.city))!;
    return { items: (await selectCategories(db, city.id)).filter((c) => !c.retiredAt).map((c) => ({ id: c.id, cityId: c.cityId, code: c.code, name: c.name, description: c.description, timeLimitDays: c.timeLimitDays, retired: false })) };
  });
  app.get(
    '/api/v1/public/concern-places',
    { config: { permission: 'public' }, schema: { tags, summary: '可选地点：城市的镇街，或镇街、村（社区）的下级 / Places to choose', querystring: ZPublicPlacesQuery, response: { 200: items(ZPlace) } } },
    async (req) => {
      const city = (await portalCity(db, req.query.city))!;
      let parentPath = city.path;
      if (req.query.parentId) {
        const parent = await selectPlace(db, req.query.parentId);
        if (!parent || parent.retired || !parent.path.startsWith(city.path) || !['town', 'community'].includes(parent.level)) throw notFound('region');
        parentPath = parent.path;
      }
      return { items: await selectChildPlaces(db, parentPath) };
    },
  );
  app.post(
    '/api/v1/public/concerns',
    {
      config: { permission: 'public', skipCsrf: true, rateLimit: limited(PUBLIC_RAISE_LIMIT) },
      schema: { tags, summary: '群众反映民情（无需登录）/ Raise a concern without an account', description: '答复受理编号，凭编号查询进度与评价。手机号加密保存，公开页面不显示。/ Answers the tracking number; the phone is sealed and never shown.', body: ZPublicConcernInput, response: { 201: ZPublicConcernReceipt } },
    },
    async (req, reply) => {
      const out = await raisePublicConcern(db, req.ctx, pii, req.body);
      reply.code(201);
      return out;
    },
  );
  app.get(
    '/api/v1/public/concerns/:trackingNumber',
    { config: { permission: 'public' }, schema: { tags, summary: '凭受理编号查询民情 / Follow a concern by its tracking number', params: ZTrackingParams, response: { 200: ZPublicConcern } } },
    (req) => getPublicConcern(db, req.params.trackingNumber),
  );
  app.post(
    '/api/v1/public/concerns/:trackingNumber/rating',
    { config: { permission: 'public', skipCsrf: true, rateLimit: limited(PUBLIC_RATE_LIMIT) }, schema: { tags, summary: '群众评价答复 / Rate the reply', params: ZTrackingParams, body: ZPublicRateInput, response: { 200: ZPublicConcern } } },
    (req) => ratePublicConcern(db, req.ctx, req.params.trackingNumber, req.body),
  );
}
