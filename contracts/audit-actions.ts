/** The catalogue of audit actions: every audit event names one, and the UI shows its name. */
export const AUDIT_ACTIONS = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.loginFailed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.locked': { zh: '账号锁定', en: 'Account locked' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.passwordChanged': { zh: '修改密码', en: 'Password changed' },
  'auth.sessionExpired': { zh: '会话过期', en: 'Session expired' },
  'request.denied': { zh: '拒绝访问', en: 'Request refused' },
  'region.create': { zh: '新增区域', en: 'Region created' },
  'region.update': { zh: '修改区域', en: 'Region updated' },
  'region.move': { zh: '移动区域', en: 'Region moved' },
  'region.retire': { zh: '撤销区域', en: 'Region retired' },
  'region.restore': { zh: '恢复区域', en: 'Region restored' },
  'user.create': { zh: '新建用户', en: 'User created' },
  'user.update': { zh: '修改用户', en: 'User updated' },
  'user.disable': { zh: '停用用户', en: 'User disabled' },
  'user.enable': { zh: '启用用户', en: 'User enabled' },
  'user.resetPassword': { zh: '重置密码', en: 'Password reset' },
  'user.grantRole': { zh: '授予角色', en: 'Role granted' },
  'user.revokeRole': { zh: '收回角色', en: 'Role revoked' },
  'calendar.setDay': { zh: '设置日历日', en: 'Calendar day set' },
  'calendar.clearDay': { zh: '恢复常规日', en: 'Calendar day cleared' },
  'calendar.importYear': { zh: '导入年度日历', en: 'Calendar year imported' },
  'audit.verify': { zh: '校验审计链', en: 'Audit chain verified' },
  'system.seed': { zh: '载入演示数据', en: 'Demo data loaded' },
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
