/** The shared half of the departments module's manifest (member units and service departments): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const departmentsContract = defineModuleContract({
  module: 'departments',
  permissions: {
    /**
     * Departments are a city's: whoever works in a city (its office, towns, departments, stations, social workers)
     * reads that city's; those who file or are assigned (applicants, members, experts, supervisors, auditors) read
     * every city's, each department named with its city.
     */
    'department.read': {
      label: { zh: '查看成员单位', en: 'Read departments' },
      write: false,
      holders: { platformAdmin: 'global', officeAdmin: 'scope', departmentStaff: 'city', townStaff: 'scope', stationOperator: 'scope', orgMember: 'global', applicant: 'global', socialWorker: 'scope', evaluator: 'global', supervisor: 'global', auditor: 'global' },
    },
    'department.manage': { label: { zh: '维护成员单位', en: 'Manage departments' }, write: true, holders: { platformAdmin: 'global', officeAdmin: 'scope' } },
  },
  auditActions: {
    'department.create': { zh: '新增成员单位', en: 'Department created' },
    'department.update': { zh: '修改成员单位', en: 'Department updated' },
  },
});
