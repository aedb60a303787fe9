import { z } from 'zod';
import { ORG_TYPES, SERVICE_FIELDS } from './org-kinds.js';
import { ZId, ZCursor, ZMobile, ZResidentId } from './common.js';
import { ZCase } from './cases.js';
import { ZDate } from './calendar.js';
import { APPLICATION_KINDS, APPLICATION_STATES, SUPPLEMENT_OVERDUE_RULES, TEMPLATE_ITEMS } from './application-kinds.js';

export { APPLICATION_KINDS, APPLICATION_KIND_NAMES, APPLICATION_STATES, APPLICATION_STATE_NAMES, CHECKLISTS, FORM_FIELDS, SUPPLEMENT_OVERDUE_RULES, SUPPLEMENT_OVERDUE_RULE_NAMES, TEMPLATE_ITEMS } from './application-kinds.js';
export type { ApplicationKind, ApplicationState, SupplementOverdueRule, TemplateItem } from './application-kinds.js';

const ZName = z.string().trim().min(4, '名称至少 4 个字').max(50, '名称不超过 50 个字');

/** A new organization: establishment (registered) or filing (community-based, filed). */
export const ZEstablishmentForm = z.strictObject({
  name: ZName,
  type: z.enum(ORG_TYPES, { error: '请选择组织类型' }),
  townId: ZId,
  communityId: ZId.nullable().optional(),
  address: z.string().trim().min(4, '请填写住所').max(200),
  businessScope: z.string().trim().min(4, '请填写业务范围').max(500),
  serviceFields: z.array(z.enum(SERVICE_FIELDS)).min(1, '至少选择一个服务领域').max(8),
  supervisingUnitId: ZId.nullable().optional(),
  registeredCapitalFen: z.number().int().min(0).max(100_000_000_000),
  legalRepName: z.string().trim().min(2, '请填写法定代表人（负责人）姓名').max(30),
  legalRepIdNumber: ZResidentId,
  legalRepPhone: ZMobile,
  contactName: z.string().trim().max(30).nullable().optional(),
  contactPhone: ZMobile.nullable().optional(),
});
export type EstablishmentForm = z.infer<typeof ZEstablishmentForm>;

/** Fields of an existing org that a change application may set; the page shows them as a diff. */
export const ZChangeForm = z.strictObject({
  orgId: ZId,
  changes: z
    .strictObject({
      name: ZName.optional(),
      address: z.string().trim().min(4).max(200).optional(),
      businessScope: z.string().trim().min(4).max(500).optional(),
      serviceFields: z.array(z.enum(SERVICE_FIELDS)).min(1).max(8).optional(),
      supervisingUnitId: ZId.optional(),
      registeredCapitalFen: z.number().int().min(0).max(100_000_000_000).optional(),
      legalRepName: z.string().trim().min(2).max(30).optional(),
      legalRepIdNumber: ZResidentId.optional(),
      legalRepPhone: ZMobile.optional(),
      contactName: z.string().trim().max(30).optional(),
      contactPhone: ZMobile.optional(),
    })
    .refine((c) => Object.keys(c).length > 0, '请至少填写一项变更内容'),
  reason: z.string().trim().min(4, '请说明变更理由').max(500),
});
export type ChangeForm = z.infer<typeof ZChangeForm>;

export const ZDeregistrationForm = z.strictObject({
  orgId: ZId,
  reason: z.string().trim().min(4, '请说明注销理由').max(500),
  liquidationDone: z.literal(true, { error: '注销前须完成清算' }),
});

export const ZAnnualReportForm = z.strictObject({
  orgId: ZId,
  year: z.number().int().min(2000).max(2100),
  revenueFen: z.number().int().min(0),
  expenditureFen: z.number().int().min(0),
  activityCount: z.number().int().min(0).max(100_000),
  beneficiaryCount: z.number().int().min(0).max(10_000_000),
  staffCount: z.number().int().min(0).max(100_000),
  summary: z.string().trim().min(10, '请填写年度工作概述（至少 10 个字）').max(2000),
});

