import { PROJECT_STATE_NAMES } from '../../../contracts/projects/lifecycle.js';
import { namesInCodeOrder, type RegionName } from '../../platform/access/names.js';
import { toIso } from '../../platform/db/sql.js';
import type { Lang } from '../../platform/errors/messages.js';
import { labelOf } from '../../platform/http/context.js';
import type { ProjectListRow } from './project.queries.js';

/*
 * The projects module presents a project in one place (this file); each seam presents its own records — bids,
 * contracts, visits, payments, evaluations — beside its use cases.
 */

/** A project as the list shows it (and as the project file starts). */
export function presentProjectSummary(r: ProjectListRow, today: string, places: ReadonlyMap<string, RegionName>, lang: Lang) {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    stateName: labelOf(PROJECT_STATE_NAMES[r.state], lang) ?? r.state,
    year: r.year,
    departmentId: r.department_id,
    departmentName: r.department_name,
    catalogCategoryId: r.catalog_category_id,
    categoryName: r.category_name,
    tier: r.tier,
    budgetFen: Number(r.budget_fen),
    townNames: namesInCodeOrder(places, r.town_ids),
    dueOn: r.due_on,
    overdue: !r.closed_at && !!r.due_on && r.due_on < today,
    callDeadline: r.call_deadline,
    bidCount: r.bid_count,
    updatedAt: toIso(r.updated_at)!,
  };
}
