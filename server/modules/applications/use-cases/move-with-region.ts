import { sql } from 'drizzle-orm';
import type { RegionMoveHandler } from '../../../platform/access/region-moves.js';
import { inSubtree } from '../../../platform/db/sql.js';

/**
 * An application's town follows its case's region when that region moves (the engine has already rewritten the
 * case's path): the new town's staff see it, the old town's no longer.
 */
export const moveApplicationsWithRegion: RegionMoveHandler = async (tx, move) => {
  await tx.execute(
    sql`update applications a set town_id = coalesce((select r.id from regions r where r.level = 'town' and c.region_path like r.path || '%'), a.town_id)
        from cases c where c.id = a.case_id and ${inSubtree(sql`c.region_path`, move.newPath)}`,
  );
};
