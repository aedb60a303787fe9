import { and, count, eq, gte, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { memberOrgIds } from '../../platform/access/policy.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { cases } from '../../platform/cases/cases.tables.js';
import type { WorkbenchFigure } from '../../platform/module.js';
import { projectListScope } from './project.policy.js';
import { serviceProjects } from './projects.tables.js';

// projectListScope speaks of `p.department_id`.
const p = alias(serviceProjects, 'p');

export const projectsWorkbench: readonly WorkbenchFigure[] = [
  {
    key: 'projects.implementing',
    label: { zh: '实施中的购买服务项目', en: 'Projects being delivered' },
    roles: ['officeAdmin', 'departmentStaff'],
    unit: 'count',
    link: '/projects?state=implementing',
    value: async (db, actor) => {
      const [row] = await db
        .select({ n: count() })
        .from(p)
        .innerJoin(cases, eq(cases.id, p.caseId))
        .where(and(eq(cases.state, 'implementing'), await projectListScope(db, { requestId: 'workbench', ip: null, lang: 'zh', actor })));
      return row.n;
    },
  },
  {
    key: 'projects.openCalls',
    label: { zh: '正在征集申报的项目', en: 'Calls open for bids' },
    roles: ['orgMember'],
    unit: 'count',
    link: '/calls',
    value: async (db) => {
      const [row] = await db
        .select({ n: count() })
        .from(p)
        .innerJoin(cases, eq(cases.id, p.caseId))
        .where(and(eq(cases.state, 'calling'), gte(p.callDeadline, todayInChina())));
      return row.n;
    },
  },
  {
    key: 'projects.delivering',
    label: { zh: '本组织承接在做的项目', en: 'Projects our organization delivers' },
    roles: ['orgMember'],
    unit: 'count',
    link: '/projects',
    value: async (db, actor) => {
      const orgIds = memberOrgIds(actor);
      if (!orgIds.length) return 0;
      const [row] = await db
        .select({ n: count() })
        .from(p)
        .innerJoin(cases, eq(cases.id, p.caseId))
        .where(and(inArray(cases.state, ['awarded', 'implementing', 'evaluating', 'closing']), inArray(p.providerOrgId, orgIds)));
      return row.n;
    },
  },
];
