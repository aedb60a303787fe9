import { and, eq, isNull, sql } from 'drizzle-orm';
import { ROUND_STATE_NAMES, ROUND_STATES, type RoundState } from '../../../contracts/assessment.js';
import { addWorkingDays, todayInChina } from '../../platform/calendar/calendar.js';
import { defineCaseType, type CaseEffect, type CaseTypeDef, type Names } from '../../platform/cases/define.js';
import { clockNow } from '../../platform/clock.js';
import { AppError } from '../../platform/errors/app-error.js';
import { assessmentAppeals, assessmentAssignments, assessmentPanel, assessmentSubjects } from './assessment.tables.js';
import { computeRoundResults, selectRound, snapshotResults } from './round-results.js';
import { refreshComputed } from './use-cases/computed.js';
import { notifyPanel, notifySubjects } from './use-cases/round-notices.js';

type State = RoundState;
const names = (zh: string, en: string): Names => ({ zh, en });
const office = { kind: 'permission', permission: 'assessment.manage' } as const;

const refuse = (zh: string, en: string) => new AppError('invalid_state', { reason: zh, reasonEn: en });

/** Self-assessment opens: each subject's own people are told what to fill in and by when. */
const startSelf: CaseEffect = async (tx, _ctx, c) => {
  const round = await selectRound(tx, c.id);
  await notifySubjects(tx, c, round, { title: `请开展自评：${c.title}`, body: `${c.title}已进入自评阶段${round.selfDueOn ? `，请于 ${round.selfDueOn} 前` : '，请'}填写自评分并上传佐证材料。` });
};

/**
 * Scoring opens: every subject has an evaluator, the computed indicators are read from the platform as they stand,
 * and the panel is told.
 */
const startScoring: CaseEffect = async (tx, _ctx, c) => {
  const round = await selectRound(tx, c.id);
  const [bare] = await tx
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(assessmentSubjects)
    .where(and(eq(assessmentSubjects.roundId, c.id), sql`not exists (select 1 from ${assessmentAssignments} a where a.subject_id = ${assessmentSubjects.id} and not a.recused)`));
  if (bare.n > 0) throw refuse(`还有 ${bare.n} 个受评对象没有指派评估专家，请先指派。`, `${bare.n} subjects have no evaluator yet; assign the panel first.`);
  await refreshComputed(tx, round);
  await notifyPanel(tx, c, { title: `请开始评分：${c.title}`, body: `${c.title}已进入专家评分阶段${round.scoringDueOn ? `，请于 ${round.scoringDueOn} 前完成` : ''}。请先声明利益冲突情况，再查看材料并评分。` });
};

/** Scoring ends when every evaluator has declared and handed in every sheet they owe. */
const closeScoring: CaseEffect = async (tx, _ctx, c) => {
  const [undeclared] = await tx.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(assessmentPanel).where(and(eq(assessmentPanel.roundId, c.id), eq(assessmentPanel.state, 'assigned')));
  if (undeclared.n > 0) throw refuse(`还有 ${undeclared.n} 名专家未声明利益冲突情况。`, `${undeclared.n} evaluators have not declared their conflicts of interest.`);
  const [open] = await tx
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(assessmentAssignments)
    .where(and(eq(assessmentAssignments.roundId, c.id), eq(assessmentAssignments.recused, false), isNull(assessmentAssignments.submittedAt)));
  if (open.n > 0) throw refuse(`还有 ${open.n} 份评分表未提交。`, `${open.n} score sheets are not in yet.`);
};

/** Publication: the results must be whole; they are written as published and the notice runs its working days. */
const publish: CaseEffect = async (tx, _ctx, c) => {
  const round = await selectRound(tx, c.id);
  const r = await computeRoundResults(tx, round);
  const gaps = r.results.filter((x) => !x.complete);
  if (gaps.length) {
    const named = gaps.slice(0, 3).map((g) => `${r.subjects.find((s) => s.id === g.subjectId)!.name}（${g.indicators.filter((i) => i.missing).map((i) => i.code).join('、')}）`);
    throw refuse(`评分不完整，不能公示：${named.join('；')}${gaps.length > 3 ? ` 等 ${gaps.length} 个` : ''}。`, `Scores are incomplete for ${gaps.length} subjects; results cannot be published.`);
  }
  const today = todayInChina();
  const noticeEndsOn = await addWorkingDays(tx, today, round.noticeWorkingDays);
  await snapshotResults(tx, c.id, r, clockNow());
  await notifySubjects(tx, c, round, { title: `评估结果公示：${c.title}`, body: `${c.title}的结果已公示，公示期至 ${noticeEndsOn}。如有异议，请在公示期内就具体指标提出申诉。` });
  return { writes: [sql`update assessment_rounds set notice_starts_on = ${today}::date, notice_ends_on = ${noticeEndsOn}::date, published_at = ${clockNow().toISOString()}::timestamptz where case_id = ${c.id}::uuid`] };
};

