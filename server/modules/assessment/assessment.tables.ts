import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ADJUSTMENT_KINDS, AGGREGATIONS, APPEAL_STATES, INDICATOR_SOURCES, PANEL_STATES, RUBRIC_KINDS, RUBRIC_STATES, SUBJECT_TYPES } from '../../../contracts/assessment.js';
import { regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { enumChecks } from '../../platform/db/checks.js';
import { files } from '../../platform/files/files.tables.js';
import { orgs } from '../orgs/tables.js';

/** Points: two decimals, read as numbers; sums are made in hundredths (aggregate.ts), never in floats. */
const points = (name: string) => numeric(name, { precision: 7, scale: 2, mode: 'number' });

/*
 * Rubrics (评估标准): a versioned tree per city — dimensions → indicators (each with its scoring guide's levels) and the
 * adjustment items and grade bands on top. Rows, not a JSON blob, so a score names the indicator it is for and a
 * published version's tree can be protected: nothing below a published rubric is ever updated (the service
 * refuses, and a new version is a new tree).
 */
export const assessmentRubrics = pgTable(
  'assessment_rubrics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    kind: text('kind', { enum: RUBRIC_KINDS }).notNull(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    state: text('state', { enum: RUBRIC_STATES }).notNull().default('draft'),
    aggregation: text('aggregation', { enum: AGGREGATIONS }).notNull().default('mean'),
    trimMinEvaluators: smallint('trim_min_evaluators').notNull().default(5),
    maxPoints: points('max_points').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('assessment_rubrics', t),
    foreignKey({ name: 'assessment_rubrics_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    uniqueIndex('assessment_rubrics_version_uq').on(t.cityId, t.code, t.version),
    // One published version of a rubric at a time: publishing the next retires it (rounds keep theirs).
    uniqueIndex('assessment_rubrics_published_uq').on(t.cityId, t.code).where(sql`${t.state} = 'published'`),
    check('assessment_rubrics_version_ck', sql`${t.version} >= 1`),
  ],
);

export const assessmentDimensions = pgTable(
  'assessment_dimensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => assessmentRubrics.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    maxPoints: points('max_points').notNull(),
    seq: smallint('seq').notNull(),
  },
  (t) => [uniqueIndex('assessment_dimensions_uq').on(t.rubricId, t.code), check('assessment_dimensions_max_ck', sql`${t.maxPoints} > 0`)],
);

export const assessmentIndicators = pgTable(
  'assessment_indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => assessmentRubrics.id),
    dimensionId: uuid('dimension_id')
      .notNull()
      .references(() => assessmentDimensions.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    maxPoints: points('max_points').notNull(),
    source: text('source', { enum: INDICATOR_SOURCES }).notNull(),
    /** A computed indicator's registered formula (`<module>.<name>`). */
    formula: text('formula'),
    target: numeric('target', { precision: 12, scale: 2, mode: 'number' }),
    guide: text('guide').notNull().default(''),
    evidence: text('evidence').notNull().default(''),
    seq: smallint('seq').notNull(),
  },
  (t) => [
    ...enumChecks('assessment_indicators', t),
    uniqueIndex('assessment_indicators_uq').on(t.rubricId, t.code),
    index('assessment_indicators_dimension_idx').on(t.dimensionId),
    check('assessment_indicators_max_ck', sql`${t.maxPoints} > 0`),
    check('assessment_indicators_formula_ck', sql`(${t.source} = 'computed') = (${t.formula} is not null)`),
  ],
);

/** An indicator's scoring guide, level by level: what earns points in [min, max]. */
export const assessmentLevels = pgTable(
  'assessment_levels',
  {
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => assessmentIndicators.id),
    seq: smallint('seq').notNull(),
    name: text('name').notNull(),
    minPoints: points('min_points').notNull(),
    maxPoints: points('max_points').notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.seq] }), check('assessment_levels_range_ck', sql`${t.minPoints} <= ${t.maxPoints}`)],
);

