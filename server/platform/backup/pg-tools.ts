import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

/**
 * pg_dump and pg_restore from the machine's PostgreSQL client. pg_dump must be at least as new as the server
 * (it refuses an older one), so the newest installed client is preferred: PATH first, then Debian's
 * /usr/lib/postgresql/<major>/bin; PG_BIN names a folder to use instead.
 */
export function findPgTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number): { bin: string; version: string } {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(path.join(process.env.PG_BIN, tool));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, tool));
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const major of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, major, 'bin', tool));
  }
  const seen: string[] = [];
  for (const bin of candidates) {
    if (!fs.existsSync(bin)) continue;
    const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    const match = /(\d+)(?:\.(\d+))?/.exec(out.stdout ?? '');
    if (out.status !== 0 || !match) continue;
    seen.push(`${bin} ${match[0]}`);
    if (Number(match[1]) >= serverMajor) return { bin, version: match[0] };
  }
  throw new Error(
    seen.length
      ? `${tool} ${serverMajor} 或更新版本未找到 / no ${tool} of version ${serverMajor} or newer (found: ${seen.join(', ')}); install postgresql-client-${serverMajor} or set PG_BIN`
      : `未找到 ${tool} / ${tool} not found: install the PostgreSQL client (apt-get install postgresql-client) or set PG_BIN`,
  );
}

/** The URL without its password, which goes to the child in PGPASSWORD instead (argv is visible in `ps`). */
export function connectionFor(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { dbname: u.toString(), env };
}

/** Runs a PostgreSQL client tool; rejects with its stderr when it fails. */
export function runPgTool(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} failed (exit ${code}): ${stderr.trim()}`))));
  });
}