/** After the notice: to appeals if any were raised, else the results are final. */
const closeNotice: CaseEffect = async (tx, ctx, c, input) => {
  const round = await selectRound(tx, c.id);
  if (!round.noticeEndsOn || todayInChina() <= round.noticeEndsOn) throw refuse(`公示期至 ${round.noticeEndsOn ?? '—'}，公示期满后才能结束公示。`, `The notice runs until ${round.noticeEndsOn ?? '—'}.`);
  const [appeals] = await tx.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(assessmentAppeals).where(eq(assessmentAppeals.roundId, c.id));
  if (appeals.n > 0) return { route: 'appeals' };
  return { ...(await finalize(tx, ctx, c, input)), route: 'final' };
};

/** The results become final and read-only: every appeal answered, written once more as they now stand. */
const finalize: CaseEffect = async (tx, _ctx, c) => {
  const [open] = await tx.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(assessmentAppeals).where(and(eq(assessmentAppeals.roundId, c.id), eq(assessmentAppeals.state, 'open')));
  if (open.n > 0) throw refuse(`还有 ${open.n} 件申诉未答复。`, `${open.n} appeals are unanswered.`);
  const round = await selectRound(tx, c.id);
  const r = await computeRoundResults(tx, round);
  await snapshotResults(tx, c.id, r, clockNow());
  await notifySubjects(tx, c, round, { title: `评估结果已确定：${c.title}`, body: `${c.title}的结果已确定，可下载评估报告。` });
  return { writes: [sql`update assessment_rounds set finalized_at = ${clockNow().toISOString()}::timestamptz where case_id = ${c.id}::uuid`] };
};

/**
 * A round (评估轮次) on the case engine: the office moves it; evaluators, the subjects' people and appeals act in it
 * through the module's own routes (their acts are not transitions of the round).
 */
export function roundCaseType(): CaseTypeDef<State> {
  return defineCaseType<State>({
    type: 'assessmentRound',
    names: names('评估轮次', 'Assessment round'),
    variantNames: {
      sppe: names('社工站 SPPE 评估', 'SPPE assessment'),
      town: names('镇街年度考核', 'Town assessment'),
      procurement: names('采购专家评审', 'Expert review'),
      evaluation: names('终期评估', 'Final evaluation'),
    },
    numberPrefix: 'PG',
    states: ROUND_STATES,
    stateNames: ROUND_STATE_NAMES,
    initial: 'open',
    terminal: ['final', 'cancelled'],
    timeLimits: { selfAssessment: 15, scoring: 15, moderation: 10, appeals: 10 },
    readPermission: 'assessment.read',
    attach: { owner: [], staff: [] },
    link: (c) => `/assessment/rounds/${c.id}`,
    awaits(_tx, state) {
      const task = { open: '指派评估专家并启动自评或评分', selfAssessment: '督促受评对象完成自评', scoring: '督促专家完成评分', moderation: '审核结果、录入加减分并公示', notice: '公示期满后结束公示', appeals: '答复申诉并确定结果' }[state as string];
      return task ? [{ ...office, task }] : [];
    },
    transitions: [
      { event: 'startSelfAssessment', names: names('启动自评', 'Open self-assessment'), from: ['open'], to: 'selfAssessment', by: office, effect: startSelf },
      { event: 'startScoring', names: names('启动专家评分', 'Open scoring'), from: ['open', 'selfAssessment'], to: 'scoring', by: office, effect: startScoring },
      { event: 'closeScoring', names: names('结束评分', 'Close scoring'), from: ['scoring'], to: 'moderation', by: office, effect: closeScoring },
      { event: 'reopenScoring', names: names('退回重评', 'Reopen scoring'), from: ['moderation'], to: 'scoring', by: office, commentRequired: true },
      { event: 'publish', names: names('公示结果', 'Publish the results'), from: ['moderation'], to: 'notice', by: office, effect: publish },
      {
        event: 'closeNotice',
        names: names('结束公示', 'Close the notice'),
        from: ['notice'],
        to: { among: ['appeals', 'final'], choose: ({ effect }) => (effect.route === 'appeals' ? 'appeals' : 'final') },
        by: office,
        effect: closeNotice,
      },
      { event: 'finalize', names: names('确定结果', 'Make the results final'), from: ['appeals'], to: 'final', by: office, effect: finalize },
      { event: 'cancel', names: names('撤销轮次', 'Cancel the round'), from: ['open', 'selfAssessment', 'scoring', 'moderation'], to: 'cancelled', by: office, commentRequired: true },
    ],
  });
}

