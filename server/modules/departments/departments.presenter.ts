import type { Department } from '../../../contracts/departments.js';
import type { DepartmentRow } from './departments.queries.js';

export function presentDepartment({ id, cityId, name, shortName, kind, isMemberUnit, isServiceDepartment, sortOrder, retiredAt, version }: DepartmentRow): Department {
  return { id, cityId, name, shortName, kind, isMemberUnit, isServiceDepartment, sortOrder, retired: retiredAt !== null, version };
}
