import { z } from 'zod';
import { ZId } from './common.js';
import { RESOURCE_KINDS, ROTATION_ROLES } from './workforce.js';

/*
 * The four-season rotation (issue 17 §2): each year the office pairs every resource — an organization of the
 * registry, a social worker, a certified employee — with a town (结对街镇); each season (Q1–Q4) a plan gives every
 * community of a town resources in the four roles. The rules the plan follows are each city's data: hard (never
 * broken) or soft (broken at a cost, its weight).
 */

export const ROTATION_RULES = ['coverage', 'noRepeat', 'capacity', 'domainMatch', 'pairing', 'balance', 'homeTown'] as const;
export type RotationRule = (typeof ROTATION_RULES)[number];

export interface RotationRuleDef {
  zh: string;
  en: string;
  /** What the rule asks, for the settings page and the messages naming it. */
  description: string;
  hard: boolean;
  weight: number;
  /** The kinds a city may choose: pairing is how the plan is split by town, so it is always hard; balance is a preference only. */
  may: readonly ('hard' | 'soft')[];
}

/** The platform's defaults: a city follows these until its office saves its own. Weights are points of cost per breach. */
export const ROTATION_RULE_DEFS: Record<RotationRule, RotationRuleDef> = {
  coverage: { zh: '全覆盖', en: 'Coverage', description: '每个社区每季度四种角色都有人承担', hard: true, weight: 1000, may: ['hard', 'soft'] },
  noRepeat: { zh: '轮换', en: 'Rotation', description: '同一力量不连续两个季度服务同一社区', hard: true, weight: 200, may: ['hard', 'soft'] },
  capacity: { zh: '服务容量', en: 'Capacity', description: '每季度服务社区数不超过其轮值档案的容量', hard: true, weight: 300, may: ['hard', 'soft'] },
  domainMatch: { zh: '领域匹配', en: 'Domain match', description: '力量的服务领域对应社区画像的需求', hard: false, weight: 20, may: ['hard', 'soft'] },
  pairing: { zh: '结对关系', en: 'Pairing', description: '只到结对街镇的社区服务', hard: true, weight: 0, may: ['hard'] },
  balance: { zh: '负荷均衡', en: 'Balanced load', description: '同一力量的服务次数在各季度、各力量之间均衡', hard: false, weight: 5, may: ['soft'] },
  homeTown: { zh: '就近服务', en: 'Near home', description: '优先在力量所在的镇（街道）服务', hard: false, weight: 10, may: ['hard', 'soft'] },
};

export const ZRotationRuleSetting = z.object({
  code: z.enum(ROTATION_RULES),
  name: z.string(),
  description: z.string(),
  hard: z.boolean(),
  weight: z.number().int(),
  may: z.array(z.enum(['hard', 'soft'])),
  isDefault: z.boolean(),
});

export const ZRotationRules = z.object({
  cityId: z.string(),
  /** Changes are checked against it (0 while the city follows the defaults). */
  version: z.number().int(),
  items: z.array(ZRotationRuleSetting),
});

export const ZRotationRulesBody = z.strictObject({
  cityId: ZId.optional(),
  version: z.number().int().min(0),
  items: z
    .array(z.strictObject({ code: z.enum(ROTATION_RULES), hard: z.boolean(), weight: z.number().int().min(0, '权重不能为负').max(10000, '权重不超过 10000') }))
    .min(1)
    .max(ROTATION_RULES.length),
});

/** A community's profile: who lives there, and so which service domains it needs. Shares are per mille. */
export const ZCommunityProfile = z.object({
  communityId: z.string(),
  communityName: z.string(),
  town: z.object({ id: z.string(), name: z.string() }),
  households: z.number().int().nullable(),
  elderlyPermille: z.number().int().nullable(),
  childrenPermille: z.number().int().nullable(),
  newResidentPermille: z.number().int().nullable(),
  disabledCount: z.number().int().nullable(),
  hardshipHouseholds: z.number().int().nullable(),
  needs: z.array(z.object({ code: z.string(), name: z.string() })),
  version: z.number().int(),
});

