/** The shared half of the departments module's manifest (member units and service departments): see contracts/module.ts. */
import { defineModuleContract } from './module.js';
import { REFERENCE_READERS } from './role-kinds.js';

export const departmentsContract = defineModuleContract({
  module: 'departments',
  permissions: {
    'department.read': { label: { zh: '查看成员单位', en: 'Read departments' }, write: false, holders: REFERENCE_READERS },
  },
  auditActions: {},
});
