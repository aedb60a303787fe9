import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree, rows } from '../../platform/db/sql.js';
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

/**
 * Recomputes the kept counts of every node of the trees rooted at `rootIds` (whole cities, after an import) in one
 * statement: each active node counted once per ancestor read off its path, instead of a query per node. A tree is
 * picked by its path's first segment (one hashed comparison per row: a range per root ORed together made the
 * planner scan the table once per root — 46 s for 90 cities). Same numbers as recountRegions for those nodes; a
 * row is written only when its counts change.
 */
export async function recountTrees(db: DbOrTx, rootIds: readonly string[]): Promise<void> {
  if (rootIds.length === 0) return;
  const inTrees = (path: SQL) => sql`split_part(${path}, '/', 2) in (select jsonb_array_elements_text(${JSON.stringify(rootIds)}::jsonb))`;
  await db.execute(sql`with sub as (select id, parent_id, path, level from regions where retired_at is null and ${inTrees(sql`path`)}),
      below as (select a.id::uuid as id,
                       count(*) filter (where s.level = 'community') as communities,
                       count(*) filter (where s.level = 'grid') as grids
                from sub s cross join lateral unnest(string_to_array(trim(both '/' from s.path), '/')) as a(id)
                where a.id::uuid <> s.id group by a.id),
      kids as (select parent_id as id, count(*) as n from sub where parent_id is not null group by parent_id),
      counted as (select r.id, coalesce(k.n, 0)::int as children, coalesce(b.communities, 0)::int as communities, coalesce(b.grids, 0)::int as grids
                  from regions r left join kids k on k.id = r.id left join below b on b.id = r.id
                  where ${inTrees(sql`r.path`)})
    update regions r set child_count = c.children, community_count = c.communities, grid_count = c.grids
    from counted c
    where r.id = c.id and (r.child_count, r.community_count, r.grid_count) is distinct from (c.children, c.communities, c.grids)`);
}

/**
 * Moves a node under a new parent: the node's parent, path and depth, and the paths and depths of its subtree.
 * The caller keeps the counts (shiftAncestorCounts or recountTrees) and tells the modules (regionMoved).
 */
export async function moveSubtree(db: DbOrTx, node: { id: string; path: string; depth: number }, parent: { id: string; path: string; depth: number }): Promise<string> {
  const path = `${parent.path}${node.id}/`;
  await db.execute(
    sql`update regions set path = ${path} || substr(path, ${node.path.length + 1}), depth = depth + ${parent.depth + 1 - node.depth}, updated_at = now()
        where ${inSubtree(sql`path`, node.path)} and id <> ${node.id}`,
  );
  return path;
}
