import { z } from 'zod';
import { ROLES } from './roles.js';

export const ZLoginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});

export const ZChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, '请输入当前密码').max(256),
  newPassword: z.string().min(1, '请输入新密码').max(256),
});

export const ZGrant = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  roleName: z.string(),
  scopeType: z.enum(['global', 'region', 'department', 'org']),
  scopeId: z.string().nullable(),
  scopeName: z.string().nullable(),
});
export type Grant = z.infer<typeof ZGrant>;

export const ZMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
  grants: z.array(ZGrant),
  permissions: z.array(z.string()),
  /**
   * The permissions the caller holds over every department's records (a global or city-wide grant); any other
   * permission it holds reaches only its own departments' (the server's departmentReach). Pages pick their words
   * from this ("all projects" or "your department's") instead of re-deriving the rule from the grants.
   */
  wholeCity: z.array(z.string()),
});
export type Me = z.infer<typeof ZMe>;
