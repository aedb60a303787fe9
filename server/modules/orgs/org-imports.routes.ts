import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../contracts/regions.js';
import { ZOrgImport, ZRunImportBody } from '../../../contracts/orgs.js';
import { contentDisposition } from '../../platform/files/files.js';
import { readUpload } from '../../platform/files/upload.js';
import { getImport, runImport, startImport } from './use-cases/import-orgs.js';
import { writeImportTemplate } from './use-cases/write-import-template.js';

/** Excel import of the registry: template, upload + validation (202, poll), run in a chosen mode. */
export async function orgImportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['orgs'];

  app.get('/api/v1/org-imports/template.xlsx', { config: { permission: 'org.import' }, schema: { tags, summary: '导入模板 / Import template' } }, async (req, reply) => {
    const body = await writeImportTemplate(db, req.ctx);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('社会组织导入模板.xlsx'))
      .header('cache-control', 'no-store')
      .send(body);
  });

  app.post(
    '/api/v1/org-imports',
    { config: { permission: 'org.import' }, schema: { tags, summary: '上传并校验导入文件（multipart .xlsx）/ Upload and validate', consumes: ['multipart/form-data'], response: { 202: ZOrgImport } } },
    async (req, reply) => {
      const part = await readUpload(req, { zh: '请以 multipart/form-data 上传 .xlsx 文件。', en: 'Upload the .xlsx file as multipart/form-data.' });
      const job = await startImport(db, req.ctx, app.storage, app.pii, app.log, { stream: part.file, filename: part.filename });
      reply.code(202);
      return job;
    },
  );

  app.get('/api/v1/org-imports/:id', { config: { permission: 'org.import' }, schema: { tags, summary: '导入进度与校验报告 / Import progress and report', params: ZIdParams, response: { 200: ZOrgImport } } }, (req) =>
    getImport(db, req.ctx, req.params.id),
  );

  app.post(
    '/api/v1/org-imports/:id/run',
    { config: { permission: 'org.import' }, schema: { tags, summary: '执行导入 / Run the import', params: ZIdParams, body: ZRunImportBody, response: { 202: ZOrgImport } } },
    async (req, reply) => {
      const job = await runImport(db, req.ctx, app.storage, app.pii, app.log, req.params.id, req.body);
      reply.code(202);
      return job;
    },
  );
}
