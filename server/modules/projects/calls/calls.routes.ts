import type { FastifyInstance } from 'fastify';
import { boundCities } from '../../../platform/access/policy.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, page, ZPageQuery } from '../../../../contracts/common.js';
import { ZBid, ZBidInput, ZBidPatch, ZCall, ZEligibilityResult, ZPublicCallQuery } from '../../../../contracts/projects/calls.js';
import { ZIdParams } from '../../../../contracts/regions.js';
import { eligibilityFor } from './eligibility-for.js';
import { listBids } from './list-bids.js';
import { reviseBid } from './revise-bid.js';
import { submitBid } from './submit-bid.js';
import { withdrawBid } from './withdraw-bid.js';
import { findOpenCalls } from './find-open-calls.js';

/** Calls and bids: open calls (also public), eligibility self-check, submitting, revising and withdrawing bids. */
export async function callRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/calls', { config: { permission: 'authenticated' }, schema: { tags, summary: '正在申报的项目 / Open calls', querystring: ZPageQuery, response: { 200: page(ZCall) } } }, (req) => {
    // Staff bound to cities see those cities' calls; an organization's member bids anywhere and sees every city's.
    const cities = boundCities(req.ctx.actor);
    return findOpenCalls(db, req.ctx.lang, req.query, cities.all ? undefined : cities.cityPaths);
  });
  app.get(
    '/api/v1/public/calls',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '申报公告（无需登录）/ Open calls, public',
        description: 'city：城市的 6 位行政区划代码，只列该城市的公告；不填则列全部城市。/ city: a city’s 6-digit division code, for its calls only; without it, every city’s.',
        querystring: ZPublicCallQuery,
        response: { 200: page(ZCall) },
      },
    },
    (req) => findOpenCalls(db, req.ctx.lang, req.query),
  );
  app.get(
    '/api/v1/projects/:id/eligibility',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '申报资格自查 / Eligibility check', params: ZIdParams, querystring: z.strictObject({ orgId: ZId }), response: { 200: ZEligibilityResult } } },
    (req) => eligibilityFor(db, req.ctx, req.params.id, req.query.orgId),
  );
  app.get(
    '/api/v1/projects/:id/bids',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '项目申报 / Bids', params: ZIdParams, response: { 200: z.object({ items: z.array(ZBid), sealedCount: z.number().int() }) } } },
    (req) => listBids(db, req.ctx, req.params.id),
  );
  app.post('/api/v1/projects/:id/bids', { config: { permission: 'project.bid' }, schema: { tags, summary: '提交申报 / Bid', params: ZIdParams, body: ZBidInput, response: { 201: ZBid } } }, async (req, reply) =>
    reply.code(201).send(await submitBid(db, req.ctx, req.params.id, req.body)),
  );
  app.patch('/api/v1/bids/:id', { config: { permission: 'project.bid' }, schema: { tags, summary: '修改申报 / Revise a bid', params: ZIdParams, body: ZBidPatch, response: { 200: ZBid } } }, (req) =>
    reviseBid(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/bids/:id/withdraw',
    { config: { permission: 'project.bid' }, schema: { tags, summary: '撤回申报 / Withdraw a bid', params: ZIdParams, body: z.strictObject({ version: z.number().int().min(1) }), response: { 200: ZBid } } },
    (req) => withdrawBid(db, req.ctx, req.params.id, req.body.version),
  );
}
