import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { openPglite, pgliteClient, type Db } from '../platform/db/client.js';
import { platformMeta } from '../platform/db/meta.tables.js';
import { runMigrations } from '../platform/db/migrate.js';
import { rows } from '../platform/db/sql.js';
import { localStorage } from '../platform/files/storage.js';
import { createPiiCipher, loadPiiKey, piiKeyFingerprint } from '../platform/pii/cipher.js';
import { PII_KEY_FINGERPRINT } from '../platform/pii/key-guard.js';
import { resealPersonalData } from '../platform/pii/rekey.js';
import { todayInChina } from '../platform/calendar/calendar.js';
import { seedDemoIfEmpty, type SeedProgress } from './haining.js';

/**
 * The demo database, built once with the build and restored on a first start (issue 14 §4).
 *
 * Seeding Haining drives every demo case through the real use cases (~25 s on PGlite); `npm run build` does
 * that once (`node dist/server/main.mjs --build-demo-image dist/demo`) and keeps PGlite's data folder as a
 * tarball, the uploaded demo files and a manifest. A first start on an empty data folder loads the tarball
 * instead of running initdb, migrations and the seed.
 *
 * Personal data: the image is sealed under a throwaway key made for the build, and that key ships in the
 * manifest — so it is public, and nothing may stay sealed under it. Adopting the image re-seals every sealed
 * value and recomputes every lookup hash under the data folder's own key (PII_KEY, or DATA_DIR/pii.key made
 * for it), in one transaction that also removes the image's "pending" mark and stores the new key's
 * fingerprint. Until that transaction commits the mark stays, and the next start finishes the adoption
 * (a crash in between cannot leave data sealed under the public key behind a started server). The audit
 * chain holds no sealed value (the test checks it) and is carried over unchanged, so it still verifies.
 *
 * What an image is valid for: exactly the server bundle that built it (its SHA-256 is in the manifest) and an
 * empty data folder on PGlite. Otherwise the server seeds through the use cases as before (and always on
 * PostgreSQL). The demo is "as of" the build: relative dates (an application closed 5–40 days ago) are counted
 * from the day the image was built, exactly as if the folder had been seeded that day and opened again later;
 * the start banner prints that date. `npm start` rebuilds the image when it is older than the bundle.
 */
export const DEMO_IMAGE_FORMAT = 'shezhi-demo-image';
const DEMO_IMAGE_VERSION = 1;
/** platform_meta: set in the image, removed by the transaction that re-keys it. */
export const DEMO_IMAGE_PENDING = 'demo_image_pending';
const DATABASE_ENTRY = 'pgdata.tar';
const FILES_ENTRY = 'files';
const MANIFEST_ENTRY = 'manifest.json';

const ZDemoImageManifest = z.object({
  format: z.literal(DEMO_IMAGE_FORMAT),
  formatVersion: z.literal(DEMO_IMAGE_VERSION),
  builtAt: z.string(),
  /** The China date the relative demo dates were counted from. */
  builtOn: z.string(),
  /** The server bundle that built it: only that bundle restores it. Null when built from the sources (tests). */
  bundleSha256: z.string().nullable(),
  pgliteVersion: z.string(),
  /** base64 of the throwaway build key — public by design, see above. */
  buildKey: z.string(),
  /** Row count of every table, as built. */
  tables: z.record(z.string(), z.number().int()),
  files: z.number().int(),
});
export type DemoImageManifest = z.infer<typeof ZDemoImageManifest>;

export interface DemoImage {
  dir: string;
  manifest: DemoImageManifest;
  /** The PGlite data folder as PGlite's loadDataDir takes it. */
  load(): Promise<Blob>;
}

function pgliteVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const start of [here, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const file = path.join(dir, 'node_modules', '@electric-sql', 'pglite', 'package.json');
      if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
      if (path.dirname(dir) === dir) break;
    }
  }
  return 'unknown';
}

/**
 * The running server bundle (dist/server/main.mjs, whichever way it was started) and its SHA-256, or null when
 * running from the sources. In the bundle this module's URL is the bundle's own.
 */
