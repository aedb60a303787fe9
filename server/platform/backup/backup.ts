import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { APP_VERSION } from '../../config.js';
import { pgliteClient, type Database } from '../db/client.js';
import { piiKeyFingerprint, type PiiKeySource } from '../pii/cipher.js';
import { findSealedValue, keyOpens, PII_KEY_FINGERPRINT } from '../pii/key-guard.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  FILES_PREFIX,
  MANIFEST_ENTRY,
  measureTables,
  migrationLevel,
  pgliteVersion,
  serverVersion,
  type Manifest,
  type Query,
} from './manifest.js';
import { connectionFor, findPgTool, runPgTool } from './pg-tools.js';
import { TarWriter } from './tar.js';

export type BackupSource = { kind: 'pglite'; database: Database } | { kind: 'postgres'; url: string };

export interface BackupOptions {
  source: BackupSource;
  /** DATA_DIR/files: the uploaded files (its `.tmp/`, uploads in progress, is left out). */
  filesDir: string;
  /** The archive to write (a .tar); written as `<out>.partial` and renamed when complete. */
  out: string;
  /** The configured personal-data key, if any: names the key when the database has stored no fingerprint yet, and is written by withKey. */
  key?: { key: Buffer; source: PiiKeySource } | null;
  /** Also write the key, apart from the archive, to `<archive without .tar>.pii.key` (mode 0600). */
  withKey?: boolean;
  log?: (line: string) => void;
}

export interface BackupResult {
  archive: string;
  bytes: number;
  keyFile: string | null;
  manifest: Manifest;
  /** Set when the configured key is not the database's: the server would refuse to start with it. */
  keyWarning: string | null;
  ms: number;
}

interface DatabaseFacts {
  tables: Manifest['tables'];
  migrations: Manifest['migrations'];
  version: { serverVersion: string; serverVersionNum: number };
  storedFingerprint: string | null;
  sealedSample: string | null;
}

async function readFacts(query: Query): Promise<DatabaseFacts> {
  const migrations = await migrationLevel(query);
  if (migrations.applied === 0) throw new Error('数据库里没有社治通的表，无可备份 / the database holds no Shezhi schema: nothing to back up');
  const [meta] = await query<{ value: string | null }>(
    `select (select value from platform_meta where key = $1) as value where to_regclass('platform_meta') is not null`,
    [PII_KEY_FINGERPRINT],
  );
  return {
    tables: await measureTables(query),
    migrations,
    version: await serverVersion(query),
    storedFingerprint: meta?.value ?? null,
    sealedSample: await findSealedValue((text) => query(text)),
  };
}

/**
 * The database into `dumpFile`, with the facts read in the same snapshot.
 * - PGlite: its own dumpDataDir tarball (gzip) — a physical copy of the data folder that PGlite loads back as
 *   it was: triggers, sequences, the audit chain and every setting, with no client tool of a matching
 *   version to find (PGlite is PostgreSQL 18; the machine's pg_dump 15 cannot read it). It is taken by the
 *   only process that has the folder open (openDatabase locks it), so it is consistent.
 * - PostgreSQL: pg_dump --format=custom under a snapshot exported by a repeatable-read transaction, in which
 *   the row counts and digests are read too; the server keeps serving meanwhile.
 */
async function dumpDatabase(source: BackupSource, dumpFile: string): Promise<{ facts: DatabaseFacts; database: Manifest['database'] }> {
  if (source.kind === 'pglite') {
    const client = pgliteClient(source.database);
    const facts = await client.transaction(async (tx) => readFacts(async (text, params) => (await tx.query(text, params)).rows as never));
    const blob = await client.dumpDataDir('gzip');
    await fs.promises.writeFile(dumpFile, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
    return {
      facts,
      database: { kind: 'pglite', format: 'pglite-datadir', entry: 'database/pglite-datadir.tar.gz', ...facts.version, pgliteVersion: pgliteVersion() },
    };
  }
  const client = new pg.Client({ connectionString: source.url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const [{ snapshot }] = (await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot')).rows as [{ snapshot: string }];
    const facts = await readFacts(async (text, params) => (await client.query(text, params)).rows as never);
    const tool = findPgTool('pg_dump', Math.floor(facts.version.serverVersionNum / 10000));
    const { dbname, env } = connectionFor(source.url);
    await runPgTool(tool.bin, ['--format=custom', `--snapshot=${snapshot}`, `--file=${dumpFile}`, `--dbname=${dbname}`], env);
    await client.query('commit');
    return { facts, database: { kind: 'postgres', format: 'pg_dump-custom', entry: 'database/postgres.dump', ...facts.version, pgDumpVersion: tool.version } };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The files under DATA_DIR/files, as archive-relative paths, in a stable order. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (rel === '' && e.name === '.tmp') continue;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), relPath);
      else if (e.isFile()) out.push(relPath);
    }
  };
  await walk(root, '');
  return out;
}

