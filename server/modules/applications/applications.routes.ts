import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  APPLICATION_KINDS,
  ZApplication,
  TEMPLATE_ITEMS,
  ZApplicationGuide,
  ZApplicationGuideQuery,
  ZApplicationListQuery,
  ZApplicationSettingsQuery,
  ZApplicationSummary,
  ZApplicationTypeSetting,
  ZApplicationTypeSettingBody,
  ZApplicationChecklistBody,
  ZRegistrationRule,
  ZRegistrationRuleBody,
  ZRegistrationRuleDeleteQuery,
  ZRegistrationRulesQuery,
  ZRegistrationRuleUpdate,
  ZCreateApplicationBody,
  ZRegisterApplicantBody,
  ZSla,
  ZSlaQuery,
  ZUpdateApplicationBody,
} from '../../../contracts/applications.js';
import { page } from '../../../contracts/common.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { certificateRoutes } from './certificates.routes.js';
import { fileApplication } from './use-cases/file-application.js';
import { listApplicationSettings } from './use-cases/find-application-settings.js';
import { findApplications } from './use-cases/find-applications.js';
import { findServiceLevels } from './use-cases/find-service-levels.js';
import { getApplication } from './use-cases/get-application.js';
import { getApplicationGuide, getApplicationTemplate } from './use-cases/get-application-guide.js';
import { contentDisposition } from '../../platform/files/files.js';
import { registerApplicant } from './use-cases/register-applicant.js';
import { updateApplicationSetting } from './use-cases/update-application-setting.js';
import { updateApplicationChecklist } from './use-cases/update-application-checklist.js';
import { createRegistrationRule, deleteRegistrationRule, listRegistrationRules, updateRegistrationRule } from './use-cases/registration-rules.js';
import { updateDraft } from './use-cases/update-draft.js';

