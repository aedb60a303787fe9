import { z } from 'zod';
import { ZId as ZUuid, ZCursor, ZLimit } from './common.js';

/**
 * The 123X catalog: 1 core-leading project, 2 brand projects, 3 basic projects and X featured ones.
 * The tiers are fixed by the policy; the categories inside them are data a city edits.
 */
export const CATALOG_TIERS = ['core', 'brand', 'basic', 'featured'] as const;
export type CatalogTier = (typeof CATALOG_TIERS)[number];
export const CATALOG_TIER_NAMES: Record<CatalogTier, { zh: string; en: string }> = {
  core: { zh: '核心引领项目', en: 'Core-leading' },
  brand: { zh: '品牌项目', en: 'Brand' },
  basic: { zh: '基础项目', en: 'Basic' },
  featured: { zh: '特色项目', en: 'Featured' },
};

/** What a fund line pays for: professional social-work services, or cultivation awards and subsidies. */
export const FUND_LINE_PURPOSES = ['services', 'cultivation'] as const;
export type FundLinePurpose = (typeof FUND_LINE_PURPOSES)[number];
export const FUND_LINE_PURPOSE_NAMES: Record<FundLinePurpose, { zh: string; en: string }> = {
  services: { zh: '购买专业社会工作服务', en: 'Professional social-work services' },
  cultivation: { zh: '培育奖补', en: 'Cultivation awards and subsidies' },
};

/**
 * Every movement of money and what it does to an allocation's buckets (all in fen):
 * allocate — the allocation's budget grows (or shrinks, when negative) out of its line's unallocated budget;
 * reserve — approving a project sets its budget aside; release — gives a reservation back;
 * commit — a signed contract turns part of a reservation into a commitment; decommit — a commitment ends
 * unspent (closure below the contract value); pay — a payment draws on the commitment.
 */
export const FUND_MOVEMENT_KINDS = ['allocate', 'reserve', 'release', 'commit', 'decommit', 'pay'] as const;
export type FundMovementKind = (typeof FUND_MOVEMENT_KINDS)[number];
export const FUND_MOVEMENT_NAMES: Record<FundMovementKind, { zh: string; en: string }> = {
  allocate: { zh: '分配额度', en: 'Allocation' },
  reserve: { zh: '立项预留', en: 'Reserved' },
  release: { zh: '释放预留', en: 'Released' },
  commit: { zh: '合同占用', en: 'Committed' },
  decommit: { zh: '合同结余释放', en: 'Commitment released' },
  pay: { zh: '支付', en: 'Paid' },
};

const fen = z.number().int().min(0).max(1e13);
const fenSigned = z.number().int().min(-1e13).max(1e13);
const name = z.string().trim().min(1, { error: '不能为空' }).max(60, { error: '不能超过 60 个字' });

export const ZCatalogCategory = z.object({
  id: ZUuid,
  /** The city whose catalog it is. */
  cityId: ZUuid,
  code: z.string(),
  tier: z.enum(CATALOG_TIERS),
  tierName: z.string(),
  name: z.string(),
  description: z.string(),
  sortOrder: z.number().int(),
  retired: z.boolean(),
  version: z.number().int(),
});

/** A city's service domain (issue 16 §3): its key is the city and the code; the name is unique among the city's current ones. */
export const ZServiceDomain = z.object({ cityId: ZUuid, code: z.string(), name: z.string(), sortOrder: z.number().int(), retired: z.boolean() });

export const ZCatalog = z.object({ categories: z.array(ZCatalogCategory), domains: z.array(ZServiceDomain) });

export const ZCatalogQuery = z.strictObject({ cityId: ZUuid.optional() });
export const ZCatalogCategoryInput = z.strictObject({
  /** Required only of someone who manages several cities' catalogs (a platform administrator). */
  cityId: ZUuid.optional(),
  code: z.string().trim().regex(/^[a-z][a-zA-Z0-9.]{1,39}$/, { error: '编码须以小写字母开头，仅含字母、数字和点，2–40 位' }),
  tier: z.enum(CATALOG_TIERS),
  name,
  description: z.string().trim().max(500).default(''),
  sortOrder: z.number().int().min(0).max(9999).default(0),
});
export const ZCatalogCategoryPatch = z.strictObject({
  version: z.number().int().min(1),
  name: name.optional(),
  description: z.string().trim().max(500).optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  retired: z.boolean().optional(),
});

const domainName = z.string().trim().min(1, { error: '不能为空' }).max(30, { error: '不能超过 30 个字' });
const domainSortOrder = z.number().int().min(0).max(9999);
export const ZServiceDomainInput = z.strictObject({
  /** Required only of someone who manages several cities' catalogs (a platform administrator). */
  cityId: ZUuid.optional(),
  code: z.string().trim().regex(/^[a-z][a-zA-Z0-9]{1,39}$/, { error: '编码须以小写字母开头，仅含字母和数字，2–40 位' }),
  name: domainName,
  sortOrder: domainSortOrder.default(0),
});
/** A service domain is named by its city and code. */
export const ZServiceDomainParams = z.strictObject({ cityId: ZUuid, code: z.string().min(1).max(40) });
/**
 * A change to a domain. The table keeps no version: `expected` is the domain as the client last read it (name,
 * order, whether retired), and a domain that no longer reads so answers 409 conflict, as a stale version would.
 */
