import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../../contracts/regions.js';
import { findContract } from './contracts.js';
import { addServiceRecord } from './add-service-record.js';
import { indicatorProgress } from './find-indicator-progress.js';
import { listMonthlyReports } from './find-monthly-reports.js';
import { submitMonthlyReport } from './submit-monthly-report.js';
import { findServiceRecords } from './find-service-records.js';
import { ZContract, ZIndicatorProgress, ZMonthlyReport, ZMonthlyReportInput, ZServiceRecord, ZServiceRecordInput } from '../../../../contracts/projects/delivery.js';
import { items, page, ZPageQuery } from '../../../../contracts/common.js';

/** Contract and delivery: the contract and its schedule, service records, indicator progress, monthly reports. */
export async function deliveryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects/:id/contract', { config: { permission: 'authenticated' }, schema: { tags, summary: '服务合同与付款节点 / Contract and schedule', params: ZIdParams, response: { 200: ZContract } } }, (req) =>
    findContract(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/projects/:id/service-records', { config: { permission: 'authenticated' }, schema: { tags, summary: '服务记录 / Service records', params: ZIdParams, querystring: ZPageQuery, response: { 200: page(ZServiceRecord) } } }, (req) =>
    findServiceRecords(db, req.ctx, req.params.id, req.query),
  );
  app.post(
    '/api/v1/projects/:id/service-records',
    { config: { permission: 'project.deliver' }, schema: { tags, summary: '填报服务记录（承接方）/ Record a service', params: ZIdParams, body: ZServiceRecordInput, response: { 201: ZServiceRecord } } },
    async (req, reply) => reply.code(201).send(await addServiceRecord(db, req.ctx, req.params.id, req.body)),
  );
  app.get('/api/v1/projects/:id/indicators', { config: { permission: 'authenticated' }, schema: { tags, summary: '绩效指标完成情况 / Indicator progress', params: ZIdParams, response: { 200: items(ZIndicatorProgress) } } }, async (req) => ({
    items: await indicatorProgress(db, req.ctx, req.params.id),
  }));
  app.get('/api/v1/projects/:id/reports', { config: { permission: 'authenticated' }, schema: { tags, summary: '项目月报 / Monthly reports', params: ZIdParams, response: { 200: items(ZMonthlyReport) } } }, async (req) => ({
    items: await listMonthlyReports(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/reports',
    { config: { permission: 'project.deliver' }, schema: { tags, summary: '提交月报（承接方）/ Submit a monthly report', params: ZIdParams, body: ZMonthlyReportInput, response: { 201: ZMonthlyReport } } },
    async (req, reply) => reply.code(201).send(await submitMonthlyReport(db, req.ctx, req.params.id, req.body)),
  );
}
