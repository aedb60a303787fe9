import { clockNow } from '../../../platform/clock.js';
import { eq } from 'drizzle-orm';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectBids } from '../projects.tables.js';
import { openCallOf, ownBidForUpdate, presentBid } from './bid-records.js';

export async function withdrawBid(db: Db, ctx: RequestContext, bidId: string, version: number) {
  const actor = requirePermission(ctx.actor, 'project.bid');
  return db.transaction(async (tx) => {
    const before = await ownBidForUpdate(tx, actor, bidId);
    await openCallOf(tx, before.projectId);
    if (before.version !== version) throw conflict(before.version);
    if (before.state !== 'submitted') throw new AppError('invalid_state', { reason: '申报已撤回。', reasonEn: 'The bid has already been withdrawn.' });
    const [after] = await tx.update(projectBids).set({ state: 'withdrawn', updatedAt: clockNow(), version: before.version + 1 }).where(eq(projectBids.id, bidId)).returning();
    await appendAudit(tx, ctx, { action: 'project.bidWithdraw', permission: 'project.bid', entityType: 'bid', entityId: bidId, changes: { state: { before: 'submitted', after: 'withdrawn' } } });
    const [org] = await tx.select({ name: orgDirectory.name }).from(orgDirectory).where(eq(orgDirectory.id, after.orgId));
    return presentBid(after, org.name);
  });
}
