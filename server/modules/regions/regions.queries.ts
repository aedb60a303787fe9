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

/**
 * Regions with their subtree counts. The lateral subquery walks each node's subtree on the path
 * index; `where` must already hold the actor's scope.
 */
export async function selectRegions(db: DbOrTx, where: SQL, options: { limit?: number; orderBy?: SQL } = {}): Promise<RegionRow[]> {
  const raw = await rows<Record<string, unknown>>(
    db,
    sql`select r.id, r.parent_id, r.name, r.code, r.level, r.kind, r.path, r.depth, r.retired_at, r.retire_reason, r.version,
          s.child_count, s.communities, s.grids
        from regions r
        left join lateral (
          select count(*) filter (where d.parent_id = r.id) as child_count,
                 count(*) filter (where d.level = 'community') as communities,
                 count(*) filter (where d.level = 'grid') as grids
          from regions d
          where ${inSubtree(sql`d.path`, sql`r.path`)} and d.id <> r.id and d.retired_at is null
        ) s on true
        where ${where}
        order by ${options.orderBy ?? sql`r.code, r.id`}
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
    childCount: Number(r.child_count ?? 0),
    communities: Number(r.communities ?? 0),
    grids: Number(r.grids ?? 0),
  }));
}

export async function findRegionById(db: DbOrTx, id: string): Promise<RegionRow | null> {
  const [row] = await selectRegions(db, sql`r.id = ${id}`);
  return row ?? null;
}
