// Target 1: spawn → first 200 from GET /api/health, on an empty and on an existing database.
import path from 'node:path';
import { startServer, tempDir } from './lib/server.js';
import { createBenchDb } from './lib/pg.js';
import { log, median } from './lib/stats.js';

export interface StartupCase {
  runs: number[];
  stopMs: number[];
  median: number;
  min: number;
  max: number;
  targetMs: number | null;
  met: boolean | null;
}

export interface StartupResult {
  pgliteEmpty: StartupCase;
  pgliteExisting: StartupCase;
  postgresFresh: StartupCase | null;
  postgresExisting: StartupCase | null;
  postgresError?: string;
}

function summarize(runs: number[], stopMs: number[], targetMs: number | null): StartupCase {
  const m = median(runs);
  return { runs, stopMs, median: m, min: Math.min(...runs), max: Math.max(...runs), targetMs, met: targetMs === null ? null : m <= targetMs };
}

async function once(label: string, env: Record<string, string>): Promise<{ ready: number; stop: number }> {
  const server = await startServer(label, env);
  const stop = await server.stop();
  log(`${label}: ready in ${server.readyMs.toFixed(0)} ms, stopped in ${stop.toFixed(0)} ms`);
  return { ready: server.readyMs, stop };
}

export async function benchStartup(opts: { quick: boolean; postgres: boolean }): Promise<StartupResult> {
  const emptyRuns = opts.quick ? 1 : 3;
  const existingRuns = opts.quick ? 2 : 5;

  // PGlite, empty folder: a new temp dir each run (initdb, migrations, demo data).
  const empty: number[] = [];
  const emptyStop: number[] = [];
  let lastDir = '';
  for (let i = 0; i < emptyRuns; i++) {
    lastDir = path.join(tempDir('startup'), 'data');
    const r = await once(`PGlite empty #${i + 1}`, { DATA_DIR: lastDir });
    empty.push(r.ready);
    emptyStop.push(r.stop);
  }
  // PGlite, existing folder: the last one, reopened.
  const existing: number[] = [];
  const existingStop: number[] = [];
  for (let i = 0; i < existingRuns; i++) {
    const r = await once(`PGlite existing #${i + 1}`, { DATA_DIR: lastDir });
    existing.push(r.ready);
    existingStop.push(r.stop);
  }
  const result: StartupResult = {
    pgliteEmpty: summarize(empty, emptyStop, 30_000),
    pgliteExisting: summarize(existing, existingStop, 3_000),
    postgresFresh: null,
    postgresExisting: null,
  };
  if (!opts.postgres) return result;

  try {
    const fresh: number[] = [];
    const freshStop: number[] = [];
    let lastUrl = '';
    for (let i = 0; i < emptyRuns; i++) {
      const db = await createBenchDb('startup');
      lastUrl = db.url;
      const r = await once(`PostgreSQL fresh #${i + 1}`, { DATABASE_URL: db.url, DATA_DIR: path.join(tempDir('startup-pg'), 'data') });
      fresh.push(r.ready);
      freshStop.push(r.stop);
    }
    const again: number[] = [];
    const againStop: number[] = [];
    const dataDir = path.join(tempDir('startup-pg'), 'data');
    for (let i = 0; i < existingRuns; i++) {
      const r = await once(`PostgreSQL existing #${i + 1}`, { DATABASE_URL: lastUrl, DATA_DIR: dataDir });
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
