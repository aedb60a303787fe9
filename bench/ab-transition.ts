// A/B of one change to the engine (not part of npm run bench): fires N transitions at 20 connections against a
// fresh copy of a prepared database, with the built server or another build (ENTRY=/path/to/main.mjs).
//   createdb perf_tr && DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_tr DATA_DIR=/tmp/perf_tr \
//     npm run gen -- --applications 6000 && createdb -T perf_tr perf_tr_tpl
//   npx tsx bench/ab-transition.ts 2000 [--minimal] [--prof] [--log]     (PERF_TPL, PERF_DATA_DIR override the two names)
// --log sets log_statement = all on the copy and fires with one connection (count the statements in the
// server's log); --dur logs each statement with its duration instead; --prof writes a CPU profile to /tmp/perf/prof (summarize: npx tsx bench/profile-summary.ts F).
// Run old and new builds interleaved: this machine's speed drifts within minutes.
import pg from 'pg';
import { SERVER_ENTRY, signIn, startServer } from './lib/server.js';
import { loop } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';

const ADMIN = 'postgres://postgres@127.0.0.1:5432/test';
const tpl = process.env.PERF_TPL ?? 'perf_tr_tpl';
const n = Number(process.argv[2] ?? 600);
const logAll = process.argv.includes('--log') || process.argv.includes('--dur') || process.argv.includes('--explain');
const logDurations = process.argv.includes('--dur');
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query('drop database if exists perf_tr_run');
await admin.query(`create database perf_tr_run template ${tpl}`);
if (logDurations) await admin.query(`alter database perf_tr_run set log_min_duration_statement = 0`);
if (process.argv.includes('--explain')) {
  // Plans with timings of each statement in the server's log (auto_explain ships with PostgreSQL).
  await admin.query(`alter database perf_tr_run set session_preload_libraries = 'auto_explain'`);
  await admin.query(`alter database perf_tr_run set auto_explain.log_min_duration = 0`);
  await admin.query(`alter database perf_tr_run set auto_explain.log_analyze = on`);
}
else if (logAll) await admin.query(`alter database perf_tr_run set log_statement = 'all'`);
const url = process.env.PERF_SOCKET ? 'postgres://postgres@%2Fvar%2Frun%2Fpostgresql/perf_tr_run' : 'postgres://postgres@127.0.0.1:5432/perf_tr_run';
const prof = process.argv.includes('--prof');
const server = await startServer('server', { DATABASE_URL: url, DATA_DIR: process.env.PERF_DATA_DIR ?? '/tmp/perf_tr' }, prof ? { args: ['--cpu-prof', '--cpu-prof-dir=/tmp/perf/prof', SERVER_ENTRY] } : process.env.ENTRY ? { args: [process.env.ENTRY] } : {});
try {
  const { cookie, csrf } = await signIn(server.base);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const cases = (await c.query<{ id: string; version: number }>(`select id, version from cases where case_type = 'application' and state = 'submitted' order by created_at, id limit ${n}`)).rows;
  await c.end();
  let i = 0;
  let list = cases;
  // --minimal: as the web app fires (Prefer: return=minimal, answered 204 without the case file).
  const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf, ...(process.argv.includes('--minimal') ? { prefer: 'return=minimal' } : {}) };
  const next = () => {
    const k = list[i];
    if (!k) return null;
    const accept = i++ % 2 === 0;
    const body = accept ? { event: 'accept', version: k.version, comment: '材料齐全，予以受理' } : { event: 'requestSupplement', version: k.version, comment: '请按一次性告知补正', input: { items: [{ item: 'charter', problem: '章程草案第十二条与示范文本不一致' }] } };
    return { method: 'POST', path: `/api/v1/cases/${k.id}/transitions`, headers, body: JSON.stringify(body), tags: [body.event] };
  };
  const warm = Math.min(200, Math.floor(cases.length / 4));
  const conns = logAll ? 1 : 20;
  list = cases.slice(0, warm);
  await loop({ base: server.base, connections: conns, next });
  i = 0;
  list = cases.slice(warm);
  const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: conns, next }));
  for (const s of value.samples) console.log(s);
  if (value.non2xx) console.log(server.output().slice(-3000));
  console.log(`${value.total} in ${value.durationS.toFixed(1)} s = ${value.reqPerSec.toFixed(0)}/s p50 ${value.p50} p95 ${value.p95} p99 ${value.p99} non2xx ${value.non2xx} err ${value.errors} cpu ${(1000 * processCpuMs / value.total).toFixed(0)} µs/req client ${value.clientCpuUsPerReq} µs/req`);
} finally {
  await server.stop();
  await admin.end();
}