export const FORM_SCHEMAS = {
  establishment: ZEstablishmentForm,
  filing: ZEstablishmentForm,
  change: ZChangeForm,
  deregistration: ZDeregistrationForm,
  annualReport: ZAnnualReportForm,
} as const;

export const ZCreateApplicationBody = z.strictObject({
  kind: z.enum(APPLICATION_KINDS),
  /** A counter application: staff file on behalf of this person (who came to the window). */
  applicantName: z.string().trim().min(2).max(30).optional(),
  /** A draft may be incomplete; completeness is checked on submission. */
  form: z.record(z.string(), z.unknown()),
});
/** An applicant's answer to a notice item whose field or material is right as it is: why nothing changes. */
export const ZNoticeExplanation = z.strictObject({
  no: z.number().int().min(1).max(30),
  /** null takes an explanation back. */
  explanation: z.string().trim().min(4, '请说明无需修改的理由（至少 4 个字）').max(500, '说明不超过 500 个字').nullable(),
});
export const ZUpdateApplicationBody = z.strictObject({
  version: z.number().int().min(1),
  form: z.record(z.string(), z.unknown()),
  /** While a one-time notice is open: explanations for its items (by number). */
  explanations: z.array(ZNoticeExplanation).max(30).optional(),
});

/**
 * A one-time notice: every problem at once, each tied to one form field (its path, FORM_FIELDS) or one material
 * (its checklist key) — what the applicant must change, replace or explain before resubmitting.
 */
export const ZSupplementNoticeInput = z.strictObject({
  items: z
    .array(
      z
        .strictObject({
          item: z.string().max(64).nullable().optional(),
          field: z.string().max(64).nullable().optional(),
          problem: z.string().trim().min(2, '请写明问题').max(1000, '问题说明不超过 1000 个字'),
        })
        .refine((i) => !!i.item !== !!i.field, { message: '每一项须对应一个申请表字段或一项材料', path: ['field'] }),
    )
    .min(1, '一次性告知至少列出一项')
    .max(30),
});
export const ZOpinionInput = z.strictObject({ opinion: z.enum(['agree', 'disagree'], { error: '请选择同意或不同意' }) });

export const ZChecklistItem = z.object({ key: z.string(), name: z.string(), required: z.boolean(), provided: z.boolean() });

export const ZApplicationSummary = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  kindName: z.string(),
  title: z.string(),
  state: z.enum(APPLICATION_STATES),
  stateName: z.string(),
  outcome: z.string().nullable(),
  townName: z.string().nullable(),
  orgId: z.string().nullable(),
  applicantName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  promisedDueOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  workingDaysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  counter: z.boolean(),
  createdAt: z.string(),
  version: z.number().int(),
});

/** One item of a one-time notice and where the applicant stands with it. */
export const ZSupplementNoticeItem = z.object({
  no: z.number().int(),
  /** The material's checklist key, or null for a field item. */
  item: z.string().nullable(),
  /** The form field's path, or null for a material item. */
  field: z.string().nullable(),
  /** The field's or the material's name. */
  itemName: z.string().nullable(),
  problem: z.string(),
  /** changed: the field holds another value; replaced: a new file since the notice; explained: the applicant says why not. */
  answer: z.enum(['changed', 'replaced', 'explained']).nullable(),
  explanation: z.string().nullable(),
});
export const ZSupplementNotice = z.object({
  items: z.array(ZSupplementNoticeItem),
  sentAt: z.string(),
  open: z.boolean(),
  /** The 补正 deadline (working days on the official calendar from the notice), while it is open. */
  dueOn: z.string().nullable(),
  workingDaysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  /** What happens when the deadline passes (the kind's rule). */
  overdueRule: z.enum(SUPPLEMENT_OVERDUE_RULES),
  overdueRuleName: z.string(),
});

