import { count, sql } from 'drizzle-orm';
import type { RegionMoveHandler } from '../../../platform/access/region-moves.js';
import { movesAcrossCities, refuseCrossCityMove, townOfPath } from '../../../platform/access/region-moves.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { orgs } from '../orgs.tables.js';

/**
 * An organization registered in a region that moved keeps its place: its path follows the region and its town is
 * the town the new path lies in (a community moved to another town takes its organizations along), so the new
 * town reaches them and the old one no longer does. They do not follow a town to another city: their supervising
 * units and certificates are their city's.
 */
export const moveOrgsWithRegion: RegionMoveHandler = async (tx, move) => {
  if (movesAcrossCities(move)) {
    const [{ n }] = await tx.select({ n: count() }).from(orgs).where(inSubtree(orgs.regionPath, move.oldPath));
    if (n > 0) refuseCrossCityMove(n, { zh: '社会组织', en: 'organizations' });
  }
  const newPath = sql`${move.newPath} || substr(region_path, ${move.oldPath.length + 1})`;
  await tx.execute(sql`update orgs set region_path = ${newPath}, town_id = coalesce(${townOfPath(newPath)}, town_id) where ${inSubtree(sql`region_path`, move.oldPath)}`);
};
