/** The shared half of the funds module's manifest (special funds and their ledger): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const fundsContract = defineModuleContract({
  module: 'funds',
  permissions: {
    /** See special funds, their lines, allocations and ledger (a department: its own allocations). */
    'fund.read': { label: { zh: '查看专项经费', en: 'Read special funds' }, write: false, holders: { officeAdmin: 'scope', departmentStaff: 'scope', auditor: 'global' } },
    /** Set up a year's fund, its lines and the departments' allocations. */
    'fund.manage': { label: { zh: '管理专项经费', en: 'Manage special funds' }, write: true, holders: { officeAdmin: 'scope' } },
  },
  auditActions: {
    'fund.create': { zh: '设立专项经费', en: 'Fund set up' },
    'fund.updateLine': { zh: '调整经费科目', en: 'Fund line changed' },
    'fund.move': { zh: '经费变动', en: 'Fund movement' },
  },
});
