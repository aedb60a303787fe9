import { asc, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { departments } from '../../platform/access/scope.tables.js';

export type DepartmentRow = typeof departments.$inferSelect;

/** The departments not retired, in the order the office keeps them. */
export function selectActiveDepartments(db: DbOrTx): Promise<DepartmentRow[]> {
  return db.select().from(departments).where(isNull(departments.retiredAt)).orderBy(asc(departments.sortOrder), asc(departments.name));
}
