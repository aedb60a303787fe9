import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { verifyAuditChain } from '../audit/audit.js';
import { openPglite, openPostgres, pgliteClient, type Database } from '../db/client.js';
import { lockPglite, pgliteLockHolder, PgliteInUse } from '../db/pglite-lock.js';
import { piiKeyFingerprint, readPiiKey } from '../pii/cipher.js';
import { keyFileFor } from './backup.js';
import { compareTables, FILES_PREFIX, MANIFEST_ENTRY, measureTables, migrationJournal, ZManifest, type Manifest, type Query } from './manifest.js';
import { connectionFor, findPgTool, runPgTool } from './pg-tools.js';
import { readTar } from './tar.js';

export type RestoreTarget =
  /** PGlite: the database into DATA_DIR/pgdata, the files into DATA_DIR/files. */
  | { kind: 'pglite'; dataDir: string }
  /** A PostgreSQL server: the database into `url` (created when missing), the files into DATA_DIR/files. */
  | { kind: 'postgres'; url: string; dataDir: string };

export interface RestoreOptions {
  archive: string;
  target: RestoreTarget;
  /** The key file `npm run backup -- --with-key` wrote: checked, then installed as DATA_DIR/pii.key. */
  keyFile?: string;
  /** PII_KEY as the restored server will see it. */
  envKey?: string;
  /** Restore over a target that holds data: PGlite's pgdata, files and pii.key are moved aside; a server's schemas are dropped. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: Manifest;
  /** matches: a configured key is the data's; missing: none is configured yet; none-needed: nothing was sealed. */
  key: 'matches' | 'missing' | 'none-needed';
  keyHint: string | null;
  audit: { ok: boolean; checked: number; firstBroken?: { seq: number; reason: string } };
  ms: number;
}

/** A refusal that changed nothing, told as it is (no stack trace). */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
    this.stack = message;
  }
}

type Seen = Map<string, { bytes: number; sha256: string }>;

/** Pass 1: reads the whole archive without writing anything; every entry must match the manifest's checksum. */
export async function verifyArchive(archive: string): Promise<Manifest> {
  if (!fs.existsSync(archive)) throw new RestoreRefused(`找不到备份文件 / no such archive: ${archive}`);
  const seen: Seen = new Map();
  let manifestText: string | null = null;
  try {
    for await (const entry of readTar(fs.createReadStream(archive))) {
      const hash = createHash('sha256');
      const keep: Buffer[] = [];
      for await (const piece of entry.body) {
        hash.update(piece);
        if (entry.name === MANIFEST_ENTRY) keep.push(piece);
      }
      if (entry.name === MANIFEST_ENTRY) manifestText = Buffer.concat(keep).toString('utf8');
      else seen.set(entry.name, { bytes: entry.size, sha256: hash.digest('hex') });
    }
  } catch (err) {
    throw new RestoreRefused(`备份文件已损坏或不是社治通备份 / the archive is damaged or not a Shezhi backup: ${(err as Error).message}`);
  }
  if (manifestText === null) throw new RestoreRefused('备份文件不完整：没有 manifest.json（备份可能被中断）/ the archive has no manifest.json: it is incomplete (an interrupted backup?)');
  let manifest: Manifest;
  try {
    manifest = ZManifest.parse(JSON.parse(manifestText));
  } catch (err) {
    throw new RestoreRefused(`manifest.json 无法识别（格式版本不同？）/ manifest.json is not one this version reads: ${(err as Error).message.slice(0, 500)}`);
  }
  const problems: string[] = [];
  for (const [name, want] of Object.entries(manifest.checksums)) {
    const got = seen.get(name);
    if (!got) problems.push(`${name}: missing`);
    else if (got.bytes !== want.bytes || got.sha256 !== want.sha256) problems.push(`${name}: checksum does not match`);
  }
  for (const name of seen.keys()) if (!(name in manifest.checksums)) problems.push(`${name}: not listed in the manifest`);
  if (!(manifest.database.entry in manifest.checksums)) problems.push(`${manifest.database.entry}: not listed in the manifest`);
  if (problems.length) throw new RestoreRefused(`校验和不符，未做任何改动 / checksums do not match; nothing was changed:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return manifest;
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

function hasEntries(dir: string, ignore: string[] = []): boolean {
  try {
    return fs.readdirSync(dir).some((n) => !ignore.includes(n));
  } catch {
    return false;
  }
}

/** The files folder holds nothing but, perhaps, an empty `.tmp/`. */
function filesFolderInUse(dir: string): boolean {
  return hasEntries(dir, ['.tmp']) || hasEntries(path.join(dir, '.tmp'));
}

/** A client on the target database, or null when it does not exist yet (then it is created just before loading). */
async function connectIfExists(url: string): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    if ((err as { code?: string }).code === '3D000') return null;
    throw err;
  }
}

async function createDatabase(url: string, log: (l: string) => void): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    await admin.query(`create database "${name.replace(/"/g, '""')}"`);
    log(`  已创建数据库 / created database ${name}`);
  } finally {
    await admin.end();
  }
}