/** Bonus and deduction items on top of the total, each capped. */
export const assessmentAdjustments = pgTable(
  'assessment_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => assessmentRubrics.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ADJUSTMENT_KINDS }).notNull(),
    cap: points('cap').notNull(),
    rule: text('rule').notNull().default(''),
    seq: smallint('seq').notNull(),
  },
  (t) => [...enumChecks('assessment_adjustments', t), uniqueIndex('assessment_adjustments_uq').on(t.rubricId, t.code), check('assessment_adjustments_cap_ck', sql`${t.cap} > 0`)],
);

export const assessmentGradeBands = pgTable(
  'assessment_grade_bands',
  {
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => assessmentRubrics.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    minComposite: points('min_composite').notNull(),
    seq: smallint('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rubricId, t.code] })],
);

/*
 * Social work stations (社工站, 一镇一街道一社会工作站): one per town, integrated with the town's social-organization
 * service center (二合一), run on contract by a professional agency of the registry (托管运营). The minimum the SPPE
 * assessment needs; a station's people act through the stationOperator role on its town.
 */
export const workStations = pgTable(
  'work_stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    regionId: uuid('region_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    operatorOrgId: uuid('operator_org_id').references(() => orgs.id),
    integratedWithCenter: boolean('integrated_with_center').notNull().default(true),
    contractFrom: date('contract_from', { mode: 'string' }),
    contractTo: date('contract_to', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    foreignKey({ name: 'work_stations_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'work_stations_region_fk', columns: [t.regionId], foreignColumns: [regions.id] }),
    uniqueIndex('work_stations_region_uq').on(t.regionId),
    uniqueIndex('work_stations_code_uq').on(t.cityId, t.code),
    check('work_stations_contract_ck', sql`${t.contractFrom} is null or ${t.contractTo} is null or ${t.contractFrom} <= ${t.contractTo}`),
  ],
);

/*
 * A round (评估轮次): one published rubric version applied to its subjects, a case on the engine (open →
 * self-assessment → scoring → moderation → public notice → appeals → final). The case's region is the city.
 */
export const assessmentRounds = pgTable(
  'assessment_rounds',
  {
    /**
     * The round's own id: its case's id when the round is a case of its own (SPPE, the towns' assessment); a fresh id
     * when the round scores a step of another module's case (a project's expert review or its final evaluation), so
     * one case can hold a round of each kind.
     */
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    cityId: uuid('city_id').notNull(),
    kind: text('kind', { enum: RUBRIC_KINDS }).notNull(),
    year: smallint('year').notNull(),
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => assessmentRubrics.id),
    /** Blind review: evaluators see a label (受评对象 A) instead of the subject and its files. */
    blind: boolean('blind').notNull().default(false),
    selfDueOn: date('self_due_on', { mode: 'string' }),
    scoringDueOn: date('scoring_due_on', { mode: 'string' }),
    noticeWorkingDays: smallint('notice_working_days').notNull().default(5),
    /** Working days the office has to answer an appeal. */
    appealWorkingDays: smallint('appeal_working_days').notNull().default(5),
    noticeStartsOn: date('notice_starts_on', { mode: 'string' }),
    noticeEndsOn: date('notice_ends_on', { mode: 'string' }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    finalizedAt: timestamp('finalized_at', { withTimezone: true }),
  },
  (t) => [
    ...enumChecks('assessment_rounds', t),
    foreignKey({ name: 'assessment_rounds_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    index('assessment_rounds_city_idx').on(t.cityId, t.kind, t.year),
    uniqueIndex('assessment_rounds_case_uq').on(t.caseId, t.kind),
    // A round of its own is its case; only the kinds scored inside another module's case have an id of their own.
    check('assessment_rounds_own_case_ck', sql`${t.id} = ${t.caseId} or ${t.kind} in ('procurement', 'evaluation')`),
    check('assessment_rounds_days_ck', sql`${t.noticeWorkingDays} between 1 and 30 and ${t.appealWorkingDays} between 1 and 30`),
  ],
);

/** Who or what a round assesses: a station, a town, a bid, a proposal or a project (its id in its own module). */
export const assessmentSubjects = pgTable(
  'assessment_subjects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentRounds.id),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    subjectRef: uuid('subject_ref').notNull(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    /** Where its own people act from (a station's or town's town): self-assessment and appeals are theirs. */
    regionId: uuid('region_id'),
    /** What evaluators see in a blind round: 受评对象 A, B, …, shuffled so it says nothing of the name. */
    blindLabel: text('blind_label').notNull(),
    seq: smallint('seq').notNull(),
    selfSubmittedAt: timestamp('self_submitted_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('assessment_subjects', t),
    uniqueIndex('assessment_subjects_uq').on(t.roundId, t.subjectRef),
    uniqueIndex('assessment_subjects_label_uq').on(t.roundId, t.blindLabel),
    foreignKey({ name: 'assessment_subjects_region_fk', columns: [t.regionId], foreignColumns: [regions.id] }),
    index('assessment_subjects_region_idx').on(t.regionId),
  ],
);

/** An evaluator on a round's panel: declares conflicts of interest before anything of a subject is shown. */
export const assessmentPanel = pgTable(
  'assessment_panel',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentRounds.id),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => users.id),
    state: text('state', { enum: PANEL_STATES }).notNull().default('assigned'),
    conflictNote: text('conflict_note'),
    declaredAt: timestamp('declared_at', { withTimezone: true }),
    assignedBy: uuid('assigned_by').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...enumChecks('assessment_panel', t), primaryKey({ columns: [t.roundId, t.evaluatorId] }), index('assessment_panel_evaluator_idx').on(t.evaluatorId)],
);

/** Which evaluator scores which subject; a declared conflict recuses them from that subject only. */
export const assessmentAssignments = pgTable(
  'assessment_assignments',
  {
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => users.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentRounds.id),
    recused: boolean('recused').notNull().default(false),
    /** The evaluator's sheet for the subject is in; later changes need a reason and are audited. */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** The evaluator's remark on the subject as a whole (an expert's opinion of a bid), beside each indicator's comment. */
    comment: text('comment'),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.evaluatorId] }), index('assessment_assignments_evaluator_idx').on(t.evaluatorId, t.roundId)],
);

