import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAdjustmentEntryInput,
  ZAppeal,
  ZAppealAnswer,
  ZAppealInput,
  ZDeclarationInput,
  ZPanelInput,
  ZPanelMember,
  ZReview,
  ZReviewListItem,
  ZReviewSheet,
  ZRound,
  ZRoundInput,
  ZRoundQuery,
  ZRoundResults,
  ZRoundSubject,
  ZRubric,
  ZRubricInput,
  ZRubricPublish,
  ZRubricQuery,
  ZSelfInput,
  ZSelfSheet,
  ZSheetInput,
  ZStation,
  ZSubjectTrace,
  ZPublicSurvey,
  ZSurveyAnswerInput,
  ZSurveyLink,
} from '../../../contracts/assessment.js';
import { items, ZId } from '../../../contracts/common.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { readUpload } from '../../platform/files/upload.js';
import { answerAppeal, listAppeals } from './use-cases/appeals.js';
import { addAdjustment, refreshRoundComputed, removeAdjustment, roundResults, subjectTrace } from './use-cases/moderation.js';
import { declareConflicts, getReview, getSheet, listMyReviews, saveSheet, sendReviewEvidence } from './use-cases/reviews.js';
import { assignPanel, getRound, listPanel, listRounds, listSubjects, openRound } from './use-cases/rounds.js';
import { createRubricDraft, getRubric, listRubrics, publishRubric, updateRubricDraft } from './use-cases/rubrics.js';
import { listFormulas } from './use-cases/formulas.js';
import { addEvidence, getSelfSheet, listMySubjects, raiseAppeal, saveSelfSheet, sendSubjectEvidence } from './use-cases/self-assessment.js';
import { listStations } from './use-cases/stations.js';
import { answerSurvey, getPublicSurvey, surveyLink } from './use-cases/survey.js';
import type { FastifyRequest } from 'fastify';
import { sendReport } from './use-cases/report.js';
import { listPublicRounds, publicRoundResults } from './use-cases/public-results.js';
import { ZPortalCityQuery } from '../../../contracts/portal.js';

const ZSubjectParams = z.strictObject({ id: ZId, subjectId: ZId });
const ZLabelParams = z.strictObject({ id: ZId, label: z.string().regex(/^[A-Z]{1,2}$/, '受评对象标签为大写字母') });
const ZCityQuery = z.strictObject({ cityId: ZId.optional() });

