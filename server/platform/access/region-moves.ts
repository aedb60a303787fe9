import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { inSubtree } from '../db/sql.js';

/** A region and its subtree moved: every path that began with `oldPath` now begins with `newPath`. */
export interface RegionMove {
  regionId: string;
  oldPath: string;
  newPath: string;
}

/**
 * What a module does when regions move, inside the move's transaction: rewrite the region paths and town ids it
 * keeps (an organization's, an application's). Declared in the module's manifest (`onRegionMove`); the region
 * tree's owner calls `regionMoved` and never learns who keeps paths.
 */
export type RegionMoveHandler = (tx: Tx, move: RegionMove) => Promise<void>;

const handlers = new Map<string, RegionMoveHandler>();

export function registerRegionMoveHandler(name: string, handler: RegionMoveHandler): void {
  handlers.set(name, handler);
}

/**
 * Runs after the regions' own paths were rewritten: first the kernel's cases (their region decides who reaches
 * them), then every module's handler, so a handler may read the cases' new paths.
 */
export async function regionMoved(tx: Tx, move: RegionMove): Promise<void> {
  await tx.execute(sql`update cases set region_path = ${move.newPath} || substr(region_path, ${move.oldPath.length + 1}) where ${inSubtree(sql`region_path`, move.oldPath)}`);
  for (const handler of handlers.values()) await handler(tx, move);
}

/** The town a path lies in, as SQL: the ancestor region at town level. `path` is an expression over new paths. */
export function townOfPath(path: ReturnType<typeof sql>) {
  return sql`(select r.id from regions r where r.level = 'town' and ${path} like r.path || '%')`;
}
