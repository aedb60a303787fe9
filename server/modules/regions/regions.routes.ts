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
  ZRegionExportQuery,
  ZRegionImportQuery,
  ZRegionImportReport,
  ZRegionListQuery,
  ZRestoreRegionBody,
  ZRetireRegionBody,
  ZUpdateRegionBody,
} from '../../../contracts/regions.js';
import { findRegionChildren, findRegionHistory, findRegionRoots, findRegions, getRegion } from './use-cases/find-regions.js';
import { createRegion, restoreRegion, retireRegion, updateRegion } from './use-cases/manage-region.js';
import { presentAuditEvent } from '../../platform/audit/present.js';
import { contentDisposition } from '../../platform/files/files.js';
import { readUpload, uploadError } from '../../platform/files/upload.js';
import { importRegions } from './use-cases/import-regions.js';
import { exportRegions } from './use-cases/export-regions.js';

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
  // A static segment beats `:id` in the router whatever the order.
  app.get(
    '/api/v1/regions/export',
    {
      config: read,
      schema: {
        tags,
        summary: '导出区划代码（code,name,parentCode,level,kind）/ Export a subtree’s division codes',
        description: '所选区域及其下级（不含网格、已撤销的），可原样导入。/ The node and its live subtree without grids, in the import’s plain layout.',
        querystring: ZRegionExportQuery,
      },
    },
    async (req, reply) => {
      const file = await exportRegions(db, req.ctx, req.query);
      return reply.type(file.contentType).header('content-disposition', contentDisposition(file.fileName)).header('cache-control', 'no-store').send(file.body);
    },
  );
  app.post(
    '/api/v1/regions/import',
    {
      config: manage,
      schema: {
        tags,
        summary: '导入区划代码（multipart CSV/XLSX；apply=false 为预检）/ Import division codes (dry run unless apply=true)',
        description:
          '表头决定格式：code,name,parentCode，或国家区划数据集的 villages / streets / areas 格式；按代码与区域树比对。apply=true 时有错误行则 422 并不做任何修改，除非 skipInvalid=true。/ The header row decides the layout; rows are compared with the tree by code. With apply=true any refused row answers 422 and changes nothing, unless skipInvalid=true.',
        consumes: ['multipart/form-data'],
        querystring: ZRegionImportQuery,
        response: { 200: ZRegionImportReport },
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
      return importRegions(db, req.ctx, { apply: req.query.apply ?? false, skipInvalid: req.query.skipInvalid ?? false, fileName: part.filename, bytes });
    },
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
