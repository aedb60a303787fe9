import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { lockPglite, pgliteLockHolder, PgliteInUse } from './pglite-lock.js';

const dirs: string[] = [];
const pgdata = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-lock-'));
  dirs.push(dir);
  return path.join(dir, 'pgdata');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const writeLock = (dir: string, pid: number, host = os.hostname()) =>
  fs.writeFileSync(`${dir}.lock`, JSON.stringify({ pid, host, since: '2026-12-01T00:00:00.000Z', command: 'server/main.ts' }));

describe('the PGlite data folder lock', () => {
  it('refuses a folder another live process of this host holds, naming it', async () => {
    const dir = pgdata();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeLock(dir, holder.pid!);
      expect(pgliteLockHolder(dir)?.pid).toBe(holder.pid);
      let err: unknown;
      try {
        lockPglite(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PgliteInUse);
      expect((err as Error).message).toContain(`process ${holder.pid}`);
      expect((err as Error).message).toContain('stop it first');
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that died or written on another host, and gives it back', () => {
    const dir = pgdata();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeLock(dir, dead);
    const release = lockPglite(dir);
    expect(JSON.parse(fs.readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);

    writeLock(dir, process.ppid, 'another-host');
    lockPglite(dir)();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});
