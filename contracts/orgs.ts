import { z } from 'zod';
import { ZCursor, ZId, ZLimit } from './common.js';
import { ZPortalCityCode, ZPortalCityQuery } from './portal.js';
import { EVALUATION_GRADES, PROJECT_STATES } from './projects.js';

import { ORG_GRADES, ORG_STATUSES, ORG_TYPES, SERVICE_FIELDS } from './org-kinds.js';
export { ORG_GRADES, ORG_STATUSES, ORG_TYPES, ORG_TYPE_NAMES, SERVICE_FIELDS } from './org-kinds.js';

const ZBoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZOrgListQuery = z.strictObject({
  q: z.string().trim().min(1).max(50).optional(),
  type: z.enum(ORG_TYPES).optional(),
  townId: ZId.optional(),
  /** The town by id, by its 9-digit code (330481101) or by its name (许村镇) — for links and scripts. */
  town: z.string().trim().min(1).max(50).optional(),
  serviceField: z.enum(SERVICE_FIELDS).optional(),
  status: z.enum(ORG_STATUSES).optional(),
  grade: z.enum(ORG_GRADES).optional(),
  includeInactive: ZBoolQuery.optional(),
  /** One city's organizations (404 outside the caller's cities), for those who read several (the auditor); else every city the caller reads. */
  cityId: ZId.optional(),
  limit: ZLimit,
  cursor: ZCursor,
});

/** The public directory: the staff directory's filters, and one city's organizations when it names one (`?city=330483`). */
export const ZPublicOrgQuery = ZOrgListQuery.omit({ cityId: true }).extend({ city: ZPortalCityCode.optional() });

/** The public directory's town filter: the towns of one city when it names one. */
export const ZDirectoryTownsQuery = ZPortalCityQuery;

/** The Excel export takes the directory's filters and always returns every matching row. */
export const ZOrgExportQuery = ZOrgListQuery.omit({ limit: true, cursor: true });

/** Router paths stop at 100 characters (Fastify's maxParamLength); the schema says so too. */
export const ZCreditCodeParams = z.strictObject({ code: z.string().max(100) });

/** GB 32100-2015 check of a unified social credit code; `message` is in the caller's language. */
export const ZCreditCodeCheck = z.object({
  valid: z.boolean(),
  /** 1-based position of the character to blame, when there is one. */
  position: z.number().int().optional(),
  /** The check character that belongs at `position` (17: organization-code check, 18: the code's own). */
  expectedCheck: z.string().optional(),
  message: z.string().optional(),
});

/** What anyone may see, signed in or not. */
export const ZPublicOrg = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  type: z.enum(ORG_TYPES),
  typeName: z.string(),
  registration: z.enum(['registered', 'filed']),
  townName: z.string(),
  communityName: z.string().nullable(),
  address: z.string(),
  businessScope: z.string(),
  serviceFields: z.array(z.string()),
  status: z.enum(ORG_STATUSES),
  grade: z.enum(ORG_GRADES).nullable(),
  gradeValidUntil: z.string().nullable(),
  foundedOn: z.string(),
});

/**
 * A page of the public directory. The first page (no cursor) counts the matches — up to 1,000, then
 * `totalCapped` — and later pages answer `total: null` (the web keeps the first page's).
 */
export const ZPublicOrgPage = z.object({
  items: z.array(ZPublicOrg),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable(),
  totalCapped: z.boolean(),
});

/** The public directory's town filter: towns with organizations in existence, by code. */
export const ZDirectoryTowns = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), code: z.string() })) });

/** Staff view: personal data masked unless the caller revealed it (a separate, audited call). */
export const ZOrg = ZPublicOrg.extend({
  townId: z.string(),
  communityId: z.string().nullable(),
  supervisingUnit: z.string().nullable(),
  registeredCapitalFen: z.number().int(),
  legalRepName: z.string(),
  legalRepIdNumber: z.string().nullable(),
  legalRepPhone: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  hasPartyOrg: z.boolean(),
  socialWorkerCount: z.number().int(),
  version: z.number().int(),
  abilities: z.object({ revealPersonalData: z.boolean() }),
});

/**
 * A row of the staff directory: what the list shows and filters on. The address, business scope, money
 * and (masked) personal data are on the detail: a page of 50 full records was ~46 KB, and writing it was a
 * third of the server's time per page.
 */
export const ZOrgListItem = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  type: z.enum(ORG_TYPES),
  typeName: z.string(),
  registration: z.enum(['registered', 'filed']),
  townId: z.string(),
  townName: z.string(),
  communityName: z.string().nullable(),
  serviceFields: z.array(z.string()),
  status: z.enum(ORG_STATUSES),
  grade: z.enum(ORG_GRADES).nullable(),
  gradeValidUntil: z.string().nullable(),
  foundedOn: z.string(),
  legalRepName: z.string(),
  hasPartyOrg: z.boolean(),
  socialWorkerCount: z.number().int(),
});

/** A final evaluation as it stands on the provider's record: the grade, its zh-CN name, the total score, the day. */
export const ZOrgProjectEvaluation = z.object({
  grade: z.enum(EVALUATION_GRADES),
  /** 优秀 / 良好 / 合格 / 不合格 */
  gradeName: z.string(),
  /** The total on the evaluation standard (out of 100). */
  total: z.number().int(),
  evaluatedOn: z.string(),
});

