import { z } from 'zod';
import { ZCursor, ZId, ZMobile, ZResidentId } from './common.js';

/*
 * The workforce of grid service (issue 17 §1): professional social workers (社工) and certified employees of
 * government bodies (机关事业单位持证人员), each one city's, and the rotation profile every resource — an
 * organization of the registry, a social worker, a certified employee — carries into the four-season rotation.
 */

export const WORKER_KINDS = ['socialWorker', 'certifiedEmployee'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];
export const WORKER_KIND_NAMES: Record<WorkerKind, { zh: string; en: string }> = {
  socialWorker: { zh: '专业社工', en: 'Social worker' },
  certifiedEmployee: { zh: '机关事业单位持证人员', en: 'Certified public employee' },
};

export const CERTIFICATE_LEVELS = ['assistant', 'intermediate', 'senior'] as const;
export type CertificateLevel = (typeof CERTIFICATE_LEVELS)[number];
export const CERTIFICATE_LEVEL_NAMES: Record<CertificateLevel, { zh: string; en: string }> = {
  assistant: { zh: '助理社会工作师', en: 'Assistant social worker' },
  intermediate: { zh: '社会工作师', en: 'Social worker (intermediate)' },
  senior: { zh: '高级社会工作师', en: 'Senior social worker' },
};

export const WORKER_STATUSES = ['active', 'paused', 'left'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];
export const WORKER_STATUS_NAMES: Record<WorkerStatus, { zh: string; en: string }> = {
  active: { zh: '在岗', en: 'Active' },
  paused: { zh: '暂停轮值', en: 'Paused' },
  left: { zh: '已离开', en: 'Left' },
};

/** The four roles of 三社共建·四季轮值. */
export const ROTATION_ROLES = ['policyExplainer', 'resourceLinker', 'charityPromoter', 'concernCollector'] as const;
export type RotationRole = (typeof ROTATION_ROLES)[number];
export const ROTATION_ROLE_NAMES: Record<RotationRole, { zh: string; en: string }> = {
  policyExplainer: { zh: '政策宣传者', en: 'Policy explainer' },
  resourceLinker: { zh: '资源链接者', en: 'Resource linker' },
  charityPromoter: { zh: '公益倡导者', en: 'Charity promoter' },
  concernCollector: { zh: '民情收集者', en: 'Concern collector' },
};

/** What takes part in the rotation: an organization of the registry or a person of the workforce. */
export const RESOURCE_KINDS = ['org', ...WORKER_KINDS] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const SEASONS = [1, 2, 3, 4] as const;

export const ZWorker = z.object({
  id: z.string(),
  cityId: z.string(),
  kind: z.enum(WORKER_KINDS),
  kindName: z.string(),
  name: z.string(),
  gender: z.enum(['female', 'male']).nullable(),
  /** Masked (330481********1234) unless revealed through the audited reveal. */
  idNumber: z.string(),
  phone: z.string().nullable(),
  certificateLevel: z.enum(CERTIFICATE_LEVELS).nullable(),
  certificateLevelName: z.string().nullable(),
  certificateNo: z.string().nullable(),
  /** A social worker's employer: an organization of the registry (a station's operator, an agency). */
  employerOrg: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** A certified employee's department or body. */
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  homeTown: z.object({ id: z.string(), name: z.string() }),
  /** Codes of the city's service domains, with their names. */
  serviceDomains: z.array(z.object({ code: z.string(), name: z.string() })),
  status: z.enum(WORKER_STATUSES),
  statusName: z.string(),
  note: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  abilities: z.object({ edit: z.boolean(), reveal: z.boolean() }),
});

export const ZWorkerListQuery = z.strictObject({
  cityId: ZId.optional(),
  kind: z.enum(WORKER_KINDS).optional(),
  townId: ZId.optional(),
  certificateLevel: z.enum(CERTIFICATE_LEVELS).optional(),
  status: z.enum(WORKER_STATUSES).optional(),
  domain: z.string().max(40).optional(),
  /** A name, a certificate number, or the last four digits of the phone. */
  q: z.string().trim().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: ZCursor,
});

/** The export: the list's filters, every matching person. */
export const ZWorkerExportQuery = ZWorkerListQuery.omit({ limit: true, cursor: true });

