import { z } from 'zod';
import { ROLES } from './roles.js';
import { ZGrant } from './auth.js';
import { ZCursor, ZId, ZLimit } from './common.js';

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled', 'locked']),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(ZGrant),
  version: z.number().int(),
  abilities: z.object({ update: z.boolean(), disable: z.boolean(), enable: z.boolean(), resetPassword: z.boolean(), grant: z.boolean() }),
  /** In the list, on a user who registered with a mobile number (an applicant): that number, masked (138****0001). */
  phoneMasked: z.string().optional(),
});
export type User = z.infer<typeof ZUser>;

/** A role on its scope: a region, a department, or — for 社会组织成员 — the organization (orgId). */
export const ZGrantInput = z.strictObject({ role: z.enum(ROLES, { error: '请选择角色' }), regionId: ZId.optional(), departmentId: ZId.optional(), orgId: ZId.optional() });
export type GrantInput = z.infer<typeof ZGrantInput>;

const ZUsername = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字、下划线、点或短横线');
const ZDisplayName = z.string().trim().min(1, '请填写姓名').max(40, '姓名最多 40 个字');

export const ZUserListQuery = z.strictObject({ q: z.string().trim().max(40).optional(), status: z.enum(['active', 'disabled']).optional(), limit: ZLimit, cursor: ZCursor });
export const ZCreateUserBody = z.strictObject({
  username: ZUsername,
  displayName: ZDisplayName,
  password: z.string().min(1, '请填写初始密码').max(128),
  grants: z.array(ZGrantInput).max(10).default([]),
});
export const ZUpdateUserBody = z.strictObject({ version: z.number().int().min(1), displayName: ZDisplayName });
export const ZVersionBody = z.strictObject({ version: z.number().int().min(1) });
export const ZResetPasswordBody = z.strictObject({ password: z.string().min(1, '请填写新密码').max(128) });
export const ZUserGrantParams = z.strictObject({ id: ZId, grantId: ZId });
