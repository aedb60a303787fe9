import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page } from '../../../contracts/common.js';
import { ZAllocationInput, ZFund, ZFundFlows, ZFundInput, ZFundLinePatch, ZFundMovement, ZFundQuery, ZFundSummary, ZLedgerQuery } from '../../../contracts/funds.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { fundFlows } from './use-cases/find-fund-flows.js';
import { getFund, listFunds } from './use-cases/find-funds.js';
import { findLedger } from './use-cases/find-ledger.js';
import { createFund, setAllocation, updateFundLine } from './use-cases/manage-funds.js';

export async function fundRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['funds'];
  app.get('/api/v1/funds', { config: { permission: 'fund.read' }, schema: { tags, summary: '专项经费 / Special funds', querystring: ZFundQuery, response: { 200: page(ZFundSummary) } } }, (req) =>
    listFunds(db, req.ctx, req.query),
  );
  app.post('/api/v1/funds', { config: { permission: 'fund.manage' }, schema: { tags, summary: '设立年度专项经费 / Set up a fund', body: ZFundInput, response: { 201: ZFund } } }, async (req, reply) => {
    const id = await createFund(db, req.ctx, req.body);
    return reply.code(201).send(await getFund(db, req.ctx, id));
  });
  app.get('/api/v1/funds/:id', { config: { permission: 'fund.read' }, schema: { tags, summary: '经费科目与部门额度 / Lines and allocations', params: ZIdParams, response: { 200: ZFund } } }, (req) =>
    getFund(db, req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/funds/:id/ledger',
    { config: { permission: 'fund.read' }, schema: { tags, summary: '经费台账 / Ledger', params: ZIdParams, querystring: ZLedgerQuery, response: { 200: page(ZFundMovement) } } },
    (req) => findLedger(db, req.ctx, req.params.id, req.query),
  );
  app.get('/api/v1/funds/:id/flows', { config: { permission: 'fund.read' }, schema: { tags, summary: '资金流向（桑基图）/ Flows for a Sankey chart', params: ZIdParams, response: { 200: ZFundFlows } } }, (req) =>
    fundFlows(db, req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/fund-lines/:id',
    { config: { permission: 'fund.manage' }, schema: { tags, summary: '调整经费科目 / Change a line', params: ZIdParams, body: ZFundLinePatch, response: { 200: ZFund } } },
    async (req) => getFund(db, req.ctx, await updateFundLine(db, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/fund-lines/:id/allocations',
    { config: { permission: 'fund.manage' }, schema: { tags, summary: '设定部门额度 / Set a department allocation', params: ZIdParams, body: ZAllocationInput, response: { 200: z.object({ id: z.string() }) } } },
    (req) => setAllocation(db, req.ctx, req.params.id, req.body),
  );
}
