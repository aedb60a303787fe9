import type { SQL } from 'drizzle-orm';
import { requirePermission } from '../../platform/access/policy.js';
import { cityListWhere, requireCityReach } from '../../platform/access/cities.js';
import type { Actor } from '../../platform/http/context.js';
import { departments } from '../../platform/access/scope.tables.js';

/*
 * Departments are a city's, not a town's (issue 16 §3): whoever works in a city reads that city's departments and
 * no other's; those who file or are assigned (department.read held globally) read every city's. Only the city's
 * office (department.manage on the city) or the platform administrator keeps them. Another city's department
 * answers 404, as a missing one.
 */

export function requireDepartmentsRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'department.read');
}

/** The departments the caller reads, optionally narrowed to one city. */
export function departmentListWhere(actor: Actor | null, cityId: string | undefined): SQL {
  return cityListWhere(actor, 'department.read', departments.cityId, cityId);
}

export function requireDepartmentsManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'department.manage');
}

/** A department the caller changes: department.manage in its city, else 404. */
export function requireDepartmentManaged(actor: Actor | null, cityId: string): void {
  requireCityReach(actor, 'department.manage', cityId);
}