const permille = z.number().int().min(0, '比例不能为负').max(1000, '比例以千分数计，不超过 1000').nullable();
const count = z.number().int().min(0, '人数不能为负').max(1_000_000).nullable();
export const ZCommunityProfileBody = z.strictObject({
  version: z.number().int().min(0),
  households: count,
  elderlyPermille: permille,
  childrenPermille: permille,
  newResidentPermille: permille,
  disabledCount: count,
  hardshipHouseholds: count,
  needs: z.array(z.string().max(40)).max(16, '需求领域最多 16 个'),
});

export const ZYearQuery = z.strictObject({ cityId: ZId.optional(), year: z.coerce.number().int().min(2000).max(2100) });

export const ZPairingRow = z.object({
  resourceKind: z.enum(RESOURCE_KINDS),
  resourceId: z.string(),
  resourceName: z.string(),
  town: z.object({ id: z.string(), name: z.string() }),
  homeTown: z.object({ id: z.string(), name: z.string() }).nullable(),
  source: z.enum(['solver', 'office']),
  version: z.number().int(),
});

export const ZPairingTown = z.object({
  town: z.object({ id: z.string(), name: z.string() }),
  communities: z.number().int(),
  resources: z.object({ org: z.number().int(), socialWorker: z.number().int(), certifiedEmployee: z.number().int() }),
  /** Community-seasons the town's resources could serve in a year (capacity × seasons), over what its communities need (communities × 4 roles × 4 seasons). */
  supplyRatio: z.number(),
});

export const ZPairing = z.object({
  cityId: z.string(),
  year: z.number().int(),
  towns: z.array(ZPairingTown),
  items: z.array(ZPairingRow),
  /** Active resources with a profile but no town this year. */
  unpaired: z.number().int(),
});

export const ZPairingProposeBody = z.strictObject({
  cityId: ZId.optional(),
  year: z.number().int().min(2000).max(2100),
  /** Replace the office's own changes too (otherwise they are kept and the solver fits the rest around them). */
  replaceOffice: z.boolean().default(false),
});

export const ZPairingChangeBody = z.strictObject({ townId: ZId, version: z.number().int().min(1) });
export const ZPairingParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100), kind: z.enum(RESOURCE_KINDS), id: ZId });

export const PLAN_STATES = ['draft', 'published'] as const;
export const TOWN_SOLVE_STATUSES = ['optimal', 'timeLimit', 'infeasible'] as const;
export type TownSolveStatus = (typeof TOWN_SOLVE_STATUSES)[number];

export const ZRuleBreach = z.object({
  rule: z.enum(ROTATION_RULES),
  ruleName: z.string(),
  hard: z.boolean(),
  /** What is broken where, in words. */
  message: z.string(),
  townId: z.string(),
  communityId: z.string().nullable(),
  role: z.enum(ROTATION_ROLES).nullable(),
  resource: z.object({ kind: z.enum(RESOURCE_KINDS), id: z.string() }).nullable(),
  /** The cost the breach adds (its weight; a hard rule's has none). */
  cost: z.number(),
});

export const ZPlanTown = z.object({
  town: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(TOWN_SOLVE_STATUSES),
  objective: z.number().nullable(),
  /** Relative optimality gap when the solver stopped (0 when proved optimal). */
  gap: z.number().nullable(),
  millis: z.number().int(),
  /** For an infeasible town: the hard rule that cannot hold, and where. */
  infeasibleRule: z.enum(ROTATION_RULES).nullable(),
  infeasibleDetail: z.string().nullable(),
  communities: z.number().int(),
  covered: z.number().int(),
});

export const ZAssignment = z.object({
  id: z.string(),
  townId: z.string(),
  communityId: z.string(),
  role: z.enum(ROTATION_ROLES),
  resource: z.object({ kind: z.enum(RESOURCE_KINDS), id: z.string(), name: z.string() }),
  source: z.enum(['solver', 'office']),
});

