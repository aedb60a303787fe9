import { clockNow } from '../../../platform/clock.js';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZBidPatch } from '../../../../contracts/projects/calls.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectBids } from '../projects.tables.js';
import { checkBudget, openCallOf, ownBidForUpdate, presentBid } from './bid-records.js';

/** Revises a bid until the deadline. */
export async function reviseBid(db: Db, ctx: RequestContext, bidId: string, input: z.infer<typeof ZBidPatch>) {
  const actor = requirePermission(ctx.actor, 'project.bid');
  return db.transaction(async (tx) => {
    const before = await ownBidForUpdate(tx, actor, bidId);
    const { p } = await openCallOf(tx, before.projectId);
    if (before.version !== input.version) throw conflict(before.version);
    if (before.state !== 'submitted') throw new AppError('invalid_state', { reason: '申报已撤回，不能修改；可重新提交申报。', reasonEn: 'The bid was withdrawn and cannot be changed; you may submit it again.' });
    const total = checkBudget(input.budgetItems, p.budgetFen);
    const [after] = await tx
      .update(projectBids)
      .set({ plan: input.plan, budgetItems: input.budgetItems, team: input.team, totalFen: total, updatedAt: clockNow(), version: before.version + 1 })
      .where(eq(projectBids.id, bidId))
      .returning();
    await appendAudit(tx, ctx, { action: 'project.bidRevise', permission: 'project.bid', entityType: 'bid', entityId: bidId, changes: diff(before, after, ['plan', 'budgetItems', 'team', 'totalFen']) });
    const [org] = await tx.select({ name: orgDirectory.name }).from(orgDirectory).where(eq(orgDirectory.id, after.orgId));
    return presentBid(after, org.name);
  });
}
