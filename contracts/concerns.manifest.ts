/** The shared half of the concerns module's manifest (residents' concerns, 民情, issue 17 §4): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const concernsContract = defineModuleContract({
  module: 'concerns',
  permissions: {
    /** The concern list, a concern's file and history: the office city-wide, a town and its station their town, a social worker their grids. */
    'concern.read': {
      label: { zh: '查看民情', en: 'Read residents’ concerns' },
      write: false,
      holders: { officeAdmin: 'scope', townStaff: 'scope', stationOperator: 'scope', socialWorker: 'scope', departmentStaff: 'scope', auditor: 'global' },
    },
    /** Record a concern collected in a grid (the concern collector's work) or at the counter. */
    'concern.raise': { label: { zh: '登记民情', en: 'Record a concern' }, write: true, holders: { officeAdmin: 'scope', townStaff: 'scope', stationOperator: 'scope', socialWorker: 'scope' } },
    /**
     * Accept, handle, reply, transfer, merge and close: the town (its staff and its station) and the office over the
     * concern's place; a department only the concerns routed to it (through the case's department assignment).
     */
    'concern.handle': { label: { zh: '办理民情', en: 'Handle concerns' }, write: true, holders: { officeAdmin: 'scope', townStaff: 'scope', stationOperator: 'scope', departmentStaff: 'scope' } },
    /** Oversee overdue concerns (超期督办): the level above the town — the city's office. */
    'concern.supervise': { label: { zh: '民情超期督办', en: 'Oversee overdue concerns' }, write: true, holders: { officeAdmin: 'scope' } },
    /** The city's categories, routing rules and Open311 keys. */
    'concern.manage': { label: { zh: '管理民情分类与分派规则', en: 'Manage concern categories and routing' }, write: true, holders: { officeAdmin: 'scope' } },
  },
  auditActions: {
    'concern.raise': { zh: '登记民情', en: 'Concern recorded' },
    'concern.photo': { zh: '添加民情照片', en: 'Concern photo added' },
    'concern.escalate': { zh: '民情超期督办', en: 'Overdue concern escalated' },
    'concern.category': { zh: '修改民情分类', en: 'Concern category changed' },
    'concern.routingRule': { zh: '修改民情分派规则', en: 'Concern routing rule changed' },
    'concern.apiKey': { zh: '签发或停用 Open311 密钥', en: 'Open311 key issued or revoked' },
  },
});
