import { and, count, eq, isNull, ne } from 'drizzle-orm';
import { cases } from '../../platform/cases/cases.tables.js';
import type { Db } from '../../platform/db/client.js';
import type { Actor } from '../../platform/http/context.js';
import type { WorkbenchFigure } from '../../platform/module.js';
import { visibleApplicationsWhere } from './applications.policy.js';
import { applications } from './applications.tables.js';

/** Open applications the caller may see; staff do not count citizens' unsubmitted drafts. */
async function countOpen(db: Db, actor: Actor, mineOnly: boolean): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    .innerJoin(cases, eq(cases.id, applications.caseId))
    .where(and(isNull(cases.closedAt), mineOnly ? undefined : ne(cases.state, 'draft'), visibleApplicationsWhere(actor, mineOnly)));
  return row.n;
}

export const applicationsWorkbench: readonly WorkbenchFigure[] = [
  {
    key: 'applications.inProgress',
    label: { zh: '在办登记申请', en: 'Applications in progress' },
    roles: ['officeAdmin', 'townStaff', 'departmentStaff'],
    unit: 'count',
    link: '/applications',
    value: (db, actor) => countOpen(db, actor, false),
  },
  {
    key: 'applications.mine',
    label: { zh: '我的在办申请', en: 'My open applications' },
    roles: ['applicant', 'orgMember'],
    unit: 'count',
    link: '/applications',
    value: (db, actor) => countOpen(db, actor, true),
  },
];
