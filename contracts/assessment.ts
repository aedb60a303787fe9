import { z } from 'zod';
import { ZId } from './common.js';

/*
 * Assessment (评估, issue 18): one scoring engine for every judgement the platform makes — the SPPE assessment of the
 * towns' social work stations, the committee's yearly assessment of the towns, procurement's expert review and a
 * project's final evaluation. A rubric is a versioned tree (dimensions → indicators, adjustment items on top); a
 * round applies one published version to its subjects, with evaluators assigned to subjects, on the case engine.
 */

export const RUBRIC_KINDS = ['sppe', 'town', 'procurement', 'evaluation'] as const;
export type RubricKind = (typeof RUBRIC_KINDS)[number];
/**
 * Kinds whose rounds score a step of another module's case (a project's expert review, its final evaluation): the
 * owning module drives them through its own states, and the office's assessment pages list only the others.
 */
export const OWNED_ROUND_KINDS = ['procurement', 'evaluation'] as const satisfies readonly RubricKind[];
export type OwnedRoundKind = (typeof OWNED_ROUND_KINDS)[number];
export const RUBRIC_KIND_NAMES: Record<RubricKind, { zh: string; en: string }> = {
  sppe: { zh: '社工站 SPPE 评估', en: 'SPPE assessment of social work stations' },
  town: { zh: '镇街年度目标责任制考核', en: 'Annual assessment of the towns' },
  procurement: { zh: '项目采购专家评审', en: 'Expert review of bids' },
  evaluation: { zh: '项目终期评估', en: 'Final evaluation of projects' },
};

/**
 * Where an indicator's points come from: `manual` — the evaluators score it; `computed` — a named formula over the
 * platform's data, registered by the module that owns the data; `survey` — residents' answers; `self` — the subject's
 * self-assessment, which the evaluators check and score.
 */
export const INDICATOR_SOURCES = ['manual', 'computed', 'survey', 'self'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];
export const INDICATOR_SOURCE_NAMES: Record<IndicatorSource, { zh: string; en: string }> = {
  manual: { zh: '专家评分', en: 'Scored by evaluators' },
  computed: { zh: '平台数据计算', en: 'Computed from platform data' },
  survey: { zh: '群众满意度调查', en: 'Residents’ survey' },
  self: { zh: '自评＋专家核定', en: 'Self-assessed, checked by evaluators' },
};

export const ADJUSTMENT_KINDS = ['bonus', 'deduction'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
export const ADJUSTMENT_KIND_NAMES: Record<AdjustmentKind, { zh: string; en: string }> = {
  bonus: { zh: '加分项', en: 'Bonus' },
  deduction: { zh: '扣分项', en: 'Deduction' },
};

/** How the evaluators' points on one indicator become the subject's: their mean, or the mean after dropping the highest and the lowest. */
export const AGGREGATIONS = ['mean', 'trimmedMean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const AGGREGATION_NAMES: Record<Aggregation, { zh: string; en: string }> = {
  mean: { zh: '专家评分取平均', en: 'Mean of the evaluators' },
  trimmedMean: { zh: '去掉一个最高分和一个最低分后取平均', en: 'Mean after dropping the highest and the lowest' },
};

export const RUBRIC_STATES = ['draft', 'published', 'retired'] as const;
export type RubricState = (typeof RUBRIC_STATES)[number];
export const RUBRIC_STATE_NAMES: Record<RubricState, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  retired: { zh: '已停用', en: 'Retired' },
};

/** Points: at most two decimals (4.5, 2.25), never negative. Stored as numeric(7,2); summed in hundredths. */
const points = (what: string, max = 1000) =>
  z
    .number({ error: `${what}须为数字` })
    .min(0, `${what}不能为负数`)
    .max(max, `${what}不超过 ${max} 分`)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `${what}最多保留两位小数`);

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,31}$/, '编码以字母开头，只用字母、数字、点、- 和 _，不超过 32 个字符');
const name = (what: string, max = 60) => z.string().trim().min(1, `请填写${what}`).max(max, `${what}不超过 ${max} 个字`);
const text = (what: string, max = 1000) => z.string().trim().max(max, `${what}不超过 ${max} 个字`);

