import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rows } from '../db/sql.js';
import { platformMeta } from '../db/meta.tables.js';
import { createPiiCipher, loadPiiKey, piiKeyFingerprint, readPiiKey, type PiiKeySource } from './cipher.js';

/**
 * The personal-data key must be the one that sealed the data. A restore without the old key used to start,
 * generate a new key without a word, and answer 500 on every sealed field; now the key's fingerprint is kept in
 * `platform_meta` (it travels with every dump and backup) and the server refuses to start on any other key.
 */
export const PII_KEY_FINGERPRINT = 'pii_key_fingerprint';

/** A refusal an operator reads as it is: what is wrong and what to do, in Chinese and English. */
export class PiiKeyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiKeyRefused';
    // Printed at start as the whole story; a stack trace would only bury what to do.
    this.stack = message;
  }
}

const short = (fingerprint: string) => fingerprint.slice(0, 16);

const WHAT_TO_DO = [
  '  处理办法：把 PII_KEY 设为原来的密钥，或从备份中恢复 DATA_DIR/pii.key（`npm run backup -- --with-key` 另存的 .pii.key 文件）。',
  '  不要换用新密钥：已加密的身份证号和电话将再也无法读取。',
  '  What to do: set PII_KEY to the original key, or restore DATA_DIR/pii.key from the backup (the .pii.key file',
  '  `npm run backup -- --with-key` wrote beside the archive). Do not switch to a new key: the sealed ID numbers',
  '  and phones could never be read again.',
].join('\n');

export function keyMismatchMessage(stored: string | null, configured: string, source: PiiKeySource): string {
  return [
    '个人信息密钥与数据库不符，拒绝启动。/ The personal-data key does not match this database; refusing to start.',
    stored
      ? `  数据库记录的密钥指纹 / key fingerprint stored in the database: ${short(stored)}…`
      : '  数据库中的加密数据无法用此密钥解开 / the sealed data in the database does not open with this key.',
    `  当前密钥（${source}）的指纹 / fingerprint of the configured key (${source}): ${short(configured)}…`,
    WHAT_TO_DO,
  ].join('\n');
}

export function missingKeyMessage(stored: string | null): string {
  return [
    '数据库中已有加密的个人信息，但没有配置密钥（未设 PII_KEY，也没有 DATA_DIR/pii.key）：拒绝启动，不会生成新密钥。',
    'The database holds sealed personal data but no key is configured (PII_KEY unset and no DATA_DIR/pii.key):',
    'refusing to start rather than generating a new key.',
    ...(stored ? [`  数据库记录的密钥指纹 / key fingerprint stored in the database: ${short(stored)}…`] : []),
    WHAT_TO_DO,
  ].join('\n');
}

export async function storedPiiKeyFingerprint(db: Db): Promise<string | null> {
  const [row] = await db.select({ value: platformMeta.value }).from(platformMeta).where(eq(platformMeta.key, PII_KEY_FINGERPRINT));
  return row?.value ?? null;
}

/** Raw SQL text → rows, on a Db, a PGlite client or a pg client (the backup reads inside its snapshot). */
export type RawQuery = (text: string) => Promise<Record<string, unknown>[]>;

export const dbQuery =
  (db: Db): RawQuery =>
  (text) =>
    rows<Record<string, unknown>>(db, sql.raw(text));

/**
 * One sealed value, if the database holds any: found in every text column named `*_sealed` (the convention of
 * every table that seals personal data), so the platform needs to know no module's tables.
 */
export async function findSealedValue(query: RawQuery): Promise<string | null> {
  const columns = (await query(
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and right(column_name, 7) = '_sealed' and data_type = 'text'
     order by table_name, column_name`,
  )) as { table_name: string; column_name: string }[];
  if (columns.length === 0) return null;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const probes = columns.map((c) => `(select ${quote(c.column_name)} as v from ${quote(c.table_name)} where ${quote(c.column_name)} is not null limit 1)`);
  const [row] = (await query(`select v from (${probes.join(' union all ')}) s limit 1`)) as { v: string }[];
  return row?.v ?? null;
}

/** Whether the key opens a sealed value (any algorithm: each value names its own). */
export function keyOpens(key: Buffer, sealed: string): boolean {
  try {
    createPiiCipher(key).decrypt(sealed);
    return true;
  } catch {
    return false;
  }
}

/**
 * The key this installation must use, checked against its database (run at start, after migrations):
 * - a fingerprint is stored → the configured key must match it;
 * - none is stored (a database from before fingerprints, or a new one) → the configured key must open the
 *   sealed data if there is any, and its fingerprint is then stored;
 * - no key is configured → one is generated into DATA_DIR/pii.key only while the database holds no sealed
 *   data and no fingerprint; otherwise the start is refused.
 * Throws PiiKeyRefused with what to do.
 */
export async function resolvePiiKey(db: Db, options: { envKey?: string; dataDir: string }): Promise<Buffer> {
  const stored = await storedPiiKeyFingerprint(db);
  const configured = readPiiKey(options);
  if (!configured) {
    if (stored || (await findSealedValue(dbQuery(db)))) throw new PiiKeyRefused(missingKeyMessage(stored));
    const key = loadPiiKey(options);
    await recordFingerprint(db, key, 'DATA_DIR/pii.key');
    return key;
  }
  const fingerprint = piiKeyFingerprint(configured.key);
  if (stored) {
    if (stored !== fingerprint) throw new PiiKeyRefused(keyMismatchMessage(stored, fingerprint, configured.source));
    return configured.key;
  }
  const sealed = await findSealedValue(dbQuery(db));
  if (sealed && !keyOpens(configured.key, sealed)) throw new PiiKeyRefused(keyMismatchMessage(null, fingerprint, configured.source));
  await recordFingerprint(db, configured.key, configured.source);
  return configured.key;
}

/** Stores the key's fingerprint unless one is there; instances starting together with different keys: one wins, the other is refused. */
async function recordFingerprint(db: Db, key: Buffer, source: PiiKeySource): Promise<void> {
  const fingerprint = piiKeyFingerprint(key);
  await db.insert(platformMeta).values({ key: PII_KEY_FINGERPRINT, value: fingerprint }).onConflictDoNothing();
  const stored = await storedPiiKeyFingerprint(db);
  if (stored !== fingerprint) throw new PiiKeyRefused(keyMismatchMessage(stored, fingerprint, source));
}
