import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { departments } from '../../platform/access/scope.tables.js';

export type DepartmentRow = typeof departments.$inferSelect;

/** The departments under `where`, by city and then in the order the office keeps them; retired ones only if asked. */
export function selectDepartments(db: DbOrTx, where: SQL, includeRetired = false): Promise<DepartmentRow[]> {
  return db
    .select()
    .from(departments)
    .where(and(where, includeRetired ? undefined : isNull(departments.retiredAt)))
    .orderBy(asc(departments.cityId), asc(departments.sortOrder), asc(departments.name));
}

export async function lockDepartment(tx: Tx, id: string): Promise<DepartmentRow | undefined> {
  const [row] = await tx.select().from(departments).where(eq(departments.id, id)).for('update');
  return row;
}
