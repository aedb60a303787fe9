import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page, ZPageQuery } from '../../../contracts/common.js';
import { ZAuditEvent } from '../../../contracts/audit.js';
import {
  ZChildrenQuery,
  ZCreateRegionBody,
  ZIdParams,
  ZRegion,
  ZRegionListQuery,
  ZRestoreRegionBody,
  ZRetireRegionBody,
  ZUpdateRegionBody,
} from '../../../contracts/regions.js';
import { findRegionChildren, findRegionHistory, findRegionRoots, findRegions, getRegion } from './use-cases/find-regions.js';
import { createRegion, restoreRegion, retireRegion, updateRegion } from './use-cases/manage-region.js';
import { presentAuditEvent } from '../../platform/audit/present.js';

export async function regionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['regions'];
  const read = { permission: 'region.read' as const };
  const manage = { permission: 'region.manage' as const };

  app.get('/api/v1/regions', { config: read, schema: { tags, summary: '区域列表 / Regions', querystring: ZRegionListQuery, response: { 200: page(ZRegion) } } }, (req) =>
    findRegions(db, req.ctx, req.query),
  );
  app.get('/api/v1/regions/roots', { config: read, schema: { tags, summary: '可见的顶层区域 / Top regions the user may see', response: { 200: z.object({ items: z.array(ZRegion) }) } } }, (req) =>
    findRegionRoots(db, req.ctx),
  );
  app.get('/api/v1/regions/:id', { config: read, schema: { tags, summary: '区域详情 / Region', params: ZIdParams, response: { 200: ZRegion } } }, (req) =>
    getRegion(db, req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/regions/:id/children',
    { config: read, schema: { tags, summary: '下级区域 / Children', params: ZIdParams, querystring: ZChildrenQuery, response: { 200: page(ZRegion) } } },
    (req) => findRegionChildren(db, req.ctx, req.params.id, req.query),
  );
  app.get(
    '/api/v1/regions/:id/history',
    { config: read, schema: { tags, summary: '区域变更历史（新的在前，分页）/ History, newest first, paged', params: ZIdParams, querystring: ZPageQuery, response: { 200: page(ZAuditEvent) } } },
    async (req) => {
      const found = await findRegionHistory(db, req.ctx, req.params.id, req.query);
      return { items: found.items.map((e) => presentAuditEvent(e, req.ctx.lang)), nextCursor: found.nextCursor };
    },
  );
  app.post('/api/v1/regions', { config: manage, schema: { tags, summary: '新增区域 / Create', body: ZCreateRegionBody, response: { 201: ZRegion } } }, async (req, reply) =>
    reply.code(201).send(await createRegion(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/regions/:id',
    { config: manage, schema: { tags, summary: '修改或移动区域 / Rename, recode or move', params: ZIdParams, body: ZUpdateRegionBody, response: { 200: ZRegion } } },
    (req) => updateRegion(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/regions/:id/retire',
    { config: manage, schema: { tags, summary: '撤销区域 / Retire', params: ZIdParams, body: ZRetireRegionBody, response: { 200: ZRegion } } },
    (req) => retireRegion(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/regions/:id/restore',
    { config: manage, schema: { tags, summary: '恢复区域 / Restore', params: ZIdParams, body: ZRestoreRegionBody, response: { 200: ZRegion } } },
    (req) => restoreRegion(db, req.ctx, req.params.id, req.body),
  );
}
