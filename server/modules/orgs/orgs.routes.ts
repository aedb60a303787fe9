import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { page } from '../../../contracts/common.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { ZCreditCodeCheck, ZCreditCodeParams, ZOrg, ZOrgExportQuery, ZOrgListItem, ZOrgListQuery, ZDirectoryTowns, ZDirectoryTownsQuery, ZPublicOrg, ZPublicOrgPage, ZPublicOrgQuery, ZRevealBody, ZRevealResult } from '../../../contracts/orgs.js';
import { findOrgs, findPublicOrgs, getOrg, getPublicOrg } from './use-cases/find-orgs.js';
import { revealPersonalData } from './use-cases/reveal-personal-data.js';
import { checkCreditCode } from './use-cases/check-credit-code.js';
import { selectDirectoryTowns } from './orgs.queries.js';
import { portalCity } from '../../platform/access/portal-city.js';
import { ZPortalCityQuery } from '../../../contracts/portal.js';
import { contentDisposition, exportOrgs } from './use-cases/export-orgs.js';
import { XLSX_CONTENT_TYPE, ZXlsxFile } from '../../platform/files/xlsx-stream.js';

/**
 * For the OpenAPI document only: Fastify sends a stream as it is, without the JSON serializer. `any`
 * (shown as a binary string) because the handler's reply is a stream, not a string.
 */

export async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['orgs'];

  app.get('/api/v1/orgs', { config: { permission: 'org.read' }, schema: { tags, summary: '社会组织名录 / Registry', querystring: ZOrgListQuery, response: { 200: page(ZOrgListItem) } } }, (req) =>
    findOrgs(db, req.ctx, req.query),
  );
  // A static segment beats `:id` in the router whatever the order; org-export.test.ts checks it.
  // No HEAD twin: it would audit an export and build a file only to throw the body away.
  app.get(
    '/api/v1/orgs/export.xlsx',
    {
      exposeHeadRoute: false,
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: '导出名录（Excel，留痕）/ Export the registry as .xlsx (audited)',
        description: '与名录相同的筛选条件，导出全部匹配行；个人信息脱敏。/ The filters of GET /api/v1/orgs, every matching row; personal data masked.',
        querystring: ZOrgExportQuery,
        response: { 200: { description: 'xlsx', content: { [XLSX_CONTENT_TYPE]: { schema: ZXlsxFile } } } },
      },
    },
    async (req, reply) => {
      const file = await exportOrgs(db, req.ctx, app.pii, req.query, req.log);
      return reply
        .type(XLSX_CONTENT_TYPE)
        .header('content-disposition', contentDisposition(file.fileName, file.asciiFileName))
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
  // Any signed-in user: an org's own members read it (本组织) without org.read; the use case answers others 404.
  app.get('/api/v1/orgs/:id', { config: { permission: 'authenticated' }, schema: { tags, summary: '社会组织详情 / Organization', params: ZIdParams, response: { 200: ZOrg } } }, (req) =>
    getOrg(db, req.ctx, app.pii, req.params.id),
  );
  app.post(
    '/api/v1/orgs/:id/reveal',
    { config: { permission: 'pii.reveal' }, schema: { tags, summary: '查看个人信息明文（留痕）/ Reveal personal data (audited)', params: ZIdParams, body: ZRevealBody, response: { 200: ZRevealResult } } },
    (req) => revealPersonalData(db, req.ctx, app.pii, req.params.id, req.body),
  );
  app.get(
    '/api/v1/credit-codes/:code',
    { config: { permission: 'public' }, schema: { tags, summary: '校验统一社会信用代码（GB 32100-2015）/ Check a credit code', params: ZCreditCodeParams, response: { 200: ZCreditCodeCheck } } },
    (req) => checkCreditCode(req.ctx, req.params.code),
  );
  app.get(
    '/api/v1/public/orgs',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '公开名录（无需登录）/ Public directory',
        description:
          'q：名称关键词，或统一社会信用代码（完整 18 位或前 8 位以上）；按匹配度、再按名称拼音排序。city：城市的 6 位行政区划代码，只列该城市的组织。/ q: words of the name, or a credit code (whole, or its first 8+ characters); best match first, then pinyin order. city: a city’s 6-digit division code, for its organizations only.',
        querystring: ZPublicOrgQuery,
        response: { 200: ZPublicOrgPage },
      },
    },
    (req) =>
    findPublicOrgs(db, req.ctx, req.query),
  );
  // A static segment beats `:id` in the router whatever the order.
  app.get(
    '/api/v1/public/orgs/towns',
    { config: { permission: 'public' }, schema: { tags, summary: '公开名录的镇街筛选项 / Towns of the public directory', querystring: ZDirectoryTownsQuery, response: { 200: ZDirectoryTowns } } },
    async (req) => ({ items: await selectDirectoryTowns(db, (await portalCity(db, req.query.city))?.path) }),
  );
  app.get(
    '/api/v1/public/orgs/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '公开信息 / Public profile',
        description: 'city：城市的 6 位行政区划代码；给出时，其他城市的组织答 404。/ city: a city’s 6-digit division code; with it, another city’s organization answers 404.',
        params: ZIdParams,
        querystring: ZPortalCityQuery,
        response: { 200: ZPublicOrg },
      },
    },
    (req) => getPublicOrg(db, req.ctx, req.params.id, req.query.city),
  );
}
