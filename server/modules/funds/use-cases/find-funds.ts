import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { ZFundQuery } from '../../../../contracts/funds.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetPage } from '../../../platform/http/paging.js';
import { allocationScope, requireFundsRead, wholeFundWhere } from '../funds.policy.js';
import { requireCityReach } from '../../../platform/access/cities.js';
import { presentFundLine, presentFundRow } from '../funds.presenter.js';
import { selectAllocations, selectFundLines, selectFundRows } from '../funds.queries.js';
import { funds } from '../funds.tables.js';

/**
 * Funds with their totals, newest year first and by name within a year. A department sees the funds it has a
 * share in, and the totals of its own shares only; the office and auditors see everything.
 */
async function selectFunds(db: DbOrTx, ctx: RequestContext, where: SQL, limit: number) {
  requireFundsRead(ctx.actor);
  const found = await selectFundRows(db, wholeFundWhere(ctx.actor), allocationScope(ctx.actor), where, limit);
  return found.map(presentFundRow);
}

/** A fund the caller sees (whole or through a share), else 404 — another city's fund is not there to them. */
export async function requireFundInSight(db: DbOrTx, ctx: RequestContext, fundId: string) {
  const [fund] = await selectFunds(db, ctx, eq(funds.id, fundId), 1);
  if (!fund) throw notFound('fund');
  return fund;
}

/** The funds list in keyset pages (a fund a year or more, for as many years as the platform runs). */
export async function listFunds(db: DbOrTx, ctx: RequestContext, input: z.infer<typeof ZFundQuery>) {
  // The year runs down and the name up, so the cursor is not one row value: (year below) or (same year, name and id after).
  const after = readCursor(input.cursor, z.tuple([cursorPart.int, cursorPart.text, cursorPart.uuid]));
  const where = [input.year ? eq(funds.year, input.year) : sql`true`];
  if (input.cityId) {
    requireCityReach(ctx.actor, 'fund.read', input.cityId);
    where.push(eq(funds.cityId, input.cityId));
  }
  if (after) where.push(sql`(${funds.year} < ${after[0]} or (${funds.year} = ${after[0]} and (${funds.name}, ${funds.id}) > (${after[1]}, ${after[2]}::uuid)))`);
  const found = await selectFunds(db, ctx, sql.join(where, sql` and `), input.limit + 1);
  return keysetPage(found, input.limit, (f) => [f.year, f.name, f.id]);
}

export async function getFund(db: DbOrTx, ctx: RequestContext, fundId: string) {
  const fund = await requireFundInSight(db, ctx, fundId);
  const whole = fund.scope === 'city';
  const lines = await selectFundLines(db, fundId);
  const allocations = await selectAllocations(db, fundId, allocationScope(ctx.actor));
  const presentedLines = lines
    .map((l) => presentFundLine(l, allocations.filter((a) => a.lineId === l.id), whole, ctx.lang))
    .filter((l) => whole || l.allocations.length > 0);
  return { ...fund, lines: presentedLines };
}
