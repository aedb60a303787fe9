/** The shared half of the platform module's manifest (the kernel: sign-in, audit, calendar, cases, personal data): see contracts/module.ts. */
import { defineModuleContract } from './module.js';
import { REFERENCE_READERS } from './role-kinds.js';

export const platformContract = defineModuleContract({
  module: 'platform',
  permissions: {
    'audit.read': { label: { zh: '查看审计日志', en: 'Read the audit trail' }, write: false, holders: { platformAdmin: 'global', officeAdmin: 'scope', auditor: 'global' } },
    'audit.verify': { label: { zh: '校验审计链', en: 'Verify the audit chain' }, write: false, holders: { officeAdmin: 'scope', auditor: 'global' } },
    'calendar.read': { label: { zh: '查看工作日历', en: 'Read the working-day calendar' }, write: false, holders: REFERENCE_READERS },
    'calendar.manage': { label: { zh: '维护工作日历', en: 'Edit the working-day calendar' }, write: true, holders: { officeAdmin: 'scope' } },
    /** See a legal representative's ID number or a phone in clear; every use asks for a reason and is audited. */
    'pii.reveal': { label: { zh: '查看个人信息明文', en: 'Reveal personal data' }, write: true, holders: { officeAdmin: 'scope' } },
    /** Write a comment on a case one takes part in (the owner, or staff on the case), seen by everyone on it. Case access decides which cases: an org member or applicant their own; a department the cases it takes part in; town staff the applications of their town; a supervisor the projects the office assigned them (they talk with the provider and the office). Station operators, social workers and experts have no case to write on. */
    'case.comment': { label: { zh: '案件留言', en: 'Comment on a case' }, write: true, holders: { officeAdmin: 'scope', departmentStaff: 'scope', townStaff: 'scope', orgMember: 'global', applicant: 'global', supervisor: 'global' } },
    /** Write a staff-only note on a case one handles; owners never see these. Not a supervisor's: a contractor, not the office. */
    'case.commentInternal': { label: { zh: '案件内部备注', en: 'Staff note on a case' }, write: true, holders: { officeAdmin: 'scope', departmentStaff: 'scope', townStaff: 'scope' } },
    /** Attach a file to a case: the owner to their checklist, staff only in the states the case type declares (`attach.staff`), never to the owner's checklist items. Town staff: no files — the checklist is the applicant's; a supervisor's visits carry their findings. */
    'case.attach': { label: { zh: '上传案件材料', en: 'Attach a file to a case' }, write: true, holders: { officeAdmin: 'scope', departmentStaff: 'scope', orgMember: 'global', applicant: 'global' } },
  },
  auditActions: {
    'auth.login': { zh: '登录', en: 'Sign in' },
    'auth.loginFailed': { zh: '登录失败', en: 'Failed sign-in' },
    'auth.locked': { zh: '账号锁定', en: 'Account locked' },
    'auth.logout': { zh: '退出登录', en: 'Sign out' },
    'auth.passwordChanged': { zh: '修改密码', en: 'Password changed' },
    'auth.sessionExpired': { zh: '会话过期', en: 'Session expired' },
    'auth.smsCodeSent': { zh: '发送短信验证码', en: 'SMS code sent' },
    'auth.passwordReset': { zh: '短信找回密码', en: 'Password reset by SMS' },
    'request.denied': { zh: '拒绝访问', en: 'Request refused' },
    'calendar.setDay': { zh: '设置日历日', en: 'Calendar day set' },
    'calendar.clearDay': { zh: '恢复常规日', en: 'Calendar day cleared' },
    'calendar.importYear': { zh: '导入年度日历', en: 'Calendar year imported' },
    'case.create': { zh: '创建案件', en: 'Case opened' },
    'case.transition': { zh: '案件流转', en: 'Case moved' },
    'case.overdue': { zh: '案件超期', en: 'Case overdue' },
    'case.comment': { zh: '案件留言', en: 'Case comment' },
    'case.attach': { zh: '上传材料', en: 'File attached' },
    'audit.verify': { zh: '校验审计链', en: 'Audit chain verified' },
    'system.seed': { zh: '载入演示数据', en: 'Demo data loaded' },
  },
});
