/** The shared half of the catalog module's manifest (the 123X catalog of purchasable services): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const catalogContract = defineModuleContract({
  module: 'catalog',
  permissions: {
    /** The catalog is a city's: its people read their city's, those who file or are assigned read every city's. */
    'catalog.read': {
      label: { zh: '查看项目清单', en: 'Read the catalog' },
      write: false,
      holders: { platformAdmin: 'global', officeAdmin: 'scope', departmentStaff: 'city', townStaff: 'scope', stationOperator: 'scope', orgMember: 'global', applicant: 'global', socialWorker: 'scope', evaluator: 'global', supervisor: 'global', auditor: 'global' },
    },
    /** Edit the 123X catalog's categories and the service domains. */
    'catalog.manage': { label: { zh: '维护项目清单', en: 'Edit the catalog' }, write: true, holders: { platformAdmin: 'global', officeAdmin: 'scope' } },
  },
  auditActions: {
    'catalog.create': { zh: '新增项目清单类别', en: 'Catalog category created' },
    'catalog.update': { zh: '修改项目清单类别', en: 'Catalog category changed' },
    'catalog.domainCreate': { zh: '新增服务领域', en: 'Service domain created' },
    'catalog.domainUpdate': { zh: '修改服务领域', en: 'Service domain changed' },
  },
});
