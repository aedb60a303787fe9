// Issue 3, speed: a case transition, POST /api/v1/cases/{id}/transitions, at 20 concurrent on the
// PostgreSQL server (target p95 <= 50 ms). Every request is a real transition that must succeed: the
// database gets N submitted applications from `npm run gen -- --applications N`, and each is fired
// exactly once by the office administrator with its current version — alternately `accept` (to the
// joint review or straight to the decision) and `requestSupplement` (a one-time notice with an item).
// A repeated case would answer 409, and any non-2xx answer makes the run INVALID. Afterwards the
// history steps and audit events are counted: one of each per request answered.
// The rounds send `Prefer: return=minimal`, as the web app does (it reloads the case after any act), and
// get 204; one more round asks for the case file in the answer, reported beside them (fullFile).
import path from 'node:path';
import pg from 'pg';
import { createBenchDb } from './lib/pg.js';
import { runGen, signIn, startServer, tempDir, type Running } from './lib/server.js';
import { loop, type LoopRequest, type LoopSummary, type Percentiles } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { log, median } from './lib/stats.js';

const CONNECTIONS = 20;

export interface TransitionRun extends LoopSummary {
  cpuUsPerReq: number;
}

export interface TransitionResult {
  connections: number;
  perRound: number;
  runs: TransitionRun[];
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerReq: number;
  byEvent: Record<string, Percentiles>;
  gen: { applications: number; seconds: number };
  check: { fired: number; steps: number; audits: number; ok: boolean };
  targetP95: number;
  valid: boolean;
  met: boolean;
  errors: string[];
  /** One round answered with the whole case file (no Prefer header). */
  fullFile: { reqPerSec: number; p50: number; p95: number; p99: number; cpuUsPerReq: number; valid: boolean };
}

const NOTICE = { items: [{ item: 'charter', problem: '章程草案第十二条与示范文本不一致，请按示范文本修改后重新上传' }] };

function firing(cases: { id: string; version: number }[], headers: Record<string, string>): () => LoopRequest | null {
  let i = 0;
  return () => {
    const c = cases[i];
    if (!c) return null;
    const accept = i++ % 2 === 0;
    const body = accept
      ? { event: 'accept', version: c.version, comment: '材料齐全，予以受理' }
      : { event: 'requestSupplement', version: c.version, comment: '请按一次性告知补正', input: NOTICE };
    return { method: 'POST', path: `/api/v1/cases/${c.id}/transitions`, headers, body: JSON.stringify(body), tags: [body.event] };
  };
}

async function submitted(url: string): Promise<{ id: string; version: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Oldest first, as an office works through its queue.
    const r = await client.query<{ id: string; version: number }>(`select id, version from cases where case_type = 'application' and state = 'submitted' order by created_at, id`);
    return r.rows;
  } finally {
    await client.end();
  }
}

async function counts(url: string): Promise<{ steps: number; audits: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const s = await client.query<{ n: number }>(`select count(*)::int as n from case_steps where event in ('accept', 'requestSupplement')`);
    const a = await client.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'case.transition'`);
    return { steps: s.rows[0].n, audits: a.rows[0].n };
  } finally {
    await client.end();
  }
}

async function measure(server: Running, cases: { id: string; version: number }[], headers: Record<string, string>, label: string): Promise<TransitionRun> {
  const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: CONNECTIONS, next: firing(cases, headers) }));
  const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total) };
  log(
    `transition ${label}: ${run.total} in ${run.durationS.toFixed(1)} s = ${run.reqPerSec.toFixed(0)} /s, p50 ${run.p50} p95 ${run.p95} p99 ${run.p99} ms, ` +
      `non-2xx ${run.non2xx}, errors ${run.errors}, ${run.cpuUsPerReq.toFixed(0)} µs CPU/req${run.valid ? '' : '  ** INVALID **'}`,
  );
  for (const s of run.samples) log(`  ${s}`);
  return run;
}

export async function benchTransition(opts: { quick: boolean }): Promise<TransitionResult> {
  const rounds = opts.quick ? 1 : 3;
  const perRound = opts.quick ? 600 : 3000;
  const warm = opts.quick ? 200 : 500;
  const errors: string[] = [];
  const db = await createBenchDb('transition');
  const dataDir = path.join(tempDir('transition'), 'data');
  const env = { DATABASE_URL: db.url, DATA_DIR: dataDir };
  const want = warm + (rounds + 1) * perRound;
  log(`transition: npm run gen -- --applications ${want} (migrate, demo data, then the applications)`);
  const g = await runGen(['--applications', String(want)], env);
  log(`transition: generated in ${(g.ms / 1000).toFixed(1)} s`);
  const server = await startServer('server', env);
  const { cookie, csrf } = await signIn(server.base);
  const full = { cookie, 'x-csrf-token': csrf };
  const headers = { ...full, prefer: 'return=minimal' };
  const all = await submitted(db.url);
  if (all.length < want) throw new Error(`only ${all.length} submitted applications, wanted ${want}`);
  const before = await counts(db.url);

  await measure(server, all.slice(0, warm), headers, 'warm-up');
  const runs: TransitionRun[] = [];
  for (let r = 0; r < rounds; r++) runs.push(await measure(server, all.slice(warm + r * perRound, warm + (r + 1) * perRound), headers, `round ${r + 1}/${rounds}`));
  const f = await measure(server, all.slice(warm + rounds * perRound, warm + (rounds + 1) * perRound), full, 'with the case file in the answer');
  await server.stop();

  const after = await counts(db.url);
  const fired = want;
  const check = { fired, steps: after.steps - before.steps, audits: after.audits - before.audits, ok: false };
  check.ok = check.steps === fired && check.audits === fired;
  if (!check.ok) errors.push(`expected ${fired} new history steps and audit events, found ${check.steps} and ${check.audits}`);
  await db.drop();

  const byEvent: Record<string, Percentiles> = {};
  for (const ev of ['accept', 'requestSupplement']) {
    const of = (k: keyof Percentiles) => median(runs.map((x) => x.byTag[ev]?.[k] ?? NaN));
    byEvent[ev] = { count: runs.reduce((n, x) => n + (x.byTag[ev]?.count ?? 0), 0), p50: of('p50'), p95: of('p95'), p99: of('p99'), max: of('max') };
  }
  const valid = runs.every((x) => x.valid) && f.valid && check.ok;
  if (!runs.every((x) => x.valid)) errors.push('a round had non-2xx answers or errors: INVALID');
  const p95 = median(runs.map((x) => x.p95));
  return {
    connections: CONNECTIONS,
    perRound,
    runs,
    reqPerSec: median(runs.map((x) => x.reqPerSec)),
    p50: median(runs.map((x) => x.p50)),
    p95,
    p99: median(runs.map((x) => x.p99)),
    cpuUsPerReq: median(runs.map((x) => x.cpuUsPerReq)),
    byEvent,
    gen: { applications: want, seconds: g.ms / 1000 },
    check,
    targetP95: 50,
    valid,
    met: valid && p95 <= 50,
    errors,
    fullFile: { reqPerSec: f.reqPerSec, p50: f.p50, p95: f.p95, p99: f.p99, cpuUsPerReq: f.cpuUsPerReq, valid: f.valid },
  };
}
