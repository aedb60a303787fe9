// `npm run gen -- --orgs 100000 [--applications 10000] [--projects 100000] [--concerns 1000000]`: volume data for the benchmarks and for trying the
// app at a city's scale, written into DATABASE_URL or the PGlite in DATA_DIR (stop the server first when
// on PGlite: one process owns its data folder). An empty database is migrated and gets the Haining demo
// data first. Each flag names a target count: the generator adds what is missing and says what it did,
// so running the same command twice adds nothing the second time. Personal data is sealed with the
// app's key (PII_KEY, else DATA_DIR/pii.key), so the server started with the same settings can read it.
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { runMigrations } from '../server/platform/db/migrate.js';
import { openDatabase } from '../server/platform/db/open.js';
import { localStorage } from '../server/platform/files/storage.js';
import { createPiiCipher } from '../server/platform/pii/cipher.js';
import { resolvePiiKey } from '../server/platform/pii/key-guard.js';
import { seedDemoIfEmpty } from '../server/seed/haining.js';
import { applicationsGenerator } from './gen/applications.js';
import { concernsGenerator } from './gen/concerns.js';
import type { GenContext, Generator } from './gen/context.js';
import { orgsGenerator } from './gen/orgs.js';
import { projectsGenerator } from './gen/projects.js';

/** In the order they run; a later generator may use what an earlier one made. */
const GENERATORS: Generator[] = [orgsGenerator, applicationsGenerator, projectsGenerator, concernsGenerator];

function usage(): string {
  return [
    'npm run gen -- [--<what> N]…',
    ...GENERATORS.map((g) => `  --${g.flag.padEnd(14)} N  ${g.help}`),
    'Targets the database the server would open: DATABASE_URL, or the PGlite in DATA_DIR (default ./.data).',
  ].join('\n');
}

function parseArgs(argv: string[]): Map<Generator, number> {
  const targets = new Map<Generator, number>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(usage() + '\n');
      process.exit(0);
    }
    const [flag, inline] = a.startsWith('--') ? a.slice(2).split('=', 2) : [null, undefined];
    const g = GENERATORS.find((x) => x.flag === flag);
    if (!g) throw new Error(`unknown option ${a}\n${usage()}`);
    const value = (inline ?? argv[++i] ?? '').replace(/[_,]/g, '');
    if (!/^\d+$/.test(value)) throw new Error(`--${g.flag} takes a whole number, not "${inline ?? argv[i] ?? ''}"`);
    targets.set(g, Number(value));
  }
  if (targets.size === 0) throw new Error(`say what to generate\n${usage()}`);
  return targets;
}

async function main() {
  const targets = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const log = (m: string) => process.stderr.write(`[gen ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  const database = await openDatabase(config);
  try {
    await runMigrations(database);
    // The server's own check: the key must be the one that sealed the data; none is generated for sealed data.
    const pii = createPiiCipher(await resolvePiiKey(database.db, { envKey: config.PII_KEY, dataDir: config.dataDir }), config.PII_CIPHER);
    const storage = localStorage(path.join(config.dataDir, 'files'));
    if (config.SEED_DEMO && (await seedDemoIfEmpty(database.db, pii, storage))) log('empty database: loaded the Haining demo data first');
    const ctx: GenContext = { database, pii, storage, log };
    const done: string[] = [];
    for (const g of GENERATORS) {
      const target = targets.get(g);
      if (target === undefined) continue;
      const said = await g.run(ctx, target);
      log(said);
      done.push(said);
    }
    // Fresh statistics, as the demo seed leaves them: without, the planner takes the just-filled tables for empty
    // and a name search over 100,000 orgs hash-joins every org (158 ms instead of 2 ms) until autovacuum runs.
    if (done.length) {
      const started = Date.now();
      await database.db.execute(sql`analyze`);
      log(`analyze: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    process.stdout.write(`${done.join('\n')}\n(${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL at DATABASE_URL'})\n`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  process.stderr.write(`gen failed: ${err instanceof Error ? (/^(unknown option|say what|--)/.test(err.message) ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
  process.exitCode = 1;
});
