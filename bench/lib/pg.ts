// Bench databases on the local PostgreSQL server: created per run, dropped at cleanup.
import pg from 'pg';
import { onCleanup } from './cleanup.js';

/** Always name the user: without one the server refuses and a benchmark would count only errors. */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A new empty database `shezhi_bench_<pid>_<time>_<n>`, dropped at cleanup. Returns its URL. */
export async function createBenchDb(tag: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `shezhi_bench_${process.pid}_${Date.now().toString(36)}_${counter++}_${tag}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin((c) => c.query(`create database ${name}`));
  const drop = onCleanup(`drop database ${name}`, () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined));
  return { name, url: dbUrl(name), drop };
}

export async function pgVersion(): Promise<string | null> {
  try {
    return await admin(async (c) => (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0].v);
  } catch {
    return null;
  }
}

/** ANALYZE the whole database, as autovacuum would soon after the demo data is loaded. */
export async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}
