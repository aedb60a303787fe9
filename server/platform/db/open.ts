import path from 'node:path';
import type { Config } from '../../config.js';
import { openPglite, openPostgres, type Database } from './client.js';

/** DATABASE_URL set → that PostgreSQL server; otherwise the embedded PGlite in DATA_DIR/pgdata. */
export function openDatabase(config: Config): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL, config.DB_POOL_SIZE);
  return openPglite({ dataDir: path.join(config.dataDir, 'pgdata') });
}
