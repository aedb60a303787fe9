import path from 'node:path';
import { createBenchDb } from './pg.js';
import { startServer, tempDir, type Running } from './server.js';

export type BenchDatabase = 'postgres' | 'pglite';

/**
 * Runs `measure` against a fresh demo server on each database asked for — a new bench database on the PostgreSQL
 * server, then a new PGlite folder — stopping the server and dropping the database whatever happens. A database that
 * fails is reported in `errors` under its name and the other still runs. `measure` may stop the server early (stopping
 * twice is harmless) and then open the database itself: `databaseUrl` on PostgreSQL, `dataDir`/pgdata on PGlite.
 */
export async function onDemoServers(
  tag: string,
  opts: { postgres: boolean; pglite: boolean; /** Seeding the demo through the use cases takes minutes on a loaded machine (default 120 s). */ startTimeoutMs?: number },
  errors: string[],
  measure: (server: Running, db: BenchDatabase, databaseUrl: string | null, dataDir: string) => Promise<void>,
): Promise<void> {
  if (opts.postgres) {
    try {
      const db = await createBenchDb(tag);
      try {
        const dataDir = path.join(tempDir(tag), 'data');
        const server = await startServer('server', { DATABASE_URL: db.url, DATA_DIR: dataDir }, { timeoutMs: opts.startTimeoutMs });
        try {
          await measure(server, 'postgres', db.url, dataDir);
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
      const dataDir = path.join(tempDir(`${tag}-pglite`), 'data');
      const server = await startServer('server (PGlite)', { DATA_DIR: dataDir }, { timeoutMs: opts.startTimeoutMs });
      try {
        await measure(server, 'pglite', null, dataDir);
      } finally {
        await server.stop();
      }
    } catch (err) {
      errors.push(`PGlite: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