/** One level of an indicator's scoring guide: what earns points in [minPoints, maxPoints]. */
export const ZLevelInput = z.strictObject({
  name: name('档次名称', 20),
  minPoints: points('档次下限'),
  maxPoints: points('档次上限'),
  description: text('档次说明', 500),
});

export const ZIndicatorInput = z.strictObject({
  code,
  name: name('指标名称'),
  maxPoints: points('指标分值', 100).refine((n) => n > 0, '指标分值须大于 0'),
  source: z.enum(INDICATOR_SOURCES, { error: '指标来源须为专家评分、平台数据计算、满意度调查或自评' }),
  /** For `computed`: the registered formula's name (the module that owns the data registers it). */
  formula: z.string().trim().max(64, '计算公式名称不超过 64 个字符').nullable().default(null),
  /** A computed indicator's target, where its formula counts towards one (4 certified workers earn full points). */
  target: z.number({ error: '目标值须为数字' }).positive('目标值须大于 0').max(1_000_000, '目标值过大').nullable().default(null),
  /** The scoring guide in words (评分细则). */
  guide: text('评分细则', 2000).default(''),
  /** What evidence the indicator asks for (佐证材料). */
  evidence: text('佐证材料要求', 500).default(''),
  levels: z.array(ZLevelInput).max(10, '评分档次不超过 10 个').default([]),
});

export const ZDimensionInput = z.strictObject({
  code,
  name: name('维度名称', 30),
  maxPoints: points('维度分值').refine((n) => n > 0, '维度分值须大于 0'),
  indicators: z.array(ZIndicatorInput).min(1, '每个维度至少一个指标').max(60, '每个维度不超过 60 个指标'),
});

export const ZAdjustmentInput = z.strictObject({
  code,
  name: name('加减分项名称'),
  kind: z.enum(ADJUSTMENT_KINDS, { error: '加减分项须为加分项或扣分项' }),
  /** The most this item can add or take away. */
  cap: points('封顶分值', 100).refine((n) => n > 0, '封顶分值须大于 0'),
  /** Its rule in words (what earns or costs points, and how many each time). */
  rule: text('加减分规则', 1000).default(''),
});

/** A grade band: a composite at or above `minComposite` earns it (the highest band that fits). */
export const ZGradeBandInput = z.strictObject({
  code,
  name: name('等次名称', 20),
  minComposite: points('等次分数线'),
});

