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
});
export type Me = z.infer<typeof ZMe>;
