import type { Department } from '../../../contracts/departments.js';
import type { DepartmentRow } from './departments.queries.js';

export function presentDepartment({ id, name, shortName, kind, isMemberUnit, isServiceDepartment }: DepartmentRow): Department {
  return { id, name, shortName, kind, isMemberUnit, isServiceDepartment };
}