/** A whole rubric version as the office writes it (and as the demo city's rubrics are declared). */
export const ZRubricInput = z
  .strictObject({
    cityId: ZId.optional(),
    kind: z.enum(RUBRIC_KINDS, { error: '评估类别须为 SPPE、镇街考核、采购评审或终期评估' }),
    /** The rubric's stable code in its city (`sppe`); versions share it. */
    code,
    name: name('评估标准名称', 80),
    description: text('说明', 2000).default(''),
    aggregation: z.enum(AGGREGATIONS, { error: '汇总方式须为平均或去极值平均' }).default('mean'),
    /** Trimming (drop the highest and the lowest) applies only when at least this many evaluators scored. */
    trimMinEvaluators: z.number().int('去极值所需专家人数为整数').min(3, '去极值至少需要 3 名专家').max(15, '去极值所需专家不超过 15 名').default(5),
    dimensions: z.array(ZDimensionInput).min(1, '至少一个维度').max(12, '维度不超过 12 个'),
    adjustments: z.array(ZAdjustmentInput).max(20, '加减分项不超过 20 个').default([]),
    gradeBands: z.array(ZGradeBandInput).max(8, '等次不超过 8 个').default([]),
  })
  .superRefine((r, ctx) => {
    const codes = new Set<string>();
    const dup = (c: string, path: (string | number)[]) => {
      if (codes.has(c)) ctx.addIssue({ code: 'custom', path, message: `编码“${c}”重复` });
      codes.add(c);
    };
    const hundredths = (n: number) => Math.round(n * 100);
    r.dimensions.forEach((d, i) => {
      dup(d.code, ['dimensions', i, 'code']);
      const sum = d.indicators.reduce((n, x) => n + hundredths(x.maxPoints), 0);
      if (sum !== hundredths(d.maxPoints)) ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'maxPoints'], message: `“${d.name}”分值 ${d.maxPoints}，其指标分值合计 ${sum / 100}，两者须相等` });
      d.indicators.forEach((x, j) => {
        dup(x.code, ['dimensions', i, 'indicators', j, 'code']);
        if (x.source === 'computed' && !x.formula) ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'indicators', j, 'formula'], message: `“${x.name}”由平台数据计算，请选择计算公式` });
        if (x.source !== 'computed' && x.formula) ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'indicators', j, 'formula'], message: `只有平台数据计算的指标才有计算公式` });
        x.levels.forEach((l, k) => {
          if (l.minPoints > l.maxPoints) ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'indicators', j, 'levels', k, 'minPoints'], message: `档次“${l.name}”下限高于上限` });
          if (l.maxPoints > x.maxPoints) ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'indicators', j, 'levels', k, 'maxPoints'], message: `档次“${l.name}”上限超过指标分值 ${x.maxPoints}` });
        });
      });
    });
    r.adjustments.forEach((a, i) => dup(a.code, ['adjustments', i, 'code']));
    // A project's steps read these kinds' results by rule: every criterion scored by the evaluators, no adjustments,
    // and the final evaluation's grades the four the project's record knows (优秀、良好、合格、不合格).
    if (r.kind === 'procurement' || r.kind === 'evaluation') {
      r.dimensions.forEach((d, i) =>
        d.indicators.forEach((x, j) => {
          if (x.source !== 'manual') ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'indicators', j, 'source'], message: `${RUBRIC_KIND_NAMES[r.kind].zh}的指标均由评审人员打分` });
        }),
      );
      if (r.adjustments.length) ctx.addIssue({ code: 'custom', path: ['adjustments'], message: `${RUBRIC_KIND_NAMES[r.kind].zh}不设加减分项` });
    }
    if (r.kind === 'evaluation') {
      const want = ['excellent', 'good', 'pass', 'fail'];
      const got = r.gradeBands.map((b) => b.code).sort();
      if (got.join() !== [...want].sort().join()) ctx.addIssue({ code: 'custom', path: ['gradeBands'], message: '终期评估须设优秀（excellent）、良好（good）、合格（pass）、不合格（fail）四个等次' });
    }
    const bandCodes = new Set<string>();
    const total = r.dimensions.reduce((n, d) => n + hundredths(d.maxPoints), 0) / 100;
    r.gradeBands.forEach((b, i) => {
      if (bandCodes.has(b.code)) ctx.addIssue({ code: 'custom', path: ['gradeBands', i, 'code'], message: `等次编码“${b.code}”重复` });
      bandCodes.add(b.code);
      if (b.minComposite > total) ctx.addIssue({ code: 'custom', path: ['gradeBands', i, 'minComposite'], message: `等次“${b.name}”分数线高于满分 ${total}` });
    });
  });
export type RubricInput = z.input<typeof ZRubricInput>;
export type RubricSpec = z.output<typeof ZRubricInput>;

/** GET /api/v1/assessment/rubrics: the tree of each version (names may grow, these stay). */
export const ZRubric = z.object({
  id: z.string(),
  cityId: z.string(),
  kind: z.enum(RUBRIC_KINDS),
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  description: z.string(),
  state: z.enum(RUBRIC_STATES),
  aggregation: z.enum(AGGREGATIONS),
  trimMinEvaluators: z.number().int(),
  maxPoints: z.number(),
  publishedAt: z.string().nullable(),
  dimensions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      maxPoints: z.number(),
      indicators: z.array(
        z.object({
          id: z.string(),
          code: z.string(),
          name: z.string(),
          maxPoints: z.number(),
          source: z.enum(INDICATOR_SOURCES),
          formula: z.string().nullable(),
          target: z.number().nullable(),
          guide: z.string(),
          evidence: z.string(),
          levels: z.array(z.object({ name: z.string(), minPoints: z.number(), maxPoints: z.number(), description: z.string() })),
        }),
      ),
    }),
  ),
  adjustments: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(ADJUSTMENT_KINDS), cap: z.number(), rule: z.string() })),
  gradeBands: z.array(z.object({ code: z.string(), name: z.string(), minComposite: z.number() })),
  /** The row's version for the optimistic check of publishing or retiring a draft. */
  rowVersion: z.number().int(),
});
export type Rubric = z.infer<typeof ZRubric>;

