import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAuditEvent } from '../../../contracts/audit.js';
import { page, ZPageQuery } from '../../../contracts/common.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { ZRotationProfile, ZRotationProfileBody, ZRotationProfileParams, ZWorker, ZWorkerExportQuery, ZWorkerImportQuery, ZWorkerImportReport, ZWorkerInput, ZWorkerListQuery, ZWorkerPatch, ZWorkerRevealBody } from '../../../contracts/workforce.js';
import { XLSX_CONTENT_TYPE, ZXlsxFile } from '../../platform/files/xlsx-stream.js';
import { contentDisposition } from '../../platform/files/files.js';
import { exportWorkers } from './use-cases/export-workers.js';
import { importWorkers } from './use-cases/import-workers.js';
import { readUpload, uploadError } from '../../platform/files/upload.js';
import { entityNames, presentAuditEvent } from '../../platform/audit/present.js';
import { findWorkerHistory, getWorker, listWorkers } from './use-cases/find-workers.js';
import { revealWorker } from './use-cases/reveal-worker.js';
import { getRotationProfile, putRotationProfile } from './use-cases/rotation-profiles.js';
import { createWorker, updateWorker } from './use-cases/write-workers.js';

/** The workforce: social workers and certified employees, and every resource's rotation profile. */
export async function workforceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const pii = app.pii;
  const tags = ['workforce'];
  const read = { permission: 'workforce.read' } as const;
  const manage = { permission: 'workforce.manage' } as const;

  app.get('/api/v1/workers', { config: read, schema: { tags, summary: '人才队伍（社工与持证人员）/ The workforce', querystring: ZWorkerListQuery, response: { 200: page(ZWorker) } } }, (req) =>
    listWorkers(db, req.ctx, req.query),
  );
  app.get(
    '/api/v1/workers/export.xlsx',
    {
      exposeHeadRoute: false,
      config: read,
      schema: {
        tags,
        summary: '导出人才队伍（Excel，留痕）/ Export the workforce as .xlsx (audited)',
        description: '与列表相同的筛选条件，导出全部匹配人员；个人信息脱敏。/ The filters of GET /api/v1/workers, every matching person; personal data masked.',
        querystring: ZWorkerExportQuery,
        response: { 200: { description: 'xlsx', content: { [XLSX_CONTENT_TYPE]: { schema: ZXlsxFile } } } },
      },
    },
    async (req, reply) => {
      const file = await exportWorkers(db, req.ctx, req.query, req.log);
      return reply.type(XLSX_CONTENT_TYPE).header('content-disposition', contentDisposition(file.fileName)).header('cache-control', 'no-store').send(file.body);
    },
  );
  app.post(
    '/api/v1/workers/import',
    {
      config: manage,
      schema: {
        tags,
        summary: '导入人才队伍（multipart CSV/XLSX；apply=false 为预检）/ Import the workforce (dry run unless apply=true)',
        description: '表头与导出文件相同；按身份证号（脱敏行按证书编号）比对。apply=true 时有错误行则 422 且不做任何修改，除非 skipInvalid=true。/ The export’s headers; people are matched by ID number (a masked row by certificate number). With apply=true any refused row answers 422 and changes nothing, unless skipInvalid=true.',
        consumes: ['multipart/form-data'],
        querystring: ZWorkerImportQuery,
        response: { 200: ZWorkerImportReport },
      },
    },
    async (req) => {
      const part = await readUpload(req, { zh: '请以 multipart/form-data 上传 CSV 或 .xlsx 文件（字段名 file）。', en: 'Upload the CSV or .xlsx file as multipart/form-data (field file).' });
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        throw uploadError(err);
      }
      return importWorkers(db, req.ctx, pii, { cityId: req.query.cityId, apply: req.query.apply ?? false, skipInvalid: req.query.skipInvalid ?? false, bytes });
    },
  );
  app.get('/api/v1/workers/:id', { config: read, schema: { tags, summary: '人员详情 / A person', params: ZIdParams, response: { 200: ZWorker } } }, (req) => getWorker(db, req.ctx, req.params.id));
  app.post('/api/v1/workers', { config: manage, schema: { tags, summary: '新增人员 / Add a person', body: ZWorkerInput, response: { 201: ZWorker } } }, async (req, reply) => {
    const { id } = await createWorker(db, req.ctx, pii, req.body);
    reply.code(201);
    return getWorker(db, req.ctx, id);
  });
  app.patch('/api/v1/workers/:id', { config: manage, schema: { tags, summary: '修改人员信息 / Change a person’s record', params: ZIdParams, body: ZWorkerPatch, response: { 200: ZWorker } } }, async (req) => {
    await updateWorker(db, req.ctx, pii, req.params.id, req.body);
    return getWorker(db, req.ctx, req.params.id);
  });
  app.post(
    '/api/v1/workers/:id/reveal',
    {
      config: { permission: 'pii.reveal' },
      schema: { tags, summary: '查看身份证号或手机号明文（留痕）/ Reveal personal data (audited)', params: ZIdParams, body: ZWorkerRevealBody, response: { 200: z.object({ idNumber: z.string().nullable().optional(), phone: z.string().nullable().optional() }) } },
    },
    (req) => revealWorker(db, req.ctx, pii, req.params.id, req.body),
  );
  app.get('/api/v1/workers/:id/history', { config: read, schema: { tags, summary: '人员变更历史 / History', params: ZIdParams, querystring: ZPageQuery, response: { 200: page(ZAuditEvent) } } }, async (req) => {
    const found = await findWorkerHistory(db, req.ctx, req.params.id, req.query);
    const names = await entityNames(db, found.items);
    return { items: found.items.map((e) => presentAuditEvent(e, req.ctx.lang, names)), nextCursor: found.nextCursor };
  });
  app.get('/api/v1/rotation-profiles/:kind/:id', { config: read, schema: { tags, summary: '轮值档案 / Rotation profile', params: ZRotationProfileParams, response: { 200: ZRotationProfile } } }, (req) =>
    getRotationProfile(db, req.ctx, req.params.kind, req.params.id),
  );
  app.put(
    '/api/v1/rotation-profiles/:kind/:id',
    { config: manage, schema: { tags, summary: '设置轮值档案 / Set a rotation profile', description: 'Whole, against the version the caller saw (0 for the first).', params: ZRotationProfileParams, body: ZRotationProfileBody, response: { 200: ZRotationProfile } } },
    (req) => putRotationProfile(db, req.ctx, req.params.kind, req.params.id, req.body),
  );
}
