import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openPglite, openPostgres, pgliteClient, type Database } from '../db/client.js';
import { rows } from '../db/sql.js';
import { verifyAuditChain } from '../audit/audit.js';
import { findFile, receiveFile, recordFile } from '../files/files.js';
import { createPiiCipher, piiKeyFingerprint } from '../pii/cipher.js';
import { resolvePiiKey, storedPiiKeyFingerprint } from '../pii/key-guard.js';
import { createTestApp, login, call, type TestApp } from '../../test/harness.js';
import { withDatabase } from '../../test/global-setup.js';
import { createBackup, type BackupSource } from './backup.js';
import { measureTables, type Query } from './manifest.js';
import { restoreBackup, RestoreRefused, type RestoreTarget } from './restore.js';

/**
 * The restore drill, on the leg's database kind: back up a seeded database with an uploaded file, restore it
 * into a new folder / a new database, and prove it is the same city — every table's rows, the audit chain, a
 * sealed value opened with the key, the file byte for byte — and that the server refuses to start on it with
 * any other key.
 */
const spec = inject('testDb');
const key = () => Buffer.from(inject('piiKey'), 'base64');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-drill-'));
const restoredName = `shezhi_t_${process.ppid}_${process.pid}_restored`;
const serverUrl = (name: string) => (spec.kind === 'postgres' ? withDatabase(spec.serverUrl, name) : '');

async function measure(database: Database): Promise<Awaited<ReturnType<typeof measureTables>>> {
  if (database.kind === 'pglite') return pgliteClient(database).transaction((tx) => measureTables(async (text, params) => (await tx.query(text, params)).rows as never));
  const [{ db }] = await rows<{ db: string }>(database.db, sql`select current_database() as db`);
  const client = new pg.Client({ connectionString: serverUrl(db) });
  await client.connect();
  try {
    await client.query('begin');
    const query: Query = async (text, params) => (await client.query(text, params)).rows as never;
    return await measureTables(query);
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

function startServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'TEST_DATABASE_URL', 'PII_KEY', 'DATA_DIR'].includes(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: process.cwd(), env: { ...clean, PORT: '0', LOG_LEVEL: 'silent', JOBS: 'off', SEED_DEMO: 'false', ...env }, timeout: 60_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
    );
  });
}

