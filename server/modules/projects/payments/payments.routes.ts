import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../../contracts/regions.js';
import { listPayments } from './list-payments.js';
import { payPayment } from './pay-payment.js';
import { rejectPayment } from './reject-payment.js';
import { requestPayment } from './request-payment.js';
import { findMilestoneConditions } from './milestone-conditions.js';
import { ZMilestoneCondition, ZPayInput, ZPayment, ZPaymentReject, ZPaymentRequestInput } from '../../../../contracts/projects/payments.js';
import { items } from '../../../../contracts/common.js';

/** Payments: requests against the schedule's milestones, paying and rejecting them. */
export async function paymentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects/:id/payments', { config: { permission: 'authenticated' }, schema: { tags, summary: '付款 / Payments', params: ZIdParams, response: { 200: items(ZPayment) } } }, async (req) => ({
    items: await listPayments(db, req.ctx, req.params.id),
  }));
  app.get(
    '/api/v1/projects/:id/milestone-conditions',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '付款节点条件是否满足 / Whether each milestone\'s condition holds', params: ZIdParams, response: { 200: items(ZMilestoneCondition) } } },
    async (req) => ({ items: await findMilestoneConditions(db, req.ctx, req.params.id) }),
  );
  app.post(
    '/api/v1/projects/:id/payments',
    {
      config: { permission: 'project.deliver', idempotent: true },
      schema: { tags, summary: '申请付款（承接方；支持 Idempotency-Key）/ Request a payment', params: ZIdParams, body: ZPaymentRequestInput, response: { 201: ZPayment } },
    },
    async (req, reply) => reply.code(201).send(await requestPayment(db, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/payments/:id/pay',
    { config: { permission: 'project.manage', idempotent: true }, schema: { tags, summary: '支付（支持 Idempotency-Key，重试返回首次结果）/ Pay', params: ZIdParams, body: ZPayInput, response: { 200: ZPayment } } },
    (req) => payPayment(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/payments/:id/reject',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '退回付款申请 / Reject a payment request', params: ZIdParams, body: ZPaymentReject, response: { 200: ZPayment } } },
    (req) => rejectPayment(db, req.ctx, req.params.id, req.body),
  );
}
