// Target 1 (issue 14 §4): `npm start` as a user runs it — spawn → first 200 from GET /api/health — on an empty
// data folder (first start, with the Haining demo data) and on an existing one (warm start), and a bare PGlite
// initdb measured in the same run as the yardstick for the first start (≤ 10 s and ≤ 2 × initdb).
//
//   npm run bench -- --only startup            # with the other suites' conventions
//   npx tsx bench/startup.ts [--runs 3] [--warm 5] [--no-postgres]   # this suite alone
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { cleanupAll, cleanupSync, onCleanup } from './lib/cleanup.js';
import { freePort, ROOT, startServer, tempDir } from './lib/server.js';
import { createBenchDb, pgVersion } from './lib/pg.js';
import { log, median, round, table } from './lib/stats.js';

export interface StartupCase {
  runs: number[];
  stopMs: number[];
  median: number;
  min: number;
  max: number;
  targetMs: number | null;
  met: boolean | null;
  /** CPU ms of each run's process group until it answered (npm start runs only). */
  cpuMs?: number[];
  cpuMedian?: number;
}

export interface StartupResult {
  /** A bare PGlite initdb: a Node process that opens PGlite on an empty folder and closes it. */
  initdb: StartupCase;
  /** `npm start`, empty data folder: first start with the demo data. */
  npmFirst: StartupCase;
  /** npmFirst's median over initdb's median; the target is ≤ 2. */
  firstOverInitdb: number;
  /** `npm start`, the folder of the last first start reopened. */
  npmWarm: StartupCase;
  postgresFresh: StartupCase | null;
  postgresExisting: StartupCase | null;
  postgresError?: string;
}

function summarize(runs: number[], stopMs: number[], targetMs: number | null): StartupCase {
  const m = median(runs);
  return { runs, stopMs, median: m, min: Math.min(...runs), max: Math.max(...runs), targetMs, met: targetMs === null ? null : m <= targetMs };
}

/** Environment for `npm start`: ours minus what would change where the server keeps its data or listens. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'SEED_DEMO', 'PII_KEY', 'NODE_OPTIONS']) delete env[k];
  // npm run sets npm_* variables for this process; a user's shell has none of them.
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  return { ...env, ...extra };
}

/**
 * CPU seconds (user + system, children reaped so far included) of every live process in the group `pgid`, from
 * /proc — the work a start did, which load from elsewhere on the machine stretches less than the wall time.
 */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is the state (field 3); pgrp is field 5, utime..cstime are fields 14–17.
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Spawns `command` in its own process group and waits for its exit or a 200 from `until.url`; resolves with the ms it took. */
function timeProcess(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, until: 'exit' | { url: string }) {
  return new Promise<{ ms: number; cpuMs: number; stop: () => Promise<number> }>((resolve, reject) => {
    let out = '';
    const t0 = performance.now();
    const child: ChildProcess = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-8000)));
    child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-8000)));
    let exited = false;
    const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
    // The whole group: npm → sh → scripts/start.mjs → the server.
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const stop = async () => {
      const s0 = performance.now();
      if (!exited) {
        signalGroup('SIGINT');
        const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
        await exit;
        clearTimeout(timer);
      }
      return performance.now() - s0;
    };
    const forget = onCleanup(`stop ${label} (pid ${child.pid})`, () => stop().then(() => undefined), () => signalGroup('SIGKILL'));
    const finish = (ms: number, cpuMs = NaN) => resolve({ ms, cpuMs, stop: () => stop().finally(() => void forget()) });
    if (until === 'exit') {
      void exit.then(() => {
        void forget();
        if (child.exitCode === 0) finish(performance.now() - t0);
        else reject(new Error(`${label} exited with ${child.exitCode}:\n${out}`));
      });
      return;
    }
    const poll = async () => {
      while (!exited) {
        if (performance.now() - t0 > 180_000) break;
        try {
          const res = await fetch(until.url, { signal: AbortSignal.timeout(1000) });
          await res.arrayBuffer();
          if (res.status === 200) return finish(performance.now() - t0, groupCpuMs(child.pid!));
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      await forget();
      reject(new Error(`${label} never answered ${until.url}:\n${out}`));
    };
    void poll();
  });
}