export const ZApplication = ZApplicationSummary.extend({
  /** The form as filed; personal data masked (an audited reveal shows it). */
  form: z.record(z.string(), z.unknown()),
  /** For a change: each field's current value in the registry and the value asked for. */
  diff: z.array(z.object({ field: z.string(), label: z.string(), before: z.unknown(), after: z.unknown() })).nullable(),
  checklist: z.array(ZChecklistItem),
  /** The latest one-time notice, while it is open or as history. */
  supplementNotice: ZSupplementNotice.nullable(),
  /** The decision once the case is closed: 准予 / 不予 with its reasons, or the withdrawal. */
  decision: z
    .object({
      outcome: z.enum(['approved', 'rejected', 'withdrawn', 'lapsed']),
      title: z.string(),
      text: z.string(),
      comment: z.string().nullable(),
      decidedAt: z.string(),
      decidedBy: z.string().nullable(),
    })
    .nullable(),
  reviewDepartments: z.array(z.object({ id: z.string(), name: z.string(), opinion: z.enum(['agree', 'disagree']).nullable(), comment: z.string().nullable(), answeredAt: z.string().nullable() })),
  case: ZCase,
  abilities: z.object({ edit: z.boolean() }),
});

export const ZApplicationListQuery = z.strictObject({
  kind: z.enum(APPLICATION_KINDS).optional(),
  orgId: ZId.optional(),
  state: z.enum(APPLICATION_STATES).optional(),
  townId: ZId.optional(),
  overdueOnly: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().min(1).max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: ZCursor,
});

/** Registration lives with sign-in (contracts/auth.ts): it needs the SMS code. */
export { ZRegisterApplicantBody } from './auth.js';

export const ZApplicationTypeSetting = z.object({
  /** The city whose setting it is (issue 16 §3: each city sets its own). */
  cityId: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  kindName: z.string(),
  promisedDays: z.number().int(),
  reviewDepartments: z.array(z.object({ id: z.string(), name: z.string() })),
  stateDays: z.object({ submitted: z.number().int().nullable(), reviewing: z.number().int().nullable(), deciding: z.number().int().nullable(), supplementRequested: z.number().int().nullable() }),
  supplementOverdue: z.enum(SUPPLEMENT_OVERDUE_RULES),
  supplementOverdueName: z.string(),
  /** The city's materials checklist for the kind, in order; retired items last (kept for applications that attached them). */
  checklist: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string(), required: z.boolean(), retired: z.boolean() })),
  /** Whether the checklist is still the platform's default (the city has not saved its own). */
  checklistIsDefault: z.boolean(),
  version: z.number().int(),
});
/** The settings of one city (of those the caller works in); without it, of each of them. */
export const ZApplicationSettingsQuery = z.strictObject({ cityId: ZId.optional() });
export const ZApplicationTypeSettingBody = z.strictObject({
  /** The city whose setting changes: needed only by someone who keeps several cities' settings. */
  cityId: ZId.optional(),
  version: z.number().int().min(1),
  promisedDays: z.number().int().min(1).max(120),
  reviewDepartmentIds: z.array(ZId).max(15),
  stateDays: z.strictObject({
    submitted: z.number().int().min(0).max(60),
    reviewing: z.number().int().min(0).max(60),
    deciding: z.number().int().min(0).max(60),
    /** The 补正 period in working days; unchanged when absent. */
    supplementRequested: z.number().int().min(1, '补正期限至少 1 个工作日').max(60).optional(),
  }),
  /** Unchanged when absent. */
  supplementOverdue: z.enum(SUPPLEMENT_OVERDUE_RULES).optional(),
});

/**
 * A city's whole materials checklist for a kind, in order. An item with a `key` is one the city has (a retired one
 * comes back); one without is new. Items the city has that are left out are retired: applications that attached them
 * still name them, and no new application is asked for them.
 */
export const ZApplicationChecklistBody = z.strictObject({
  /** The city whose checklist changes: needed only by someone who keeps several cities' settings. */
  cityId: ZId.optional(),
  /** The kind's settings version, as the settings list showed it. */
  version: z.number().int().min(1),
  items: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, '材料编码格式不正确').optional(),
        name: z.string().trim().min(1, '请填写材料名称').max(60, '材料名称不能超过 60 个字'),
        /** The English name for English requests; a new item without one uses its Chinese name. */
        nameEn: z.string().trim().min(1).max(120).optional(),
        required: z.boolean(),
      }),
    )
    .min(1, '材料清单至少要有一项')
    .max(30, '材料清单最多 30 项'),
});

