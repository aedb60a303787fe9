import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, items, page, ZPageQuery } from '../../../../contracts/common.js';
import { ZAssignExpertsInput, ZConflictDeclaration, ZExpert, ZObjection, ZObjectionAnswer, ZObjectionInput, ZRanking, ZReview, ZReviewSummary, ZScoreInput } from '../../../../contracts/projects/procurement.js';
import { ZIdParams } from '../../../../contracts/regions.js';
import { answerObjection, assignExperts, declareConflict, expertsFor, getReview, listObjections, lodgeObjection, rankingFor, scoreBid } from './procurement.js';
import { findMyReviews } from './find-my-reviews.js';
import { listEvaluators } from './evaluators.js';

/** Procurement: the expert panel, conflict declarations, scoring, the ranking and objections to the award notice. */
export async function procurementRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/evaluators', { config: { permission: 'project.manage' }, schema: { tags, summary: '评审专家库 / Evaluators', response: { 200: z.object({ items: z.array(z.object({ id: ZId, name: z.string() })) }) } } }, async () => ({
    items: await listEvaluators(db),
  }));
  app.get('/api/v1/projects/:id/experts', { config: { permission: 'project.read' }, schema: { tags, summary: '评审专家组 / Expert panel', params: ZIdParams, response: { 200: items(ZExpert) } } }, async (req) => ({
    items: await expertsFor(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/experts',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '指派评审专家 / Assign experts', params: ZIdParams, body: ZAssignExpertsInput, response: { 200: items(ZExpert) } } },
    async (req) => ({ items: await assignExperts(db, req.ctx, req.params.id, req.body.userIds) }),
  );
  app.get('/api/v1/reviews', { config: { permission: 'bid.score' }, schema: { tags, summary: '我的评审任务 / My reviews', querystring: ZPageQuery, response: { 200: page(ZReviewSummary) } } }, (req) =>
    findMyReviews(db, req.ctx, req.query),
  );
  app.get('/api/v1/reviews/:id', { config: { permission: 'bid.score' }, schema: { tags, summary: '评审：标准、申报与我的评分 / A review', params: ZIdParams, response: { 200: ZReview } } }, (req) =>
    getReview(db, req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/reviews/:id/declaration',
    { config: { permission: 'bid.score' }, schema: { tags, summary: '声明利益冲突情况 / Declare conflicts', params: ZIdParams, body: ZConflictDeclaration, response: { 200: z.object({ state: z.enum(['declared', 'recused']) }) } } },
    (req) => declareConflict(db, req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/v1/bids/:id/scores',
    { config: { permission: 'bid.score' }, schema: { tags, summary: '评分 / Score a bid', params: ZIdParams, body: ZScoreInput, response: { 200: z.object({ bidId: ZId, total: z.number().int() }) } } },
    (req) => scoreBid(db, req.ctx, req.params.id, req.body),
  );
  app.get('/api/v1/projects/:id/ranking', { config: { permission: 'project.read' }, schema: { tags, summary: '评审排名 / Ranking', params: ZIdParams, response: { 200: ZRanking } } }, (req) =>
    rankingFor(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/projects/:id/objections', { config: { permission: 'authenticated' }, schema: { tags, summary: '公示异议 / Objections', params: ZIdParams, response: { 200: items(ZObjection) } } }, async (req) => ({
    items: await listObjections(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/objections',
    { config: { permission: 'project.object' }, schema: { tags, summary: '提出公示异议 / Lodge an objection', params: ZIdParams, body: ZObjectionInput, response: { 201: ZObjection } } },
    async (req, reply) => reply.code(201).send(await lodgeObjection(db, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/objections/:id/answer',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '答复公示异议 / Answer an objection', params: ZIdParams, body: ZObjectionAnswer, response: { 200: ZObjection } } },
    (req) => answerObjection(db, req.ctx, req.params.id, req.body),
  );
}