export const ZServiceDomainPatch = z.strictObject({
  expected: z.strictObject({ name: z.string(), sortOrder: z.number().int(), retired: z.boolean() }),
  name: domainName.optional(),
  sortOrder: domainSortOrder.optional(),
  retired: z.boolean().optional(),
});

/** The four buckets of an allocation or line, and what is left. */
const ZBuckets = z.object({
  budgetFen: z.number().int(),
  reservedFen: z.number().int(),
  committedFen: z.number().int(),
  paidFen: z.number().int(),
  /** budget − reserved − committed − paid: what new projects may still take. */
  availableFen: z.number().int(),
});

export const ZFundAllocation = ZBuckets.extend({
  id: ZUuid,
  lineId: ZUuid,
  departmentId: ZUuid,
  departmentName: z.string(),
  version: z.number().int(),
});

export const ZFundLine = ZBuckets.extend({
  id: ZUuid,
  code: z.string(),
  name: z.string(),
  purpose: z.enum(FUND_LINE_PURPOSES),
  purposeName: z.string(),
  /** Sum of the allocations' budgets; the rest of the line is not yet given to any department. */
  allocatedFen: z.number().int(),
  unallocatedFen: z.number().int(),
  version: z.number().int(),
  allocations: z.array(ZFundAllocation),
});

export const ZFund = z.object({
  id: ZUuid,
  /** The city whose fund it is. */
  cityId: ZUuid,
  year: z.number().int(),
  name: z.string(),
  totalFen: z.number().int(),
  linesBudgetFen: z.number().int(),
  reservedFen: z.number().int(),
  committedFen: z.number().int(),
  paidFen: z.number().int(),
  availableFen: z.number().int(),
  version: z.number().int(),
  /** `department`: the caller sees only their department's shares, and the totals are those shares' sums. */
  scope: z.enum(['city', 'department']),
  lines: z.array(ZFundLine),
});

export const ZFundSummary = ZFund.omit({ lines: true });

export const ZFundInput = z.strictObject({
  /** Required only of someone who manages several cities' funds (a platform administrator). */
  cityId: ZUuid.optional(),
  year: z.number().int().min(2000).max(2100),
  name,
  totalFen: fen.refine((v) => v > 0, { error: '总额须大于 0' }),
  lines: z
    .array(z.strictObject({ code: z.string().trim().regex(/^[a-z][a-zA-Z0-9]{1,29}$/, { error: '编码须以小写字母开头，仅含字母和数字' }), name, purpose: z.enum(FUND_LINE_PURPOSES), budgetFen: fen }))
    .max(20)
    .default([]),
});

export const ZFundLinePatch = z.strictObject({ version: z.number().int().min(1), name: name.optional(), budgetFen: fen.optional() });

export const ZAllocationInput = z.strictObject({
  departmentId: ZUuid,
  /** The allocation's new budget; the difference moves out of (or back into) the line's unallocated budget. */
  budgetFen: fen,
  /** The allocation's version when changing an existing one; omit to create. */
  version: z.number().int().min(1).optional(),
  note: z.string().trim().max(200).optional(),
});

export const ZFundMovement = z.object({
  id: ZUuid,
  seq: z.number().int(),
  kind: z.enum(FUND_MOVEMENT_KINDS),
  kindName: z.string(),
  amountFen: fenSigned,
  lineId: ZUuid,
  lineName: z.string(),
  allocationId: ZUuid,
  departmentName: z.string(),
  projectId: ZUuid.nullable(),
  projectTitle: z.string().nullable(),
  /** What the allocation (department) had available right after this movement. */
  allocationAvailableAfterFen: z.number().int(),
  /** What the line had left unspoken-for (budget − reserved − committed − paid) right after it. */
  lineAvailableAfterFen: z.number().int().nullable(),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const ZLedgerQuery = z.strictObject({
  lineId: ZUuid.optional(),
  departmentId: ZUuid.optional(),
  kind: z.enum(FUND_MOVEMENT_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZCursor,
});

export const ZFundQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional(), cityId: ZUuid.optional(), limit: ZLimit, cursor: ZCursor });

/** Sankey data: fund → line → department → project → paid. Values in fen. */
export const ZFundFlows = z.object({
  nodes: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['fund', 'line', 'department', 'project', 'paid', 'committed', 'reserved', 'available']) })),
  links: z.array(z.object({ source: z.string(), target: z.string(), valueFen: z.number().int() })),
});
