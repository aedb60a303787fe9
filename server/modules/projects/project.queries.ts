import { eq, sql } from 'drizzle-orm';
import type { ProjectState } from '../../../contracts/projects/lifecycle.js';
import { departmentNames } from '../../platform/access/names.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { categoryNames } from '../catalog/index.js';
import { serviceProjects } from './projects.tables.js';

export type ProjectRow = typeof serviceProjects.$inferSelect;

/** A project's details inside a transition (its case row is the engine's). */
export async function loadProject(tx: Tx, caseId: string): Promise<ProjectRow> {
  const [p] = await tx.select().from(serviceProjects).where(eq(serviceProjects.caseId, caseId));
  if (!p) throw new Error(`project ${caseId} has a case but no details`);
  return p;
}

export type Num = string | number;

/** A row of the project list (and the head of the project file), as the list query selects it. */
export interface ProjectListRow {
  id: string;
  number: string;
  title: string;
  state: ProjectState;
  due_on: string | null;
  closed_at: Date | string | null;
  updated_at: Date | string;
  year: number;
  department_id: string;
  department_name: string;
  catalog_category_id: string;
  category_name: string;
  tier: string;
  budget_fen: Num;
  town_ids: string[] | null;
  call_deadline: string | null;
  bid_count: number;
}

/** The project list's select, cases as `c` and service_projects as `p`: callers add the where, order and limit. */
export const PROJECT_LIST_SELECT = sql`
  select c.id, c.number, c.title, c.state, c.due_on::text as due_on, c.closed_at, c.updated_at,
         p.year, p.department_id, null as department_name, p.catalog_category_id, null as category_name, null as tier,
         p.budget_fen, p.call_deadline::text as call_deadline,
         array(select t.town_id::text from service_project_towns t where t.project_id = p.case_id order by t.town_id) as town_ids,
         (select count(*)::int from project_bids b where b.project_id = c.id and b.state = 'submitted') as bid_count
  from service_projects p
  join cases c on c.id = p.case_id`;

/**
 * The department's and category's names, from memory: with two more joins PostgreSQL spent three times as
 * long planning the list's query as running it. Filled in place, so each row keeps the shape pg gave it.
 */
export async function withNames<R extends ProjectListRow>(db: DbOrTx, found: R[]): Promise<R[]> {
  const units = await departmentNames(db);
  const categories = await categoryNames(db);
  for (const r of found) {
    r.department_name = units.get(r.department_id)?.shortName ?? '';
    const category = categories.get(r.catalog_category_id);
    r.category_name = category?.name ?? '';
    r.tier = category?.tier ?? '';
  }
  return found;
}