export const ZRubricQuery = z.strictObject({
  kind: z.enum(RUBRIC_KINDS, { error: '评估类别须为 sppe、town、procurement 或 evaluation' }).optional(),
  cityId: ZId.optional(),
  /** `published` (default) lists what rounds may use; `all` adds drafts and retired versions for the office. */
  state: z.enum(['published', 'all'], { error: '状态须为 published 或 all' }).default('published'),
});

export const ZRubricPublish = z.strictObject({ rowVersion: z.number().int() });

/** What a round assesses. */
export const SUBJECT_TYPES = ['station', 'town', 'bid', 'proposal', 'project'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export const SUBJECT_TYPE_NAMES: Record<SubjectType, { zh: string; en: string }> = {
  station: { zh: '社工站', en: 'Social work station' },
  town: { zh: '镇街', en: 'Town' },
  bid: { zh: '投标申报', en: 'Bid' },
  proposal: { zh: '公益创投提案', en: 'Proposal' },
  project: { zh: '服务项目', en: 'Project' },
};

/** An evaluator on a round's panel: assigned, then declared (no conflict, or conflicts with some subjects). */
export const PANEL_STATES = ['assigned', 'declared'] as const;
export type PanelState = (typeof PANEL_STATES)[number];

export const APPEAL_STATES = ['open', 'answered'] as const;
export type AppealState = (typeof APPEAL_STATES)[number];

/** A round on the case engine. */
export const ROUND_STATES = ['open', 'selfAssessment', 'scoring', 'moderation', 'notice', 'appeals', 'final', 'cancelled'] as const;
export type RoundState = (typeof ROUND_STATES)[number];
export const ROUND_STATE_NAMES: Record<RoundState, { zh: string; en: string }> = {
  open: { zh: '筹备中', en: 'Open' },
  selfAssessment: { zh: '自评中', en: 'Self-assessment' },
  scoring: { zh: '专家评分中', en: 'Scoring' },
  moderation: { zh: '结果审核', en: 'Moderation' },
  notice: { zh: '结果公示', en: 'Public notice' },
  appeals: { zh: '申诉复核', en: 'Appeals' },
  final: { zh: '结果确定', en: 'Final' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

const ZDay = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

/** The office opens a round of a published rubric over the city's stations (sppe) or towns (town). */
export const ZRoundInput = z.strictObject({
  cityId: ZId.optional(),
  rubricId: ZId,
  year: z.number().int('年度为整数').min(2000, '年度不早于 2000').max(2100, '年度不晚于 2100'),
  name: name('轮次名称', 80),
  blind: z.boolean().default(false),
  selfDueOn: ZDay.nullable().default(null),
  scoringDueOn: ZDay.nullable().default(null),
  noticeWorkingDays: z.number().int('公示期为整数个工作日').min(1, '公示期 1 到 30 个工作日').max(30, '公示期 1 到 30 个工作日').default(5),
  appealWorkingDays: z.number().int('申诉答复时限为整数个工作日').min(1, '申诉答复时限 1 到 30 个工作日').max(30, '申诉答复时限 1 到 30 个工作日').default(5),
});

export const ZRoundQuery = z.strictObject({
  kind: z.enum(RUBRIC_KINDS, { error: '评估类别须为 sppe、town、procurement 或 evaluation' }).optional(),
  year: z.coerce.number({ error: '年度为整数' }).int('年度为整数').min(2000, '年度不早于 2000').max(2100, '年度不晚于 2100').optional(),
  cityId: ZId.optional(),
});

export const ZRound = z.object({
  id: z.string(),
  number: z.string(),
  cityId: z.string(),
  kind: z.enum(RUBRIC_KINDS),
  year: z.number().int(),
  name: z.string(),
  state: z.enum(ROUND_STATES),
  stateName: z.string(),
  rubric: z.object({ id: z.string(), code: z.string(), version: z.number().int(), name: z.string(), maxPoints: z.number() }),
  blind: z.boolean(),
  selfDueOn: z.string().nullable(),
  scoringDueOn: z.string().nullable(),
  noticeWorkingDays: z.number().int(),
  appealWorkingDays: z.number().int(),
  noticeStartsOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  publishedAt: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  subjects: z.number().int(),
  evaluators: z.number().int(),
  /** Sheets handed in of those owed (non-recused assignments). */
  sheetsSubmitted: z.number().int(),
  sheetsOwed: z.number().int(),
  openAppeals: z.number().int(),
  version: z.number().int(),
});
export type Round = z.infer<typeof ZRound>;

/** Who scores what: each evaluator, and the subjects they score (all of the round's when left out). */
export const ZPanelInput = z.strictObject({
  assignments: z
    .array(z.strictObject({ evaluatorId: ZId, subjectIds: z.array(ZId).min(1, '至少选择一个受评对象').max(2000).optional() }))
    .min(1, '请至少指派一名专家')
    .max(50, '一次最多指派 50 名专家'),
});

export const ZPanelMember = z.object({
  evaluatorId: z.string(),
  name: z.string(),
  state: z.enum(PANEL_STATES),
  declaredAt: z.string().nullable(),
  conflictNote: z.string().nullable(),
  assigned: z.number().int(),
  recused: z.number().int(),
  submitted: z.number().int(),
});

/** An evaluator's declaration: the subjects they have a conflict with (none is a declaration too). */
export const ZDeclarationInput = z.strictObject({
  conflictSubjectIds: z.array(ZId).max(2000).default([]),
  note: z.string().trim().max(500, '说明不超过 500 个字').nullable().default(null),
});

const ZScoreLine = z.strictObject({
  indicatorCode: z.string().trim().min(1, '请指明指标').max(32),
  points: points('得分', 100),
  comment: z.string().trim().max(1000, '评语不超过 1000 个字').nullable().default(null),
  evidence: z.string().trim().max(500, '依据不超过 500 个字').nullable().default(null),
});

/** An evaluator's sheet for one subject: save as a draft, or submit; a submitted sheet changes only with a reason. */
export const ZSheetInput = z.strictObject({
  scores: z.array(ZScoreLine).max(200, '指标过多'),
  submit: z.boolean().default(false),
  reason: z.string().trim().min(2, '修改已提交的评分须说明理由（至少 2 个字）').max(500, '理由不超过 500 个字').optional(),
});

/** A subject's self-assessment: points and a note per self-assessed indicator. */
export const ZSelfInput = z.strictObject({
  items: z
    .array(z.strictObject({ indicatorCode: z.string().trim().min(1).max(32), points: points('自评分', 100), note: z.string().trim().max(1000, '自评说明不超过 1000 个字').nullable().default(null) }))
    .max(200, '指标过多'),
  submit: z.boolean().default(false),
});

export const ZAdjustmentEntryInput = z.strictObject({
  adjustmentCode: z.string().trim().min(1, '请选择加减分项').max(32),
  points: points('分值', 100).refine((n) => n > 0, '分值须大于 0'),
  reason: z.string().trim().min(2, '请说明加减分理由（至少 2 个字）').max(500, '理由不超过 500 个字'),
});

export const ZAppealInput = z.strictObject({
  reason: z.string().trim().min(5, '申诉理由至少 5 个字').max(2000, '申诉理由不超过 2000 个字'),
  indicators: z
    .array(z.strictObject({ code: z.string().trim().min(1).max(32), reason: z.string().trim().min(2, '请说明该指标的申诉理由').max(1000, '理由不超过 1000 个字') }))
    .min(1, '请至少选择一个申诉的指标')
    .max(50, '申诉指标过多'),
});

export const ZAppealAnswer = z.strictObject({
  answer: z.string().trim().min(5, '答复至少 5 个字').max(2000, '答复不超过 2000 个字'),
  upheld: z.boolean({ error: '请说明申诉是否成立' }),
  version: z.number().int(),
});

export const ZAppeal = z.object({
  id: z.string(),
  roundId: z.string(),
  subjectId: z.string(),
  subjectName: z.string(),
  reason: z.string(),
  indicators: z.array(z.object({ code: z.string(), name: z.string(), reason: z.string() })),
  state: z.enum(APPEAL_STATES),
  dueOn: z.string(),
  raisedAt: z.string(),
  answer: z.string().nullable(),
  upheld: z.boolean().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number().int(),
});

/** GET /api/v1/assessment/rounds/{id}/results (names may grow, these stay). */
export const ZRoundResult = z.object({
  subject: z.object({ id: z.string(), name: z.string(), code: z.string(), ref: z.string() }),
  dimensions: z.array(z.object({ code: z.string(), name: z.string(), score: z.number(), maxPoints: z.number() })),
  adjustments: z.array(z.object({ code: z.string(), name: z.string(), kind: z.enum(ADJUSTMENT_KINDS), points: z.number() })),
  total: z.number(),
  composite: z.number(),
  rank: z.number().int(),
  tied: z.boolean(),
  grade: z.object({ code: z.string(), name: z.string() }).nullable(),
  complete: z.boolean(),
});
export const ZRoundResults = z.object({
  round: z.object({ id: z.string(), name: z.string(), state: z.enum(ROUND_STATES), year: z.number().int(), kind: z.enum(RUBRIC_KINDS) }),
  /** `published` — the snapshot of the notice or the final results; `live` — the office's preview from the scores as they stand. */
  basis: z.enum(['published', 'live']),
  publishedAt: z.string().nullable(),
  items: z.array(ZRoundResult),
});

const ZLevel = z.object({ name: z.string(), minPoints: z.number(), maxPoints: z.number(), description: z.string() });
const ZEvidenceFile = z.object({ id: z.string(), name: z.string(), size: z.number(), mime: z.string(), url: z.string() });

/** An indicator on a sheet: its guide and what is known of it for one subject. */
export const ZSheetIndicator = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  dimensionCode: z.string(),
  dimensionName: z.string(),
  maxPoints: z.number(),
  source: z.enum(INDICATOR_SOURCES),
  guide: z.string(),
  evidenceAsked: z.string(),
  levels: z.array(ZLevel),
  /** False for a computed or survey indicator whose data exists: its points are the platform's. */
  scoredByEvaluators: z.boolean(),
  /** Named by an open appeal: the one thing its evaluators may change during the appeals step. */
  reopened: z.boolean(),
  self: z.object({ points: z.number(), note: z.string().nullable() }).nullable(),
  computed: z.object({ points: z.number().nullable(), figure: z.string(), sample: z.number().nullable(), computedAt: z.string() }).nullable(),
  evidence: z.array(ZEvidenceFile),
});

/** An evaluator's sheet for one subject; in a blind round `name` and `code` are null and evidence is numbered. */
export const ZReviewSheet = z.object({
  roundId: z.string(),
  label: z.string(),
  name: z.string().nullable(),
  code: z.string().nullable(),
  state: z.enum(ROUND_STATES),
  submittedAt: z.string().nullable(),
  editable: z.boolean(),
  indicators: z.array(ZSheetIndicator.extend({ mine: z.object({ points: z.number(), comment: z.string().nullable(), evidence: z.string().nullable(), updatedAt: z.string() }).nullable() })),
});

export const ZReview = z.object({
  roundId: z.string(),
  name: z.string(),
  kind: z.enum(RUBRIC_KINDS),
  year: z.number().int(),
  state: z.enum(ROUND_STATES),
  stateName: z.string(),
  blind: z.boolean(),
  scoringDueOn: z.string().nullable(),
  rubric: z.object({ name: z.string(), version: z.number().int(), aggregation: z.enum(AGGREGATIONS) }),
  declared: z.boolean(),
  declaredAt: z.string().nullable(),
  /** Before the declaration: who is assessed, in alphabetical order, to declare conflicts against. */
  participants: z.array(z.object({ id: z.string(), name: z.string() })),
  /** After it: the caller's subjects by label (and, in an open round, by name). */
  subjects: z.array(z.object({ label: z.string(), name: z.string().nullable(), code: z.string().nullable(), submittedAt: z.string().nullable() })),
});

export const ZReviewListItem = z.object({
  roundId: z.string(),
  name: z.string(),
  number: z.string(),
  state: z.enum(ROUND_STATES),
  stateName: z.string(),
  kind: z.enum(RUBRIC_KINDS),
  year: z.number().int(),
  blind: z.boolean(),
  scoringDueOn: z.string().nullable(),
  declared: z.boolean(),
  assigned: z.number().int(),
  submitted: z.number().int(),
});

/** A subject's own sheet (its station or town): self-assessment, evidence, computed figures, appeals. */
export const ZSelfSheet = z.object({
  roundId: z.string(),
  subjectId: z.string(),
  name: z.string(),
  state: z.enum(ROUND_STATES),
  selfDueOn: z.string().nullable(),
  noticeEndsOn: z.string().nullable(),
  selfSubmittedAt: z.string().nullable(),
  selfEditable: z.boolean(),
  evidenceOpen: z.boolean(),
  mayAppeal: z.boolean(),
  indicators: z.array(ZSheetIndicator),
  appeals: z.array(ZAppeal),
  version: z.number().int(),
});

export const ZRoundSubject = z.object({
  id: z.string(),
  subjectType: z.enum(SUBJECT_TYPES),
  ref: z.string(),
  name: z.string(),
  code: z.string(),
  regionId: z.string().nullable(),
  blindLabel: z.string(),
  selfSubmittedAt: z.string().nullable(),
  evaluators: z.number().int(),
  submitted: z.number().int(),
});

/** One subject in full for the office: every number traced to who gave it. */
export const ZSubjectTrace = z.object({
  roundId: z.string(),
  subject: z.object({ id: z.string(), name: z.string(), code: z.string(), blindLabel: z.string(), selfSubmittedAt: z.string().nullable() }),
  result: z.object({ total: z.number(), bonus: z.number(), deduction: z.number(), composite: z.number(), rank: z.number().int(), tied: z.boolean(), complete: z.boolean(), dimensions: z.array(z.object({ code: z.string(), score: z.number() })) }),
  indicators: z.array(
    ZSheetIndicator.extend({
      aggregate: z.object({ points: z.number(), evaluators: z.number().int(), counted: z.number().int(), fixed: z.boolean(), missing: z.boolean() }),
      scores: z.array(z.object({ evaluatorId: z.string(), name: z.string(), points: z.number(), comment: z.string().nullable(), evidence: z.string().nullable(), updatedAt: z.string(), revisions: z.number().int(), counted: z.boolean() })),
    }),
  ),
  adjustments: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(ADJUSTMENT_KINDS), points: z.number(), reason: z.string(), givenBy: z.string().nullable(), givenAt: z.string() })),
});

