import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { serviceRecords } from '../projects.tables.js';
import { projectFor } from '../project.policy.js';
import type { Indicator } from './delivery.shared.js';

/** Each indicator's target and what the service records add up to. */
export async function indicatorProgress(db: DbOrTx, ctx: RequestContext, projectId: string) {
  const { p } = await projectFor(db, ctx, projectId);
  // Each record's progress entries ({ indicator, value }), one row each, then summed per indicator.
  const entries = db
    .select({ entry: sql<unknown>`jsonb_array_elements(${serviceRecords.progress})`.as('entry') })
    .from(serviceRecords)
    .where(eq(serviceRecords.projectId, projectId))
    .as('g');
  const indicator = sql<number>`(${entries.entry}->>'indicator')::int`.mapWith(Number);
  const sums = await db
    .select({ indicator, achieved: sql<number>`sum((${entries.entry}->>'value')::numeric)`.mapWith(Number) })
    .from(entries)
    .groupBy(indicator);
  return (p.indicators as Indicator[]).map((ind, index) => {
    const achieved = sums.find((s) => s.indicator === index)?.achieved ?? 0;
    return { ...ind, index, achieved, percent: Math.round((achieved / ind.target) * 1000) / 10 };
  });
}
