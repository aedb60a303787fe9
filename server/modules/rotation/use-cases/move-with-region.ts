import { count, sql } from 'drizzle-orm';
import type { RegionMoveHandler } from '../../../platform/access/region-moves.js';
import { movesAcrossCities, refuseCrossCityMove } from '../../../platform/access/region-moves.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { communityProfiles, rotationAssignments } from '../rotation.tables.js';
import { rotationServiceRecords } from '../rotation-records.tables.js';

/**
 * A community that moves keeps its profile, its assignments and their field records: their paths follow it. Not to another city: plans
 * and pairings are a city's.
 */
export const moveRotationWithRegion: RegionMoveHandler = async (tx, move) => {
  if (movesAcrossCities(move)) {
    const [{ n }] = await tx.select({ n: count() }).from(rotationAssignments).where(inSubtree(rotationAssignments.regionPath, move.oldPath));
    const [{ m }] = await tx.select({ m: count() }).from(communityProfiles).where(inSubtree(communityProfiles.regionPath, move.oldPath));
    const [{ r }] = await tx.select({ r: count() }).from(rotationServiceRecords).where(inSubtree(rotationServiceRecords.regionPath, move.oldPath));
    if (n + m + r > 0) refuseCrossCityMove(n + m + r, { zh: '轮值安排和社区画像', en: 'rotation assignments and community profiles' });
  }
  const newPath = (col: string) => sql`${move.newPath} || substr(${sql.raw(col)}, ${move.oldPath.length + 1})`;
  await tx.execute(sql`update rotation_assignments set region_path = ${newPath('region_path')} where ${inSubtree(sql`region_path`, move.oldPath)}`);
  await tx.execute(sql`update rotation_service_records set region_path = ${newPath('region_path')} where ${inSubtree(sql`region_path`, move.oldPath)}`);
  await tx.execute(sql`update community_profiles set region_path = ${newPath('region_path')} where ${inSubtree(sql`region_path`, move.oldPath)}`);
};
