import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../../contracts/regions.js';
import { recordVisit } from './record-visit.js';
import { respondRectification } from './respond-rectification.js';
import { reviewRectification } from './review-rectification.js';
import { findVisits } from './find-visits.js';
import { ZRectification, ZRectificationResponse, ZRectificationReview, ZSupervisionInput, ZSupervisionVisit } from '../../../../contracts/projects/supervision.js';
import { page, ZPageQuery } from '../../../../contracts/common.js';

/** Supervision: visits and rectifications. */
export async function supervisionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects/:id/supervision', { config: { permission: 'authenticated' }, schema: { tags, summary: '督导与整改 / Supervision', params: ZIdParams, querystring: ZPageQuery, response: { 200: page(ZSupervisionVisit) } } }, (req) =>
    findVisits(db, req.ctx, req.params.id, req.query),
  );
  app.post(
    '/api/v1/projects/:id/supervision',
    { config: { permission: 'project.supervise' }, schema: { tags, summary: '记录督导 / Record a supervision visit', params: ZIdParams, body: ZSupervisionInput, response: { 201: ZSupervisionVisit } } },
    async (req, reply) => reply.code(201).send(await recordVisit(db, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/rectifications/:id/response',
    { config: { permission: 'project.deliver' }, schema: { tags, summary: '提交整改情况（承接方）/ Respond to a rectification', params: ZIdParams, body: ZRectificationResponse, response: { 200: ZRectification } } },
    (req) => respondRectification(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/rectifications/:id/review',
    { config: { permission: 'project.supervise' }, schema: { tags, summary: '整改审核 / Review a rectification', params: ZIdParams, body: ZRectificationReview, response: { 200: ZRectification } } },
    (req) => reviewRectification(db, req.ctx, req.params.id, req.body),
  );
}
