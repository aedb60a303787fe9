import { containing } from '../../../platform/db/like.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import type { Region, RegionLevel } from '../../../../contracts/regions.js';
import { entityHistoryPage } from '../../../platform/audit/history.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { findRegionById, selectRegions } from '../regions.queries.js';
import { presentRegion } from '../regions.presenter.js';
import { readableRoots, regionScope, requireRegionInReach } from '../regions.policy.js';

interface PageInput {
  limit: number;
  cursor?: string;
  includeRetired?: boolean;
}

function keyset(cursor: string | undefined) {
  const after = readCursor(cursor, z.tuple([cursorPart.text, cursorPart.uuid]));
  return after ? sql`(r.code, r.id) > (${after[0]}, ${after[1]}::uuid)` : sql`true`;
}

async function pageOf(db: Db, ctx: RequestContext, where: ReturnType<typeof sql>, input: PageInput) {
  const retired = input.includeRetired ? sql`true` : sql`r.retired_at is null`;
  const scope = regionScope(ctx.actor);
  const found = await selectRegions(db, sql`${where} and ${retired} and ${scope} and ${keyset(input.cursor)}`, { limit: input.limit + 1 });
  const hasMore = found.length > input.limit;
  const rows = found.slice(0, input.limit);
  const last = rows[rows.length - 1];
  return {
    rows,
    page: {
      items: rows.map((r) => presentRegion(r, ctx.actor)),
      nextCursor: hasMore && last ? encodeCursor([last.code, last.id]) : null,
    },
  };
}

export async function findRegions(
  db: Db,
  ctx: RequestContext,
  input: PageInput & { level?: RegionLevel; parentId?: string; q?: string },
): Promise<{ items: Region[]; nextCursor: string | null }> {
  const conditions = [sql`true`];
  if (input.level) conditions.push(sql`r.level = ${input.level}`);
  if (input.parentId) conditions.push(sql`r.parent_id = ${input.parentId}`);
  if (input.q) conditions.push(sql`r.name ilike ${containing(input.q)}`);
  return (await pageOf(db, ctx, sql.join(conditions, sql` and `), input)).page;
}

/**
 * The parent must be within reach, not only its children. When children come back, their path names
 * the parent, so the common case needs no second query; an empty page looks the parent up to tell
 * "no children" from "no such region".
 */
export async function findRegionChildren(db: Db, ctx: RequestContext, id: string, input: PageInput) {
  const { rows, page } = await pageOf(db, ctx, sql`r.parent_id = ${id}`, input);
  if (rows.length > 0) requireRegionInReach(ctx.actor, rows[0].path.slice(0, rows[0].path.length - rows[0].id.length - 1));
  else await getRegionRow(db, ctx, id);
  return page;
}

/** The highest nodes the actor may see: the city for city-wide roles, else the granted nodes. */
export async function findRegionRoots(db: Db, ctx: RequestContext): Promise<{ items: Region[] }> {
  const roots = readableRoots(ctx.actor);
  if (roots.all) {
    const found = await selectRegions(db, sql`r.parent_id is null and r.retired_at is null`);
    return { items: found.map((r) => presentRegion(r, ctx.actor)) };
  }
  if (roots.paths.length === 0) return { items: [] };
  const found = await selectRegions(db, sql`r.path in (${sql.join(roots.paths.map((p) => sql`${p}`), sql`, `)})`);
  return { items: found.map((r) => presentRegion(r, ctx.actor)) };
}

async function getRegionRow(db: Db, ctx: RequestContext, id: string) {
  const row = await findRegionById(db, id);
  if (!row) throw notFound('region');
  requireRegionInReach(ctx.actor, row.path);
  return row;
}

export async function getRegion(db: Db, ctx: RequestContext, id: string): Promise<Region> {
  return presentRegion(await getRegionRow(db, ctx, id), ctx.actor);
}

/** A region's audit events, newest first, in keyset pages (it was cut at 200 events without saying so). */
export async function findRegionHistory(db: Db, ctx: RequestContext, id: string, input: { limit: number; cursor?: string }) {
  await getRegionRow(db, ctx, id);
  return entityHistoryPage(db, 'region', id, input);
}

export { regions };
