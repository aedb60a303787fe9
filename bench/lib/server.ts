// Spawning the built server (or the yardstick) on 127.0.0.1, waiting until it answers, stopping it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { onCleanup } from './cleanup.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const SERVER_ENTRY = path.join(ROOT, 'dist', 'server', 'main.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A temp folder removed at cleanup. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `shezhi-bench-${prefix}-`));
  onCleanup(`rm ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }), () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Running {
  label: string;
  port: number;
  base: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 from the health URL. */
  readyMs: number;
  /** SIGINT, then wait for exit (SIGKILL after `graceMs`); resolves with the ms it took. */
  stop(graceMs?: number): Promise<number>;
  output(): string;
}

/** Environment for a child: ours minus anything that would change what the server connects to. */
function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'SEED_DEMO', 'LOGIN_RATE_LIMIT', 'DB_POOL_SIZE', 'NODE_OPTIONS']) delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export interface StartOptions {
  label: string;
  /** Node arguments, default: the built server. */
  args?: string[];
  env: Record<string, string | undefined>;
  healthPath?: string;
  pollMs?: number;
  timeoutMs?: number;
  /** Working directory, default the repository root (an A/B run gives each build its own checkout). */
  cwd?: string;
}

export async function startProcess(options: StartOptions): Promise<Running> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const healthUrl = base + (options.healthPath ?? '/api/health');
  const pollMs = options.pollMs ?? 20;
  const timeoutMs = options.timeoutMs ?? 120_000;
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-8000);
  };
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, options.args ?? [SERVER_ENTRY], {
    cwd: options.cwd ?? ROOT,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: string | null } | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const stopNow = async (graceMs = 15_000): Promise<number> => {
    const s0 = performance.now();
    if (!exited) {
      child.kill('SIGINT');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, graceMs);
      await exitPromise;
      clearTimeout(timer);
    }
    return performance.now() - s0;
  };
  const forget = onCleanup(
    `stop ${options.label} (pid ${child.pid})`,
    () => stopNow(5_000).then(() => undefined),
    () => {
      if (!exited) child.kill('SIGKILL');
    },
  );

  // Poll until the first 200.
  let readyMs = -1;
  while (readyMs < 0) {
    if (exited) {
      await forget();
      throw new Error(`${options.label} exited before answering (${JSON.stringify(exited)}):\n${out}`);
    }
    if (performance.now() - t0 > timeoutMs) {
      await forget();
      throw new Error(`${options.label} did not answer ${healthUrl} within ${timeoutMs} ms:\n${out}`);
    }
    try {
      const res = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) readyMs = performance.now() - t0;
    } catch {
      // not listening yet
    }
    if (readyMs < 0) await new Promise((r) => setTimeout(r, pollMs));
  }

  return {
    label: options.label,
    port,
    base,
    pid: child.pid!,
    readyMs,
    output: () => out,
    stop: async (graceMs) => {
      const ms = await stopNow(graceMs);
      await forget();
      return ms;
    },
  };
}

/** The real server from dist/server/main.mjs. */
export function startServer(label: string, env: Record<string, string | undefined>, extra: Partial<StartOptions> = {}): Promise<Running> {
  return startProcess({ label, env: { LOGIN_RATE_LIMIT: '100000', ...env }, ...extra });
}

/** Signs in; returns the Cookie header value. */
export async function login(base: string, username = 'admin', password = 'Shezhi@2026'): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${text.slice(0, 300)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sz_session='));
  if (!cookie) throw new Error('login gave no sz_session cookie');
  return cookie.split(';')[0];
}

export async function getJson<T>(url: string, cookie?: string): Promise<T> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The id of the town with this code (ids are random per database). */
export async function townId(base: string, cookie: string, code: string): Promise<string> {
  const page = await getJson<{ items: { id: string; code: string }[] }>(`${base}/api/v1/regions?level=town&limit=100`, cookie);
  const town = page.items.find((t) => t.code === code);
  if (!town) throw new Error(`no town with code ${code} among ${page.items.length} towns`);
  return town.id;
}

/** Signs in; returns the Cookie header value and the session's CSRF token (for POSTs). */
export async function signIn(base: string, username = 'admin', password = 'Shezhi@2026'): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${text.slice(0, 300)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sz_session='));
  if (!cookie) throw new Error('login gave no sz_session cookie');
  const csrf = (JSON.parse(text) as { user: { csrfToken: string } }).user.csrfToken;
  return { cookie: cookie.split(';')[0], csrf };
}

/**
 * `npm run gen -- <args>` against the database in `env` (DATABASE_URL and/or DATA_DIR), as a child
 * process, killed at cleanup if still running. Resolves with its output and how long it took.
 */
export function runGen(args: string[], env: Record<string, string | undefined>): Promise<{ ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'gen.ts'), ...args], {
      cwd: ROOT,
      env: childEnv({ LOG_LEVEL: 'warn', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let done = false;
    const forget = onCleanup(
      `stop gen (pid ${child.pid})`,
      () => {
        if (!done) child.kill('SIGKILL');
      },
      () => {
        if (!done) child.kill('SIGKILL');
      },
    );
    child.once('exit', (code, signal) => {
      done = true;
      void forget();
      if (code === 0) resolve({ ms: performance.now() - t0, out });
      else reject(new Error(`gen ${args.join(' ')} failed (${code ?? signal}):\n${out}`));
    });
  });
}
