import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import type { RegionKind, RegionLevel } from '../../../contracts/regions.js';

export interface RegionRow {
  id: string;
  parentId: string | null;
  name: string;
  code: string;
  level: RegionLevel;
  kind: RegionKind;
  path: string;
  depth: number;
  retiredAt: Date | string | null;
  retireReason: string | null;
  version: number;
  childCount: number;
  communities: number;
  grids: number;
}

/** Regions with their kept counts; `where` must already hold the actor's scope. */
export async function selectRegions(db: DbOrTx, where: SQL, options: { limit?: number } = {}): Promise<RegionRow[]> {
  const raw = await rows<Record<string, unknown>>(
    db,
    sql`select r.id, r.parent_id, r.name, r.code, r.level, r.kind, r.path, r.depth, r.retired_at, r.retire_reason, r.version,
          r.child_count, r.community_count, r.grid_count
        from regions r
        where ${where}
        order by r.code, r.id
        ${options.limit ? sql`limit ${options.limit}` : sql``}`,
  );
  return raw.map((r) => ({
    id: r.id as string,
    parentId: (r.parent_id as string | null) ?? null,
    name: r.name as string,
    code: r.code as string,
    level: r.level as RegionLevel,
    kind: r.kind as RegionKind,
    path: r.path as string,
    depth: Number(r.depth),
    retiredAt: (r.retired_at as Date | string | null) ?? null,
    retireReason: (r.retire_reason as string | null) ?? null,
    version: Number(r.version),
    childCount: Number(r.child_count),
    communities: Number(r.community_count),
    grids: Number(r.grid_count),
  }));
}

export async function findRegionById(db: DbOrTx, id: string): Promise<RegionRow | null> {
  const [row] = await selectRegions(db, sql`r.id = ${id}`);
  return row ?? null;
}

/** The ids of a node's ancestors, read off its path (root first, the node itself excluded). */
export function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean).slice(0, -1);
}

/**
 * Adds (sign 1) or removes (sign -1) a node and its active subtree from its ancestors' counts.
 * Called in the transaction of every change that activates, retires or moves a node.
 */
export async function shiftAncestorCounts(
  db: DbOrTx,
  node: { path: string; level: RegionLevel; communityCount: number; gridCount: number },
  sign: 1 | -1,
): Promise<void> {
  const ancestors = ancestorIds(node.path);
  if (ancestors.length === 0) return;
  const communities = sign * (node.communityCount + (node.level === 'community' ? 1 : 0));
  const grids = sign * (node.gridCount + (node.level === 'grid' ? 1 : 0));
  const parentId = ancestors[ancestors.length - 1];
  await db.execute(sql`update regions set
      community_count = community_count + ${communities},
      grid_count = grid_count + ${grids},
      child_count = child_count + case when id = ${parentId} then ${sign} else 0 end
    where id in (${sql.join(ancestors.map((a) => sql`${a}`), sql`, `)})`);
}

/** Recomputes every count from the tree itself: used after bulk loads and to check the kept counts. */
export async function recountRegions(db: DbOrTx): Promise<void> {
  await db.execute(sql`update regions r set
      child_count = (select count(*) from regions d where d.parent_id = r.id and d.retired_at is null),
      community_count = (select count(*) from regions d where d.path ~>=~ r.path and d.path ~<~ (r.path || '~') and d.id <> r.id and d.retired_at is null and d.level = 'community'),
      grid_count = (select count(*) from regions d where d.path ~>=~ r.path and d.path ~<~ (r.path || '~') and d.id <> r.id and d.retired_at is null and d.level = 'grid')`);
}