describe(`backup and restore drill (${spec.kind})`, () => {
  let source: TestApp;
  const sourceDir = path.join(root, 'source');
  const restoredDir = path.join(root, 'restored');
  const archive = path.join(root, 'backups', 'drill.tar');
  const upload = Buffer.concat([Buffer.from('%PDF-1.4\n% restore drill\n'), randomBytes(3000), Buffer.from('\n%%EOF\n')]);
  let uploadedFileId = '';
  let attachmentPath = '';
  let sealed: { orgId: string; plain: string };
  let before: Awaited<ReturnType<typeof measureTables>>;
  let auditEvents = 0;

  beforeAll(async () => {
    source = await createTestApp({ DATA_DIR: sourceDir });
    const db = source.database.db;
    // What the server does at start: the fingerprint of the key that sealed the data is recorded.
    await resolvePiiKey(db, { envKey: inject('piiKey'), dataDir: sourceDir });
    // An uploaded file, stored and recorded by the upload path, attached to a case.
    const [admin] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
    const received = await receiveFile(source.app.storage, Readable.from([upload]), '恢复演练.pdf');
    const file = await recordFile(db, received, admin.id);
    uploadedFileId = file.id;
    const [c] = await rows<{ id: string }>(db, sql`select id from cases order by number limit 1`);
    const [a] = await rows<{ id: string }>(db, sql`insert into case_attachments (case_id, file_id, uploaded_by) values (${c.id}, ${file.id}, ${admin.id}) returning id`);
    attachmentPath = `/api/v1/cases/${c.id}/attachments/${a.id}`;
    const [org] = await rows<{ id: string; sealed: string }>(db, sql`select id, legal_rep_id_sealed as sealed from orgs where legal_rep_id_sealed is not null order by id limit 1`);
    sealed = { orgId: org.id, plain: createPiiCipher(key()).decrypt(org.sealed) };
    before = await measure(source.database);
    auditEvents = (await verifyAuditChain(db)).checked;
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    if (spec.kind === 'postgres') {
      const admin = new pg.Client({ connectionString: spec.serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${restoredName} with (force)`);
      await admin.end();
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backs up, restores into a new place, and the restored city is the same', async () => {
    const [{ db: sourceName }] = await rows<{ db: string }>(source.database.db, sql`select current_database() as db`);
    const backupSource: BackupSource = spec.kind === 'pglite' ? { kind: 'pglite', database: source.database } : { kind: 'postgres', url: serverUrl(sourceName) };
    const backup = await createBackup({ source: backupSource, filesDir: path.join(sourceDir, 'files'), out: archive, key: { key: key(), source: 'PII_KEY' }, withKey: true });

    // The archive: 0600, the key beside it only because it was asked for, 0600 too; the manifest names the key, never holds it.
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    expect(backup.keyFile).toBe(path.join(root, 'backups', 'drill.pii.key'));
    expect(fs.statSync(backup.keyFile!).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(backup.keyFile!, 'utf8').trim()).toBe(inject('piiKey'));
    const m = backup.manifest;
    expect(m.database.kind).toBe(spec.kind);
    expect(m.keyFingerprint).toBe(piiKeyFingerprint(key()));
    expect(fs.readFileSync(archive).includes(Buffer.from(inject('piiKey')))).toBe(false);
    expect(m.tables).toEqual(before);
    expect(m.migrations.latest).toMatch(/^\d{4}_/);
    expect(m.files.count).toBeGreaterThanOrEqual(1);
    expect(Object.values(m.checksums).some((c) => c.bytes === upload.length)).toBe(true);

    const target: RestoreTarget = spec.kind === 'pglite' ? { kind: 'pglite', dataDir: restoredDir } : { kind: 'postgres', url: serverUrl(restoredName), dataDir: restoredDir };
    const restored = await restoreBackup({ archive, target, keyFile: backup.keyFile! });
    expect(restored.key).toBe('matches');
    expect(restored.audit).toMatchObject({ ok: true, checked: auditEvents });
    expect(fs.readFileSync(path.join(restoredDir, 'pii.key'), 'utf8').trim()).toBe(inject('piiKey'));

    // Independently of the restore's own checks: every table's row count and content digest, and the audit chain.
    const database = spec.kind === 'pglite' ? await openPglite({ dataDir: path.join(restoredDir, 'pgdata') }) : await openPostgres(serverUrl(restoredName), 3);
    const config = loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000', PII_KEY: inject('piiKey'), JOBS: 'off', DATA_DIR: restoredDir }, { webDir: '/nonexistent' });
    const app = await buildApp({ config, database, logger: false });
    try {
      const after = await measure(database);
      expect(Object.keys(after).length).toBeGreaterThan(40);
      expect(after).toEqual(before);
      const chain = await verifyAuditChain(database.db);
      expect(chain).toMatchObject({ ok: true, checked: auditEvents });
      expect(await storedPiiKeyFingerprint(database.db)).toBe(piiKeyFingerprint(key()));

      // One sealed value opened with the key, directly and through the audited reveal.
      const [org] = await rows<{ sealed: string }>(database.db, sql`select legal_rep_id_sealed as sealed from orgs where id = ${sealed.orgId}`);
      expect(createPiiCipher(key()).decrypt(org.sealed)).toBe(sealed.plain);
      const admin = await login(app, 'admin');
      const reveal = await call(app, admin, 'POST', `/api/v1/orgs/${sealed.orgId}/reveal`, { fields: ['legalRepIdNumber'], reason: '恢复演练核对' });
      expect(reveal.statusCode).toBe(200);
      expect(reveal.json().legalRepIdNumber).toBe(sealed.plain);

      // The uploaded file, byte for byte: from the restored storage and downloaded through the API.
      const file = await findFile(database.db, uploadedFileId);
      const stored = fs.readFileSync(path.join(restoredDir, 'files', file!.storageKey));
      expect(stored.equals(upload)).toBe(true);
      const download = await call(app, admin, 'GET', attachmentPath);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(upload)).toBe(true);
      expect(download.headers['x-file-sha256']).toBe(file!.sha256);
    } finally {
      await app.close();
      await database.close();
    }

    // The server refuses to start on the restored data with another key, saying what to do; no key is written.
    const wrongKey = randomBytes(32).toString('base64');
    const started = await startServer({ DATA_DIR: restoredDir, PII_KEY: wrongKey, ...(spec.kind === 'postgres' ? { DATABASE_URL: serverUrl(restoredName) } : {}) });
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('个人信息密钥与数据库不符，拒绝启动');
    expect(started.stderr).toContain('The personal-data key does not match this database; refusing to start');
    expect(started.stderr).toContain(`${piiKeyFingerprint(key()).slice(0, 16)}…`);
    expect(started.stderr).toContain('restore DATA_DIR/pii.key from the backup');
    expect(started.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(path.join(restoredDir, 'pii.key'), 'utf8').trim()).toBe(inject('piiKey'));
  }, 180_000);

  it('refuses, changing nothing: a target that holds data, another key, a damaged archive', async () => {
    const elsewhere = path.join(root, 'elsewhere');
    const target: RestoreTarget = spec.kind === 'pglite' ? { kind: 'pglite', dataDir: restoredDir } : { kind: 'postgres', url: serverUrl(restoredName), dataDir: restoredDir };
    await expect(restoreBackup({ archive, target })).rejects.toThrow(/already holds|not empty/);

    const fresh: RestoreTarget = spec.kind === 'pglite' ? { kind: 'pglite', dataDir: elsewhere } : { kind: 'postgres', url: serverUrl(`${restoredName}_x`), dataDir: elsewhere };
    const wrong = await restoreBackup({ archive, target: fresh, envKey: randomBytes(32).toString('base64') }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(RestoreRefused);
    expect((wrong as Error).message).toContain('the key does not match the backup; nothing was changed');
    expect((wrong as Error).message).toContain('PII_KEY');
    expect(fs.existsSync(path.join(elsewhere, 'pgdata'))).toBe(false);

    const damaged = path.join(root, 'damaged.tar');
    const bytes = fs.readFileSync(archive);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle] ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    await expect(restoreBackup({ archive: damaged, target: fresh })).rejects.toThrow(/checksum|damaged/);
    expect(fs.existsSync(path.join(elsewhere, 'files'))).toBe(false);
    if (spec.kind === 'postgres') {
      const admin = new pg.Client({ connectionString: spec.serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${restoredName}_x with (force)`);
      await admin.end();
    }
  }, 60_000);
});
