import { requirePermission } from '../../platform/access/policy.js';
import type { Actor } from '../../platform/http/context.js';

/**
 * Departments are the city's, not a town's: whoever holds department.read (every reference reader) reads every
 * department that is not retired — no region or department scope narrows the list.
 */
export function requireDepartmentsRead(actor: Actor | null): void {
  requirePermission(actor, 'department.read');
}
