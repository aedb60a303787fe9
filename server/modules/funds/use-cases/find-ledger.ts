import { eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import type { ZLedgerQuery } from '../../../../contracts/funds.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { allocationScope, requireFundsRead } from '../funds.policy.js';
import { requireFundInSight } from './find-funds.js';
import { presentMovement } from '../funds.presenter.js';
import { selectMovements } from '../funds.queries.js';
import { fundAllocations, fundMovements } from '../funds.tables.js';

/** The ledger, newest first, in keyset pages; each row carries the balances right after it. */
export async function findLedger(db: DbOrTx, ctx: RequestContext, fundId: string, input: z.infer<typeof ZLedgerQuery>) {
  requireFundsRead(ctx.actor);
  const fund = await requireFundInSight(db, ctx, fundId);
  const where: SQL[] = [eq(fundMovements.fundId, fundId), allocationScope(ctx.actor)];
  if (input.lineId) where.push(eq(fundMovements.lineId, input.lineId));
  if (input.departmentId) where.push(eq(fundAllocations.departmentId, input.departmentId));
  if (input.kind) where.push(eq(fundMovements.kind, input.kind));
  const after = readCursor(input.cursor, z.tuple([cursorPart.seq]));
  if (after) where.push(lt(fundMovements.seq, after[0]));
  const found = await selectMovements(db, where, input.limit + 1);
  const items = found.slice(0, input.limit).map((m) => presentMovement(m, fund.scope === 'city', ctx.lang));
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > input.limit && last ? encodeCursor([last.seq]) : null };
}
