import type { FastifyReply } from 'fastify';
import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import { ROUND_STATE_NAMES } from '../../../../contracts/assessment.js';
import { reachesCity } from '../../../platform/access/policy.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { orgDirectory } from '../../orgs/index.js';
import { requireOwnSubject, requireRound } from '../assessment.policy.js';
import { assessmentRounds, assessmentSubjects, workStations } from '../assessment.tables.js';
import { renderAssessmentReport, type ReportContent } from '../report-pdf.js';
import { selectPublishedResults } from '../round-results.js';
import { selectRubric } from '../rubric.queries.js';

/*
 * A subject's report (issue 18 §2) once the results are published: its composite, rank and grade, the radar of its
 * dimensions against the city's average and its own last year, its strongest and weakest indicators — for its own
 * people (a station's report also for the staff of its town, who follow it) and the office.
 */

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((n, x) => n + x, 0) / xs.length) * 100) / 100 : 0);

export async function reportContent(db: Db, ctx: RequestContext, roundId: string, subjectId: string): Promise<ReportContent> {
  const round = await requireRound(db, ctx, roundId);
  if (!reachesCity(ctx.actor, 'assessment.manage', round.cityId)) await requireOwnSubject(db, ctx, roundId, subjectId, 'read');
  if (!round.publishedAt) throw new AppError('invalid_state', { reason: '评估结果公示后才能生成评估报告。', reasonEn: 'The report is ready once the results are published.' }, undefined, { currentState: round.state });
  const [subject] = await db.select().from(assessmentSubjects).where(and(eq(assessmentSubjects.id, subjectId), eq(assessmentSubjects.roundId, roundId)));
  if (!subject) throw notFound('assessmentSubject');
  const rubric = (await selectRubric(db, round.rubricId))!;
  const all = await selectPublishedResults(db, roundId);
  const mine = all.find((r) => r.subjectId === subjectId)!;
  // Last year's published round of the same kind in the city, and the same station or town in it.
  const [prior] = await db
    .select({ caseId: assessmentRounds.caseId })
    .from(assessmentRounds)
    .where(and(eq(assessmentRounds.cityId, round.cityId), eq(assessmentRounds.kind, round.kind), lt(assessmentRounds.year, round.year), isNotNull(assessmentRounds.publishedAt)))
    .orderBy(desc(assessmentRounds.year))
    .limit(1);
  const last = prior ? (await selectPublishedResults(db, prior.caseId)).find((r) => r.subjectRef === subject.subjectRef) : undefined;
  const indicators = rubric.dimensions.flatMap((d) => d.indicators);
  const scored = mine.indicators
    .map((p) => ({ ...indicators.find((i) => i.code === p.code)!, points: p.points }))
    .map((i) => ({ code: i.code, name: i.name, points: i.points, maxPoints: i.maxPoints, share: i.points / i.maxPoints }));
  const byShare = [...scored].sort((a, b) => b.share - a.share || a.code.localeCompare(b.code));
  const [operator] =
    subject.subjectType === 'station'
      ? await db.select({ name: orgDirectory.name }).from(workStations).innerJoin(orgDirectory, eq(orgDirectory.id, workStations.operatorOrgId)).where(eq(workStations.id, subject.subjectRef))
      : [];
  const bands = new Map(rubric.gradeBands.map((b) => [b.code, b.name]));
  return {
    roundName: round.title,
    year: round.year,
    subjectName: subject.name,
    operatorName: operator?.name ?? null,
    stateName: ROUND_STATE_NAMES[round.state].zh,
    publishedOn: round.noticeStartsOn,
    composite: mine.composite,
    total: mine.total,
    bonus: mine.bonus,
    deduction: mine.deduction,
    rank: mine.rank,
    tied: mine.tied,
    subjects: all.length,
    gradeName: mine.gradeCode ? (bands.get(mine.gradeCode) ?? mine.gradeCode) : null,
    dimensions: rubric.dimensions.map((d) => ({
      name: d.name,
      maxPoints: d.maxPoints,
      score: mine.dimensions.find((x) => x.code === d.code)?.points ?? 0,
      cityMean: mean(all.map((r) => r.dimensions.find((x) => x.code === d.code)?.points ?? 0)),
      lastYear: last?.dimensions.find((x) => x.code === d.code)?.points ?? null,
    })),
    strengths: byShare.slice(0, 3).map(({ share: _s, ...i }) => i),
    weakest: byShare.slice(-3).reverse().map(({ share: _s, ...i }) => i),
    adjustments: mine.adjustments.filter((a) => a.points > 0).map((a) => {
      const adj = rubric.adjustments.find((x) => x.code === a.code);
      return { name: adj?.name ?? a.code, kind: adj?.kind ?? 'bonus', points: a.points };
    }),
    generatedAt: clockNow(),
  };
}

export async function sendReport(db: Db, ctx: RequestContext, roundId: string, subjectId: string, reply: FastifyReply) {
  const content = await reportContent(db, ctx, roundId, subjectId);
  const pdf = await renderAssessmentReport(content);
  const name = `${content.year}-${content.subjectName}-评估报告.pdf`;
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="report.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}
