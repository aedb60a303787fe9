import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page, ZId } from '../../../contracts/common.js';
import { ZBid, ZBidInput, ZBidPatch, ZCall, ZEligibilityResult, ZProject, ZProjectListQuery, ZProjectProposal, ZProjectSummary, ZProjectProposalPatch } from '../../../contracts/projects.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { registerCaseType } from '../../platform/cases/define.js';
import { projectCaseType } from './project.case.js';
import { eligibilityFor, listBids, reviseBid, submitBid, withdrawBid } from './use-cases/bids.js';
import { findOpenCalls, findProjects, getProject } from './use-cases/find-projects.js';
import { proposeProject, updateProjectDraft } from './use-cases/propose-project.js';

export async function projectRoutes(fastify: FastifyInstance) {
  registerCaseType(projectCaseType());
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects', { config: { permission: 'project.read' }, schema: { tags, summary: '政府购买服务项目 / Purchased service projects', querystring: ZProjectListQuery, response: { 200: page(ZProjectSummary) } } }, (req) =>
    findProjects(db, req.ctx, req.query),
  );
  app.post('/api/v1/projects', { config: { permission: 'project.propose' }, schema: { tags, summary: '提出项目需求（立项）/ Propose a project', body: ZProjectProposal, response: { 201: ZProject } } }, async (req, reply) => {
    const id = await proposeProject(db, req.ctx, req.body);
    return reply.code(201).send(await getProject(db, req.ctx, id));
  });
  app.get('/api/v1/projects/:id', { config: { permission: 'project.read' }, schema: { tags, summary: '项目详情 / Project', params: ZIdParams, response: { 200: ZProject } } }, (req) =>
    getProject(db, req.ctx, req.params.id),
  );
  app.patch('/api/v1/projects/:id', { config: { permission: 'project.propose' }, schema: { tags, summary: '修改项目需求（草稿）/ Edit a draft', params: ZIdParams, body: ZProjectProposalPatch, response: { 200: ZProject } } }, async (req) => {
    await updateProjectDraft(db, req.ctx, req.params.id, req.body);
    return getProject(db, req.ctx, req.params.id);
  });

  app.get('/api/v1/calls', { config: { permission: 'authenticated' }, schema: { tags, summary: '正在申报的项目 / Open calls', response: { 200: z.object({ items: z.array(ZCall) }) } } }, async () => ({ items: await findOpenCalls(db) }));
  app.get('/api/v1/public/calls', { config: { permission: 'public' }, schema: { tags, summary: '申报公告（无需登录）/ Open calls, public', response: { 200: z.object({ items: z.array(ZCall) }) } } }, async () => ({ items: await findOpenCalls(db) }));
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