/** Assessment (issue 18): rubrics, rounds, the evaluators' reviews, the subjects' self-assessment and appeals, results. */
export async function assessmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['assessment'];
  const read = { permission: 'assessment.read' } as const;
  const manage = { permission: 'assessment.manage' } as const;
  const score = { permission: 'assessment.score' } as const;
  const self = { permission: 'assessment.self' } as const;

  // Rubrics: versioned trees; a published version never changes.
  app.get('/api/v1/assessment/rubrics', { config: read, schema: { tags, summary: '评估标准（各版本的维度、指标、加减分项）/ Rubrics', querystring: ZRubricQuery, response: { 200: items(ZRubric) } } }, (req) => listRubrics(db, req.ctx, req.query));
  app.get('/api/v1/assessment/rubrics/:id', { config: read, schema: { tags, summary: '评估标准的一个版本 / A rubric version', params: ZIdParams, response: { 200: ZRubric } } }, (req) => getRubric(db, req.ctx, req.params.id));
  app.post('/api/v1/assessment/rubrics', { config: manage, schema: { tags, summary: '新建评估标准的下一版（草稿）/ Draft the next version', body: ZRubricInput, response: { 201: ZRubric } } }, async (req, reply) =>
    reply.code(201).send(await createRubricDraft(db, req.ctx, req.body)),
  );
  app.put('/api/v1/assessment/rubrics/:id', { config: manage, schema: { tags, summary: '修改草稿（整棵指标树）/ Replace a draft', params: ZIdParams, body: ZRubricInput.and(z.object({ rowVersion: z.number().int() })), response: { 200: ZRubric } } }, (req) =>
    updateRubricDraft(db, req.ctx, req.params.id, req.body),
  );
  app.post('/api/v1/assessment/rubrics/:id/publish', { config: manage, schema: { tags, summary: '发布草稿（上一发布版停用）/ Publish a draft', params: ZIdParams, body: ZRubricPublish, response: { 200: ZRubric } } }, (req) =>
    publishRubric(db, req.ctx, req.params.id, req.body.rowVersion),
  );

  const ZFormula = z.object({ name: z.string(), label: z.object({ zh: z.string(), en: z.string() }), description: z.string(), subjectTypes: z.array(z.string()) });
  app.get('/api/v1/assessment/formulas', { config: read, schema: { tags, summary: '平台数据计算公式（由数据所属模块登记）/ Formulas of computed indicators', response: { 200: items(ZFormula) } } }, (req) => listFormulas(req.ctx));

  app.get('/api/v1/assessment/stations', { config: read, schema: { tags, summary: '社工站（一镇一站，二合一，托管运营）/ Social work stations', querystring: ZCityQuery, response: { 200: items(ZStation) } } }, (req) => listStations(db, req.ctx, req.query.cityId));

  // Rounds on the case engine: moved by POST /api/v1/cases/{id}/transitions.
  app.get('/api/v1/assessment/rounds', { config: read, schema: { tags, summary: '评估轮次 / Rounds', querystring: ZRoundQuery, response: { 200: items(ZRound) } } }, (req) => listRounds(db, req.ctx, req.query));
  app.post(
    '/api/v1/assessment/rounds',
    { config: manage, schema: { tags, summary: '开展评估（SPPE 以本市社工站、镇街考核以本市镇街为对象）/ Open a round', description: '流转见 POST /api/v1/cases/{id}/transitions。/ Moves through the case transitions.', body: ZRoundInput, response: { 201: ZRound } } },
    async (req, reply) => reply.code(201).send(await openRound(db, req.ctx, req.body)),
  );
  app.get('/api/v1/assessment/rounds/:id', { config: read, schema: { tags, summary: '评估轮次 / A round', params: ZIdParams, response: { 200: ZRound } } }, (req) => getRound(db, req.ctx, req.params.id));
  app.get('/api/v1/assessment/rounds/:id/subjects', { config: read, schema: { tags, summary: '受评对象 / Subjects', params: ZIdParams, response: { 200: items(ZRoundSubject) } } }, (req) => listSubjects(db, req.ctx, req.params.id));
  app.get(
    '/api/v1/assessment/rounds/:id/results',
    { config: read, schema: { tags, summary: '评估结果（公示后；社工办公示前可预览）/ Results', params: ZIdParams, response: { 200: ZRoundResults } } },
    (req) => roundResults(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/assessment/rounds/:id/panel', { config: manage, schema: { tags, summary: '评估专家组 / The panel', params: ZIdParams, response: { 200: items(ZPanelMember) } } }, (req) => listPanel(db, req.ctx, req.params.id));
  app.post('/api/v1/assessment/rounds/:id/panel', { config: manage, schema: { tags, summary: '指派评估专家 / Assign evaluators', params: ZIdParams, body: ZPanelInput, response: { 200: items(ZPanelMember) } } }, (req) =>
    assignPanel(db, req.ctx, req.params.id, req.body),
  );
  app.post('/api/v1/assessment/rounds/:id/computed', { config: manage, schema: { tags, summary: '重新计算平台数据指标 / Refresh computed indicators', params: ZIdParams, response: { 200: z.object({ refreshed: z.number().int() }) } } }, (req) =>
    refreshRoundComputed(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/assessment/rounds/:id/subjects/:subjectId/trace', { config: manage, schema: { tags, summary: '评分明细（每个分数的来源）/ Every score traced', params: ZSubjectParams, response: { 200: ZSubjectTrace } } }, (req) =>
    subjectTrace(db, req.ctx, req.params.id, req.params.subjectId),
  );
  app.post('/api/v1/assessment/rounds/:id/subjects/:subjectId/adjustments', { config: manage, schema: { tags, summary: '加减分 / Give a bonus or deduction', params: ZSubjectParams, body: ZAdjustmentEntryInput, response: { 200: ZSubjectTrace } } }, (req) =>
    addAdjustment(db, req.ctx, req.params.id, req.params.subjectId, req.body),
  );
  app.delete(
    '/api/v1/assessment/rounds/:id/subjects/:subjectId/adjustments/:entryId',
    { config: manage, schema: { tags, summary: '撤销加减分 / Remove an adjustment', params: ZSubjectParams.extend({ entryId: ZId }), response: { 200: ZSubjectTrace } } },
    (req) => removeAdjustment(db, req.ctx, req.params.id, req.params.subjectId, req.params.entryId),
  );
  app.get('/api/v1/assessment/rounds/:id/appeals', { config: manage, schema: { tags, summary: '申诉 / Appeals', params: ZIdParams, response: { 200: items(ZAppeal) } } }, (req) => listAppeals(db, req.ctx, req.params.id));
  app.post('/api/v1/assessment/appeals/:id/answer', { config: manage, schema: { tags, summary: '答复申诉 / Answer an appeal', params: ZIdParams, body: ZAppealAnswer, response: { 200: ZAppeal } } }, (req) => answerAppeal(db, req.ctx, req.params.id, req.body));

  // The subject's own people: self-assessment, evidence, appeals.
  app.get('/api/v1/assessment/rounds/:id/mine', { config: self, schema: { tags, summary: '本单位的受评对象 / My subjects in the round', params: ZIdParams, response: { 200: items(z.object({ id: z.string(), name: z.string(), code: z.string(), selfSubmittedAt: z.string().nullable(), mayAct: z.boolean() })) } } }, (req) =>
    listMySubjects(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/assessment/rounds/:id/subjects/:subjectId/self', { config: self, schema: { tags, summary: '自评表 / The self-assessment', params: ZSubjectParams, response: { 200: ZSelfSheet } } }, (req) =>
    getSelfSheet(db, req.ctx, req.params.id, req.params.subjectId),
  );
  app.put('/api/v1/assessment/rounds/:id/subjects/:subjectId/self', { config: self, schema: { tags, summary: '填写或提交自评 / Save or submit the self-assessment', params: ZSubjectParams, body: ZSelfInput, response: { 200: ZSelfSheet } } }, (req) =>
    saveSelfSheet(db, req.ctx, req.params.id, req.params.subjectId, req.body),
  );
  app.post(
    '/api/v1/assessment/rounds/:id/subjects/:subjectId/evidence',
    {
      config: self,
      schema: { tags, summary: '上传佐证材料（PDF、图片、Word、Excel）/ Upload evidence', consumes: ['multipart/form-data'], params: ZSubjectParams, querystring: z.strictObject({ indicator: z.string().min(1, '请指明指标').max(32) }), response: { 201: z.object({ id: z.string(), name: z.string(), size: z.number(), mime: z.string(), url: z.string() }) } },
    },
    async (req, reply) => reply.code(201).send(await addEvidence(db, app.storage, req.ctx, req.params.id, req.params.subjectId, req.query.indicator, await readUpload(req))),
  );
  app.get('/api/v1/assessment/rounds/:id/subjects/:subjectId/evidence/:evidenceId', { config: read, schema: { tags, summary: '佐证材料 / An evidence file', params: ZSubjectParams.extend({ evidenceId: ZId }) } }, (req, reply) =>
    sendSubjectEvidence(db, app.storage, req.ctx, req.params.id, req.params.subjectId, req.params.evidenceId, req, reply),
  );
  app.get(
    '/api/v1/assessment/rounds/:id/subjects/:subjectId/report.pdf',
    { config: read, schema: { tags, summary: '评估报告 PDF（含四维雷达图，公示后；本单位与社工办）/ The subject’s report', params: ZSubjectParams } },
    (req, reply) => sendReport(db, req.ctx, req.params.id, req.params.subjectId, reply),
  );
  app.post('/api/v1/assessment/rounds/:id/subjects/:subjectId/appeals', { config: self, schema: { tags, summary: '对公示结果提出申诉 / Appeal the published result', params: ZSubjectParams, body: ZAppealInput, response: { 201: ZAppeal } } }, async (req, reply) =>
    reply.code(201).send(await raiseAppeal(db, req.ctx, req.params.id, req.params.subjectId, req.body)),
  );

  // The portal: published SPPE and town results, without an account.
  const ZPublicRound = z.object({ id: z.string(), kind: z.enum(['sppe', 'town']), year: z.number().int(), name: z.string(), rubricName: z.string(), state: ZRound.shape.state, stateName: z.string(), noticeEndsOn: z.string().nullable(), publishedAt: z.string(), finalizedAt: z.string().nullable() });
  app.get('/api/v1/public/assessment/rounds', { config: { permission: 'public' }, schema: { tags, summary: '已公示的评估结果（公开）/ Published assessments', querystring: ZPortalCityQuery, response: { 200: items(ZPublicRound) } } }, (req) =>
    listPublicRounds(db, req.ctx, req.query.city),
  );
  app.get('/api/v1/public/assessment/rounds/:id/results', { config: { permission: 'public' }, schema: { tags, summary: '已公示的评估结果（公开）/ Published results', params: ZIdParams, response: { 200: ZRoundResults } } }, (req) =>
    publicRoundResults(db, req.ctx, req.params.id),
  );

  // Residents' satisfaction: a station's public survey (one answer a phone, proved by a code with purpose `survey`).
  const originOf = (req: FastifyRequest) => (app.config.PUBLIC_ORIGIN ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
  app.get('/api/v1/assessment/rounds/:id/subjects/:subjectId/survey', { config: manage, schema: { tags, summary: '满意度调查链接与二维码 / The survey’s link and QR code', params: ZSubjectParams, response: { 200: ZSurveyLink } } }, (req) =>
    surveyLink(db, req.ctx, req.params.id, req.params.subjectId, originOf(req)),
  );
  app.get('/api/v1/public/assessment/surveys/:id', { config: { permission: 'public' }, schema: { tags, summary: '群众满意度调查（公开）/ A station’s survey', params: ZIdParams, response: { 200: ZPublicSurvey } } }, (req) =>
    getPublicSurvey(db, req.params.id),
  );
  app.post(
    '/api/v1/public/assessment/surveys/:id/answers',
    {
      config: { permission: 'public', skipCsrf: true, rateLimit: { max: 20, timeWindow: 15 * 60_000 } },
      schema: { tags, summary: '提交满意度评价（短信验证码，每个手机号一次）/ Answer the survey', params: ZIdParams, body: ZSurveyAnswerInput, response: { 201: z.object({ thanks: z.string() }) } },
    },
    async (req, reply) => reply.code(201).send(await answerSurvey(db, req.ctx, app.pii, req.params.id, req.body)),
  );

  // The evaluators: only their own rounds and subjects; blind rounds by label.
  app.get('/api/v1/assessment/reviews', { config: score, schema: { tags, summary: '我的评审任务 / My reviews', response: { 200: items(ZReviewListItem) } } }, (req) => listMyReviews(db, req.ctx));
  app.get('/api/v1/assessment/reviews/:id', { config: score, schema: { tags, summary: '评审任务（声明利益冲突前只显示受评名单）/ A review', params: ZIdParams, response: { 200: ZReview } } }, (req) => getReview(db, req.ctx, req.params.id));
  app.post('/api/v1/assessment/reviews/:id/declaration', { config: score, schema: { tags, summary: '声明利益冲突 / Declare conflicts of interest', params: ZIdParams, body: ZDeclarationInput, response: { 200: ZReview } } }, (req) =>
    declareConflicts(db, req.ctx, req.params.id, req.body),
  );
  app.get('/api/v1/assessment/reviews/:id/subjects/:label', { config: score, schema: { tags, summary: '评分表 / A score sheet', params: ZLabelParams, response: { 200: ZReviewSheet } } }, (req) => getSheet(db, req.ctx, req.params.id, req.params.label));
  app.put('/api/v1/assessment/reviews/:id/subjects/:label', { config: score, schema: { tags, summary: '保存或提交评分（已提交的修改须说明理由）/ Save or submit scores', params: ZLabelParams, body: ZSheetInput, response: { 200: ZReviewSheet } } }, (req) =>
    saveSheet(db, req.ctx, req.params.id, req.params.label, req.body),
  );
  app.get('/api/v1/assessment/reviews/:id/subjects/:label/evidence/:evidenceId', { config: score, schema: { tags, summary: '佐证材料（盲评时按编号命名）/ An evidence file', params: ZLabelParams.extend({ evidenceId: ZId }) } }, (req, reply) =>
    sendReviewEvidence(db, app.storage, req.ctx, req.params.id, req.params.label, req.params.evidenceId, req, reply),
  );
}
