import { ROOT_LEVELS, type Region } from '../../../contracts/regions.js';
import { toIso } from '../../platform/db/sql.js';
import { mayManageRegion, mayRetireAboveTowns } from './regions.policy.js';
import type { Actor } from '../../platform/http/context.js';
import type { RegionRow } from './regions.queries.js';

/** The response carries what the caller may do, so the UI never re-implements the rules. */
export function presentRegion(row: RegionRow, actor: Actor | null): Region {
  const canManage = mayManageRegion(actor, row.path);
  const retired = row.retiredAt !== null;
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    code: row.code,
    level: row.level,
    kind: row.kind,
    retiredAt: toIso(row.retiredAt),
    retireReason: row.retireReason,
    version: row.version,
    childCount: row.childCount,
    counts: { communities: row.communities, grids: row.grids },
    abilities: {
      update: canManage && !retired,
      retire: canManage && !retired && row.childCount === 0 && (!ROOT_LEVELS.includes(row.level) || mayRetireAboveTowns(actor, row)),
      restore: canManage && retired,
      createChild: canManage && !retired && row.level !== 'grid',
    },
  };
}
