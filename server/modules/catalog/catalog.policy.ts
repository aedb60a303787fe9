import { requirePermission } from '../../platform/access/policy.js';
import type { Actor } from '../../platform/http/context.js';

/*
 * The catalog is the city's reference data: every signed-in user reads all of it (the route is `authenticated`),
 * retired categories and domains included, since old projects keep theirs. Changing it is the office's.
 */

/** Adding or changing a category: catalog.manage, held city-wide — no region or department scope applies. */
export function requireCatalogManage(actor: Actor | null): void {
  requirePermission(actor, 'catalog.manage');
}
