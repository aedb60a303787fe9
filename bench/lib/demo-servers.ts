import path from 'node:path';
import { createBenchDb } from './pg.js';
import { startServer, tempDir, type Running } from './server.js';

export type BenchDatabase = 'postgres' | 'pglite';

/**
 * Runs `measure` against a fresh demo server on each database asked for — a new bench database on the PostgreSQL
 * server, then a new PGlite folder — stopping the server and dropping the database whatever happens. A database that
 * fails is reported in `errors` under its name and the other still runs.
 */
export async function onDemoServers(
  tag: string,
  opts: { postgres: boolean; pglite: boolean },
  errors: string[],
  measure: (server: Running, db: BenchDatabase, databaseUrl: string | null) => Promise<void>,
): Promise<void> {
  if (opts.postgres) {
    try {
      const db = await createBenchDb(tag);
      try {
        const server = await startServer('server', { DATABASE_URL: db.url, DATA_DIR: path.join(tempDir(tag), 'data') });
        try {
          await measure(server, 'postgres', db.url);
        } finally {
          await server.stop();
        }
      } finally {
        await db.drop();
      }
    } catch (err) {
      errors.push(`PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (opts.pglite) {
    try {
      const server = await startServer('server (PGlite)', { DATA_DIR: path.join(tempDir(`${tag}-pglite`), 'data') });
      try {
        await measure(server, 'pglite', null);
      } finally {
        await server.stop();
      }
    } catch (err) {
      errors.push(`PGlite: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
