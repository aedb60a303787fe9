import { z } from 'zod';
import { ROLES } from './roles.js';
import { ZMobile } from './common.js';

/** A captcha's answer (platform/auth/captcha.ts), sent only when the previous answer asked for one. */
const captchaFields = {
  captchaId: z.uuid().optional(),
  captcha: z.string().trim().max(10).optional(),
};

export const ZLoginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
  ...captchaFields,
});

export { ZMobile } from './common.js';

/** What a code is for: registering, a password reset, or answering a station's residents' survey (issue 18 §2; no account). */
export const SMS_PURPOSES = ['register', 'resetPassword', 'survey'] as const;
export const ZSmsCode = z.string().trim().regex(/^\d{6}$/, '请输入 6 位短信验证码');

export const ZSmsCodeBody = z.strictObject({
  phone: ZMobile,
  purpose: z.enum(SMS_PURPOSES),
  ...captchaFields,
});

/** A code is on its way (or, for a reset of a number with no account, looks as if it were). */
export const ZSmsCodeSent = z.object({ cooldownSeconds: z.number().int(), expiresInSeconds: z.number().int() });

export const ZCaptcha = z.object({ captchaId: z.string(), svg: z.string(), expiresInSeconds: z.number().int() });

export const ZResetPasswordBody = z.strictObject({
  phone: ZMobile,
  smsCode: ZSmsCode,
  newPassword: z.string().min(1, '请输入新密码').max(256),
});

/** Online registration of an applicant: a mobile number proved by an SMS code, a name and a password. */
export const ZRegisterApplicantBody = z.strictObject({
  phone: ZMobile,
  smsCode: ZSmsCode,
  displayName: z.string().trim().min(2, '请填写姓名').max(30),
  password: z.string().min(1).max(128),
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
