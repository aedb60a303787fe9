import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page, ZId } from '../../../contracts/common.js';
import { ZAssignExpertsInput, ZConflictDeclaration, ZExpert, ZObjection, ZObjectionAnswer, ZObjectionInput, ZRanking, ZReview, ZReviewSummary, ZScoreInput, ZBid, ZBidInput, ZBidPatch, ZCall, ZEligibilityResult, ZProject, ZProjectListQuery, ZProjectProposal, ZProjectSummary, ZProjectProposalPatch } from '../../../contracts/projects.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { eligibilityFor, listBids, reviseBid, submitBid, withdrawBid } from './use-cases/bids.js';
import { findOpenCalls, findProjects, getProject } from './use-cases/find-projects.js';
import { proposeProject, updateProjectDraft } from './use-cases/propose-project.js';
import { answerObjection, assignExperts, declareConflict, expertsFor, getReview, listObjections, lodgeObjection, myReviews, rankingFor, scoreBid } from './use-cases/procurement.js';
import { findContract, findEvaluation, listEvaluators } from './use-cases/contracts.js';
import { findPublicProjects, getPublicProject, projectDashboard } from './use-cases/disclosure.js';
import { ZProjectDashboard, ZProjectDisclosure, ZPublicProjectQuery } from '../../../contracts/projects.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { addServiceRecord, indicatorProgress, listMonthlyReports, listServiceRecords, submitMonthlyReport } from './use-cases/delivery.js';
import { listVisits, recordVisit, respondRectification, reviewRectification } from './use-cases/supervision.js';
import { addToBlacklist, getRubric, getStandard, liftFromBlacklist, listBlacklist, listEligibilityRules, updateEligibilityRule, updateRubric, updateStandard } from './use-cases/project-settings.js';
import { ZBlacklistEntry, ZBlacklistInput, ZBlacklistLift, ZEligibilityRule, ZEligibilityRulePatch, ZRubricPatch, ZRubricSettings, ZStandardPatch, ZStandardSettings } from '../../../contracts/project-settings.js';
import { listPayments, payPayment, rejectPayment, requestPayment } from './use-cases/payments.js';
import { findMilestoneConditions } from './use-cases/milestone-conditions.js';
import { findProjectDocuments } from './use-cases/documents.js';
import { findOrgProjects } from './use-cases/find-org-projects.js';
import { ZOrgProjectRecord } from '../../../contracts/orgs.js';
import {
  ZContract,
  ZEvaluation,
  ZMilestoneCondition,
  ZProjectDocuments,
  ZIndicatorProgress,
  ZMonthlyReport,
  ZMonthlyReportInput,
  ZPayInput,
  ZPayment,
  ZPaymentReject,
  ZPaymentRequestInput,
  ZRectification,
  ZRectificationResponse,
  ZRectificationReview,
  ZServiceRecord,
  ZServiceRecordInput,
  ZSupervisionInput,
  ZSupervisionVisit,
} from '../../../contracts/projects.js';