const INITDB_SCRIPT = `
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
const db = await PGlite.create({ dataDir: process.argv[1], extensions: { pg_trgm } });
await db.query('select 1');
await db.close();
`;

/** A bare PGlite initdb in a fresh Node process (the same extensions the server loads), spawn → exit. */
async function initdbOnce(i: number): Promise<number> {
  const dir = path.join(tempDir('initdb'), 'pgdata');
  const { ms } = await timeProcess(`initdb #${i}`, process.execPath, ['--input-type=module', '-e', INITDB_SCRIPT, dir], userEnv({}), 'exit');
  log(`bare PGlite initdb #${i}: ${ms.toFixed(0)} ms`);
  return ms;
}

async function npmStartOnce(label: string, dataDir: string, extra: Record<string, string> = {}): Promise<{ ready: number; cpu: number; stop: number }> {
  const port = await freePort();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = userEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...extra });
  const run = await timeProcess(label, npm, ['start'], env, { url: `http://127.0.0.1:${port}/api/health` });
  const stop = await run.stop();
  log(`${label}: ready in ${run.ms.toFixed(0)} ms (CPU ${run.cpuMs.toFixed(0)} ms), stopped in ${stop.toFixed(0)} ms`);
  return { ready: run.ms, cpu: run.cpuMs, stop };
}

export async function benchStartup(opts: { quick: boolean; postgres: boolean; runs?: number; warmRuns?: number }): Promise<StartupResult> {
  const runs = opts.runs ?? (opts.quick ? 1 : 3);
  const warmRuns = opts.warmRuns ?? (opts.quick ? 2 : 5);

  // Not timed: lets scripts/start.mjs build whatever is stale (the web app, the server, the demo image), so the
  // timed runs measure starting, not building.
  log('warming up: npm start once on an empty folder (builds what is stale), not timed');
  await npmStartOnce('warm-up', path.join(tempDir('startup-warmup'), 'data'));

  // Interleaved, so that load from elsewhere on the machine falls on both sides of the ratio alike.
  const initdb: number[] = [];
  const first: number[] = [];
  const firstCpu: number[] = [];
  const firstStop: number[] = [];
  let lastDir = '';
  for (let i = 1; i <= runs; i++) {
    initdb.push(await initdbOnce(i));
    lastDir = path.join(tempDir('startup'), 'data');
    const r = await npmStartOnce(`npm start, empty folder #${i}`, lastDir);
    first.push(r.ready);
    firstCpu.push(r.cpu);
    firstStop.push(r.stop);
  }
  const warm: number[] = [];
  const warmCpu: number[] = [];
  const warmStop: number[] = [];
  for (let i = 1; i <= warmRuns; i++) {
    const r = await npmStartOnce(`npm start, existing folder #${i}`, lastDir);
    warm.push(r.ready);
    warmCpu.push(r.cpu);
    warmStop.push(r.stop);
  }
  const initdbCase = summarize(initdb, initdb.map(() => 0), null);
  const npmFirst = { ...summarize(first, firstStop, 10_000), cpuMs: firstCpu, cpuMedian: median(firstCpu) };
  const firstOverInitdb = npmFirst.median / initdbCase.median;
  npmFirst.met = npmFirst.median <= 10_000 && firstOverInitdb <= 2;
  const result: StartupResult = {
    initdb: initdbCase,
    npmFirst,
    firstOverInitdb,
    npmWarm: { ...summarize(warm, warmStop, 1_500), cpuMs: warmCpu, cpuMedian: median(warmCpu) },
    postgresFresh: null,
    postgresExisting: null,
  };
  if (!opts.postgres) return result;

  // PostgreSQL, for information: the built server directly (seeding there goes through the use cases).
  try {
    const fresh: number[] = [];
    const freshStop: number[] = [];
    let lastUrl = '';
    let lastDataDir = '';
    const once = async (label: string, env: Record<string, string>) => {
      const server = await startServer(label, env);
      const stop = await server.stop();
      log(`${label}: ready in ${server.readyMs.toFixed(0)} ms, stopped in ${stop.toFixed(0)} ms`);
      return { ready: server.readyMs, stop };
    };
    for (let i = 0; i < runs; i++) {
      const db = await createBenchDb('startup');
      lastUrl = db.url;
      lastDataDir = path.join(tempDir('startup-pg'), 'data');
      const r = await once(`PostgreSQL fresh #${i + 1}`, { DATABASE_URL: db.url, DATA_DIR: lastDataDir });
      fresh.push(r.ready);
      freshStop.push(r.stop);
    }
    const again: number[] = [];
    const againStop: number[] = [];
    // The same DATA_DIR: it holds the pii.key that sealed the database's personal data (key-guard.ts refuses any other).
    for (let i = 0; i < warmRuns; i++) {
      const r = await once(`PostgreSQL existing #${i + 1}`, { DATABASE_URL: lastUrl, DATA_DIR: lastDataDir });
      again.push(r.ready);
      againStop.push(r.stop);
    }
    result.postgresFresh = summarize(fresh, freshStop, null);
    result.postgresExisting = summarize(again, againStop, null);
  } catch (err) {
    result.postgresError = err instanceof Error ? err.message : String(err);
    log(`PostgreSQL startup skipped: ${result.postgresError}`);
  }
  return result;
}