/** One evaluator's points for one indicator of one subject, with the comment and evidence behind them. */
export const assessmentScores = pgTable(
  'assessment_scores',
  {
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => assessmentIndicators.id),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => users.id),
    points: points('points').notNull(),
    comment: text('comment'),
    evidence: text('evidence'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.indicatorId, t.evaluatorId] }), check('assessment_scores_points_ck', sql`${t.points} >= 0`)],
);

/** The subject's own self-assessment of an indicator (自评), checked by the evaluators. */
export const assessmentSelfScores = pgTable(
  'assessment_self_scores',
  {
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => assessmentIndicators.id),
    points: points('points').notNull(),
    note: text('note'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.indicatorId] }), check('assessment_self_scores_points_ck', sql`${t.points} >= 0`)],
);

/** Evidence files for an indicator (佐证材料), uploaded by the subject's people. */
export const assessmentEvidence = pgTable(
  'assessment_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => assessmentIndicators.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assessment_evidence_subject_idx').on(t.subjectId, t.indicatorId), uniqueIndex('assessment_evidence_file_uq').on(t.subjectId, t.indicatorId, t.fileId)],
);

/**
 * What a computed or survey indicator read from the platform when scoring opened (refreshed by the office until
 * moderation ends): its points, the figure behind them in words, or — its data absent — why, and then the
 * evaluators score it instead of it counting as zero.
 */
export const assessmentComputed = pgTable(
  'assessment_computed',
  {
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => assessmentIndicators.id),
    points: points('points'),
    figure: text('figure').notNull(),
    /** The number of answers or records behind the figure (a survey's sample size). */
    sample: integer('sample'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.indicatorId] })],
);

