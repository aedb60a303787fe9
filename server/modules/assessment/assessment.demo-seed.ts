import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { ZRubricInput } from '../../../contracts/assessment.js';
import { regions } from '../../platform/access/scope.tables.js';
import { actorOf } from '../../platform/auth/actor-of.js';
import { users } from '../../platform/auth/auth.tables.js';
import { caseTypeOf } from '../../platform/cases/define.js';
import { fireTransition } from '../../platform/cases/engine.js';
import { backdateCase } from '../../platform/cases/history.js';
import { cases, caseSteps } from '../../platform/cases/cases.tables.js';
import { clockNow } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { prng } from '../../platform/demo/prng.js';
import type { RequestContext } from '../../platform/http/context.js';
import { orgDirectory } from '../orgs/index.js';
import { HAINING_STATIONS, SPPE_RUBRIC, TOWN_RUBRIC } from './assessment.demo-rubrics.js';
import { assessmentRounds, assessmentSelfScores, assessmentSubjects, workStations } from './assessment.tables.js';
import { selectPublishedRubric } from './rubric.queries.js';
import { assignPanel, openRound } from './use-cases/rounds.js';
import { declareConflicts, getReview, getSheet, saveSheet } from './use-cases/reviews.js';
import { DEFAULT_EVALUATION_RUBRIC } from './assessment.template.js';
import { seedPublishedRubric } from './use-cases/rubrics.js';
import { saveSelfSheet } from './use-cases/self-assessment.js';

/*
 * Haining's assessments (issue 18 demo data): the 12 stations with their operating agencies, the SPPE and town
 * rubrics as published version 1, the SPPE rounds of 2024 and 2025 (final) and 2026 (in scoring, blind), and the
 * town assessment of 2025 (final) — the rounds driven through the module's use cases by the demo accounts, then
 * dated back to their years as the projects' history is.
 */

const CITY_CODE = '330481';
const EVALUATORS = ['zhuanjia1', 'zhuanjia2', 'zhuanjia3', 'zhuanjia4', 'zhuanjia5'] as const;

async function hainingCity(tx: Tx | Db) {
  const [city] = await tx.select({ id: regions.id, path: regions.path }).from(regions).where(and(eq(regions.code, CITY_CODE), eq(regions.level, 'city')));
  return city;
}

/** Stations and rubrics, in the seeding transaction. */
export async function seedHainingAssessmentBase(tx: Tx): Promise<Record<string, number>> {
  const city = await hainingCity(tx);
  if (!city) return {};
  const towns = await tx.select({ id: regions.id, name: regions.name, code: regions.code }).from(regions).where(and(eq(regions.level, 'town'), isNull(regions.retiredAt), sql`${regions.path} like ${`${city.path}%`}`));
  const agencies = await tx
    .select({ id: orgDirectory.id, name: orgDirectory.name, townId: orgDirectory.townId })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.type, 'serviceAgency'), eq(orgDirectory.status, 'active')))
    .orderBy(asc(orgDirectory.name));
  const used = new Set<string>();
  let stations = 0;
  for (const s of HAINING_STATIONS) {
    const town = towns.find((t) => t.name === s.townName);
    if (!town) continue;
    // The named agency where the registry has it; else the town's first active service agency not yet running a station.
    const operator = agencies.find((a) => a.name === s.operatorName) ?? agencies.find((a) => a.townId === town.id && !used.has(a.id)) ?? null;
    if (operator) used.add(operator.id);
    await tx.insert(workStations).values({ cityId: city.id, regionId: town.id, code: `ST${town.code}`, name: s.name, operatorOrgId: operator?.id ?? null, integratedWithCenter: s.integratedWithCenter, contractFrom: s.contractFrom, contractTo: s.contractTo });
    stations += 1;
  }
  // The demo city is laid down whole (server/seed), not made through the region tree, so it takes the standard every city starts with here.
  const rubrics = [
    await seedPublishedRubric(tx, city.id, ZRubricInput.parse(SPPE_RUBRIC)),
    await seedPublishedRubric(tx, city.id, ZRubricInput.parse(TOWN_RUBRIC)),
    await seedPublishedRubric(tx, city.id, DEFAULT_EVALUATION_RUBRIC),
  ].filter(Boolean).length;
  return { workStations: stations, assessmentRubrics: rubrics };
}

