import { count, sql } from 'drizzle-orm';
import type { RegionMoveHandler } from '../../../platform/access/region-moves.js';
import { movesAcrossCities, refuseCrossCityMove, townOfPath } from '../../../platform/access/region-moves.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { workers } from '../workforce.tables.js';

/**
 * A person whose home town moved keeps it: their path follows the region (the scope towns read by). They do not
 * follow a town to another city: their employer, department and service domains are their city's.
 */
export const moveWorkersWithRegion: RegionMoveHandler = async (tx, move) => {
  if (movesAcrossCities(move)) {
    const [{ n }] = await tx.select({ n: count() }).from(workers).where(inSubtree(workers.regionPath, move.oldPath));
    if (n > 0) refuseCrossCityMove(n, { zh: '社工和持证人员', en: 'people of the workforce' });
  }
  const newPath = sql`${move.newPath} || substr(region_path, ${move.oldPath.length + 1})`;
  await tx.execute(sql`update workers set region_path = ${newPath}, town_id = coalesce(${townOfPath(newPath)}, town_id) where ${inSubtree(sql`region_path`, move.oldPath)}`);
};
