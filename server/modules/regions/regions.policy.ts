import { sql, type SQL } from 'drizzle-orm';
import { reachesRegion, regionReach, requirePermission, requireRegionReach } from '../../platform/access/policy.js';
import { regionScopeWhere } from '../../platform/access/scope.js';
import type { Actor } from '../../platform/http/context.js';
import { AppError } from '../../platform/errors/app-error.js';

/*
 * The region tree is the scope model itself: a grant on a node reaches its subtree, so a town's staff read their
 * town and what lies under it, city-wide readers (departments, auditors, organizations' members, applicants) read all of it, and only the
 * office keeps it (region.manage on its own subtree). A node outside the caller's reach answers 404, as a missing
 * one does, so the tree does not tell a town what the next town holds.
 */

/** The nodes the caller may read, as SQL over `r.path`: a grant reaches its own subtree. */
export function regionScope(actor: Actor | null): SQL {
  return regionScopeWhere(actor, 'region.read', sql`r.path`);
}

/**
 * The highest nodes the caller may read: the whole tree for a city-wide reader, else the paths of their grants
 * with those inside another grant's subtree left out — a grant on a town and one on its community give one root.
 */
export function readableRoots(actor: Actor | null): { all: true } | { all: false; paths: string[] } {
  const reach = regionReach(actor, 'region.read');
  if (reach.all) return reach;
  return { all: false, paths: reach.paths.filter((p) => !reach.paths.some((q) => q !== p && p.startsWith(q))) };
}

/** One node (its detail, children or history): 404 unless it lies in the caller's region.read subtree. */
export function requireRegionInReach(actor: Actor | null, path: string): void {
  requireRegionReach(actor, 'region.read', path);
}

/** Creating, changing, moving, retiring or restoring a node is the office's: region.manage somewhere, else 403. */
export function requireRegionsManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'region.manage');
}

/**
 * A new root — a city this installation serves — is the platform administrator's: region.manage over the whole
 * tree, not a city's office, which reaches only its own city (403 otherwise).
 */
export function requireRootManage(actor: Actor | null): Actor {
  const admin = requireRegionsManage(actor);
  if (!regionReach(admin, 'region.manage').all) throw new AppError('forbidden', {}, undefined, { denied: true });
  return admin;
}

/**
 * A node the caller changes (or adds under, or moves something under) must lie in both their region.read and
 * their region.manage subtree; outside either it answers 404, as a missing node does, so a manager learns
 * nothing of the tree beyond their own part of it.
 */
export function requireManagedRegion(actor: Actor | null, path: string): void {
  requireRegionReach(actor, 'region.read', path);
  requireRegionReach(actor, 'region.manage', path);
}

/**
 * A province, prefecture or city is retired by whoever keeps the level above it (a root: the platform administrator),
 * never by its own office: a city's office does not close its own city.
 */
export function mayRetireAboveTowns(actor: Actor | null, row: { path: string; parentId: string | null }): boolean {
  if (!row.parentId) return regionReach(actor, 'region.manage').all;
  const parentPath = row.path.slice(0, row.path.slice(0, -1).lastIndexOf('/') + 1);
  return reachesRegion(actor, 'region.manage', parentPath) && reachesRegion(actor, 'region.read', parentPath);
}

/** What the region's abilities offer: the same region.manage reach the writes require (their state checks aside). */
export function mayManageRegion(actor: Actor | null, path: string): boolean {
  return reachesRegion(actor, 'region.manage', path);
}
