import { eq, sql } from 'drizzle-orm';
import type { ProjectState } from '../../../contracts/projects/lifecycle.js';
import { departmentNames } from '../../platform/access/names.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { categoryNames } from '../catalog/index.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { projectContracts, serviceProjects } from './projects.tables.js';

export type ProjectRow = typeof serviceProjects.$inferSelect;

/** A project's details inside a transition (its case row is the engine's). */
/**
 * Where the contract's service term stands: the final report and the evaluation wait for its last day, or for
 * the office's early-completion decision. Null before a contract is signed.
 */
export async function serviceTermOf(db: DbOrTx, projectId: string): Promise<{ endOn: string; earlyCompletion: { on: string; reason: string } | null; over: boolean; open: boolean } | null> {
  const [t] = await db
    .select({ endOn: projectContracts.endOn, on: serviceProjects.earlyCompletionOn, reason: serviceProjects.earlyCompletionReason })
    .from(projectContracts)
    .innerJoin(serviceProjects, eq(serviceProjects.caseId, projectContracts.projectId))
    .where(eq(projectContracts.projectId, projectId));
  if (!t) return null;
  const over = todayInChina() >= t.endOn;
  const earlyCompletion = t.on && t.reason ? { on: t.on, reason: t.reason } : null;
  return { endOn: t.endOn, earlyCompletion, over, open: over || !!earlyCompletion };
}

/** The refusal while the term runs: what to wait for and the way out, in both languages. */
export function termRunningReason(endOn: string, what: { zh: string; en: string }) {
  return {
    reason: `服务期至 ${endOn} 结束，期满后才能${what.zh}；如服务确已提前完成，请社工办先作出提前结项决定并写明理由。`,
    reasonEn: `The service term runs until ${endOn}; ${what.en} only after it ends, or after the office decides on early completion with a reason.`,
  };
}

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