/** A city's registration rule: the minimum registered capital of an organization type over a period (issue 16 §3). */
export const ZRegistrationRule = z.object({
  id: z.string(),
  cityId: z.string(),
  orgType: z.enum(ORG_TYPES),
  orgTypeName: z.string(),
  validFrom: z.string(),
  /** Null: open-ended. */
  validTo: z.string().nullable(),
  minCapitalFen: z.number().int(),
  refundOnProjectApproval: z.boolean(),
  /** The rule's basis as the applicant reads it when the capital is too low. */
  note: z.string(),
  /** Whether it applies to an establishment filed today. */
  inForce: z.boolean(),
  version: z.number().int(),
});
export const ZRegistrationRulesQuery = z.strictObject({ cityId: ZId.optional() });
const ZRegistrationRuleFields = {
  orgType: z.enum(ORG_TYPES, { error: '请选择组织类型' }),
  validFrom: ZDate,
  validTo: ZDate.nullable(),
  /** At most 10 亿元. */
  minCapitalFen: z.number({ error: '请填写最低注册资金' }).int('金额以分计，须为整数').min(0, '最低注册资金不能为负').max(100_000_000_000, '最低注册资金不超过 10 亿元'),
  refundOnProjectApproval: z.boolean(),
  note: z.string().trim().min(2, '请写明规则依据').max(200, '依据不超过 200 个字'),
};
/** A new rule; `cityId` only for someone who keeps several cities' settings. */
export const ZRegistrationRuleBody = z.strictObject({ cityId: ZId.optional(), ...ZRegistrationRuleFields });
/** A rule changed whole, against the version the caller saw. */
export const ZRegistrationRuleUpdate = z.strictObject({ version: z.number().int().min(1), ...ZRegistrationRuleFields });
export const ZRegistrationRuleDeleteQuery = z.strictObject({ version: z.coerce.number({ error: '缺少版本号' }).int().min(1) });

/** Whose 办事指南: a city's (GET /public/cities lists them); without it, the first city's. */
export const ZApplicationGuideQuery = z.strictObject({ cityId: ZId.optional() });
/** 办事指南: what a kind asks of the applicant, before the form — from the kind's settings (data per city). */
export const ZApplicationGuide = z.object({
  kind: z.enum(APPLICATION_KINDS),
  kindName: z.string(),
  conditions: z.array(z.string()),
  materials: z.array(z.object({ key: z.string(), name: z.string(), required: z.boolean(), templateUrl: z.string().nullable() })),
  promisedDays: z.number().int(),
  supplementDays: z.number().int().nullable(),
  supplementOverdueName: z.string(),
  fees: z.string(),
  legalBasis: z.array(z.string()),
  channel: z.string(),
  templates: z.array(z.object({ item: z.enum(TEMPLATE_ITEMS), name: z.string(), url: z.string() })),
});

export const ZSlaQuery = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
const ZSlaFigures = z.object({
  inProgress: z.number().int(),
  overdue: z.number().int(),
  completed: z.number().int(),
  /** Acceptance to completion, in working days; null without completed cases. */
  averageWorkingDays: z.number().nullable(),
  /** Completed on or before the promised date, as a share of completed (0–1); null without completed cases. */
  withinPromiseShare: z.number().nullable(),
});
export const ZSla = z.object({
  from: z.string(),
  to: z.string(),
  today: z.string(),
  byKind: z.array(ZSlaFigures.extend({ kind: z.enum(APPLICATION_KINDS), kindName: z.string(), promisedDays: z.number().int() })),
  byDepartment: z.array(
    z.object({
      departmentId: z.string(),
      departmentName: z.string(),
      pending: z.number().int(),
      overdue: z.number().int(),
      answered: z.number().int(),
      averageWorkingDays: z.number().nullable(),
    }),
  ),
  byState: z.array(z.object({ state: z.string(), stateName: z.string(), count: z.number().int() })),
});
