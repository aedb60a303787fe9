// Status and kind columns are closed sets in TypeScript (`text(name, { enum })`); the database holds the same set
// as a CHECK constraint generated from the same array (checks.ts), so a write that bypasses the types — raw SQL,
// a script, a future module — cannot store a value the code does not know.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tablesIn } from '../module.js';
import { MODULES } from '../../modules/index.js';
import { useTestApp } from '../../test/harness.js';
import { pgErrorOf, rows } from './sql.js';

const platformDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tableFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tableFiles(path.join(dir, e.name)) : e.name.endsWith('.tables.ts') ? [path.join(dir, e.name)] : []));

async function everyTable(): Promise<PgTable[]> {
  const kernel = await Promise.all(tableFiles(platformDir).map(async (f) => tablesIn((await import(f)) as Record<string, unknown>)));
  return [...kernel.flat(), ...MODULES.flatMap((m) => m.tables)];
}

const enumColumns = (t: PgTable) =>
  getTableConfig(t)
    .columns.filter((c) => (c.enumValues?.length ?? 0) > 0)
    .map((c) => ({ table: getTableConfig(t).name, column: c.name, values: c.enumValues! }));

const ctx = useTestApp();

describe('enum columns', () => {
  it('each has its CHECK constraint in the table declaration', async () => {
    const tables = await everyTable();
    const missing: string[] = [];
    let count = 0;
    for (const t of tables) {
      const checks = new Set(getTableConfig(t).checks.map((c) => c.name));
      for (const e of enumColumns(t)) {
        count++;
        if (!checks.has(`${e.table}_${e.column}_enum_ck`)) missing.push(`${e.table}.${e.column}`);
      }
    }
    expect(missing).toEqual([]);
    // A floor, so the walk cannot pass by finding no tables: 37 enum columns when the constraints arrived.
    expect(count).toBeGreaterThanOrEqual(37);
  });

  it('and the migrated database holds exactly those constraints and refuses a value outside the set', async () => {
    const tables = await everyTable();
    const expected = tables.flatMap(enumColumns).map((e) => `${e.table}_${e.column}_enum_ck`).sort();
    const db = ctx.t.app.database.db;
    const found = await rows<{ conname: string }>(db, sql`select conname from pg_constraint where contype = 'c' and conname like '%\\_enum\\_ck' order by conname`);
    expect(found.map((r) => r.conname).sort()).toEqual(expected);
    const refused = await db.execute(sql`update orgs set status = 'bogus' where id = (select id from orgs limit 1)`).catch((err: unknown) => err);
    expect(pgErrorOf(refused)?.code).toBe('23514');
    expect(pgErrorOf(refused)?.constraint).toBe('orgs_status_enum_ck');
  });
});
