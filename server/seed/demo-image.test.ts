import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openPglite, type Database, type Db } from '../platform/db/client.js';
import { runMigrations } from '../platform/db/migrate.js';
import { rows } from '../platform/db/sql.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { createPiiCipher, piiKeyFingerprint } from '../platform/pii/cipher.js';
import { PII_KEY_FINGERPRINT, PiiKeyRefused, resolvePiiKey } from '../platform/pii/key-guard.js';
import { SEALED_VALUE } from '../platform/pii/rekey.js';
import { openTestDatabase } from '../test/harness.js';
import { currentBuiltDemoImage } from '../test/built-demo-image.js';
import { adoptDemoImage, buildDemoImage, countRows, DEMO_IMAGE_PENDING, findDemoImage, type DemoImage } from './demo-image.js';

/**
 * The fast path must give the same demo as the slow one: the image (built and adopted as a first start does) is
 * compared with the run's template database, which global-setup seeded live through the use cases — on PGlite,
 * and on PostgreSQL when the suite runs there (the image itself is always PGlite). On PGlite the image is built from
 * the sources by global-setup.ts, beside the template's seed; on PostgreSQL it is the one `npm run build` left in
 * dist/demo when the bundle of these very sources made it today (built-demo-image.ts: CI's second leg); failing
 * both, it is built here from the sources.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-demo-image-test-'));
const imageDir = path.join(work, 'image');
const dataDir = path.join(work, 'data');
const folderKey = randomBytes(32);
let image: DemoImage;
let restored: Database;
let fresh: Database;
const progress: string[] = [];

beforeAll(async () => {
  const side = inject('sideDemoImage');
  const built = side ? null : await currentBuiltDemoImage();
  if (side) {
    // Built from the sources by global-setup.ts while it seeded the template (PGlite), exactly as below.
    const found = findDemoImage(side.dir, null);
    if (!found.image) throw new Error(found.why);
    image = found.image;
    progress.push(...side.progress);
  } else if (built) {
    image = built;
    // The build's seed printed its steps to the console; the template's seed ran the same seedDemoIfEmpty today.
    progress.push(...inject('seedProgress'));
  } else {
    await buildDemoImage(imageDir, { bundleSha256: null, progress: (line) => progress.push(line) });
    const found = findDemoImage(imageDir, null);
    if (!found.image) throw new Error(found.why);
    image = found.image;
  }
  restored = await openPglite({ loadDataDir: await image.load() });
  await runMigrations(restored);
  expect(await adoptDemoImage(restored.db, () => image, { envKey: folderKey.toString('base64'), dataDir })).toBe(true);
  fresh = await openTestDatabase();
}, 300_000);

afterAll(async () => {
  await restored?.close();
  await fresh?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('building the demo', () => {
  it('says each step as it ends, with the rows it left and its time (issue 15 §8: the first start must not look hung)', () => {
    expect(progress[0]).toContain('正在载入海宁市演示数据');
    expect(progress[1]).toMatch(/区域 \d+、成员单位 \d+、工作日历 \d{4}–\d{4}（\d+\.\d s）$/);
    const line = (label: string) => progress.find((l) => l.includes(label));
    // The tables in the order the module's namespace lists them: the bundle and tsx sort its exports, vite does not.
    expect(line('orgs 基础数据')).toMatch(/[：、]orgs \d+.*（\d+\.\d s）$/);
    for (const module of ['applications', 'projects', 'meetings']) expect(line(`${module} 办理过程`), module).toMatch(/\d+（\d+\.\d s）$/);
    expect(progress.at(-1)).toContain('analyze');
  });
});

/**
 * Per table and column, a digest of the multiset of values — leaving out what differs between any two seeds by
 * nature: generated ids (and text that embeds them, such as region paths and storage keys), timestamps (the
 * moment each act ran), sealed values (random IVs) and lookup/password hashes (keyed or salted), json (ids and
 * times inside), and the audit chain's own hashes (they cover the times). Dates stay in: both seeds ran today.
 * A few values are random by design in every seed, and are compared by their fixed part.
 */
