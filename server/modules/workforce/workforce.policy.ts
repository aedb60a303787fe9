import { sql, type SQL } from 'drizzle-orm';
import { reachesRegion, requirePermission, requireRegionReach } from '../../platform/access/policy.js';
import { regionScopeWhere } from '../../platform/access/scope.js';
import type { Actor } from '../../platform/http/context.js';
import { workers } from './workforce.tables.js';

/*
 * A person of the workforce belongs to a city and serves from a home town: the office reads and manages its city's
 * (workforce.read / workforce.manage over the home town's path), a town and its station read their own town's, the
 * auditors every city's. Anyone else is answered 404 for a person, as for a missing one. ID numbers and phones stay
 * masked; the office may see them in clear (pii.reveal) within its reach, audited each time.
 */

export function requireWorkforceRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'workforce.read');
}

export function requireWorkforceManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'workforce.manage');
}

/** The people the caller may read, as SQL over their home town's path. */
export function workerScope(actor: Actor | null): SQL {
  return regionScopeWhere(actor, 'workforce.read', sql`${workers.regionPath}`);
}

/** One person: 404 unless their home town lies in the caller's workforce.read reach. */
export function requireWorkerInReach(actor: Actor | null, worker: { regionPath: string }): void {
  requireRegionReach(actor, 'workforce.read', worker.regionPath, 'worker');
}

/** Changing a person: workforce.manage over their home town (and, for a move, over the new one). */
export function requireWorkerManage(actor: Actor | null, regionPath: string): void {
  requireRegionReach(actor, 'workforce.manage', regionPath, 'worker');
}

export function mayManageWorker(actor: Actor | null, regionPath: string): boolean {
  return reachesRegion(actor, 'workforce.manage', regionPath);
}

/** The reveal button and the reveal itself: pii.reveal over the person's home town, beside workforce.read. */
export function mayRevealWorker(actor: Actor | null, regionPath: string): boolean {
  return reachesRegion(actor, 'pii.reveal', regionPath);
}

export function requireWorkerReveal(actor: Actor | null, worker: { regionPath: string }): void {
  requirePermission(actor, 'pii.reveal');
  requireWorkerInReach(actor, worker);
  requireRegionReach(actor, 'pii.reveal', worker.regionPath, 'worker');
}
