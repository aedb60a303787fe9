// `npm run db:migrate`: apply pending migrations to DATABASE_URL, or to the PGlite in DATA_DIR.
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/platform/db/open.js';
import { runMigrations } from '../server/platform/db/migrate.js';

const config = loadConfig();
const database = await openDatabase(config);
await runMigrations(database);
await database.close();
process.stdout.write(`migrations applied (${database.kind})\n`);
