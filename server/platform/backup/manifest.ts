import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { migrationsFolder } from '../db/migrate.js';

/** Raw SQL on whichever connection holds the snapshot being backed up or the database just restored. */
export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export const BACKUP_FORMAT = 'shezhi-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const FILES_PREFIX = 'files/';

const ZChecksum = z.object({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/**
 * What an archive says about itself; the last entry of the tar. Everything a restore checks is in it: the
 * checksum of every other entry, the migration level, each table's row count and content digest, and the
 * fingerprint of the key that sealed the personal data (never the key).
 */
export const ZManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string(),
  appVersion: z.string(),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    /** pglite: PGlite's dumpDataDir tarball (gzip); postgres: pg_dump --format=custom. */
    format: z.enum(['pglite-datadir', 'pg_dump-custom']),
    entry: z.string(),
    serverVersion: z.string(),
    serverVersionNum: z.number().int(),
    pgliteVersion: z.string().optional(),
    pgDumpVersion: z.string().optional(),
  }),
  migrations: z.object({ applied: z.number().int(), latest: z.string().nullable(), latestWhen: z.number() }),
  /** "orgs", "drizzle.__drizzle_migrations": rows and the sum of every row's 64-bit hash, read in the dump's snapshot. */
  tables: z.record(z.string(), z.object({ rows: z.number().int(), digest: z.string() })),
  keyFingerprint: z.string().nullable(),
  files: z.object({ count: z.number().int(), bytes: z.number().int() }),
  checksums: z.record(z.string(), ZChecksum),
});
export type Manifest = z.infer<typeof ZManifest>;

/**
 * Every table's row count and a content digest: the sum of hashtextextended over each row's text. Order-free,
 * so a logical restore (rows in another physical order) compares equal; the session settings that change how a
 * row prints are pinned. Runs inside the caller's transaction (`set local`).
 */
export async function measureTables(query: Query): Promise<Manifest['tables']> {
  for (const setting of ["timezone to 'UTC'", "datestyle to 'ISO, YMD'", "intervalstyle to 'postgres'", 'extra_float_digits to 1', "bytea_output to 'hex'"]) {
    await query(`set local ${setting}`);
  }
  const tables = await query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p') order by 1, 2`,
  );
  const out: Manifest['tables'] = {};
  for (const t of tables) {
    const quoted = `"${t.schema.replace(/"/g, '""')}"."${t.name.replace(/"/g, '""')}"`;
    const [row] = await query<{ rows: string; digest: string }>(`select count(*)::text as rows, coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)::text as digest from ${quoted} t`);
    out[t.schema === 'public' ? t.name : `${t.schema}.${t.name}`] = { rows: Number(row.rows), digest: row.digest };
  }
  return out;
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export function migrationJournal(): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta/_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/** How far the database is migrated, named by the last migration's tag when this code knows it. */
export async function migrationLevel(query: Query): Promise<Manifest['migrations']> {
  const [exists] = await query<{ ok: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!exists?.ok) return { applied: 0, latest: null, latestWhen: 0 };
  const [row] = await query<{ applied: string; latest: string | null }>(`select count(*)::text as applied, max(created_at)::text as latest from drizzle.__drizzle_migrations`);
  const latestWhen = Number(row?.latest ?? 0);
  const known = migrationJournal().find((e) => e.when === latestWhen);
  return { applied: Number(row?.applied ?? 0), latest: known?.tag ?? null, latestWhen };
}

export async function serverVersion(query: Query): Promise<{ serverVersion: string; serverVersionNum: number }> {
  const [row] = await query<{ v: string; n: string }>(`select current_setting('server_version') as v, current_setting('server_version_num') as n`);
  return { serverVersion: row.v, serverVersionNum: Number(row.n) };
}

export function pgliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    let dir = path.dirname(entry);
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
      }
      dir = path.dirname(dir);
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

/** Tables whose row count or content digest differ between the manifest and a restored database. */
export function compareTables(expected: Manifest['tables'], actual: Manifest['tables']): string[] {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (!got) problems.push(`${name}: missing`);
    else if (got.rows !== want.rows) problems.push(`${name}: ${got.rows} rows, expected ${want.rows}`);
    else if (got.digest !== want.digest) problems.push(`${name}: same ${got.rows} rows but different content`);
  }
  for (const name of Object.keys(actual)) if (!(name in expected)) problems.push(`${name}: not in the backup`);
  return problems;
}