export const ZStation = z.object({
  id: z.string(),
  cityId: z.string(),
  regionId: z.string(),
  townName: z.string(),
  code: z.string(),
  name: z.string(),
  operatorOrgId: z.string().nullable(),
  operatorName: z.string().nullable(),
  integratedWithCenter: z.boolean(),
  contractFrom: z.string().nullable(),
  contractTo: z.string().nullable(),
});

const rating = (what: string) => z.number({ error: `请为“${what}”打分` }).int(`“${what}”为 1 到 5 分`).min(1, `“${what}”为 1 到 5 分`).max(5, `“${what}”为 1 到 5 分`);

/** A resident's answer to a station's survey: the phone proved by its one-time code, five ratings 1–5, a comment. */
export const ZSurveyAnswerInput = z.strictObject({
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号'),
  smsCode: z.string().trim().regex(/^\d{6}$/, '请输入 6 位短信验证码'),
  overall: rating('总体满意度'),
  service: rating('服务符合需要'),
  staff: rating('社工态度与专业'),
  responsiveness: rating('回应及时'),
  environment: rating('场地环境'),
  comment: z.string().trim().max(500, '意见建议不超过 500 个字').nullable().default(null),
});

export const ZPublicSurvey = z.object({
  subjectId: z.string(),
  subjectName: z.string(),
  roundName: z.string(),
  year: z.number().int(),
  open: z.boolean(),
  questions: z.array(z.object({ key: z.string(), text: z.string() })),
});

export const ZSurveyLink = z.object({ url: z.string(), qrSvg: z.string(), answers: z.number().int(), mean: z.number().nullable(), open: z.boolean() });
