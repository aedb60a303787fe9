import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPiiCipher, loadPiiKey } from './cipher.js';
import { maskIdNumber, maskPhone } from './mask.js';

const key = randomBytes(32);

describe('personal data at rest', () => {
  it.each(['aes-256-gcm', 'sm4'] as const)('%s: round-trips, randomizes, and refuses tampering', (algorithm) => {
    const cipher = createPiiCipher(key, algorithm);
    const id = '330481198506151234';
    const a = cipher.encrypt(id);
    const b = cipher.encrypt(id);
    expect(a).not.toBe(b);
    expect(a).not.toContain(id);
    expect(cipher.decrypt(a)).toBe(id);
    const parts = a.split('.');
    const ct = Buffer.from(parts[4], 'base64url');
    ct[0] ^= 1;
    parts[4] = ct.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => createPiiCipher(randomBytes(32), algorithm).decrypt(a)).toThrow();
  });

  it('reads values written under the other algorithm, so switching PII_CIPHER loses nothing', () => {
    const aes = createPiiCipher(key, 'aes-256-gcm');
    const sm4 = createPiiCipher(key, 'sm4');
    expect(sm4.decrypt(aes.encrypt('13812342210'))).toBe('13812342210');
    expect(aes.decrypt(sm4.encrypt('13812342210'))).toBe('13812342210');
  });

  it('looks values up by a keyed hash that ignores case and spaces and depends on the key', () => {
    const c = createPiiCipher(key);
    expect(c.lookupHash(' 11010519491231002x ')).toBe(c.lookupHash('11010519491231002X'));
    expect(createPiiCipher(randomBytes(32)).lookupHash('11010519491231002X')).not.toBe(c.lookupHash('11010519491231002X'));
  });

  it('generates the embedded key once, private to its owner, and takes PII_KEY when given', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-pii-'));
    try {
      const first = loadPiiKey({ dataDir: dir });
      expect(loadPiiKey({ dataDir: dir }).equals(first)).toBe(true);
      expect(fs.statSync(path.join(dir, 'pii.key')).mode & 0o777).toBe(0o600);
      const env = randomBytes(32);
      expect(loadPiiKey({ dataDir: dir, envKey: env.toString('base64') }).equals(env)).toBe(true);
      expect(() => loadPiiKey({ dataDir: dir, envKey: 'c2hvcnQ=' })).toThrow(/32 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('masks ID numbers and phones for display', () => {
    expect(maskIdNumber('330481198506151234')).toBe('330481********1234');
    expect(maskPhone('13812342210')).toBe('138****2210');
  });
});
