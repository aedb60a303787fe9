import { todayInChina } from '../../../platform/calendar/calendar.js';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { ZBlacklistInput, ZBlacklistLift } from '../../../../contracts/projects/settings.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { orgDirectory } from '../../orgs/index.js';
import { creditBlacklist } from '../projects.tables.js';

async function selectBlacklist(db: DbOrTx, where: SQL | undefined, limit: number) {
  const found = await db
    .select({
      id: creditBlacklist.id,
      orgId: creditBlacklist.orgId,
      orgName: orgDirectory.name,
      creditCode: orgDirectory.creditCode,
      reason: creditBlacklist.reason,
      listedOn: creditBlacklist.listedOn,
      liftedOn: creditBlacklist.liftedOn,
      active: sql<boolean>`(${creditBlacklist.liftedOn} is null or ${creditBlacklist.liftedOn} > ${todayInChina()}::date)`,
      createdAt: creditBlacklist.createdAt,
    })
    .from(creditBlacklist)
    .innerJoin(orgDirectory, eq(orgDirectory.id, creditBlacklist.orgId))
    .where(where)
    .orderBy(desc(creditBlacklist.listedOn), desc(creditBlacklist.id))
    .limit(limit);
  return found.map(({ createdAt, ...b }) => ({ ...b, listedAt: toIso(createdAt)! }));
}

/** The bad-credit list, the latest listed first, in keyset pages (entries are kept after they are lifted). */
export async function listBlacklist(db: DbOrTx, ctx: RequestContext, input: { limit: number; cursor?: string }) {
  requirePermission(ctx.actor, 'project.read');
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.uuid]));
  const found = await selectBlacklist(db, keysetAfter('desc', [creditBlacklist.listedOn, creditBlacklist.id], after && [sql`${after[0]}::date`, sql`${after[1]}::uuid`]), input.limit + 1);
  return keysetPage(found, input.limit, (b) => [b.listedOn, b.id]);
}

async function blacklistEntry(db: DbOrTx, id: string) {
  const [entry] = await selectBlacklist(db, eq(creditBlacklist.id, id), 1);
  return entry;
}

export async function addToBlacklist(db: Db, ctx: RequestContext, input: z.infer<typeof ZBlacklistInput>) {
  requirePermission(ctx.actor, 'project.manage');
  if (input.liftedOn && input.liftedOn <= input.listedOn) throw new AppError('validation', {}, [{ path: 'liftedOn', message: '移出日期须晚于列入日期', messageEn: 'The end must be after the start' }]);
  return db.transaction(async (tx) => {
    const [org] = await tx.select({ id: orgDirectory.id }).from(orgDirectory).where(eq(orgDirectory.id, input.orgId));
    if (!org) throw notFound('org');
    const [b] = await tx.insert(creditBlacklist).values({ orgId: input.orgId, reason: input.reason, listedOn: input.listedOn, liftedOn: input.liftedOn ?? null, listedBy: ctx.actor!.userId }).returning();
    await appendAudit(tx, ctx, { action: 'project.blacklist', permission: 'project.manage', entityType: 'org', entityId: input.orgId, detail: { entryId: b.id, reason: input.reason, listedOn: input.listedOn, liftedOn: input.liftedOn ?? null } });
    return blacklistEntry(tx, b.id);
  });
}

export async function liftFromBlacklist(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZBlacklistLift>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [b] = await tx.select().from(creditBlacklist).where(eq(creditBlacklist.id, id)).for('update');
    if (!b) throw notFound('blacklistEntry');
    if (input.liftedOn <= b.listedOn) throw new AppError('validation', {}, [{ path: 'liftedOn', message: '移出日期须晚于列入日期', messageEn: 'The end must be after the start' }]);
    await tx.update(creditBlacklist).set({ liftedOn: input.liftedOn }).where(and(eq(creditBlacklist.id, id)));
    await appendAudit(tx, ctx, { action: 'project.blacklistLift', permission: 'project.manage', entityType: 'org', entityId: b.orgId, detail: { entryId: id, liftedOn: input.liftedOn } });
    return blacklistEntry(tx, id);
  });
}