const RANDOM_BY_DESIGN: Record<string, (column: string) => string | null> = {
  // A certificate's public verification token: random.
  'certificates.verify_token': () => null,
  // Orgs registered by the demo's approved applications get a random serial (write-orgs.ts); category and division stay.
  'orgs.credit_code': (c) => `left(${c}::text, 8)`,
  // How long the solver took for each town: a measurement, not data.
  'rotation_plan_towns.millis': () => null,
  // Reviewers made for departments without a demo account are named after the department's id (modules/applications/applications.demo-seed.ts).
  'users.username': (c) => `regexp_replace(${c}::text, '^dept[0-9a-f]{6}$', 'dept')`,
  'audit_events.actor_username': (c) => `regexp_replace(${c}::text, '^dept[0-9a-f]{6}$', 'dept')`,
};

async function contentDigests(db: Db): Promise<Record<string, string>> {
  const columns = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = 'public'
          and c.data_type not in ('uuid', 'timestamp with time zone', 'timestamp without time zone', 'json', 'jsonb', 'tsvector')
          and c.udt_name not in ('_uuid')
          and right(c.column_name, 7) <> '_sealed' and right(c.column_name, 5) <> '_hash' and c.column_name not in ('hash', 'token')
        order by 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const c of columns) {
    const name = `${c.table_name}.${c.column_name}`;
    const col = name in RANDOM_BY_DESIGN ? RANDOM_BY_DESIGN[name](`"${c.column_name}"`) : `"${c.column_name}"::text`;
    if (col === null) continue;
    const [r] = await rows<{ embeds_id: boolean; digest: string | null }>(
      db,
      sql.raw(`select coalesce(bool_or(${col} ~ '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-'), false) as embeds_id,
                      md5(string_agg(coalesce(${col}, '∅'), '|' order by coalesce(${col}, '∅'))) as digest
               from "${c.table_name}"`),
    );
    if (!r.embeds_id) out[name] = r.digest ?? 'empty';
  }
  return out;
}