const half = (n: number) => Math.round(n * 2) / 2;

/** A subject's standing on the rubric (0.55–0.97), steady across years with a little drift, and each evaluator's view of it. */
function pointsFor(standing: number, maxPoints: number, noise: number): number {
  return Math.min(maxPoints, Math.max(0, half(maxPoints * Math.min(1, Math.max(0, standing + noise)))));
}

async function ctxOf(db: Db, username: string): Promise<RequestContext> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return { requestId: `seed:assessment:${username}`, ip: null, lang: 'zh', actor: await actorOf(db, u.id) };
}

async function fire(db: Db, ctx: RequestContext, roundId: string, event: string, comment?: string) {
  const [c] = await db.select({ version: cases.version }).from(cases).where(eq(cases.id, roundId));
  await fireTransition(db, ctx, roundId, { event, version: c.version, comment });
}

interface RoundPlan {
  kind: 'sppe' | 'town';
  year: number;
  name: string;
  blind: boolean;
  /** final: every step to the end; scoring: self-assessment in, three evaluators' sheets handed in. */
  to: 'final' | 'scoring';
  /** The dates its steps are moved back to (create, then one per step). */
  dates?: string[];
}

/** The rounds, through the use cases. */
export async function seedHainingAssessmentActs(db: Db): Promise<void> {
  const city = await hainingCity(db);
  if (!city) return;
  const office = await ctxOf(db, 'admin');
  const evaluators = await Promise.all(EVALUATORS.map((u) => ctxOf(db, u)));
  const operator = await ctxOf(db, 'zhanzhang');
  const townStaff = await ctxOf(db, 'xucun');
  const plans: RoundPlan[] = [
    { kind: 'sppe', year: 2024, name: '2024 年度镇（街道）社会工作站 SPPE 评估', blind: false, to: 'final', dates: ['2024-11-04', '2024-11-05', '2024-11-25', '2024-12-09', '2024-12-12', '2024-12-20'] },
    { kind: 'sppe', year: 2025, name: '2025 年度镇（街道）社会工作站 SPPE 评估', blind: false, to: 'final', dates: ['2025-11-03', '2025-11-04', '2025-11-24', '2025-12-08', '2025-12-11', '2025-12-19'] },
    { kind: 'town', year: 2025, name: '2025 年度镇（街道）社会组织参与基层治理目标责任制考核', blind: false, to: 'final', dates: ['2025-12-01', '2025-12-02', '2025-12-16', '2025-12-19', '2025-12-22', '2025-12-30'] },
    { kind: 'sppe', year: 2026, name: '2026 年度镇（街道）社会工作站 SPPE 评估', blind: true, to: 'scoring' },
  ];
  for (const plan of plans) {
    const rubric = (await selectPublishedRubric(db, city.id, plan.kind))!;
    const round = await openRound(db, office, {
      rubricId: rubric.id,
      year: plan.year,
      name: plan.name,
      blind: plan.blind,
      selfDueOn: null,
      scoringDueOn: null,
      noticeWorkingDays: 5,
      appealWorkingDays: 5,
    });
    await assignPanel(db, office, round.id, { assignments: EVALUATORS.map((_, i) => ({ evaluatorId: evaluators[i].actor!.userId })) });
    const subjects = await db.select().from(assessmentSubjects).where(eq(assessmentSubjects.roundId, round.id)).orderBy(asc(assessmentSubjects.seq));
    const g = prng(plan.year * 31 + (plan.kind === 'sppe' ? 7 : 11));
    // A subject's standing moves a little from year to year: the same generator per subject index, shifted by the year.
    const standing = subjects.map((_, i) => {
      const base = prng(1000 + i)();
      return 0.58 + 0.36 * base + (plan.year - 2025) * 0.015 * (i % 3 === 0 ? 1 : -0.5);
    });
    const selfIndicators = rubric.dimensions.flatMap((d) => d.indicators).filter((i) => i.source === 'self');
    if (selfIndicators.length) {
      await fire(db, office, round.id, 'startSelfAssessment');
      for (const [k, s] of subjects.entries()) {
        const items = selfIndicators.map((i) => ({ indicatorCode: i.code, points: pointsFor(standing[k] + 0.05, i.maxPoints, 0), note: '按评分细则逐项自查，佐证材料已在台账中归档。' }));
        const town = await db.select({ code: regions.code }).from(regions).where(eq(regions.id, s.regionId!));
        // 许村镇's station fills in its own through its operator's account, and the town its own through its staff's;
        // the others' come as the records they filed.
        if (town[0]?.code === '330481101') await saveSelfSheet(db, plan.kind === 'town' ? townStaff : operator, round.id, s.id, { items, submit: true });
        else {
          await db.transaction(async (tx) => {
            for (const it of items) {
              const ind = selfIndicators.find((i) => i.code === it.indicatorCode)!;
              await tx.insert(assessmentSelfScores).values({ subjectId: s.id, indicatorId: ind.id, points: it.points, note: it.note });
            }
            await tx.update(assessmentSubjects).set({ selfSubmittedAt: clockNow() }).where(eq(assessmentSubjects.id, s.id));
          });
        }
      }
    }
    await fire(db, office, round.id, 'startScoring');
    const scoring = plan.to === 'final' ? evaluators : evaluators.slice(0, 3);
    for (const [e, ctx] of scoring.entries()) {
      await declareConflicts(db, ctx, round.id, { conflictSubjectIds: [], note: null });
      const mine = new Set((await getReview(db, ctx, round.id)).subjects.map((s) => s.label));
      // In the order of the subjects, not of their labels (drawn from the round's id): the same demo on every build.
      // In the open round, the third evaluator has handed in the first half of their sheets so far.
      const sheets = subjects.filter((s, k) => mine.has(s.blindLabel) && !(plan.to === 'scoring' && e === 2 && k >= Math.ceil(subjects.length / 2)));
      for (const s of sheets) {
        const sheet = await getSheet(db, ctx, round.id, s.blindLabel);
        const k = subjects.indexOf(s);
        const scores = sheet.indicators
          .filter((i) => i.scoredByEvaluators)
          .map((i) => ({ indicatorCode: i.code, points: pointsFor(standing[k], i.maxPoints, (g() - 0.5) * 0.16), comment: null, evidence: null }));
        await saveSheet(db, ctx, round.id, s.blindLabel, { scores, submit: true });
      }
    }
    if (plan.to === 'scoring') continue;
    await fire(db, office, round.id, 'closeScoring');
    await fire(db, office, round.id, 'publish');
    // The notice ran its five working days in its year, and nobody appealed.
    await db.update(assessmentRounds).set({ noticeStartsOn: plan.dates![4], noticeEndsOn: plan.dates![5] }).where(eq(assessmentRounds.caseId, round.id));
    await fire(db, office, round.id, 'closeNotice');
    await dateBack(db, round.id, plan);
  }
}

/** Moves a finished round's steps, notice and publication to its year. */
async function dateBack(db: Db, roundId: string, plan: RoundPlan) {
  const steps = await db.select({ seq: caseSteps.seq }).from(caseSteps).where(eq(caseSteps.caseId, roundId));
  const at = (d: string) => new Date(`${d}T10:00:00+08:00`);
  const dates = plan.dates!;
  const times = steps.map((_, k) => at(dates[Math.min(k, dates.length - 1)]));
  await backdateCase(db, caseTypeOf('assessmentRound'), roundId, times);
  const published = at(dates[dates.length - 2]);
  const final = at(dates[dates.length - 1]);
  await db.update(assessmentRounds).set({ noticeStartsOn: dates[dates.length - 2], noticeEndsOn: dates[dates.length - 1], publishedAt: published, finalizedAt: final }).where(eq(assessmentRounds.caseId, roundId));
  await db.execute(sql`update assessment_results set published_at = ${final.toISOString()}::timestamptz where round_id = ${roundId}::uuid`);
  await db.execute(sql`update assessment_subjects set self_submitted_at = ${at(dates[1]).toISOString()}::timestamptz where round_id = ${roundId}::uuid and self_submitted_at is not null`);
}