/** One purchased service project the organization was awarded (as provider). */
export const ZOrgProject = z.object({
  id: ZId,
  number: z.string(),
  title: z.string(),
  year: z.number().int(),
  departmentName: z.string(),
  state: z.enum(PROJECT_STATES),
  stateName: z.string(),
  /** Null while awarded but not yet signed. */
  contractNumber: z.string().nullable(),
  contractValueFen: z.number().int().nullable(),
  /** Paid to the provider so far, from the fund ledger. */
  paidFen: z.number().int(),
  /** The final evaluation; null until the project has been evaluated. */
  evaluation: ZOrgProjectEvaluation.nullable(),
  /**
   * The page this caller may open for the project: the project file (`project`, /projects/:id — the office,
   * auditors, the buying department, the provider's members), else its public page (`public`,
   * /open/projects/:id: every project once approved, including one cancelled later).
   */
  opens: z.enum(['project', 'public']),
});

/**
 * GET /orgs/:id/projects — the organization's record of purchased service projects, newest year first (then the
 * higher case number), in keyset pages; the summary covers every project, whichever page it comes with.
 */
export const ZOrgProjectRecord = z.object({
  summary: z.object({
    projectCount: z.number().int(),
    evaluatedCount: z.number().int(),
    contractValueFen: z.number().int(),
    paidFen: z.number().int(),
    byGrade: z.object({ excellent: z.number().int(), good: z.number().int(), pass: z.number().int(), fail: z.number().int() }),
    /** The most recent final evaluation (latest date; the later project on the same day), with the page its project opens for this caller. */
    latest: ZOrgProjectEvaluation.extend({ projectId: ZId, title: z.string(), opens: ZOrgProject.shape.opens }).nullable(),
  }),
  items: z.array(ZOrgProject),
  nextCursor: z.string().nullable(),
});

export const ZRevealBody = z.strictObject({
  fields: z.array(z.enum(['legalRepIdNumber', 'legalRepPhone', 'contactPhone'])).min(1).max(3),
  reason: z.string().trim().min(4, '请说明查看理由（至少 4 个字）').max(200),
});
export const ZRevealResult = z.object({
  legalRepIdNumber: z.string().nullable().optional(),
  legalRepPhone: z.string().nullable().optional(),
  contactPhone: z.string().nullable().optional(),
});

export const ZOrgImport = z.object({
  id: z.string(),
  status: z.enum(['validating', 'validated', 'importing', 'completed', 'failed']),
  mode: z.enum(['validOnly', 'allOrNothing']).nullable(),
  fileName: z.string(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  unchangedRows: z.number().int(),
  /** Rows of organizations already in the registry whose directory data (服务领域, 联系人, 评估等级 …) differ: updated on import. */
  changedRows: z.number().int(),
  importedRows: z.number().int(),
  updatedRows: z.number().int(),
  report: z.array(z.object({ row: z.number().int(), issues: z.array(z.object({ column: z.string(), message: z.string() })) })),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  version: z.number().int(),
});
export const ZRunImportBody = z.strictObject({ mode: z.enum(['validOnly', 'allOrNothing']), version: z.number().int().min(1) });

/*
 * The organization's accounts (组织账号): the people who act for it (role_grants' orgMember) and its contact person
 * (联系人), who manages them with the registration authority. `version` is the accounts' own (0 before any were
 * opened), checked on every change so that two people editing the list at once do not overwrite each other.
 */
export const ZOrgMember = z.object({
  userId: z.string(),
  displayName: z.string(),
  /** Masked (138****2210); null for an account without a phone. */
  phone: z.string().nullable(),
  isContact: z.boolean(),
  grantedAt: z.string(),
  status: z.enum(['active', 'disabled']),
});
export type OrgMember = z.infer<typeof ZOrgMember>;

export const ZOrgAccounts = z.object({
  orgId: z.string(),
  orgName: z.string(),
  members: z.array(ZOrgMember),
  contactUserId: z.string().nullable(),
  version: z.number().int(),
  abilities: z.object({
    /** Add a member by phone (开通组织账号 when there is none yet). */
    add: z.boolean(),
    /** Remove a member who is not the contact person. */
    remove: z.boolean(),
    /** Hand the contact role to another member. */
    transferContact: z.boolean(),
  }),
});
export type OrgAccounts = z.infer<typeof ZOrgAccounts>;

const ZAccountsVersion = z.number({ error: '缺少版本号' }).int().min(0);
const ZMemberPhone = z
  .string({ error: '请填写手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号');
export const ZAddOrgMemberBody = z.strictObject({ phone: ZMemberPhone, version: ZAccountsVersion });
export const ZOrgMemberParams = z.strictObject({ id: ZId, userId: ZId });
export const ZRemoveOrgMemberQuery = z.strictObject({ version: z.coerce.number({ error: '缺少版本号' }).int().min(0) });
export const ZTransferContactBody = z.strictObject({ userId: ZId, version: ZAccountsVersion });

/** The organizations the caller acts for (the header, the 本组织 page). */
export const ZMyOrg = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(ORG_STATUSES),
  isContact: z.boolean(),
});
export const ZMyOrgs = z.object({ items: z.array(ZMyOrg) });
export type MyOrg = z.infer<typeof ZMyOrg>;
