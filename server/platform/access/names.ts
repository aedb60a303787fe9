import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { cachedRef, invalidateRef } from '../db/ref-cache.js';
import { rows } from '../db/sql.js';

const REGIONS = 'region-names';

export interface RegionName {
  name: string;
  code: string;
}
const DEPARTMENTS = 'department-names';

/**
 * Region names by id, kept in memory: a page of 50 organizations or 20 projects named its towns and
 * communities with a lookup each (~150 index probes a page). Writes to regions call `invalidateRegionNames`.
 */
export function regionNames(db: DbOrTx): Promise<ReadonlyMap<string, RegionName>> {
  return cachedRef(db, REGIONS, async (d) => new Map((await rows<{ id: string; name: string; code: string }>(d, sql`select id::text as id, name, code from regions`)).map((r) => [r.id, { name: r.name, code: r.code }])));
}

/** The names of these regions in the order of their codes (a project's towns, say). */
export function namesInCodeOrder(places: ReadonlyMap<string, RegionName>, ids: readonly string[] | null): string[] {
  if (!ids || ids.length === 0) return [];
  return ids
    .map((id) => places.get(id))
    .filter((r): r is RegionName => !!r)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((r) => r.name);
}

export interface DepartmentName {
  name: string;
  shortName: string;
}

/** Department names by id, kept in memory the same way; writes to departments call `invalidateDepartmentNames`. */
export function departmentNames(db: DbOrTx): Promise<ReadonlyMap<string, DepartmentName>> {
  return cachedRef(
    db,
    DEPARTMENTS,
    async (d) =>
      new Map((await rows<{ id: string; name: string; short_name: string }>(d, sql`select id::text as id, name, short_name from departments`)).map((r) => [r.id, { name: r.name, shortName: r.short_name }])),
  );
}

export const invalidateRegionNames = (tx: DbOrTx) => invalidateRef(tx, REGIONS);
export const invalidateDepartmentNames = (tx: DbOrTx) => invalidateRef(tx, DEPARTMENTS);