/** Bonus or deduction points the office gives a subject on an adjustment item, each with its reason. */
export const assessmentAdjustmentEntries = pgTable(
  'assessment_adjustment_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    adjustmentId: uuid('adjustment_id')
      .notNull()
      .references(() => assessmentAdjustments.id),
    points: points('points').notNull(),
    reason: text('reason').notNull(),
    givenBy: uuid('given_by').references(() => users.id),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assessment_adjustment_entries_subject_idx').on(t.subjectId), check('assessment_adjustment_entries_points_ck', sql`${t.points} > 0`)],
);

/** An appeal against published results: names indicators and reasons; only those are reopened. */
export const assessmentAppeals = pgTable(
  'assessment_appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentRounds.id),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    reason: text('reason').notNull(),
    state: text('state', { enum: APPEAL_STATES }).notNull().default('open'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    raisedBy: uuid('raised_by')
      .notNull()
      .references(() => users.id),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    answer: text('answer'),
    upheld: boolean('upheld'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('assessment_appeals', t),
    index('assessment_appeals_round_idx').on(t.roundId),
    check('assessment_appeals_answer_ck', sql`(${t.state} = 'answered') = (${t.answeredAt} is not null and ${t.answer} is not null and ${t.upheld} is not null)`),
  ],
);

export const assessmentAppealIndicators = pgTable(
  'assessment_appeal_indicators',
  {
    appealId: uuid('appeal_id')
      .notNull()
      .references(() => assessmentAppeals.id),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => assessmentIndicators.id),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.indicatorId] })],
);

/**
 * The results as published (and again when final): what the notice, the portal and the reports read, so they never
 * move when a score is corrected until the office publishes again.
 */
export const assessmentResults = pgTable(
  'assessment_results',
  {
    subjectId: uuid('subject_id')
      .primaryKey()
      .references(() => assessmentSubjects.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => assessmentRounds.id),
    total: points('total').notNull(),
    bonus: points('bonus').notNull(),
    deduction: points('deduction').notNull(),
    composite: points('composite').notNull(),
    rank: smallint('rank').notNull(),
    tied: boolean('tied').notNull(),
    gradeCode: text('grade_code'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('assessment_results_round_idx').on(t.roundId, t.rank)],
);

export const assessmentResultParts = pgTable(
  'assessment_result_parts',
  {
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    /** `dimension` or `adjustment` or `indicator`, with its code in the rubric. */
    part: text('part', { enum: ['dimension', 'indicator', 'adjustment'] }).notNull(),
    code: text('code').notNull(),
    points: points('points').notNull(),
  },
  (t) => [...enumChecks('assessment_result_parts', t), primaryKey({ columns: [t.subjectId, t.part, t.code] })],
);

/**
 * Residents' satisfaction with a station (群众满意度, issue 18 §2): one answer a phone and subject, the phone proved by
 * a one-time code and kept only as a keyed digest. Five questions rated 1–5; the `survey` indicators read their mean.
 */
export const assessmentSurveyAnswers = pgTable(
  'assessment_survey_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => assessmentSubjects.id),
    phoneDigest: text('phone_digest').notNull(),
    overall: smallint('overall').notNull(),
    service: smallint('service').notNull(),
    staff: smallint('staff').notNull(),
    responsiveness: smallint('responsiveness').notNull(),
    environment: smallint('environment').notNull(),
    comment: text('comment'),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assessment_survey_answers_uq').on(t.subjectId, t.phoneDigest),
    check('assessment_survey_answers_range_ck', sql`least(${t.overall}, ${t.service}, ${t.staff}, ${t.responsiveness}, ${t.environment}) >= 1 and greatest(${t.overall}, ${t.service}, ${t.staff}, ${t.responsiveness}, ${t.environment}) <= 5`),
  ],
);
