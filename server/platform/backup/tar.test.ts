import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar, TarWriter } from './tar.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-tar-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const entries: [string, Buffer][] = [
  ['manifest.json', Buffer.from('{"a":1}\n')],
  ['files/empty.pdf', Buffer.alloc(0)],
  ['files/one-block.bin', randomBytes(512)],
  ['files/odd.bin', randomBytes(70_001)],
  [`files/2026/12/${'长'.repeat(60)}-章程草案.pdf`, randomBytes(1234)],
];

describe('the backup archive is plain tar', () => {
  it('round-trips regular files of any size and long Chinese names, and the system tar reads it too', async () => {
    const file = path.join(dir, 'a.tar');
    const tar = new TarWriter(file);
    for (const [name, data] of entries) {
      // Fed in uneven pieces, as a file stream would.
      const pieces = [data.subarray(0, 100), data.subarray(100, 5000), data.subarray(5000)].filter((p) => p.length > 0);
      await tar.add(name, data.length, pieces);
    }
    await tar.finish();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const read: [string, Buffer][] = [];
    // A tiny highWaterMark: headers and bodies straddle every chunk boundary.
    for await (const entry of readTar(fs.createReadStream(file, { highWaterMark: 97 }))) {
      const parts: Buffer[] = [];
      for await (const p of entry.body) parts.push(p);
      read.push([entry.name, Buffer.concat(parts)]);
    }
    expect(read.map(([n]) => n)).toEqual(entries.map(([n]) => n));
    for (let i = 0; i < entries.length; i++) expect(read[i][1].equals(entries[i][1])).toBe(true);

    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(entries.map(([n]) => n));
    const out = path.join(dir, 'x');
    fs.mkdirSync(out);
    execFileSync('tar', ['-xf', file, '-C', out]);
    expect(fs.readFileSync(path.join(out, entries[4][0])).equals(entries[4][1])).toBe(true);
  });

  it('skips an entry its reader leaves alone, and says so when the archive is cut short', async () => {
    const file = path.join(dir, 'b.tar');
    const tar = new TarWriter(file);
    for (const [name, data] of entries) await tar.add(name, data.length, [data]);
    await tar.finish();
    const names: string[] = [];
    for await (const entry of readTar(fs.createReadStream(file))) names.push(entry.name);
    expect(names).toHaveLength(entries.length);

    const cut = path.join(dir, 'cut.tar');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 3000));
    await expect(
      (async () => {
        for await (const entry of readTar(fs.createReadStream(cut))) for await (const _ of entry.body);
      })(),
    ).rejects.toThrow(/truncated/);
  });
});
