import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZSurveyAnswerInput } from '../../../../contracts/assessment.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { checkSmsCode, spendSmsCode } from '../../../platform/auth/sms-codes.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { maskPhone } from '../../../platform/pii/mask.js';
import { requireRound } from '../assessment.policy.js';
import { assessmentRounds, assessmentSubjects, assessmentSurveyAnswers } from '../assessment.tables.js';

/*
 * Residents' satisfaction (群众满意度, issue 18 §2): a public survey per station while its round runs, reached by a link
 * and a QR code the office prints; one answer a phone, the phone proved by a one-time code (purpose `survey`, sent by
 * POST /api/v1/auth/sms-codes) and kept only as a keyed digest. The `survey` indicators read the answers' mean with
 * the sample size (computed.ts); below the indicator's minimum sample (its target) the data counts as absent.
 */

export const SURVEY_QUESTIONS = [
  { key: 'overall', text: '您对本社工站的总体服务是否满意？' },
  { key: 'service', text: '社工站提供的服务是否符合您和家人的需要？' },
  { key: 'staff', text: '社工的态度和专业水平是否令您满意？' },
  { key: 'responsiveness', text: '您反映的问题或需求是否得到及时回应？' },
  { key: 'environment', text: '社工站（社会组织服务中心）的场地和环境是否方便、整洁？' },
] as const;
export type SurveyKey = (typeof SURVEY_QUESTIONS)[number]['key'];

/** A survey takes answers while its round has not yet been moderated. */
const OPEN_STATES = ['open', 'selfAssessment', 'scoring'];
/** The minimum sample when a survey indicator names none. */
export const DEFAULT_MIN_SAMPLE = 30;

const digestOf = (pii: PiiCipher, phone: string) => pii.lookupHash(`survey-phone:${phone.trim()}`);

async function surveySubject(db: DbOrTx, subjectId: string) {
  const [s] = await db
    .select({ id: assessmentSubjects.id, name: assessmentSubjects.name, subjectType: assessmentSubjects.subjectType, roundId: assessmentSubjects.roundId, roundName: cases.title, state: cases.state, kind: assessmentRounds.kind, year: assessmentRounds.year })
    .from(assessmentSubjects)
    .innerJoin(assessmentRounds, eq(assessmentRounds.caseId, assessmentSubjects.roundId))
    .innerJoin(cases, eq(cases.id, assessmentSubjects.roundId))
    .where(eq(assessmentSubjects.id, subjectId));
  // Only stations are surveyed: a bid or a town has no residents' survey of its own.
  if (!s || s.subjectType !== 'station') throw notFound('assessmentSubject');
  return s;
}

/** The survey page: who is asked about, the questions, and whether it still takes answers. */
export async function getPublicSurvey(db: DbOrTx, subjectId: string) {
  const s = await surveySubject(db, subjectId);
  return { subjectId, subjectName: s.name, roundName: s.roundName, year: s.year, open: OPEN_STATES.includes(s.state), questions: SURVEY_QUESTIONS.map((q) => ({ ...q })) };
}

/** One resident's answer, the code spent in the same transaction; a second answer from the number is refused. */
export async function answerSurvey(db: Db, ctx: RequestContext, pii: PiiCipher, subjectId: string, input: z.infer<typeof ZSurveyAnswerInput>) {
  const s = await surveySubject(db, subjectId);
  if (!OPEN_STATES.includes(s.state)) throw new AppError('invalid_state', { reason: '本次满意度调查已结束，感谢您的关注。', reasonEn: 'This survey has closed.' });
  const codeId = await checkSmsCode(db, ctx, pii, { phone: input.phone, purpose: 'survey', code: input.smsCode });
  try {
    await db.transaction(async (tx) => {
      await spendSmsCode(tx, codeId);
      const [a] = await tx
        .insert(assessmentSurveyAnswers)
        .values({ subjectId, phoneDigest: digestOf(pii, input.phone), overall: input.overall, service: input.service, staff: input.staff, responsiveness: input.responsiveness, environment: input.environment, comment: input.comment })
        .returning({ id: assessmentSurveyAnswers.id });
      await appendAudit(tx, ctx, { action: 'assessment.survey', entityType: 'assessmentSubject', entityId: subjectId, detail: { answerId: a.id, phone: maskPhone(input.phone), roundId: s.roundId } });
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'assessment_survey_answers_uq') throw new AppError('duplicate', { field: '手机号', value: maskPhone(input.phone) }, [{ path: 'phone', message: '该手机号已参加过本次调查，每个手机号只能填写一次', messageEn: 'This number has already answered' }]);
    throw err;
  }
  return { thanks: '提交成功，感谢您的评价！' };
}

/** Each subject's answers: how many, and the mean of all five questions (1–5). */
export async function surveyFigures(db: DbOrTx, roundId: string): Promise<Map<string, { n: number; mean: number }>> {
  const found = await db
    .select({
      subjectId: assessmentSurveyAnswers.subjectId,
      n: sql<number>`count(*)::int`.mapWith(Number),
      mean: sql<number>`avg((${assessmentSurveyAnswers.overall} + ${assessmentSurveyAnswers.service} + ${assessmentSurveyAnswers.staff} + ${assessmentSurveyAnswers.responsiveness} + ${assessmentSurveyAnswers.environment}) / 5.0)::float8`.mapWith(Number),
    })
    .from(assessmentSurveyAnswers)
    .innerJoin(assessmentSubjects, eq(assessmentSubjects.id, assessmentSurveyAnswers.subjectId))
    .where(eq(assessmentSubjects.roundId, roundId))
    .groupBy(assessmentSurveyAnswers.subjectId);
  return new Map(found.map((f) => [f.subjectId, { n: f.n, mean: f.mean }]));
}

/** For the office: a station's survey link and QR code (SVG), with the answers so far. */
export async function surveyLink(db: Db, ctx: RequestContext, roundId: string, subjectId: string, origin: string) {
  await requireRound(db, ctx, roundId, 'assessment.manage');
  const s = await surveySubject(db, subjectId);
  if (s.roundId !== roundId) throw notFound('assessmentSubject');
  const url = `${origin}/portal/survey/${subjectId}`;
  const { default: QRCode } = await import('qrcode');
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const figures = (await surveyFigures(db, roundId)).get(subjectId);
  return { url, qrSvg, answers: figures?.n ?? 0, mean: figures ? Math.round(figures.mean * 100) / 100 : null, open: OPEN_STATES.includes(s.state) };
}
