import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { rows } from './sql.js';

/** Found next to the source (server/migrations) or, in the bundled build, from the project root. */
export function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../migrations'), path.resolve(here, '../../server/migrations'), path.resolve(process.cwd(), 'server/migrations')];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'meta/_journal.json')));
  if (!found) throw new Error(`migrations folder not found (looked in ${candidates.join(', ')})`);
  return found;
}

const MIGRATION_LOCK = 738_204_000;

/**
 * Whether the database already has the journal's last migration: one small query on nearly every start, instead
 * of drizzle's migrator reading and hashing every migration file first (issue 14 §4). The migrator records each
 * migration with the journal's `when` as `created_at` and applies those later than the last one recorded, so
 * equal values mean it would do nothing.
 */
async function isMigrated(database: Database, migrationsDir: string): Promise<boolean> {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta/_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const latest = Math.max(...journal.entries.map((e) => e.when));
  const [table] = await rows<{ exists: boolean }>(database.db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`);
  if (!table?.exists) return false;
  const [row] = await rows<{ last: string | null }>(database.db, sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`);
  return row?.last != null && Number(row.last) === latest;
}

/**
 * Applies pending migrations. On a server, several instances may start at once: an advisory lock
 * lets one migrate while the others wait and then find nothing to do.
 */
export async function runMigrations(database: Database): Promise<void> {
  const migrationsDir = migrationsFolder();
  if (await isMigrated(database, migrationsDir)) return;
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: migrationsDir });
    return;
  }
  const [{ migrate: migratePg }, { drizzle: drizzlePg }] = await Promise.all([import('drizzle-orm/node-postgres/migrator'), import('drizzle-orm/node-postgres')]);
  const pool = (database as unknown as { pool: pg.Pool }).pool;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client), { migrationsFolder: migrationsDir });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
