/** The shared half of the applications module's manifest (online registration and approval): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const applicationsContract = defineModuleContract({
  module: 'applications',
  permissions: {
    /** See applications and their case files within the grant's region. */
    'application.read': { label: { zh: '查看申请', en: 'Read applications' }, write: false, holders: { officeAdmin: 'scope', townStaff: 'scope', auditor: 'global' } },
    /** File an application as an applicant, for oneself or one's own organization. */
    'application.apply': { label: { zh: '提交申请', en: 'File an application' }, write: true, holders: { officeAdmin: 'scope', orgMember: 'global', applicant: 'global' } },
    /** The registration authority's acts: accept, send a one-time notice, decide. */
    'application.handle': { label: { zh: '办理申请', en: 'Handle applications' }, write: true, holders: { officeAdmin: 'scope' } },
    /** Give a department's opinion in a joint review, where the case awaits that department. */
    'application.review': { label: { zh: '联审意见', en: 'Give a review opinion' }, write: true, holders: { officeAdmin: 'scope', departmentStaff: 'scope' } },
    /** Change application types' promised time limits and review departments. */
    'application.manage': { label: { zh: '管理申办事项', en: 'Manage application types' }, write: true, holders: { officeAdmin: 'scope' } },
  },
  auditActions: {
    'application.revealPersonalData': { zh: '查看申请中的个人信息', en: 'Application personal data revealed' },
    'application.updateDraft': { zh: '修改申请草稿', en: 'Draft updated' },
    'application.settings': { zh: '修改申办事项设置', en: 'Application settings changed' },
    'application.checklist': { zh: '修改申办材料清单', en: 'Materials checklist changed' },
    'application.registrationRule': { zh: '修改注册资金规则', en: 'Registration rule changed' },
    'applicant.register': { zh: '申请人注册', en: 'Applicant registered' },
  },
});
