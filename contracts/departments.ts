import { z } from 'zod';
import { ZId } from './common.js';

export const DEPARTMENT_KINDS = ['party', 'government', 'massOrg', 'other'] as const;
export const DEPARTMENT_KIND_NAMES: Record<(typeof DEPARTMENT_KINDS)[number], { zh: string; en: string }> = {
  party: { zh: '党委部门', en: 'Party committee body' },
  government: { zh: '政府部门', en: 'Government department' },
  massOrg: { zh: '群团组织', en: 'Mass organization' },
  other: { zh: '其他单位', en: 'Other body' },
};

/** A member unit of the Social Work Committee or a service department, as every picker lists it. Each is one city's. */
export const ZDepartment = z.object({
  id: z.string(),
  cityId: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(DEPARTMENT_KINDS),
  isMemberUnit: z.boolean(),
  isServiceDepartment: z.boolean(),
  sortOrder: z.number().int(),
  retired: z.boolean(),
  version: z.number().int(),
});
export type Department = z.infer<typeof ZDepartment>;

export const ZDepartmentQuery = z.strictObject({
  /** One city's departments (404 outside the caller's reach); without it, every city the caller works in. */
  cityId: ZId.optional(),
  /** The settings page lists retired departments too, to restore one. */
  includeRetired: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

const name = z.string().trim().min(2, { error: '名称至少 2 个字' }).max(60, { error: '名称不超过 60 个字' });
const shortName = z.string().trim().min(1, { error: '请填写简称' }).max(20, { error: '简称不超过 20 个字' });

export const ZDepartmentInput = z.strictObject({
  /** Required only of someone who manages several cities (a platform administrator). */
  cityId: ZId.optional(),
  name,
  shortName,
  kind: z.enum(DEPARTMENT_KINDS, { error: '请选择单位类别' }),
  isMemberUnit: z.boolean().default(true),
  isServiceDepartment: z.boolean().default(false),
  sortOrder: z.number().int().min(0).max(9999).default(0),
});

export const ZDepartmentPatch = z.strictObject({
  version: z.number().int().min(1),
  name: name.optional(),
  shortName: shortName.optional(),
  kind: z.enum(DEPARTMENT_KINDS).optional(),
  isMemberUnit: z.boolean().optional(),
  isServiceDepartment: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  /** Retire (true) or restore (false): a retired department leaves every picker and keeps its history. */
  retired: z.boolean().optional(),
});
