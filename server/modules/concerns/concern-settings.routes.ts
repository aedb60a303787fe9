import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { items, ZId } from '../../../contracts/common.js';
import {
  ZConcernCategoryInput,
  ZConcernCategoryPatch,
  ZConcernCategorySetting,
  ZConcernStats,
  ZConcernStatsQuery,
  ZRoutingRuleDelete,
  ZRoutingRuleInput,
  ZRoutingRulePatch,
  ZRoutingRuleSetting,
} from '../../../contracts/concerns.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { concernStats } from './use-cases/concern-stats.js';
import { createCategory, createRoutingRule, deleteRoutingRule, listCategorySettings, listRoutingRules, updateCategory, updateRoutingRule } from './use-cases/concern-settings.js';

const ZCityQuery = z.strictObject({ cityId: ZId.optional() });

/** 民情统计, and the office's settings: categories with their time limits, routing rules (issue 17 §4). */
export async function concernSettingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['concerns'];
  const read = { permission: 'concern.read' } as const;
  const manage = { permission: 'concern.manage' } as const;

  app.get(
    '/api/v1/concerns/stats',
    {
      config: read,
      schema: {
        tags,
        summary: '民情统计 / Concern statistics',
        description: '一个城市、调用者可见范围内：按类别、镇街、状态、社区计数；按期办结率；办结用时（工作日）。/ One city within the caller’s reach; time to close in working days.',
        querystring: ZConcernStatsQuery,
        response: { 200: ZConcernStats },
      },
    },
    (req) => concernStats(db, req.ctx, req.query),
  );

  // The staff's list of categories (retired ones included) replaces nothing public: /api/v1/public/concern-categories stays as it was.
  app.get('/api/v1/concern-categories', { config: read, schema: { tags, summary: '本市民情类别 / The city’s categories', querystring: ZCityQuery, response: { 200: items(ZConcernCategorySetting) } } }, (req) =>
    listCategorySettings(db, req.ctx, req.query.cityId),
  );
  app.post('/api/v1/concern-categories', { config: manage, schema: { tags, summary: '新增民情类别 / Add a category', body: ZConcernCategoryInput, response: { 201: ZConcernCategorySetting } } }, async (req, reply) =>
    reply.code(201).send(await createCategory(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/concern-categories/:id',
    { config: manage, schema: { tags, summary: '修改、停用或恢复民情类别（含办理时限）/ Change, retire or restore a category', params: ZIdParams, body: ZConcernCategoryPatch, response: { 200: ZConcernCategorySetting } } },
    (req) => updateCategory(db, req.ctx, req.params.id, req.body),
  );

  app.get('/api/v1/concern-routing-rules', { config: read, schema: { tags, summary: '民情分派规则 / Routing rules', querystring: ZCityQuery, response: { 200: items(ZRoutingRuleSetting) } } }, (req) =>
    listRoutingRules(db, req.ctx, req.query.cityId),
  );
  app.post('/api/v1/concern-routing-rules', { config: manage, schema: { tags, summary: '新增分派规则 / Add a routing rule', body: ZRoutingRuleInput, response: { 201: ZRoutingRuleSetting } } }, async (req, reply) =>
    reply.code(201).send(await createRoutingRule(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/concern-routing-rules/:id',
    { config: manage, schema: { tags, summary: '修改分派规则的承办方 / Change who a rule sends concerns to', params: ZIdParams, body: ZRoutingRulePatch, response: { 200: ZRoutingRuleSetting } } },
    (req) => updateRoutingRule(db, req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/concern-routing-rules/:id',
    { config: manage, schema: { tags, summary: '删除分派规则 / Remove a routing rule', params: ZIdParams, querystring: ZRoutingRuleDelete, response: { 200: items(ZRoutingRuleSetting) } } },
    (req) => deleteRoutingRule(db, req.ctx, req.params.id, req.query.version),
  );
}
