/** The shared half of the orgs module's manifest (the registry of social organizations): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const orgsContract = defineModuleContract({
  module: 'orgs',
  permissions: {
    'org.read': { label: { zh: '查看社会组织', en: 'Read the registry' }, write: false, holders: { officeAdmin: 'scope', departmentStaff: 'city', townStaff: 'scope', stationOperator: 'scope', socialWorker: 'scope', auditor: 'global' } },
    /** Import organizations from Excel into the registry. */
    'org.import': { label: { zh: '导入社会组织', en: 'Import organizations' }, write: true, holders: { officeAdmin: 'scope' } },
    /**
     * An organization's accounts (组织账号): the registration authority over the org's region, and the org's own
     * members — of whom only the contact person (联系人) may change them; the use case decides which org and who.
     */
    'org.members': { label: { zh: '管理组织账号', en: 'Manage organization accounts' }, write: true, holders: { officeAdmin: 'scope', orgMember: 'scope' } },
  },
  auditActions: {
    'org.revealPersonalData': { zh: '查看个人信息明文', en: 'Personal data revealed' },
    'org.export': { zh: '导出社会组织名录', en: 'Registry exported' },
    'org.create': { zh: '新增社会组织', en: 'Organization registered' },
    'org.update': { zh: '变更社会组织登记事项', en: 'Organization changed' },
    'org.deregister': { zh: '注销社会组织', en: 'Organization deregistered' },
    'org.import': { zh: '导入社会组织', en: 'Organizations imported' },
    'org.addMember': { zh: '开通组织账号', en: 'Organization account granted' },
    'org.removeMember': { zh: '收回组织账号', en: 'Organization account revoked' },
    'org.transferContact': { zh: '转交组织联系人', en: 'Contact person handed over' },
  },
});
