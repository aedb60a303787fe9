import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { openTestDatabase } from '../../test/harness.js';
import { withDatabase } from '../../test/global-setup.js';
import { piiKeyFingerprint } from './cipher.js';
import { dbQuery, findSealedValue, keyOpens, PiiKeyRefused, resolvePiiKey, storedPiiKeyFingerprint } from './key-guard.js';

const runKey = () => Buffer.from(inject('piiKey'), 'base64');
const otherKey = () => randomBytes(32).toString('base64');

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PiiKeyRefused);
  return (err as Error).message;
}

/** An empty database of the leg's kind (a server database is dropped again when closed). */
async function openEmptyDatabase(): Promise<Database> {
  const spec = inject('testDb');
  if (spec.kind === 'pglite') return openPglite();
  const name = `shezhi_t_${process.ppid}_${process.pid}_empty`;
  const admin = new pg.Client({ connectionString: spec.serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const database = await openPostgres(withDatabase(spec.serverUrl, name), 2);
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const cleanup = new pg.Client({ connectionString: spec.serverUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  };
  return database;
}

describe('the personal-data key is checked against the database at start', () => {
  let seeded: Database;
  let dataDir: string;
  beforeAll(async () => {
    // The seeded demo: sealed ID numbers and phones, and (like a database from before fingerprints) none stored.
    seeded = await openTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-key-'));
  });
  afterAll(async () => {
    await seeded?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a key that does not open the sealed data, and a database with sealed data but no key — without generating one', async () => {
    expect(await storedPiiKeyFingerprint(seeded.db)).toBeNull();
    const sealed = await findSealedValue(dbQuery(seeded.db));
    expect(sealed).toMatch(/^v1\./);

    const wrong = await refusal(resolvePiiKey(seeded.db, { envKey: otherKey(), dataDir }));
    expect(wrong).toContain('个人信息密钥与数据库不符');
    expect(wrong).toContain('refusing to start');
    expect(wrong).toContain('PII_KEY');
    expect(wrong).toContain('DATA_DIR/pii.key');

    const missing = await refusal(resolvePiiKey(seeded.db, { dataDir }));
    expect(missing).toContain('不会生成新密钥');
    expect(missing).toContain('rather than generating a new key');
    expect(fs.existsSync(path.join(dataDir, 'pii.key'))).toBe(false);
    // Nothing was recorded by a refused start.
    expect(await storedPiiKeyFingerprint(seeded.db)).toBeNull();
  });

  it('records the fingerprint of the key that opens the data, then refuses any other key — from PII_KEY or DATA_DIR/pii.key', async () => {
    const key = await resolvePiiKey(seeded.db, { envKey: inject('piiKey'), dataDir });
    expect(key.equals(runKey())).toBe(true);
    const stored = await storedPiiKeyFingerprint(seeded.db);
    expect(stored).toBe(piiKeyFingerprint(runKey()));
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(runKey().toString('hex'));
    // The next start with the same key passes.
    expect((await resolvePiiKey(seeded.db, { envKey: inject('piiKey'), dataDir })).equals(runKey())).toBe(true);

    fs.writeFileSync(path.join(dataDir, 'pii.key'), otherKey(), { mode: 0o600 });
    const message = await refusal(resolvePiiKey(seeded.db, { dataDir }));
    expect(message).toContain(`${stored!.slice(0, 16)}…`);
    expect(message).toContain('DATA_DIR/pii.key');
    fs.rmSync(path.join(dataDir, 'pii.key'));
    // Still no key generated for it.
    expect(await refusal(resolvePiiKey(seeded.db, { dataDir }))).toContain(`${stored!.slice(0, 16)}…`);
    expect(fs.existsSync(path.join(dataDir, 'pii.key'))).toBe(false);
    // The key stays the one that opens the data, and another still does not.
    const sealed = await findSealedValue(dbQuery(seeded.db));
    expect(sealed).toMatch(/^v1\./);
    expect(keyOpens(runKey(), sealed!)).toBe(true);
    expect(keyOpens(Buffer.from(otherKey(), 'base64'), sealed!)).toBe(false);
  });

  it('on a new database generates the key once, records it, and refuses an instance that starts with another key', async () => {
    const fresh = await openEmptyDatabase();
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-key-'));
    try {
      await runMigrations(fresh);
      const generated = await resolvePiiKey(fresh.db, { dataDir: freshDir });
      expect(fs.readFileSync(path.join(freshDir, 'pii.key'), 'utf8').trim()).toBe(generated.toString('base64'));
      expect(fs.statSync(path.join(freshDir, 'pii.key')).mode & 0o777).toBe(0o600);
      expect(await storedPiiKeyFingerprint(fresh.db)).toBe(piiKeyFingerprint(generated));
      expect((await resolvePiiKey(fresh.db, { dataDir: freshDir })).equals(generated)).toBe(true);
      // A second instance on the same database with a key of its own.
      expect(await refusal(resolvePiiKey(fresh.db, { envKey: otherKey(), dataDir: freshDir }))).toContain('refusing to start');
    } finally {
      await fresh.close();
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });
});
