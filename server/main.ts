import path from 'node:path';
import { loadConfig } from './config.js';
import { localStorage } from './platform/files/storage.js';
import { buildApp } from './app.js';
import { logUnhandledRejections } from './platform/errors/process-guards.js';
import { openDatabase } from './platform/db/open.js';
import { createPiiCipher } from './platform/pii/cipher.js';
import { resolvePiiKey } from './platform/pii/key-guard.js';
import { runMigrations } from './platform/db/migrate.js';
import { fillMaskedPersonalData } from './modules/orgs/fill-masked.js';
import { seedDemoIfEmpty } from './seed/haining.js';
import { bannerLines, firstAdminLines, holdsDemoData } from './banner.js';
import { ensureFirstAdmin, StartRefused } from './platform/auth/first-admin.js';
import { ensureOfficialCalendar } from './platform/calendar/calendar.js';
import { adoptDemoImage, buildDemoImageCommand, demoImageDirFor, findDemoImage, isEmptyDataFolder, runningBundle, } from './seed/demo-image.js';

/** Below the 30 s a container runtime or systemd usually waits after SIGTERM before SIGKILL. */
const SHUTDOWN_GRACE_MS = 25_000;

async function main() {
  const started = Date.now();
  const config = loadConfig();
  // PGlite with the demo: an empty data folder starts from the demo image built with this bundle (demo-image.ts),
  // not from initdb + migrations + the seed; the image is also what finishes a first start that was interrupted.
  let imageLookup: ReturnType<typeof findDemoImage> | undefined;
  const demoImage = () => {
    const bundle = runningBundle();
    imageLookup ??= bundle ? findDemoImage(demoImageDirFor(bundle.file), bundle.sha256) : { image: null, why: 'not running from the built bundle' };
    return imageLookup.image;
  };
  const image = !config.DATABASE_URL && config.SEED_DEMO && isEmptyDataFolder(config.dataDir) ? demoImage() : null;
  const database = await openDatabase(config, image ? { loadDataDir: await image.load() } : {});
  await runMigrations(database);
  const restored = database.kind === 'pglite' && (await adoptDemoImage(database.db, demoImage, { envKey: config.PII_KEY, dataDir: config.dataDir }));
  // Refuses to start on a key other than the one that sealed the data (a restore without its key), and never
  // generates a new key for a database that already holds sealed data.
  const pii = createPiiCipher(await resolvePiiKey(database.db, { envKey: config.PII_KEY, dataDir: config.dataDir }), config.PII_CIPHER);
  const seeded = restored || (config.SEED_DEMO ? await seedDemoIfEmpty(database.db, pii, localStorage(path.join(config.dataDir, 'files')), (line) => process.stdout.write(`${line}\n`)) : false);
  // A real deployment starts without the demo: the official calendar (every deadline counts working days on it) and
  // the first administrator come from the package and the environment, not from demo data.
  const calendarYears = await ensureOfficialCalendar(database.db);
  const firstAdmin = await ensureFirstAdmin(database.db, config);
  const app = await buildApp({ config, database, pii });

  logUnhandledRejections(app.log);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // app.close stops accepting connections and waits for every in-flight request to be answered; a request
    // stuck longer than this (a database gone silent) must not keep the process from exiting.
    setTimeout(() => {
      app.log.error({ signal }, `requests still in flight after ${SHUTDOWN_GRACE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      await app.close();
      await database.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ port: config.PORT, host: config.HOST });
  // Masks for organizations sealed before migration 0015: a scan of every org (~0.15 s on PGlite) that no page waits
  // for — the presenter decrypts where a mask is missing — so it runs after the first requests, not before them.
  setTimeout(() => {
    if (!closing) fillMaskedPersonalData(database.db, pii).catch((err: unknown) => app.log.error({ err }, 'filling masked personal data failed'));
  }, 10_000).unref();
  const port = new URL(address).port;
  const url = `http://localhost:${port}`;
  // Printed for people, not for the log pipeline.
  const demo = seeded || (await holdsDemoData(database.db));
  process.stdout.write(
    bannerLines({
      url,
      database: `${database.kind === 'pglite' ? `PGlite (${config.dataDir}/pgdata)` : 'PostgreSQL (DATABASE_URL)'}${seeded ? ' — 已载入海宁演示数据 / Haining demo data loaded' : ''}${restored ? `（${image?.manifest.builtOn ?? ''} 预制 / prebuilt）` : ''}`,
      demo,
      notes: [
        ...(imageLookup && !imageLookup.image ? [`  演示数据逐条生成 / demo data seeded step by step: ${imageLookup.why}`] : []),
        ...(calendarYears.length ? [`  工作日历 / official calendar: 已载入 / loaded ${calendarYears[0]}–${calendarYears[calendarYears.length - 1]}`] : []),
        ...firstAdminLines(firstAdmin),
      ],
      startedMs: Date.now() - started,
    }).join('\n') + '\n',
  );
}

const buildImage = process.argv.indexOf('--build-demo-image');
(buildImage > 0 ? buildDemoImageCommand(process.argv[buildImage + 1] ?? 'dist/demo') : main()).catch((err) => {
  // A refusal that says what to set is the whole message; a stack would only bury it.
  if (err instanceof StartRefused) {
    process.stderr.write(`启动失败 / failed to start:\n${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`启动失败 / failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