/** Every string that looks sealed, in every text and json column of every table (the audit trail included). */
async function sealedStrings(db: Db): Promise<{ table: string; value: string }[]> {
  const columns = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'json', 'jsonb')`,
  );
  const found: { table: string; value: string }[] = [];
  for (const c of columns) {
    const hits = await rows<{ v: string }>(db, sql.raw(`select "${c.column_name}"::text as v from "${c.table_name}" where "${c.column_name}"::text like '%v1.aes.%' or "${c.column_name}"::text like '%v1.sm4.%'`));
    for (const h of hits) for (const m of h.v.match(/v1\.(aes|sm4)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g) ?? []) found.push({ table: c.table_name, value: m });
  }
  return found;
}

describe('the prebuilt demo database (demo-image.ts)', () => {
  it('has the same rows in every table as a demo seeded through the use cases', async () => {
    const a = await countRows(restored.db);
    const b = await countRows(fresh.db);
    // platform_meta: the adopted folder holds its key's fingerprint; the template never started a server.
    expect(a.platform_meta).toBe(1);
    delete a.platform_meta;
    delete b.platform_meta;
    expect(a).toEqual(b);
    expect(Object.values(a).reduce((n, x) => n + x, 0)).toBeGreaterThan(20_000);
  });

  it('has the same values, column by column, apart from ids, times, sealed values and hashes', async () => {
    const a = await contentDigests(restored.db);
    const b = await contentDigests(fresh.db);
    delete a['platform_meta.key'];
    delete a['platform_meta.value'];
    delete b['platform_meta.key'];
    delete b['platform_meta.value'];
    expect(Object.keys(a).length).toBeGreaterThan(200);
    expect(a).toEqual(b);
  });

  it('keeps a verifiable audit chain', async () => {
    const result = await verifyAuditChain(restored.db);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(image.manifest.tables.audit_events);
  });

  it("seals every personal datum under the folder's own key, none under the build key that ships in dist/", async () => {
    const folder = createPiiCipher(folderKey);
    const build = createPiiCipher(Buffer.from(image.manifest.buildKey, 'base64'));
    const sealed = await sealedStrings(restored.db);
    // orgs (3 per org), users' phones, the application forms, a one-time notice item's field value when it was noticed,
    // and the workforce's ID numbers and phones
    expect(new Set(sealed.map((s) => s.table))).toEqual(new Set(['orgs', 'users', 'applications', 'application_notice_items', 'workers', 'concerns']));
    expect(sealed.length).toBeGreaterThan(1_500);
    for (const s of sealed) {
      expect(SEALED_VALUE.test(s.value)).toBe(true);
      expect(() => folder.decrypt(s.value)).not.toThrow();
      expect(() => build.decrypt(s.value), s.table).toThrow();
    }
    // The same people behind the seals as in the live seed, and lookups by the folder's key find them.
    const templatePii = createPiiCipher(Buffer.from(inject('piiKey'), 'base64'));
    const people = async (db: Db, pii: typeof folder) =>
      (await rows<{ name: string; id_sealed: string; id_hash: string }>(db, sql`select name, legal_rep_id_sealed as id_sealed, legal_rep_id_hash as id_hash from orgs where legal_rep_id_sealed is not null`))
        .map((r) => {
          const id = pii.decrypt(r.id_sealed);
          expect(r.id_hash).toBe(pii.lookupHash(id));
          return `${r.name} ${id}`;
        })
        .sort();
    expect(await people(restored.db, folder)).toEqual(await people(fresh.db, templatePii));
    const [applicant] = await rows<{ username: string }>(restored.db, sql`select username from users where phone_hash = ${folder.lookupHash('13905730001')}`);
    expect(applicant?.username).toBe('shenqing');
  });

  it('is adopted once: the pending mark is gone, the key guard accepts only the folder key', async () => {
    expect(await adoptDemoImage(restored.db, () => image, { envKey: folderKey.toString('base64'), dataDir })).toBe(false);
    const meta = await rows<{ key: string; value: string }>(restored.db, sql`select key, value from platform_meta order by key`);
    expect(meta).toEqual([{ key: PII_KEY_FINGERPRINT, value: piiKeyFingerprint(folderKey) }]);
    expect((await resolvePiiKey(restored.db, { envKey: folderKey.toString('base64'), dataDir })).equals(folderKey)).toBe(true);
    await expect(resolvePiiKey(restored.db, { envKey: image.manifest.buildKey, dataDir })).rejects.toBeInstanceOf(PiiKeyRefused);
    // The demo's uploaded files came along into DATA_DIR/files.
    const copied = fs.readdirSync(path.join(dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    expect(copied).toBe(image.manifest.files);
    expect(copied).toBeGreaterThan(0);
  });

  it('finishes an interrupted first start only with its own image, and is refused by another build', async () => {
    const again = await openPglite({ loadDataDir: await image.load() });
    try {
      await runMigrations(again);
      const other = { ...image, manifest: { ...image.manifest, buildKey: randomBytes(32).toString('base64') } };
      await expect(adoptDemoImage(again.db, () => other, { envKey: folderKey.toString('base64'), dataDir })).rejects.toThrow(/never finished/);
      await expect(adoptDemoImage(again.db, () => null, { envKey: folderKey.toString('base64'), dataDir })).rejects.toThrow(/never finished/);
      const [pending] = await rows<{ n: number }>(again.db, sql`select count(*)::int as n from platform_meta where key = ${DEMO_IMAGE_PENDING}`);
      expect(pending.n).toBe(1);
    } finally {
      await again.close();
    }
    expect(findDemoImage(image.dir, 'f'.repeat(64))).toMatchObject({ image: null, why: expect.stringMatching(/another server build/) });
  });
});