const seconds = (x: number) => `${round(x / 1000, 2)} s`;

export function printStartup(r: StartupResult): string {
  const verdict = (b: boolean | null) => (b === null ? 'info' : b ? 'MET' : 'NOT MET');
  const row = (label: string, c: StartupCase | null, target: string): (string | number)[] =>
    c ? [label, c.runs.length, seconds(c.median), seconds(c.min), seconds(c.max), c.stopMs.some((s) => s > 0) ? seconds(Math.max(...c.stopMs)) : '-', target, verdict(c.met)] : [label, 0, '-', '-', '-', '-', target, 'skipped'];
  return (
    table('1. Startup: spawn → first 200 from GET /api/health (median of runs)', ['case', 'runs', 'median', 'min', 'max', 'max stop', 'target', 'result'], [
      row('bare PGlite initdb (node process)', r.initdb, '(yardstick)'),
      row('npm start, empty data folder (demo data)', r.npmFirst, '<= 10 s, <= 2 × initdb'),
      row('npm start, existing data folder', r.npmWarm, '<= 1.5 s'),
      row('PostgreSQL, fresh database (node, info)', r.postgresFresh, '(info)'),
      row('PostgreSQL, existing database (node, info)', r.postgresExisting, '(info)'),
    ]) +
    `\n   first start / initdb: ${round(r.firstOverInitdb, 2)} × (medians; target <= 2)` +
    `\n   CPU until ready (npm + start.mjs + server, median): first ${seconds(r.npmFirst.cpuMedian ?? NaN)}, warm ${seconds(r.npmWarm.cpuMedian ?? NaN)}`
  );
}

// Run on its own: `npx tsx bench/startup.ts [--runs N] [--warm N] [--no-postgres]`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  process.on('exit', cleanupSync);
  process.on('SIGINT', () => void cleanupAll().finally(() => process.exit(130)));
  const postgres = !process.argv.includes('--no-postgres') && (await pgVersion()) !== null;
  benchStartup({ quick: false, postgres, runs: arg('--runs'), warmRuns: arg('--warm') })
    .then((r) => {
      process.stdout.write(printStartup(r) + '\n');
      fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'startup.json'), JSON.stringify({ at: new Date().toISOString(), ...r }, null, 2) + '\n');
    })
    .catch((err) => {
      process.stderr.write(`startup bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => cleanupAll());
}
