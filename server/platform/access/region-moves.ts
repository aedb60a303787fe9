import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { inSubtree, rows } from '../db/sql.js';
import { AppError } from '../errors/app-error.js';

/** A region and its subtree moved: every path that began with `oldPath` now begins with `newPath`. */
export interface RegionMove {
  regionId: string;
  oldPath: string;
  newPath: string;
}

/** A move as the handlers see it: with the city the subtree lay in and the one it lies in now (null above the cities). */
export interface RegionMoveWithCities extends RegionMove {
  fromCityId: string | null;
  toCityId: string | null;
}

/**
 * What a module does when regions move, inside the move's transaction: rewrite the region paths and town ids it
 * keeps (an organization's, an application's). Declared in the module's manifest (`onRegionMove`); the region
 * tree's owner calls `regionMoved` and never learns who keeps paths.
 */
export type RegionMoveHandler = (tx: Tx, move: RegionMoveWithCities) => Promise<void>;

/**
 * Whether a move takes the subtree to another city. Its records cannot follow it there: an organization's supervising
 * unit, an application's joint review and a project's fund are the old city's. Each keeper of records refuses such a
 * move while it holds any under the subtree (`refuseCrossCityMove`); a town without records moves freely.
 */
export const movesAcrossCities = (move: RegionMoveWithCities) => move.fromCityId !== move.toCityId && move.fromCityId !== null;

/** Refuses a move across cities (409 invalid_state, nothing changed) because `count` records of a kind lie under it. */
export function refuseCrossCityMove(count: number, what: { zh: string; en: string }): never {
  throw new AppError('invalid_state', {
    reason: `该区域下有 ${count} 个${what.zh}，它们属于原来的市，不能随区域移到另一个市。请先办结或迁出这些记录。`,
    reasonEn: `${count} ${what.en} under this region belong to its city and cannot move with it to another city. Close or move them first.`,
  });
}

const handlers = new Map<string, RegionMoveHandler>();

export function registerRegionMoveHandler(name: string, handler: RegionMoveHandler): void {
  handlers.set(name, handler);
}

/**
 * Runs after the regions' own paths were rewritten: first the kernel's cases (their region decides who reaches
 * them), then every module's handler, so a handler may read the cases' new paths.
 */
export async function regionMoved(tx: Tx, plain: RegionMove): Promise<void> {
  const move: RegionMoveWithCities = { ...plain, fromCityId: await cityAmong(tx, plain.oldPath), toCityId: await cityAmong(tx, plain.newPath) };
  if (movesAcrossCities(move)) {
    const [{ n }] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from cases where ${inSubtree(sql`region_path`, move.oldPath)}`);
    if (n > 0) refuseCrossCityMove(n, { zh: '办件（申请、项目等）', en: 'cases (applications, projects …)' });
  }
  await tx.execute(sql`update cases set region_path = ${move.newPath} || substr(region_path, ${move.oldPath.length + 1}) where ${inSubtree(sql`region_path`, move.oldPath)}`);
  for (const handler of handlers.values()) await handler(tx, move);
}

/** The city among a path's nodes (ids never change in a move, only paths), or null above the cities. */
async function cityAmong(tx: Tx, path: string): Promise<string | null> {
  const ids = path.split('/').filter(Boolean);
  if (!ids.length) return null;
  const [found] = await rows<{ id: string }>(tx, sql`select id from regions where level = 'city' and id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) limit 1`);
  return found?.id ?? null;
}

/** The town a path lies in, as SQL: the ancestor region at town level. `path` is an expression over new paths. */
export function townOfPath(path: ReturnType<typeof sql>) {
  return sql`(select r.id from regions r where r.level = 'town' and ${path} like r.path || '%')`;
}
