import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian (this machine and CI) keeps PostgreSQL 15; PG15_BIN overrides it. */
export const PG15_BIN = process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayCluster {
  port: number;
  /** A connection URL for a database of this cluster (`postgres` by default). */
  url(database?: string): string;
  /** `pg_ctl stop -m <mode>`: fast rolls back open transactions and closes connections; immediate kills the server (crash recovery at the next start). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (immediately) and removes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL 15 cluster of its own for a test that stops, kills or restarts the server — which the shared
 * server on 5432 must never see. initdb and pg_ctl refuse to run as root, so as root (CI) they run as the
 * `postgres` user in a folder it owns; otherwise as the current user.
 */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  if (!fs.existsSync(path.join(PG15_BIN, 'pg_ctl'))) throw new Error(`PostgreSQL 15 binaries not found in ${PG15_BIN} (set PG15_BIN)`);
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  fs.chmodSync(dir, 0o700);
  const pgBin = async (tool: string, args: string[]) => {
    const file = path.join(PG15_BIN, tool);
    return asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  };
  const port = await freePort();
  let destroyed = false;
  // If the test process dies without afterAll, the server must not outlive it.
  const killOnExit = () => {
    try {
      const file = path.join(PG15_BIN, 'pg_ctl');
      const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
      execFileSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'postgres', '--', file, ...args] : args, { stdio: 'ignore' });
    } catch {
      // not running
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  await pgBin('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  // fsync off: these tests kill PostgreSQL, never the machine, and a commit still writes its WAL to the
  // operating system before it is acknowledged (synchronous_commit stays on). With it on, this shared disk made
  // every crash recovery start with a 5 s sync of the data folder and every audited commit wait for a flush.
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=60', '-c shared_buffers=32MB', '-c fsync=off'].join(' ');
  const start = async () => {
    await pgBin('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  };
  const cluster: ThrowawayCluster = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: async (mode) => {
      await pgBin('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    start,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', killOnExit);
      await pgBin('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
