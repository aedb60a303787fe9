/** The shared half of the regions module's manifest (the region tree): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const regionsContract = defineModuleContract({
  module: 'regions',
  permissions: {
    /** The region tree is public reference data to those who file: an applicant or an org member picks the town and community of a domicile anywhere. */
    'region.read': { label: { zh: '查看区域', en: 'Read the region tree' }, write: false, holders: { platformAdmin: 'global', officeAdmin: 'scope', departmentStaff: 'city', townStaff: 'scope', stationOperator: 'scope', orgMember: 'global', applicant: 'global', socialWorker: 'scope', auditor: 'global' } },
    'region.manage': { label: { zh: '维护区域', en: 'Manage the region tree' }, write: true, holders: { platformAdmin: 'global', officeAdmin: 'scope' } },
  },
  auditActions: {
    'region.create': { zh: '新增区域', en: 'Region created' },
    'region.update': { zh: '修改区域', en: 'Region updated' },
    'region.move': { zh: '移动区域', en: 'Region moved' },
    'region.retire': { zh: '撤销区域', en: 'Region retired' },
    'region.restore': { zh: '恢复区域', en: 'Region restored' },
    'region.import': { zh: '导入区划代码', en: 'Division codes imported' },
  },
});