const name = z.string().trim().min(2, '姓名至少 2 个字').max(30, '姓名不超过 30 个字');
const idNumber = ZResidentId;
const phone = ZMobile;
const certificateNo = z.string().trim().min(4, '证书编号至少 4 位').max(40, '证书编号不超过 40 位').nullable();
const domains = z.array(z.string().max(40)).max(16, '服务领域最多 16 个');
const note = z.string().trim().max(500, '备注不超过 500 个字').nullable();

/** A new person of the workforce; `cityId` only for someone who keeps several cities. */
export const ZWorkerInput = z.strictObject({
  cityId: ZId.optional(),
  kind: z.enum(WORKER_KINDS, { error: '请选择人员类别' }),
  name,
  gender: z.enum(['female', 'male']).nullable().default(null),
  idNumber,
  phone: phone.nullable().default(null),
  certificateLevel: z.enum(CERTIFICATE_LEVELS).nullable(),
  certificateNo: certificateNo.default(null),
  employerOrgId: ZId.nullable().default(null),
  departmentId: ZId.nullable().default(null),
  homeTownId: ZId,
  serviceDomains: domains.default([]),
  status: z.enum(WORKER_STATUSES).default('active'),
  note: note.default(null),
});

/** A change: only the fields sent change, checked against the version the caller saw. */
export const ZWorkerPatch = z.strictObject({
  version: z.number().int().min(1),
  name: name.optional(),
  gender: z.enum(['female', 'male']).nullable().optional(),
  idNumber: idNumber.optional(),
  phone: phone.nullable().optional(),
  certificateLevel: z.enum(CERTIFICATE_LEVELS).nullable().optional(),
  certificateNo: certificateNo.optional(),
  employerOrgId: ZId.nullable().optional(),
  departmentId: ZId.nullable().optional(),
  homeTownId: ZId.optional(),
  serviceDomains: domains.optional(),
  status: z.enum(WORKER_STATUSES).optional(),
  note: note.optional(),
});

export const ZWorkerRevealBody = z.strictObject({
  fields: z.array(z.enum(['idNumber', 'phone'])).min(1).max(2),
  reason: z.string().trim().min(2, '请写明查看原因').max(200),
});

/** A resource's rotation profile: what the solver may ask of it. */
export const ZRotationProfile = z.object({
  resourceKind: z.enum(RESOURCE_KINDS),
  resourceId: z.string(),
  resourceName: z.string(),
  cityId: z.string(),
  serviceDomains: z.array(z.object({ code: z.string(), name: z.string() })),
  homeTown: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Seasons (1–4) it can serve. */
  seasons: z.array(z.number().int()),
  /** Communities per season. */
  capacity: z.number().int(),
  roles: z.array(z.enum(ROTATION_ROLES)),
  active: z.boolean(),
  /** 0 while the resource has no profile yet (the defaults are shown). */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});

export const ZRotationProfileParams = z.strictObject({ kind: z.enum(RESOURCE_KINDS), id: ZId });
export const ZRotationProfileBody = z.strictObject({
  /** 0 to make the first profile. */
  version: z.number().int().min(0),
  serviceDomains: domains,
  homeTownId: ZId.nullable(),
  seasons: z
    .array(z.number().int().min(1, '季度为 1–4').max(4, '季度为 1–4'))
    .min(1, '至少选择一个可服务的季度')
    .max(4)
    .refine((s) => new Set(s).size === s.length, '季度重复'),
  capacity: z.number().int().min(1, '每季至少服务 1 个村社').max(20, '每季最多服务 20 个村社'),
  roles: z
    .array(z.enum(ROTATION_ROLES))
    .min(1, '至少选择一个角色')
    .max(4)
    .refine((r) => new Set(r).size === r.length, '角色重复'),
  active: z.boolean(),
});

const ZBoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
/** An import: a dry run unless apply=true; with apply=true any refused row answers 422 and changes nothing, unless skipInvalid=true. */
export const ZWorkerImportQuery = z.strictObject({ cityId: ZId.optional(), apply: ZBoolQuery.optional(), skipInvalid: ZBoolQuery.optional() });
export const ZWorkerImportReport = z.object({
  applied: z.boolean(),
  rows: z.number().int(),
  counts: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), invalid: z.number().int() }),
  /** What the import adds or changes (the first 2,000): the row, the person, and the fields that change. */
  changes: z.array(z.object({ row: z.number().int(), name: z.string(), action: z.enum(['create', 'update']), fields: z.array(z.string()) })),
  /** Rows refused, with their row number in the file and every reason (the first 2,000). */
  errors: z.array(z.object({ row: z.number().int(), name: z.string(), message: z.string() })),
});
