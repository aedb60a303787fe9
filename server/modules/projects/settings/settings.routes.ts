import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../../contracts/regions.js';
import { addToBlacklist, liftFromBlacklist, listBlacklist } from './blacklist.js';
import { listEligibilityRules, updateEligibilityRule } from './eligibility-rules.js';
import { getStandard, updateStandard } from './evaluation-standard.js';
import { getRubric, updateRubric } from './scoring-rubric.js';
import { findProcurementBand, listProcurementBands, replaceProcurementBands } from './procurement-bands.js';
import { ZBlacklistEntry, ZBlacklistInput, ZBlacklistLift, ZEligibilityRule, ZEligibilityRulePatch, ZEligibilityRuleQuery, ZProcurementBandForAmount, ZProcurementBandQuery, ZProcurementBands, ZProcurementBandsPut, ZProcurementBandsQuery, ZRubricPatch, ZRubricSettings, ZStandardPatch, ZStandardQuery, ZStandardSettings } from '../../../../contracts/projects/settings.js';
import { items, page, ZPageQuery } from '../../../../contracts/common.js';

/**
 * The city's lifecycle settings: eligibility rules, the bad-credit list, the procurement rubric, the evaluation
 * standard, the procurement method bands. The rules and the bands are each city's own (issue 16 §3): read and
 * changed in the caller's city, or in the one named by `cityId`.
 */
export async function projectSettingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get(
    '/api/v1/eligibility-rules',
    { config: { permission: 'project.read' }, schema: { tags, summary: '申报条件（规则即数据）/ Eligibility rules', querystring: ZEligibilityRuleQuery, response: { 200: items(ZEligibilityRule) } } },
    async (req) => ({ items: await listEligibilityRules(db, req.ctx, req.query.cityId) }),
  );
  app.patch(
    '/api/v1/eligibility-rules/:code',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '修改申报条件 / Change a rule', params: z.strictObject({ code: z.string().max(40) }), body: ZEligibilityRulePatch, response: { 200: ZEligibilityRule } } },
    (req) => updateEligibilityRule(db, req.ctx, req.params.code, req.body),
  );
  app.get('/api/v1/credit-blacklist', { config: { permission: 'project.read' }, schema: { tags, summary: '失信名单 / Bad-credit list', querystring: ZPageQuery, response: { 200: page(ZBlacklistEntry) } } }, (req) =>
    listBlacklist(db, req.ctx, req.query),
  );
  app.post('/api/v1/credit-blacklist', { config: { permission: 'project.manage' }, schema: { tags, summary: '列入失信名单 / List an organization', body: ZBlacklistInput, response: { 201: ZBlacklistEntry } } }, async (req, reply) =>
    reply.code(201).send(await addToBlacklist(db, req.ctx, req.body)),
  );
  app.post(
    '/api/v1/credit-blacklist/:id/lift',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '移出失信名单 / Lift a listing', params: ZIdParams, body: ZBlacklistLift, response: { 200: ZBlacklistEntry } } },
    (req) => liftFromBlacklist(db, req.ctx, req.params.id, req.body),
  );
  app.get('/api/v1/scoring-rubric', { config: { permission: 'project.read' }, schema: { tags, summary: '评审标准 / Procurement rubric', response: { 200: ZRubricSettings } } }, (req) => getRubric(db, req.ctx));
  app.patch('/api/v1/scoring-rubric', { config: { permission: 'project.manage' }, schema: { tags, summary: '修改评审标准（此后截止的申报适用）/ Change the rubric', body: ZRubricPatch, response: { 200: ZRubricSettings } } }, (req) =>
    updateRubric(db, req.ctx, req.body),
  );
  app.get('/api/v1/evaluation-standard', { config: { permission: 'project.read' }, schema: { tags, summary: '终期评估标准 / Evaluation standard', querystring: ZStandardQuery, response: { 200: ZStandardSettings } } }, (req) =>
    getStandard(db, req.ctx, req.query.cityId),
  );
  app.patch('/api/v1/evaluation-standard', { config: { permission: 'project.manage' }, schema: { tags, summary: '修改终期评估标准 / Change the evaluation standard', body: ZStandardPatch, response: { 200: ZStandardSettings } } }, (req) =>
    updateStandard(db, req.ctx, req.body),
  );
  app.get(
    '/api/v1/procurement-bands',
    { config: { permission: 'project.read' }, schema: { tags, summary: '采购方式规则（按预算金额）/ Procurement method bands', querystring: ZProcurementBandsQuery, response: { 200: ZProcurementBands } } },
    (req) => listProcurementBands(db, req.ctx, req.query.cityId),
  );
  app.get(
    '/api/v1/procurement-bands/for-amount',
    { config: { permission: 'project.read' }, schema: { tags, summary: '某预算适用的采购方式 / The band an amount falls in', querystring: ZProcurementBandQuery, response: { 200: ZProcurementBandForAmount } } },
    (req) => findProcurementBand(db, req.ctx, req.query.amountFen, req.query.cityId),
  );
  app.put('/api/v1/procurement-bands', { config: { permission: 'project.manage' }, schema: { tags, summary: '替换采购方式规则 / Replace the procurement method bands', body: ZProcurementBandsPut, response: { 200: ZProcurementBands } } }, (req) =>
    replaceProcurementBands(db, req.ctx, req.body),
  );
}