export async function projectRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects', { config: { permission: 'project.read' }, schema: { tags, summary: '政府购买服务项目 / Purchased service projects', querystring: ZProjectListQuery, response: { 200: page(ZProjectSummary) } } }, (req) =>
    findProjects(db, req.ctx, req.query),
  );
  app.post('/api/v1/projects', { config: { permission: 'project.propose' }, schema: { tags, summary: '提出项目需求（立项）/ Propose a project', body: ZProjectProposal, response: { 201: ZProject } } }, async (req, reply) => {
    const id = await proposeProject(db, req.ctx, req.body);
    return reply.code(201).send(await getProject(db, req.ctx, id));
  });
  app.get('/api/v1/projects/:id', { config: { permission: 'authenticated' }, schema: { tags, summary: '项目详情 / Project', params: ZIdParams, response: { 200: ZProject } } }, (req) =>
    getProject(db, req.ctx, req.params.id),
  );
  app.patch('/api/v1/projects/:id', { config: { permission: 'project.propose' }, schema: { tags, summary: '修改项目需求（草稿）/ Edit a draft', params: ZIdParams, body: ZProjectProposalPatch, response: { 200: ZProject } } }, async (req) => {
    await updateProjectDraft(db, req.ctx, req.params.id, req.body);
    return getProject(db, req.ctx, req.params.id);
  });

  // An organization's project record, shown on its page (so under /orgs, in the orgs tag) but projects' data.
  // `authenticated`, not `org.read`: the organization's own members read their record too; the use case applies
  // the detail's rule (org.read over the org's region) to everyone else.
  app.get(
    '/api/v1/orgs/:id/projects',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['orgs'],
        summary: '承接的购买服务项目及终期评估等级 / Purchased service projects delivered, with their final evaluation grades',
        description:
          '该组织作为承接方的全部项目：年度、名称、购买部门、合同金额与已付金额（分）、阶段、终期评估等级与得分；及按等级的汇总和最近一次评估。与组织详情同样的查看范围，另加该组织自己的成员。/ Every project the organization was awarded: year, title, buying department, contract value and paid so far (fen), stage, final evaluation grade and score; a summary by grade and the latest evaluation. Visible as the organization detail is, and to the organization\'s own members.',
        params: ZIdParams,
        response: { 200: ZOrgProjectRecord },
      },
    },
    (req) => findOrgProjects(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/calls', { config: { permission: 'authenticated' }, schema: { tags, summary: '正在申报的项目 / Open calls', response: { 200: z.object({ items: z.array(ZCall) }) } } }, async (req) => ({ items: await findOpenCalls(db, req.ctx.lang) }));
  app.get('/api/v1/public/calls', { config: { permission: 'public' }, schema: { tags, summary: '申报公告（无需登录）/ Open calls, public', response: { 200: z.object({ items: z.array(ZCall) }) } } }, async (req) => ({ items: await findOpenCalls(db, req.ctx.lang) }));
  app.get(
    '/api/v1/projects/:id/eligibility',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '申报资格自查 / Eligibility check', params: ZIdParams, querystring: z.strictObject({ orgId: ZId }), response: { 200: ZEligibilityResult } } },
    (req) => eligibilityFor(db, req.ctx, req.params.id, req.query.orgId),
  );
  app.get(
    '/api/v1/projects/:id/bids',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '项目申报 / Bids', params: ZIdParams, response: { 200: z.object({ items: z.array(ZBid), sealedCount: z.number().int() }) } } },
    (req) => listBids(db, req.ctx, req.params.id),
  );
  app.post('/api/v1/projects/:id/bids', { config: { permission: 'project.bid' }, schema: { tags, summary: '提交申报 / Bid', params: ZIdParams, body: ZBidInput, response: { 201: ZBid } } }, async (req, reply) =>
    reply.code(201).send(await submitBid(db, req.ctx, req.params.id, req.body)),
  );
  app.patch('/api/v1/bids/:id', { config: { permission: 'project.bid' }, schema: { tags, summary: '修改申报 / Revise a bid', params: ZIdParams, body: ZBidPatch, response: { 200: ZBid } } }, (req) =>
    reviseBid(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/bids/:id/withdraw',
    { config: { permission: 'project.bid' }, schema: { tags, summary: '撤回申报 / Withdraw a bid', params: ZIdParams, body: z.strictObject({ version: z.number().int().min(1) }), response: { 200: ZBid } } },
    (req) => withdrawBid(db, req.ctx, req.params.id, req.body.version),
  );

  app.get('/api/v1/evaluators', { config: { permission: 'project.manage' }, schema: { tags, summary: '评审专家库 / Evaluators', response: { 200: z.object({ items: z.array(z.object({ id: ZId, name: z.string() })) }) } } }, async () => ({
    items: await listEvaluators(db),
  }));
  app.get('/api/v1/projects/:id/experts', { config: { permission: 'project.read' }, schema: { tags, summary: '评审专家组 / Expert panel', params: ZIdParams, response: { 200: z.object({ items: z.array(ZExpert) }) } } }, async (req) => ({
    items: await expertsFor(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/experts',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '指派评审专家 / Assign experts', params: ZIdParams, body: ZAssignExpertsInput, response: { 200: z.object({ items: z.array(ZExpert) }) } } },
    async (req) => ({ items: await assignExperts(db, req.ctx, req.params.id, req.body.userIds) }),
  );
  app.get('/api/v1/reviews', { config: { permission: 'bid.score' }, schema: { tags, summary: '我的评审任务 / My reviews', response: { 200: z.object({ items: z.array(ZReviewSummary) }) } } }, async (req) => ({
    items: await myReviews(db, req.ctx),
  }));
  app.get('/api/v1/reviews/:id', { config: { permission: 'bid.score' }, schema: { tags, summary: '评审：标准、申报与我的评分 / A review', params: ZIdParams, response: { 200: ZReview } } }, (req) =>
    getReview(db, req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/reviews/:id/declaration',
    { config: { permission: 'bid.score' }, schema: { tags, summary: '声明利益冲突情况 / Declare conflicts', params: ZIdParams, body: ZConflictDeclaration, response: { 200: z.object({ state: z.enum(['declared', 'recused']) }) } } },
    (req) => declareConflict(db, req.ctx, req.params.id, req.body),
  );
  app.put(
    '/api/v1/bids/:id/scores',
    { config: { permission: 'bid.score' }, schema: { tags, summary: '评分 / Score a bid', params: ZIdParams, body: ZScoreInput, response: { 200: z.object({ bidId: ZId, total: z.number().int() }) } } },
    (req) => scoreBid(db, req.ctx, req.params.id, req.body),
  );
  app.get('/api/v1/projects/:id/ranking', { config: { permission: 'project.read' }, schema: { tags, summary: '评审排名 / Ranking', params: ZIdParams, response: { 200: ZRanking } } }, (req) =>
    rankingFor(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/projects/:id/objections', { config: { permission: 'authenticated' }, schema: { tags, summary: '公示异议 / Objections', params: ZIdParams, response: { 200: z.object({ items: z.array(ZObjection) }) } } }, async (req) => ({
    items: await listObjections(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/objections',
    { config: { permission: 'project.object' }, schema: { tags, summary: '提出公示异议 / Lodge an objection', params: ZIdParams, body: ZObjectionInput, response: { 201: ZObjection } } },
    async (req, reply) => reply.code(201).send(await lodgeObjection(db, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/objections/:id/answer',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '答复公示异议 / Answer an objection', params: ZIdParams, body: ZObjectionAnswer, response: { 200: ZObjection } } },
    (req) => answerObjection(db, req.ctx, req.params.id, req.body),
  );
  app.get('/api/v1/projects/:id/contract', { config: { permission: 'authenticated' }, schema: { tags, summary: '服务合同与付款节点 / Contract and schedule', params: ZIdParams, response: { 200: ZContract } } }, (req) =>
    findContract(db, req.ctx, req.params.id),
  );

  const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });
  app.get('/api/v1/projects/:id/service-records', { config: { permission: 'authenticated' }, schema: { tags, summary: '服务记录 / Service records', params: ZIdParams, response: { 200: items(ZServiceRecord) } } }, async (req) => ({
    items: await listServiceRecords(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/service-records',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '填报服务记录（承接方）/ Record a service', params: ZIdParams, body: ZServiceRecordInput, response: { 201: ZServiceRecord } } },
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
    { config: { permission: 'authenticated' }, schema: { tags, summary: '提交月报（承接方）/ Submit a monthly report', params: ZIdParams, body: ZMonthlyReportInput, response: { 201: ZMonthlyReport } } },
    async (req, reply) => reply.code(201).send(await submitMonthlyReport(db, req.ctx, req.params.id, req.body)),
  );
  app.get('/api/v1/projects/:id/supervision', { config: { permission: 'authenticated' }, schema: { tags, summary: '督导与整改 / Supervision', params: ZIdParams, response: { 200: items(ZSupervisionVisit) } } }, async (req) => ({
    items: await listVisits(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/supervision',
    { config: { permission: 'project.supervise' }, schema: { tags, summary: '记录督导 / Record a supervision visit', params: ZIdParams, body: ZSupervisionInput, response: { 201: ZSupervisionVisit } } },
    async (req, reply) => reply.code(201).send(await recordVisit(db, req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/rectifications/:id/response',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '提交整改情况（承接方）/ Respond to a rectification', params: ZIdParams, body: ZRectificationResponse, response: { 200: ZRectification } } },
    (req) => respondRectification(db, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/rectifications/:id/review',
    { config: { permission: 'project.supervise' }, schema: { tags, summary: '整改审核 / Review a rectification', params: ZIdParams, body: ZRectificationReview, response: { 200: ZRectification } } },
    (req) => reviewRectification(db, req.ctx, req.params.id, req.body),
  );
  app.get('/api/v1/projects/:id/payments', { config: { permission: 'authenticated' }, schema: { tags, summary: '付款 / Payments', params: ZIdParams, response: { 200: items(ZPayment) } } }, async (req) => ({
    items: await listPayments(db, req.ctx, req.params.id),
  }));
  app.get(
    '/api/v1/projects/:id/milestone-conditions',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '付款节点条件是否满足 / Whether each milestone\'s condition holds', params: ZIdParams, response: { 200: items(ZMilestoneCondition) } } },
    async (req) => ({ items: await findMilestoneConditions(db, req.ctx, req.params.id) }),
  );
  app.get('/api/v1/projects/:id/documents', { config: { permission: 'authenticated' }, schema: { tags, summary: '项目文档（附件与会议材料）/ Project documents', params: ZIdParams, response: { 200: ZProjectDocuments } } }, (req) =>
    findProjectDocuments(db, req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/projects/:id/payments',
    {
      config: { permission: 'authenticated', idempotent: true },
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
  app.get('/api/v1/projects/:id/evaluation', { config: { permission: 'authenticated' }, schema: { tags, summary: '终期评估 / Final evaluation', params: ZIdParams, response: { 200: ZEvaluation } } }, (req) =>
    findEvaluation(db, req.ctx, req.params.id),
  );

  // Static segments before `:id`: Fastify prefers them whatever the order, but keep the reading order too.
  app.get(
    '/api/v1/project-dashboard',
    { config: { permission: 'project.read' }, schema: { tags, summary: '全生命周期看板 / Lifecycle dashboard', querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }), response: { 200: ZProjectDashboard } } },
    (req) => projectDashboard(db, req.ctx, req.query.year ?? Number(todayInChina().slice(0, 4))),
  );
  app.get('/api/v1/public/projects', { config: { permission: 'public' }, schema: { tags, summary: '项目公开（无需登录）/ Project disclosures', querystring: ZPublicProjectQuery, response: { 200: page(ZProjectDisclosure) } } }, (req) =>
    findPublicProjects(db, req.query, req.ctx.lang),
  );
  app.get('/api/v1/public/projects/:id', { config: { permission: 'public' }, schema: { tags, summary: '项目公开详情 / A project disclosure', params: ZIdParams, response: { 200: ZProjectDisclosure } } }, (req) =>
    getPublicProject(db, req.params.id, req.ctx.lang),
  );

  app.get('/api/v1/eligibility-rules', { config: { permission: 'project.read' }, schema: { tags, summary: '申报条件（规则即数据）/ Eligibility rules', response: { 200: items(ZEligibilityRule) } } }, async (req) => ({
    items: await listEligibilityRules(db, req.ctx),
  }));
  app.patch(
    '/api/v1/eligibility-rules/:code',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '修改申报条件 / Change a rule', params: z.strictObject({ code: z.string().max(40) }), body: ZEligibilityRulePatch, response: { 200: ZEligibilityRule } } },
    (req) => updateEligibilityRule(db, req.ctx, req.params.code, req.body),
  );
  app.get('/api/v1/credit-blacklist', { config: { permission: 'project.read' }, schema: { tags, summary: '失信名单 / Bad-credit list', response: { 200: items(ZBlacklistEntry) } } }, async (req) => ({
    items: await listBlacklist(db, req.ctx),
  }));
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
  app.get('/api/v1/evaluation-standard', { config: { permission: 'project.read' }, schema: { tags, summary: '终期评估标准 / Evaluation standard', response: { 200: ZStandardSettings } } }, (req) => getStandard(db, req.ctx));
  app.patch('/api/v1/evaluation-standard', { config: { permission: 'project.manage' }, schema: { tags, summary: '修改终期评估标准 / Change the evaluation standard', body: ZStandardPatch, response: { 200: ZStandardSettings } } }, (req) =>
    updateStandard(db, req.ctx, req.body),
  );
}