export function keyFileFor(archive: string): string {
  return `${archive.replace(/\.tar$/, '')}.pii.key`;
}

/**
 * One archive (tar) with the database, the uploaded files and a manifest. Safe against a running PostgreSQL
 * server (the dump is one snapshot; files are listed after it, and a file is stored before the row naming it
 * commits and never changed afterwards, so every file the snapshot names is there). On PGlite the caller holds
 * the data folder's lock, so the server must be stopped.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const out = path.resolve(options.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  if (fs.existsSync(out)) throw new Error(`${out} 已存在 / already exists`);
  const keyFile = options.withKey ? keyFileFor(out) : null;
  if (keyFile && fs.existsSync(keyFile)) throw new Error(`${keyFile} 已存在 / already exists`);
  if (options.withKey && !options.key) throw new Error('--with-key: 没有配置密钥 / no key is configured (PII_KEY or DATA_DIR/pii.key)');

  const partial = `${out}.partial`;
  const dumpFile = `${out}.db.partial`;
  fs.rmSync(partial, { force: true });
  const tar = new TarWriter(partial);
  try {
    const t0 = Date.now();
    const { facts, database } = await dumpDatabase(options.source, dumpFile);
    const dumpBytes = fs.statSync(dumpFile).size;
    const rowsTotal = Object.values(facts.tables).reduce((n, t) => n + t.rows, 0);
    log(`  数据库 / database: ${Object.keys(facts.tables).length} tables, ${rowsTotal.toLocaleString('en')} rows, ${mib(dumpBytes)} (${seconds(Date.now() - t0)})`);

    // The key the data is sealed with: the fingerprint the database stores, else (a database no server has
    // started since fingerprints exist) the configured key's, when it opens the sealed data.
    const configured = options.key ? piiKeyFingerprint(options.key.key) : null;
    let keyFingerprint = facts.storedFingerprint;
    if (!keyFingerprint && configured && (!facts.sealedSample || keyOpens(options.key!.key, facts.sealedSample))) keyFingerprint = configured;
    const keyWarning =
      configured && keyFingerprint && configured !== keyFingerprint
        ? `当前配置的密钥（${options.key!.source}）不是这份数据的密钥 / the configured key (${options.key!.source}) is not this data's key (fingerprint ${configured.slice(0, 16)}…, the data's ${keyFingerprint.slice(0, 16)}…)`
        : !keyFingerprint && facts.sealedSample
          ? '数据库有加密数据却无密钥指纹，且未配置能解开它的密钥 / the database holds sealed data, no key fingerprint, and no configured key that opens it'
          : null;
    if (options.withKey && keyWarning) throw new Error(`--with-key: ${keyWarning}`);

    const checksums: Manifest['checksums'] = {};
    const dumpHash = createHash('sha256');
    await tar.add(database.entry, dumpBytes, fs.createReadStream(dumpFile), new Date(), (c) => dumpHash.update(c));
    checksums[database.entry] = { bytes: dumpBytes, sha256: dumpHash.digest('hex') };

    const t1 = Date.now();
    let filesBytes = 0;
    const files = await listFiles(options.filesDir);
    for (const rel of files) {
      const full = path.join(options.filesDir, rel);
      const size = fs.statSync(full).size;
      const hash = createHash('sha256');
      const entry = `${FILES_PREFIX}${rel}`;
      await tar.add(entry, size, fs.createReadStream(full), fs.statSync(full).mtime, (c) => hash.update(c));
      checksums[entry] = { bytes: size, sha256: hash.digest('hex') };
      filesBytes += size;
    }
    log(`  文件 / files: ${files.length} files, ${mib(filesBytes)} (${seconds(Date.now() - t1)})`);

    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      appVersion: APP_VERSION,
      database,
      migrations: facts.migrations,
      tables: facts.tables,
      keyFingerprint,
      files: { count: files.length, bytes: filesBytes },
      checksums,
    };
    await tar.addBuffer(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    await tar.finish();
    fs.renameSync(partial, out);
    if (keyFile) fs.writeFileSync(keyFile, `${options.key!.key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { archive: out, bytes: fs.statSync(out).size, keyFile, manifest, keyWarning, ms: Date.now() - started };
  } catch (err) {
    await tar.abort();
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    fs.rmSync(dumpFile, { force: true });
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
