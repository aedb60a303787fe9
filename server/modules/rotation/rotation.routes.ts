import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZCommunityParams,
  ZCommunityProfile,
  ZCommunityProfileBody,
  ZCommunityProfileQuery,
  ZCoverage,
  ZPairing,
  ZPairingChangeBody,
  ZPairingParams,
  ZPairingProposeBody,
  ZPairingProposeResult,
  ZPlan,
  ZPlanComputeBody,
  ZPlanEditBody,
  ZPlanEditResult,
  ZPlanIdParams,
  ZPlanPublishBody,
  ZPlanPublishResult,
  ZPlanSummary,
  ZResourceCalendar,
  ZResourceParams,
  ZRotationRules,
  ZRotationRulesBody,
  ZYearQuery,
} from '../../../contracts/rotation.js';
import { ZId } from '../../../contracts/common.js';
import { coverage, myCalendar, resourceCalendar } from './use-cases/calendar.js';
import { listCommunityProfiles, putCommunityProfile } from './use-cases/community-profiles.js';
import { changePairing, getPairing, proposePairing } from './use-cases/pairing.js';
import { computePlans, editPlan, getPlan, listPlans, publishPlan } from './use-cases/plans.js';
import { getRules, putRules } from './use-cases/rules.js';

/** The four-season rotation: rules, community profiles, the year's pairing, the seasonal plans and their pictures. */
export async function rotationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['rotation'];
  const read = { permission: 'rotation.read' } as const;
  const manage = { permission: 'rotation.manage' } as const;

  app.get('/api/v1/rotation/rules', { config: read, schema: { tags, summary: '轮值规则 / Rotation rules', querystring: z.strictObject({ cityId: ZId.optional() }), response: { 200: ZRotationRules } } }, (req) => getRules(db, req.ctx, req.query.cityId));
  app.put(
    '/api/v1/rotation/rules',
    { config: manage, schema: { tags, summary: '设置轮值规则（硬性/软性与权重）/ Set the rules', description: 'Rules not sent keep their setting; checked against the version the caller saw (0 = defaults).', body: ZRotationRulesBody, response: { 200: ZRotationRules } } },
    (req) => putRules(db, req.ctx, req.body),
  );
  app.get('/api/v1/rotation/community-profiles', { config: read, schema: { tags, summary: '社区画像 / Community profiles', querystring: ZCommunityProfileQuery, response: { 200: z.object({ items: z.array(ZCommunityProfile) }) } } }, (req) =>
    listCommunityProfiles(db, req.ctx, req.query),
  );
  app.put(
    '/api/v1/rotation/community-profiles/:communityId',
    { config: manage, schema: { tags, summary: '设置社区画像 / Set a community profile', params: ZCommunityParams, body: ZCommunityProfileBody, response: { 200: ZCommunityProfile } } },
    (req) => putCommunityProfile(db, req.ctx, req.params.communityId, req.body),
  );
  app.get('/api/v1/rotation/pairings', { config: read, schema: { tags, summary: '年度结对街镇 / The year’s pairing', querystring: ZYearQuery, response: { 200: ZPairing } } }, (req) => getPairing(db, req.ctx, req.query));
  app.post(
    '/api/v1/rotation/pairings/propose',
    { config: manage, schema: { tags, summary: '求解生成结对方案 / Propose the pairing (solver)', body: ZPairingProposeBody, response: { 200: ZPairingProposeResult } } },
    (req) => proposePairing(db, req.ctx, req.body),
  );
  app.put(
    '/api/v1/rotation/pairings/:year/:kind/:id',
    { config: manage, schema: { tags, summary: '调整一个力量的结对街镇 / Move one resource to another town', params: ZPairingParams, body: ZPairingChangeBody, response: { 200: ZPairing } } },
    async (req) => {
      await changePairing(db, req.ctx, req.params, req.body);
      return getPairing(db, req.ctx, { year: req.params.year, cityId: undefined });
    },
  );
  app.get('/api/v1/rotation/plans', { config: read, schema: { tags, summary: '年度轮值方案（各季度）/ A year’s plans', querystring: ZYearQuery, response: { 200: z.object({ items: z.array(ZPlanSummary) }) } } }, (req) => listPlans(db, req.ctx, req.query));
  app.post(
    '/api/v1/rotation/plans/compute',
    {
      config: manage,
      schema: {
        tags,
        summary: '计算轮值方案（HiGHS 混合整数规划，按镇并行）/ Compute plans (MIP per town, in solver threads)',
        description: 'One season, or every unpublished season of the year in order. Each town reports status, objective, gap and time; an infeasible town names the hard rule.',
        body: ZPlanComputeBody,
        response: { 200: z.object({ items: z.array(ZPlanSummary) }) },
      },
    },
    (req) => computePlans(db, req.ctx, req.body),
  );
  app.get('/api/v1/rotation/plans/:year/:season', { config: read, schema: { tags, summary: '季度轮值方案 / A season’s plan', params: z.strictObject({ year: ZYearQuery.shape.year, season: z.coerce.number().int().min(1).max(4) }), querystring: z.strictObject({ cityId: ZId.optional() }), response: { 200: ZPlan } } }, (req) =>
    getPlan(db, req.ctx, { ...req.params, cityId: req.query.cityId }),
  );
  app.post(
    '/api/v1/rotation/plans/:id/edit',
    { config: manage, schema: { tags, summary: '手工调整方案（即时校验规则）/ Edit a plan by hand (rules checked)', params: ZPlanIdParams, body: ZPlanEditBody, response: { 200: ZPlanEditResult } } },
    (req) => editPlan(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/rotation/plans/:id/publish',
    { config: manage, schema: { tags, summary: '发布方案（通知全部承担者并冻结）/ Publish (notify every assignee, freeze)', params: ZPlanIdParams, body: ZPlanPublishBody, response: { 200: ZPlanPublishResult } } },
    (req) => publishPlan(db, req.ctx, req.params.id, req.body.version),
  );
  app.get('/api/v1/rotation/coverage', { config: read, schema: { tags, summary: '覆盖情况（社区×季度×角色）/ Coverage', querystring: ZYearQuery, response: { 200: ZCoverage } } }, (req) => coverage(db, req.ctx, req.query));
  app.get(
    '/api/v1/rotation/resources/:kind/:id/calendar',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '力量的年度轮值日历 / A resource’s assignments', params: ZResourceParams, querystring: z.strictObject({ year: ZYearQuery.shape.year }), response: { 200: ZResourceCalendar } } },
    (req) => resourceCalendar(db, req.ctx, req.params.kind, req.params.id, req.query.year),
  );
  app.get('/api/v1/rotation/mine', { config: { permission: 'authenticated' }, schema: { tags, summary: '我的轮值安排 / My assignments', querystring: z.strictObject({ year: ZYearQuery.shape.year }), response: { 200: z.object({ items: z.array(ZResourceCalendar) }) } } }, (req) =>
    myCalendar(db, req.ctx, req.query.year),
  );
}
