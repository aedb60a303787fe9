/** The shared half of the cities module's manifest (each city's own settings and its template): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const citiesContract = defineModuleContract({
  module: 'cities',
  permissions: {
    'city.read': {
      label: { zh: '查看城市设置', en: 'Read city settings' },
      write: false,
      holders: { platformAdmin: 'global', officeAdmin: 'scope', departmentStaff: 'city', townStaff: 'scope', stationOperator: 'scope', socialWorker: 'scope', auditor: 'global' },
    },
    'city.manage': { label: { zh: '维护城市设置', en: 'Manage city settings' }, write: true, holders: { platformAdmin: 'global', officeAdmin: 'scope' } },
  },
  auditActions: {
    'city.updateSettings': { zh: '修改城市设置', en: 'City settings changed' },
    'city.copyTemplate': { zh: '从其他城市复制设置', en: 'Settings copied from another city' },
    'city.timeLimits': { zh: '修改办理时限', en: 'Step time limits changed' },
  },
});
