import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Encryption of personal data at rest (resident ID numbers, phones). AES-256-GCM by default; SM4 where
 * 国密 is required — Node's OpenSSL has no SM4-GCM, so SM4-CTR with an HMAC-SM3 tag (encrypt-then-MAC).
 * Every ciphertext names its algorithm, so switching PII_CIPHER keeps older values readable.
 * Exact lookups use a keyed hash (HMAC), never the ciphertext, which is randomized.
 */
export type PiiAlgorithm = 'aes-256-gcm' | 'sm4';

const VERSION = 'v1';
const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

export interface PiiCipher {
  readonly algorithm: PiiAlgorithm;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Deterministic keyed hash for "find the org whose legal representative has this ID number". */
  lookupHash(value: string): string;
}

export function createPiiCipher(masterKey: Buffer, algorithm: PiiAlgorithm = 'aes-256-gcm'): PiiCipher {
  if (masterKey.length !== 32) throw new RangeError('the personal-data key must be 32 bytes');
  const derive = (info: string, length: number, digest = 'sha256') => Buffer.from(hkdfSync(digest, masterKey, Buffer.alloc(0), info, length));
  const aesKey = derive('shezhi pii aes-256-gcm', 32);
  const sm4Key = derive('shezhi pii sm4-ctr', 16, 'sm3');
  const sm4MacKey = derive('shezhi pii hmac-sm3', 32, 'sm3');
  const lookupKey = derive('shezhi pii lookup', 32);

  const encryptAes = (plain: string) => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', aesKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return [VERSION, 'aes', b64(iv), b64(c.getAuthTag()), b64(ct)].join('.');
  };
  const sm4Tag = (iv: Buffer, ct: Buffer) => createHmac('sm3', sm4MacKey).update(iv).update(ct).digest();
  const encryptSm4 = (plain: string) => {
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', sm4Key, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return [VERSION, 'sm4', b64(iv), b64(sm4Tag(iv, ct)), b64(ct)].join('.');
  };

  return {
    algorithm,
    encrypt: (plain) => (algorithm === 'sm4' ? encryptSm4(plain) : encryptAes(plain)),
    decrypt: (sealed) => {
      const [version, alg, ivText, tagText, ctText] = sealed.split('.');
      if (version !== VERSION || ivText === undefined || tagText === undefined || ctText === undefined) throw new Error('not a sealed personal-data value');
      const iv = unb64(ivText);
      const tag = unb64(tagText);
      const ct = unb64(ctText);
      if (alg === 'aes') {
        const d = createDecipheriv('aes-256-gcm', aesKey, iv);
        d.setAuthTag(tag);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
      if (alg === 'sm4') {
        const expected = sm4Tag(iv, ct);
        if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) throw new Error('personal-data value failed its integrity check');
        const d = createDecipheriv('sm4-ctr', sm4Key, iv);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
      throw new Error(`unknown personal-data cipher ${alg}`);
    },
    lookupHash: (value) => createHmac('sha256', lookupKey).update(value.trim().toUpperCase()).digest('hex'),
  };
}

/** Where the configured key came from, for messages that tell an operator which one to fix. */
export type PiiKeySource = 'PII_KEY' | 'DATA_DIR/pii.key';

/** The configured key — PII_KEY, else DATA_DIR/pii.key — or null when there is none yet. Never generates one. */
export function readPiiKey(options: { envKey?: string; dataDir: string }): { key: Buffer; source: PiiKeySource } | null {
  if (options.envKey) {
    const key = Buffer.from(options.envKey, 'base64');
    if (key.length !== 32) throw new Error('PII_KEY must be the base64 encoding of exactly 32 bytes (openssl rand -base64 32)');
    return { key, source: 'PII_KEY' };
  }
  const file = path.join(options.dataDir, 'pii.key');
  if (!fs.existsSync(file)) return null;
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return { key, source: 'DATA_DIR/pii.key' };
}

/**
 * The master key: PII_KEY (base64 of 32 bytes) when set — required when several instances share a
 * PostgreSQL server — else a key generated once into DATA_DIR/pii.key (mode 0600) for the embedded default.
 * The server asks `resolvePiiKey` (key-guard.ts) instead, which refuses to generate a key for a database that
 * already holds sealed data.
 */
export function loadPiiKey(options: { envKey?: string; dataDir: string }): Buffer {
  const configured = readPiiKey(options);
  if (configured) return configured.key;
  const file = path.join(options.dataDir, 'pii.key');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process wrote a moment ago — that would orphan its data.
  try {
    fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadPiiKey(options);
    throw err;
  }
}

/**
 * The key's fingerprint: HMAC-SHA256 of a fixed label under the key, in hex. It names the key (stored with the
 * data, written in backups) without revealing it or anything sealed with it.
 */
export function piiKeyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('shezhi pii key fingerprint v1').digest('hex');
}
