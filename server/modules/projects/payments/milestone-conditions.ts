import { asc, eq } from 'drizzle-orm';
import type { MilestoneCondition } from '../../../../contracts/projects/delivery.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { milestoneCondition } from './milestone-condition.js';
import { projectFor } from '../project.policy.js';
import { contractMilestones } from '../projects.tables.js';

/**
 * Each milestone of the contract with whether its payment condition holds now (none before a contract) —
 * the same milestoneCondition check the payment request makes, so the page can say why it would refuse.
 */
export async function findMilestoneConditions(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  const found = await db
    .select({ id: contractMilestones.id, condition: contractMilestones.condition })
    .from(contractMilestones)
    .where(eq(contractMilestones.projectId, projectId))
    .orderBy(asc(contractMilestones.seq));
  const byCondition = new Map<MilestoneCondition, { met: boolean; note: string }>();
  const out = [];
  for (const m of found) {
    let c = byCondition.get(m.condition);
    if (!c) byCondition.set(m.condition, (c = await milestoneCondition(db, projectId, m.condition)));
    out.push({ milestoneId: m.id, ...c });
  }
  return out;
}
