import { and, count, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { WorkbenchFigure } from '../../platform/module.js';
import { orgScope } from './orgs.policy.js';
import { orgs } from './orgs.tables.js';

// orgScope speaks of `o.region_path`.
const o = alias(orgs, 'o');

export const orgsWorkbench: readonly WorkbenchFigure[] = [
  {
    key: 'orgs.registered',
    label: { zh: '登记在册社会组织', en: 'Organizations on the register' },
    roles: ['officeAdmin', 'townStaff'],
    unit: 'count',
    link: '/orgs',
    value: async (db, actor) => {
      const [row] = await db
        .select({ n: count() })
        .from(o)
        .where(and(inArray(o.status, ['active', 'changing']), orgScope(actor)));
      return row.n;
    },
  },
];