export async function applicationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const pii = app.pii;
  const tags = ['applications'];

  app.post(
    '/api/v1/applicants',
    {
      config: {
        permission: 'public',
        skipCsrf: true,
        rateLimit: { max: app.config.LOGIN_RATE_LIMIT, timeWindow: 60_000, errorResponseBuilder: (_req, context) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }) },
      },
      schema: { tags, summary: '申请人注册（手机号 + 密码）/ Register as an applicant', body: ZRegisterApplicantBody, response: { 201: z.object({ userId: z.string() }) } },
    },
    async (req, reply) => {
      const out = await registerApplicant(db, req.ctx, pii, req.body);
      reply.code(201);
      return out;
    },
  );

  app.get('/api/v1/applications', { config: { permission: 'authenticated' }, schema: { tags, summary: '申请列表 / Applications', querystring: ZApplicationListQuery, response: { 200: page(ZApplicationSummary) } } }, (req) =>
    findApplications(db, req.ctx, req.query),
  );

  app.post(
    '/api/v1/applications',
    { config: { permission: 'application.apply' }, schema: { tags, summary: '新建申请（草稿）/ Start an application', body: ZCreateApplicationBody, response: { 201: ZApplication } } },
    async (req, reply) => {
      const id = await fileApplication(db, req.ctx, pii, req.body);
      reply.code(201);
      return getApplication(db, req.ctx, pii, id);
    },
  );

  app.get(
    '/api/v1/applications/service-levels',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '办理时效（SLA）/ Service levels', querystring: ZSlaQuery, response: { 200: ZSla } } },
    (req) => findServiceLevels(db, req.ctx, req.query),
  );

  app.get('/api/v1/applications/:id', { config: { permission: 'authenticated' }, schema: { tags, summary: '申请详情 / Application', params: ZIdParams, response: { 200: ZApplication } } }, (req) =>
    getApplication(db, req.ctx, pii, req.params.id),
  );

  app.put(
    '/api/v1/applications/:id/form',
    { config: { permission: 'application.apply' }, schema: { tags, summary: '修改申请表（草稿或补正中）/ Edit the form', params: ZIdParams, body: ZUpdateApplicationBody, response: { 200: ZApplication } } },
    async (req) => {
      await updateDraft(db, req.ctx, pii, req.params.id, req.body);
      return getApplication(db, req.ctx, pii, req.params.id);
    },
  );

  app.get(
    '/api/v1/application-settings',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '申办事项设置（本市）/ Settings per kind of the caller’s city', querystring: ZApplicationSettingsQuery, response: { 200: z.object({ items: z.array(ZApplicationTypeSetting) }) } } },
    async (req) => ({ items: await listApplicationSettings(db, req.ctx, req.query) }),
  );

  app.put(
    '/api/v1/application-settings/:kind',
    {
      config: { permission: 'application.manage' },
      schema: { tags, summary: '修改本市的承诺时限与联审部门 / Change a kind’s settings in the caller’s city', params: z.strictObject({ kind: z.enum(APPLICATION_KINDS) }), body: ZApplicationTypeSettingBody, response: { 200: z.object({ items: z.array(ZApplicationTypeSetting) }) } },
    },
    async (req) => {
      const { cityId } = await updateApplicationSetting(db, req.ctx, req.params.kind, req.body);
      return { items: await listApplicationSettings(db, req.ctx, { cityId }) };
    },
  );

  app.put(
    '/api/v1/application-settings/:kind/checklist',
    {
      config: { permission: 'application.manage' },
      schema: {
        tags,
        summary: '修改本市的材料清单 / Change a kind’s materials checklist in the caller’s city',
        description: 'The whole list in order. Items with a `key` are the city’s own (a retired one comes back); items without one are new. Items left out are retired, never deleted. Checked against the kind’s settings version (409 when stale).',
        params: z.strictObject({ kind: z.enum(APPLICATION_KINDS) }),
        body: ZApplicationChecklistBody,
        response: { 200: z.object({ items: z.array(ZApplicationTypeSetting) }) },
      },
    },
    async (req) => {
      const { cityId } = await updateApplicationChecklist(db, req.ctx, req.params.kind, req.body);
      return { items: await listApplicationSettings(db, req.ctx, { cityId }) };
    },
  );

  const rules = { 200: z.object({ items: z.array(ZRegistrationRule) }) };
  app.get(
    '/api/v1/registration-rules',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '注册资金规则（本市）/ Registration rules of the caller’s city', querystring: ZRegistrationRulesQuery, response: rules } },
    async (req) => ({ items: await listRegistrationRules(db, req.ctx, req.query) }),
  );
  app.post(
    '/api/v1/registration-rules',
    { config: { permission: 'application.manage' }, schema: { tags, summary: '新增注册资金规则 / Add a registration rule', description: 'One type’s periods never overlap (422 on validFrom).', body: ZRegistrationRuleBody, response: { 201: rules[200] } } },
    async (req, reply) => {
      const { cityId } = await createRegistrationRule(db, req.ctx, req.body);
      reply.code(201);
      return { items: await listRegistrationRules(db, req.ctx, { cityId }) };
    },
  );
  app.put(
    '/api/v1/registration-rules/:id',
    { config: { permission: 'application.manage' }, schema: { tags, summary: '修改注册资金规则 / Change a registration rule', params: ZIdParams, body: ZRegistrationRuleUpdate, response: rules } },
    async (req) => {
      const { cityId } = await updateRegistrationRule(db, req.ctx, req.params.id, req.body);
      return { items: await listRegistrationRules(db, req.ctx, { cityId }) };
    },
  );
  app.delete(
    '/api/v1/registration-rules/:id',
    { config: { permission: 'application.manage' }, schema: { tags, summary: '删除误录的注册资金规则 / Delete a rule entered by mistake', params: ZIdParams, querystring: ZRegistrationRuleDeleteQuery, response: rules } },
    async (req) => {
      const { cityId } = await deleteRegistrationRule(db, req.ctx, req.params.id, req.query.version);
      return { items: await listRegistrationRules(db, req.ctx, { cityId }) };
    },
  );

  app.get(
    '/api/v1/application-guides/:kind',
    {
      config: { permission: 'public' },
      schema: { tags, summary: '办事指南 / Service guide of a kind', params: z.strictObject({ kind: z.enum(APPLICATION_KINDS) }), querystring: ZApplicationGuideQuery, response: { 200: ZApplicationGuide } },
    },
    (req) => getApplicationGuide(db, req.ctx, req.params.kind, req.query),
  );

  app.get(
    '/api/v1/application-guides/:kind/templates/:file',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '下载模板（Word）/ Download a template',
        params: z.strictObject({ kind: z.enum(APPLICATION_KINDS), file: z.enum(TEMPLATE_ITEMS.map((i) => `${i}.docx`) as [string, ...string[]]) }),
      },
    },
    async (req, reply) => {
      const { name, bytes } = getApplicationTemplate(req.params.kind, req.params.file.replace(/\.docx$/, '') as (typeof TEMPLATE_ITEMS)[number]);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition(name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=3600')
        .send(bytes);
    },
  );

  await certificateRoutes(fastify);
}
