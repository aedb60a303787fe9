import { sql } from 'drizzle-orm';
import { check, type PgColumn } from 'drizzle-orm/pg-core';

/**
 * A CHECK constraint for every column declared `text(name, { enum: VALUES })` in a table: the database refuses a
 * value the TypeScript type does not allow, from the same array (`<table>_<column>_enum_ck`). Used in each table's
 * extra config (`(t) => [...enumChecks('orgs', t), …]`); drizzle-kit writes the migration when an array changes,
 * and db/checks.test.ts fails on an enum column without its constraint.
 */
export function enumChecks(table: string, columns: Record<string, PgColumn>) {
  // The extra config receives drizzle's index-building copies of the columns, which keep the enum only in the
  // builder's config.
  const enumOf = (c: PgColumn) => c.enumValues ?? (c as unknown as { config?: { enumValues?: string[] } }).config?.enumValues;
  return Object.values(columns)
    .filter((c) => (enumOf(c)?.length ?? 0) > 0)
    .map((c) => {
      const values = enumOf(c)!.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
      return check(`${table}_${c.name}_enum_ck`, sql`${sql.identifier(c.name)} in (${sql.raw(values)})`);
    });
}
