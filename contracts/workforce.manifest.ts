/** The shared half of the workforce module's manifest (social workers, certified employees, rotation profiles): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const workforceContract = defineModuleContract({
  module: 'workforce',
  permissions: {
    /** The workforce list, a person's record and history, and the rotation profiles: the office city-wide, a town and its station their own town's. */
    'workforce.read': { label: { zh: '查看人才队伍', en: 'Read the workforce' }, write: false, holders: { officeAdmin: 'scope', townStaff: 'scope', stationOperator: 'scope', auditor: 'global' } },
    /** Add and change social workers and certified employees, and every resource's rotation profile. */
    'workforce.manage': { label: { zh: '管理人才队伍', en: 'Manage the workforce' }, write: true, holders: { officeAdmin: 'scope' } },
  },
  auditActions: {
    'workforce.create': { zh: '新增人才', en: 'Person added to the workforce' },
    'workforce.update': { zh: '修改人才信息', en: 'Workforce record changed' },
    'workforce.revealPersonalData': { zh: '查看人才个人信息明文', en: 'Workforce personal data revealed' },
    'workforce.profile': { zh: '修改轮值档案', en: 'Rotation profile changed' },
    'workforce.export': { zh: '导出人才队伍', en: 'Workforce exported' },
    'workforce.import': { zh: '导入人才队伍', en: 'Workforce imported' },
  },
});