export function runningBundle(): { file: string; sha256: string } | null {
  const file = fileURLToPath(import.meta.url);
  if (!file.endsWith('.mjs') || !fs.existsSync(file)) return null;
  return { file, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

/** dist/demo beside dist/server, for the bundle. */
export const demoImageDirFor = (bundleFile: string) => path.resolve(path.dirname(bundleFile), '..', 'demo');

/** Whether DATA_DIR holds no database yet (no PGlite data folder, or one without PG_VERSION). */
export const isEmptyDataFolder = (dataDir: string) => !fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'));

/**
 * The image in `dir` if it is complete and made for this bundle and this PGlite; otherwise null and why (the
 * caller then seeds through the use cases).
 */
export function findDemoImage(dir: string, bundleSha256: string | null): { image: DemoImage } | { image: null; why: string } {
  const manifestFile = path.join(dir, MANIFEST_ENTRY);
  if (!fs.existsSync(manifestFile)) return { image: null, why: `no demo image in ${dir}` };
  const parsed = ZDemoImageManifest.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  if (!parsed.success) return { image: null, why: `${manifestFile} is not a demo image manifest of this version` };
  const manifest = parsed.data;
  if (manifest.bundleSha256 !== bundleSha256) return { image: null, why: 'the demo image was built by another server build' };
  if (manifest.pgliteVersion !== pgliteVersion()) return { image: null, why: `the demo image is for PGlite ${manifest.pgliteVersion}` };
  const database = path.join(dir, DATABASE_ENTRY);
  if (!fs.existsSync(database)) return { image: null, why: `${database} is missing` };
  return { image: { dir, manifest, load: async () => new Blob([await fs.promises.readFile(database)]) } };
}

/** Row counts of every table in the public and drizzle schemas. */
export async function countRows(db: Db): Promise<Record<string, number>> {
  const tables = await rows<{ schema: string; name: string }>(
    db,
    sql`select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p') order by 1, 2`,
  );
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [{ n }] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${t.schema}"."${t.name}"`));
    out[t.schema === 'public' ? t.name : `${t.schema}.${t.name}`] = n;
  }
  return out;
}

/**
 * Builds the image into `outDir` (replaced whole, never left half-written): an in-memory PGlite, migrated and
 * seeded through the same code as a live first start, sealed under a new throwaway key.
 */
export async function buildDemoImage(outDir: string, options: { bundleSha256: string | null; progress?: SeedProgress }): Promise<DemoImageManifest> {
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(outDir)), '.demo-image-'));
  try {
    const buildKey = randomBytes(32);
    const database = await openPglite();
    try {
      await runMigrations(database);
      const builtAt = new Date();
      await seedDemoIfEmpty(database.db, createPiiCipher(buildKey), localStorage(path.join(staging, FILES_ENTRY)), options.progress);
      await database.db.insert(platformMeta).values({ key: DEMO_IMAGE_PENDING, value: piiKeyFingerprint(buildKey) });
      const tables = await countRows(database.db);
      const dump = await pgliteClient(database).dumpDataDir('none');
      fs.writeFileSync(path.join(staging, DATABASE_ENTRY), Buffer.from(await dump.arrayBuffer()));
      const filesDir = path.join(staging, FILES_ENTRY);
      fs.rmSync(path.join(filesDir, '.tmp'), { recursive: true, force: true });
      const files = fs.existsSync(filesDir) ? fs.readdirSync(filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
      const manifest: DemoImageManifest = {
        format: DEMO_IMAGE_FORMAT,
        formatVersion: DEMO_IMAGE_VERSION,
        builtAt: builtAt.toISOString(),
        builtOn: todayInChina(),
        bundleSha256: options.bundleSha256,
        pgliteVersion: pgliteVersion(),
        buildKey: buildKey.toString('base64'),
        tables,
        files,
      };
      fs.writeFileSync(path.join(staging, MANIFEST_ENTRY), JSON.stringify(manifest, null, 2) + '\n');
      fs.rmSync(outDir, { recursive: true, force: true });
      fs.renameSync(staging, outDir);
      return manifest;
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Finishes a restored image: copies its files into DATA_DIR/files, re-seals the personal data under this
 * folder's key and stores that key's fingerprint — one transaction. Returns false when the database carries no
 * pending mark (every start but the first). Throws when a pending database meets an image other than its own.
 */
export async function adoptDemoImage(db: Db, imageOf: () => DemoImage | null, options: { envKey?: string; dataDir: string }): Promise<boolean> {
  const [pending] = await db.select({ value: platformMeta.value }).from(platformMeta).where(eq(platformMeta.key, DEMO_IMAGE_PENDING));
  if (!pending) return false;
  const image = imageOf();
  const buildKey = image ? Buffer.from(image.manifest.buildKey, 'base64') : null;
  if (!image || !buildKey || piiKeyFingerprint(buildKey) !== pending.value) {
    throw new Error(
      [
        '数据目录中的演示数据库尚未完成初始化，且对应的演示镜像已不存在：请删除数据目录后重新启动。',
        'The demo database in this data folder was never finished and the demo image it came from is gone:',
        'delete the data folder and start again.',
      ].join('\n'),
    );
  }
  const source = path.join(image.dir, FILES_ENTRY);
  if (fs.existsSync(source)) fs.cpSync(source, path.join(options.dataDir, 'files'), { recursive: true, force: true });
  const key = loadPiiKey(options);
  await db.transaction(async (tx) => {
    await resealPersonalData(tx, createPiiCipher(buildKey), createPiiCipher(key));
    await tx.delete(platformMeta).where(eq(platformMeta.key, DEMO_IMAGE_PENDING));
    await tx.insert(platformMeta).values({ key: PII_KEY_FINGERPRINT, value: piiKeyFingerprint(key) });
  });
  return true;
}

/** `node dist/server/main.mjs --build-demo-image <dir>`: what `npm run build:demo` runs. */
export async function buildDemoImageCommand(outDir: string): Promise<void> {
  const started = Date.now();
  const bundle = runningBundle();
  // `npm start` builds the image on a first start: say what it is doing, or the minute looks like a hang.
  process.stdout.write(`预制演示数据 / building the demo image → ${outDir}\n`);
  const manifest = await buildDemoImage(path.resolve(outDir), { bundleSha256: bundle?.sha256 ?? null, progress: (line) => process.stdout.write(`${line}\n`) });
  const total = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  process.stdout.write(`demo image → ${outDir}: ${total} rows, ${manifest.files} files, as of ${manifest.builtOn}, in ${Date.now() - started} ms\n`);
}

export const tempDemoImageDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-demo-image-'));
