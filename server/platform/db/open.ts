import path from 'node:path';
import type { Config } from '../../config.js';
import { openPglite, openPostgres, type Database } from './client.js';
import { lockPglite } from './pglite-lock.js';

/**
 * DATABASE_URL set → that PostgreSQL server; otherwise the embedded PGlite in DATA_DIR/pgdata, locked for this
 * process (pglite-lock.ts) until it is closed. `loadDataDir`: a PGlite data-folder tarball to start an empty folder
 * from (the prebuilt demo database, server/seed/demo-image.ts) instead of running initdb.
 */
export async function openDatabase(config: Config, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DB_POOL_SIZE);
  const dataDir = path.join(config.dataDir, 'pgdata');
  const unlock = lockPglite(dataDir);
  try {
    const database = await openPglite({ dataDir, loadDataDir: options.loadDataDir });
    const close = database.close.bind(database);
    database.close = async () => {
      try {
        await close();
      } finally {
        unlock();
      }
    };
    return database;
  } catch (err) {
    unlock();
    throw err;
  }
}
