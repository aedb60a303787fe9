import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite is PostgreSQL inside one process: a second process opening the same data folder (a backup, `npm run
 * gen` or a second server while the first runs) corrupts it — PGlite itself does not stop it (its
 * postmaster.pid holds a fixed number and stays behind after a crash). So whoever opens DATA_DIR/pgdata
 * through openDatabase writes DATA_DIR/pgdata.lock with its process id and host, and refuses to open a folder
 * whose lock names a live process of this host. A lock left by a process that died, or written on another
 * host (a container since recreated), is taken over: a stale lock must never keep the server from starting.
 */
export interface PgliteLockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export class PgliteInUse extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: PgliteLockHolder,
  ) {
    super(
      [
        `嵌入式数据库正被进程 ${holder.pid}（${holder.command}，自 ${holder.since}）使用：先停止它（Ctrl-C），再重试。`,
        `The embedded database is in use by process ${holder.pid} (${holder.command}, since ${holder.since}): stop it first (Ctrl-C), then try again.`,
        `  (${lockFile})`,
      ].join('\n'),
    );
    this.name = 'PgliteInUse';
    this.stack = this.message;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the lock, or null when the folder is free (no lock, or a stale one). */
export function pgliteLockHolder(pgdataDir: string): PgliteLockHolder | null {
  const file = `${pgdataDir}.lock`;
  let holder: PgliteLockHolder;
  try {
    holder = JSON.parse(fs.readFileSync(file, 'utf8')) as PgliteLockHolder;
  } catch {
    return null;
  }
  if (holder.host !== os.hostname() || holder.pid === process.pid || !isAlive(holder.pid)) return null;
  return holder;
}

/** Takes the lock for this process; returns the function that gives it back. */
export function lockPglite(pgdataDir: string, command = process.argv.slice(1).join(' ').slice(0, 200)): () => void {
  const file = `${pgdataDir}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine: PgliteLockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), command };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw err;
      const holder = pgliteLockHolder(pgdataDir);
      if (holder) throw new PgliteInUse(file, holder);
      fs.rmSync(file, { force: true });
    }
  }
  const release = () => {
    process.removeListener('exit', release);
    try {
      const now = JSON.parse(fs.readFileSync(file, 'utf8')) as PgliteLockHolder;
      if (now.pid === mine.pid && now.since === mine.since) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  // A process that exits without closing (a refused start) leaves no lock behind; one that dies leaves a stale one.
  process.on('exit', release);
  return release;
}
