import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { PROCUREMENT_METHOD_NAMES } from '../../../../contracts/projects/lifecycle.js';
import { namesInCodeOrder, regionNames } from '../../../platform/access/names.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { labelOf } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { PROJECT_LIST_SELECT, withNames, type ProjectListRow } from '../project.queries.js';

/**
 * Calls open today, for organizations deciding where to bid — public, like the notice on a noticeboard.
 * A call stays listed through its deadline day. The soonest deadline first, in keyset pages.
 */
export async function findOpenCalls(db: DbOrTx, lang: Lang, input: { limit: number; cursor?: string }) {
  const today = todayInChina();
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.text]));
  const keyset = keysetAfter('asc', [sql`p.call_deadline`, sql`s.number`], after && [sql`${after[0]}::date`, sql`${after[1]}`]);
  const places = await regionNames(db);
  const found = await withNames(
    db,
    await rows<ProjectListRow & { summary: string; duration_months: number; indicators: unknown; procurement_method: keyof typeof PROCUREMENT_METHOD_NAMES; call_notice: string; call_published_at: Date | string }>(
      db,
      sql`select s.*, p.summary, p.duration_months, p.indicators, p.procurement_method, p.call_notice, p.call_published_at
        from (${PROJECT_LIST_SELECT} where c.state = 'calling' and p.call_deadline >= ${today}) s
        join service_projects p on p.case_id = s.id
        where ${keyset ?? sql`true`}
        order by p.call_deadline, s.number
        limit ${input.limit + 1}`,
    ),
  );
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.call_deadline!, r.number]);
  return { nextCursor, items: items.map((r) => ({
    projectId: r.id,
    number: r.number,
    title: r.title,
    departmentName: r.department_name,
    categoryName: r.category_name,
    summary: r.summary,
    budgetFen: Number(r.budget_fen),
    durationMonths: r.duration_months,
    townNames: namesInCodeOrder(places, r.town_ids),
    procurementMethodName: labelOf(PROCUREMENT_METHOD_NAMES[r.procurement_method], lang),
    notice: r.call_notice,
    deadline: r.call_deadline!,
    publishedAt: toIso(r.call_published_at)!,
    indicators: r.indicators as { kind: 'output' | 'outcome'; name: string; target: number; unit: string }[],
  })) };
}
