/** The shared half of the catalog module's manifest (the 123X catalog of purchasable services): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const catalogContract = defineModuleContract({
  module: 'catalog',
  permissions: {
    /** Edit the 123X catalog's categories. */
    'catalog.manage': { label: { zh: '维护项目清单', en: 'Edit the catalog' }, write: true, holders: { officeAdmin: 'scope' } },
  },
  auditActions: {
    'catalog.create': { zh: '新增项目清单类别', en: 'Catalog category created' },
    'catalog.update': { zh: '修改项目清单类别', en: 'Catalog category changed' },
  },
});