async function serverHoldsData(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
     where s.nspname not in ('information_schema') and left(s.nspname, 3) <> 'pg_' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
  );
  return rows[0].n > 0;
}

/** Pass 2: the database entry and the files into the staging folder, each checked again as it is written. */
async function extract(archive: string, manifest: Manifest, staging: string): Promise<string> {
  const databaseFile = path.join(staging, 'database');
  const filesRoot = path.join(staging, 'files');
  for await (const entry of readTar(fs.createReadStream(archive))) {
    let target: string | null = null;
    if (entry.name === manifest.database.entry) target = databaseFile;
    else if (entry.name.startsWith(FILES_PREFIX)) {
      target = path.resolve(filesRoot, entry.name.slice(FILES_PREFIX.length));
      if (!target.startsWith(filesRoot + path.sep)) throw new RestoreRefused(`不安全的路径 / unsafe path in the archive: ${entry.name}`);
    }
    if (!target) continue;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    const out = fs.createWriteStream(target, { mode: 0o600 });
    for await (const piece of entry.body) {
      hash.update(piece);
      if (!out.write(piece)) await once(out, 'drain');
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (hash.digest('hex') !== manifest.checksums[entry.name]?.sha256) throw new RestoreRefused(`${entry.name}: 备份文件在恢复期间被改动 / the archive changed during the restore`);
  }
  return databaseFile;
}

/** Runs `fn` in a transaction on its own connection to the server (measureTables sets session settings locally). */
async function serverQuery<T>(url: string, fn: (query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const out = await fn(async (text, params) => (await client.query(text, params)).rows as never);
    await client.query('commit');
    return out;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function pgliteQuery(database: Database): <T>(fn: (query: Query) => Promise<T>) => Promise<T> {
  return (fn) => pgliteClient(database).transaction((tx) => fn(async (text, params) => (await tx.query(text, params)).rows as never));
}

/**
 * Restores an archive into a new DATA_DIR / an empty database, refusing a target that holds data unless
 * `force`. Checks, in order and before changing anything: the target, every checksum, the migration level,
 * and the configured key against the manifest's fingerprint. Then loads the database, compares every
 * table's row count and content digest with the manifest, verifies the audit chain, and moves the files
 * (and the key file, when given) into place.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const { target } = options;
  const dataDir = path.resolve(target.dataDir);
  const pgdata = path.join(dataDir, 'pgdata');
  const filesDir = path.join(dataDir, 'files');
  const keyPath = path.join(dataDir, 'pii.key');
  const moveAside: string[] = [];

  // 1. The target, before reading a large archive.
  let serverHasData = false;
  let serverMissing = false;
  if (target.kind === 'pglite') {
    const holder = pgliteLockHolder(pgdata);
    if (holder) throw new PgliteInUse(`${pgdata}.lock`, holder);
    if (hasEntries(pgdata)) {
      if (!options.force) throw new RestoreRefused(`目标 ${pgdata} 已有数据库；请恢复到新的 DATA_DIR，或加 --force（原有数据会移到一旁）/ ${pgdata} already holds a database: restore into a new DATA_DIR, or add --force (the old one is moved aside)`);
      moveAside.push(pgdata);
    }
  } else {
    const server = await connectIfExists(target.url);
    serverMissing = server === null;
    if (server) {
      serverHasData = await serverHoldsData(server);
      await server.end();
    }
    if (serverHasData && !options.force) throw new RestoreRefused(`目标数据库不是空的；请恢复到新建的空数据库，或加 --force（会删除其中的 public 与 drizzle 模式）/ the target database is not empty: restore into a new empty database, or add --force (drops its public and drizzle schemas)`);
  }
  if (filesFolderInUse(filesDir)) {
    if (!options.force) throw new RestoreRefused(`目标 ${filesDir} 已有文件；请恢复到新的 DATA_DIR，或加 --force（原有文件会移到一旁）/ ${filesDir} already holds files: restore into a new DATA_DIR, or add --force (they are moved aside)`);
    moveAside.push(filesDir);
  }

  // 2. The archive, whole.
  const t0 = Date.now();
  const manifest = await verifyArchive(options.archive);
  log(`  校验 / verified: ${Object.keys(manifest.checksums).length} entries, checksums match (${((Date.now() - t0) / 1000).toFixed(1)} s); backup of ${manifest.createdAt}, ${manifest.database.kind} ${manifest.database.serverVersion}`);
  if (manifest.database.kind !== target.kind) {
    throw new RestoreRefused(
      manifest.database.kind === 'pglite'
        ? '这是嵌入式数据库（PGlite）的备份：取消 DATABASE_URL，恢复到 DATA_DIR / this archive holds an embedded (PGlite) database: unset DATABASE_URL to restore it into DATA_DIR'
        : '这是 PostgreSQL 服务器的备份：设置 DATABASE_URL 指向一个新的空数据库 / this archive holds a PostgreSQL server database: set DATABASE_URL to a new, empty database',
    );
  }
  const newest = Math.max(...migrationJournal().map((e) => e.when));
  if (manifest.migrations.latestWhen > newest) {
    throw new RestoreRefused(`备份来自更新的版本（迁移 ${manifest.migrations.latest ?? manifest.migrations.latestWhen}）：请先升级本程序 / the backup was made by a newer version (migration ${manifest.migrations.latest ?? manifest.migrations.latestWhen}): update this installation first`);
  }

  // 3. The key: every key that will be configured must be the one that sealed the data.
  const candidates: { source: string; key: Buffer }[] = [];
  let keyFromFile: Buffer | null = null;
  if (options.keyFile) {
    const text = fs.existsSync(options.keyFile) ? fs.readFileSync(options.keyFile, 'utf8').trim() : '';
    keyFromFile = Buffer.from(text, 'base64');
    if (keyFromFile.length !== 32) throw new RestoreRefused(`${options.keyFile} 不是密钥文件（应为 32 字节的 base64）/ is not a key file (base64 of 32 bytes)`);
    candidates.push({ source: options.keyFile, key: keyFromFile });
  }
  if (options.envKey) candidates.push({ source: 'PII_KEY', key: readPiiKey({ envKey: options.envKey, dataDir })!.key });
  const existingKey = fs.existsSync(keyPath) ? readPiiKey({ dataDir })!.key : null;
  let keyHint: string | null = null;
  let keyState: RestoreResult['key'] = 'none-needed';
  if (manifest.keyFingerprint) {
    if (existingKey && !(options.force && keyFromFile)) candidates.push({ source: keyPath, key: existingKey });
    const wrong = candidates.filter((c) => piiKeyFingerprint(c.key) !== manifest.keyFingerprint);
    if (wrong.length) {
      throw new RestoreRefused(
        [
          '密钥与备份不符，未做任何改动 / the key does not match the backup; nothing was changed.',
          `  备份的密钥指纹 / the backup's key fingerprint: ${manifest.keyFingerprint.slice(0, 16)}…`,
          ...wrong.map((c) => `  ${c.source}: ${piiKeyFingerprint(c.key).slice(0, 16)}…`),
          '  用备份时的密钥：--key-file <备份旁的 .pii.key 文件>，或把 PII_KEY 设为原密钥。',
          '  Use the key of the backup: --key-file <the .pii.key file beside the archive>, or set PII_KEY to the original key.',
        ].join('\n'),
      );
    }
    if (candidates.length) keyState = 'matches';
    else {
      keyState = 'missing';
      const beside = keyFileFor(path.resolve(options.archive));
      keyHint = [
        '未配置密钥：服务器会拒绝启动，直到设置 PII_KEY 或把原密钥放到 DATA_DIR/pii.key。',
        'No key is configured: the server will refuse to start until PII_KEY is set or the original key is put at DATA_DIR/pii.key.',
        ...(fs.existsSync(beside) ? [`  备份旁有密钥文件 / a key file lies beside the archive: --key-file ${beside}`] : []),
      ].join('\n');
    }
  }
  if (existingKey && keyFromFile && !existingKey.equals(keyFromFile)) {
    if (!options.force) throw new RestoreRefused(`${keyPath} 已存在且不同 / already exists and differs: add --force to move it aside`);
    moveAside.push(keyPath);
  }

  // 4. Load. Nothing has changed so far; from here the target is written.
  const suffix = `.replaced-${stamp()}`;
  const staging = path.join(dataDir, `.restore-${stamp()}`);
  fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
  const unlock = target.kind === 'pglite' ? lockPglite(pgdata) : () => undefined;
  try {
    const t1 = Date.now();
    const databaseFile = await extract(options.archive, manifest, staging);
    log(`  解包 / extracted (${((Date.now() - t1) / 1000).toFixed(1)} s)`);

    const t2 = Date.now();
    const stagedPgdata = path.join(staging, 'pgdata');
    let database: Database;
    if (target.kind === 'pglite') {
      database = await openPglite({ dataDir: stagedPgdata, loadDataDir: new Blob([await fs.promises.readFile(databaseFile)]) });
    } else {
      if (serverMissing) await createDatabase(target.url, log);
      if (serverHasData) {
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        try {
          await client.query('drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public');
        } finally {
          await client.end();
        }
        log('  --force: 已删除原有的 public 与 drizzle 模式 / dropped the existing public and drizzle schemas');
      }
      const tool = findPgTool('pg_restore', 0);
      const { dbname, env } = connectionFor(target.url);
      await runPgTool(tool.bin, ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${dbname}`, databaseFile], env);
      database = await openPostgres(target.url, 2);
    }
    log(`  数据库已载入 / database loaded (${((Date.now() - t2) / 1000).toFixed(1)} s)`);

    let audit: RestoreResult['audit'];
    try {
      const t3 = Date.now();
      const actual = database.kind === 'pglite' ? await pgliteQuery(database)(measureTables) : await serverQuery(target.kind === 'postgres' ? target.url : '', measureTables);
      const problems = compareTables(manifest.tables, actual);
      if (problems.length) throw new Error(`恢复后的数据与备份不符 / the restored tables differ from the backup:\n  ${problems.slice(0, 20).join('\n  ')}`);
      const rowsTotal = Object.values(actual).reduce((n, t) => n + t.rows, 0);
      log(`  核对 / compared: ${Object.keys(actual).length} tables, ${rowsTotal.toLocaleString('en')} rows — counts and content digests match (${((Date.now() - t3) / 1000).toFixed(1)} s)`);
      const chain = await verifyAuditChain(database.db);
      audit = { ok: chain.ok, checked: chain.checked, ...(chain.firstBroken ? { firstBroken: { seq: chain.firstBroken.seq, reason: chain.firstBroken.reason } } : {}) };
      log(chain.ok ? `  审计链完整 / audit chain intact: ${chain.checked} events` : `  审计链断裂 / audit chain broken at #${chain.firstBroken!.seq}: ${chain.firstBroken!.reason}`);
    } finally {
      await database.close();
    }
    if (target.kind === 'pglite') {
      if (moveAside.includes(pgdata)) fs.renameSync(pgdata, `${pgdata}${suffix}`);
      fs.renameSync(stagedPgdata, pgdata);
    }

    const stagedFiles = path.join(staging, 'files');
    if (moveAside.includes(filesDir)) fs.renameSync(filesDir, `${filesDir}${suffix}`);
    else fs.rmSync(filesDir, { recursive: true, force: true });
    if (fs.existsSync(stagedFiles)) fs.renameSync(stagedFiles, filesDir);
    log(`  文件 / files: ${manifest.files.count} into ${filesDir}`);

    if (keyFromFile) {
      if (moveAside.includes(keyPath)) fs.renameSync(keyPath, `${keyPath}${suffix}`);
      if (!fs.existsSync(keyPath)) fs.writeFileSync(keyPath, `${keyFromFile.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      log(`  密钥 / key: installed as ${keyPath} (0600)`);
    }
    if (moveAside.length) log(`  原有数据已移到一旁 / the previous data was moved aside: ${moveAside.map((p) => `${p}${suffix}`).join(', ')}`);
    return { manifest, key: keyState, keyHint, audit, ms: Date.now() - started };
  } finally {
    unlock();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