export const ZPlan = z.object({
  id: z.string(),
  cityId: z.string(),
  year: z.number().int(),
  season: z.number().int(),
  state: z.enum(PLAN_STATES),
  version: z.number().int(),
  computedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  towns: z.array(ZPlanTown),
  communities: z.array(z.object({ id: z.string(), name: z.string(), townId: z.string(), needs: z.array(z.string()) })),
  assignments: z.array(ZAssignment),
  /** Every rule the plan breaks now, hard ones first. */
  breaches: z.array(ZRuleBreach),
  abilities: z.object({ edit: z.boolean(), publish: z.boolean() }),
});

export const ZPlanSummary = ZPlan.pick({ id: true, cityId: true, year: true, season: true, state: true, version: true, computedAt: true, publishedAt: true }).extend({
  assignments: z.number().int(),
  coverage: z.number(),
  hardBreaches: z.number().int(),
  softBreaches: z.number().int(),
});

export const ZPlanComputeBody = z.strictObject({
  cityId: ZId.optional(),
  year: z.number().int().min(2000).max(2100),
  /** One season, or the whole year (each season follows the one before). */
  season: z.number().int().min(1).max(4).optional(),
  /** Seconds each town may take; the best plan found by then is kept, marked not proved optimal. */
  timeLimitSeconds: z.number().int().min(1).max(600).default(60),
});

export const ZPlanEditBody = z.strictObject({
  version: z.number().int().min(1),
  /** Moves a resource: remove one assignment and/or add one. */
  remove: z.array(ZId).max(50).default([]),
  add: z.array(z.strictObject({ communityId: ZId, role: z.enum(ROTATION_ROLES), resourceKind: z.enum(RESOURCE_KINDS), resourceId: ZId })).max(50).default([]),
  /** Check only: answer the breaches the edit would leave, change nothing. */
  dryRun: z.boolean().default(false),
});

export const ZPlanPublishBody = z.strictObject({ version: z.number().int().min(1) });

export const ZResourceCalendar = z.object({
  resource: z.object({ kind: z.enum(RESOURCE_KINDS), id: z.string(), name: z.string() }),
  year: z.number().int(),
  items: z.array(
    z.object({
      season: z.number().int(),
      role: z.enum(ROTATION_ROLES),
      roleName: z.string(),
      community: z.object({ id: z.string(), name: z.string() }),
      town: z.object({ id: z.string(), name: z.string() }),
      published: z.boolean(),
    }),
  ),
});

const ZByRole = z.object({ policyExplainer: z.number().int(), resourceLinker: z.number().int(), charityPromoter: z.number().int(), concernCollector: z.number().int() });
export const ZCoverage = z.object({
  cityId: z.string(),
  year: z.number().int(),
  seasons: z.array(z.object({ season: z.number().int(), state: z.enum(PLAN_STATES).nullable() })),
  towns: z.array(z.object({ id: z.string(), name: z.string(), seasons: z.array(z.object({ season: z.number().int(), communities: z.number().int(), fullyCovered: z.number().int(), share: z.number() })) })),
  communities: z.array(z.object({ id: z.string(), name: z.string(), townId: z.string(), seasons: z.array(z.object({ season: z.number().int(), rolesCovered: z.number().int(), byRole: ZByRole })) })),
});

export const ZPlanQuery = z.strictObject({ cityId: ZId.optional(), year: z.coerce.number().int().min(2000).max(2100), season: z.coerce.number().int().min(1).max(4) });
export const ZPlanIdParams = z.strictObject({ id: ZId });
export const ZResourceParams = z.strictObject({ kind: z.enum(RESOURCE_KINDS), id: ZId });
export const ZCommunityParams = z.strictObject({ communityId: ZId });
export const ZCommunityProfileQuery = z.strictObject({ cityId: ZId.optional(), townId: ZId.optional() });

export const ZPlanEditResult = z.object({ plan: ZPlan, dryRun: z.boolean(), newBreaches: z.array(ZRuleBreach), breachesAfter: z.array(ZRuleBreach) });
export const ZPlanPublishResult = z.object({ plan: ZPlan, assignees: z.number().int(), assigneesNotified: z.number().int(), notifications: z.number().int() });
export const ZPairingProposeResult = z.object({
  pairing: ZPairing,
  solver: z.object({ status: z.enum(TOWN_SOLVE_STATUSES), objective: z.number().nullable(), gap: z.number().nullable(), millis: z.number().int() }),
});
