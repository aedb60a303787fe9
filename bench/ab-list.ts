// A/B of a change to the project list (not part of npm run bench): the bench's 12 filter mixes at 20
// connections for `seconds`, against a database made by `npm run gen -- --projects 100000`, with the built
// server or another build (ENTRY=/path/to/main.mjs); PROF=1 writes a CPU profile to /tmp/perf/prof. Runs on a copy made from PERF_TPL (default perf_proj).
//   npx tsx bench/ab-list.ts [seconds]      (PERF_DATA_DIR: the DATA_DIR the database was generated with)
import pg from 'pg';
import { login, SERVER_ENTRY, startServer } from './lib/server.js';
import { loop } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { filters, ids, requests } from './projects.js';

const ADMIN = 'postgres://postgres@127.0.0.1:5432/test';
const tpl = process.env.PERF_TPL ?? 'perf_proj';
const seconds = Number(process.argv[2] ?? 10);
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query('drop database if exists perf_list_run');
await admin.query(`create database perf_list_run template ${tpl}`);
const url = 'postgres://postgres@127.0.0.1:5432/perf_list_run';
const server = await startServer('server', { DATABASE_URL: url, DATA_DIR: process.env.PERF_DATA_DIR ?? '/tmp/perf_proj' }, { args: [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/perf/prof'] : []), process.env.ENTRY ?? SERVER_ENTRY] });
try {
  const cookie = await login(server.base);
  const mix = filters(await ids(url));
  await loop({ base: server.base, connections: 20, durationS: 3, next: requests(mix, cookie) });
  const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: 20, durationS: seconds, next: requests(mix, cookie) }));
  for (const s of value.samples) console.log(s);
  console.log(`${value.total} in ${value.durationS.toFixed(1)} s = ${value.reqPerSec.toFixed(0)}/s p50 ${value.p50} p95 ${value.p95} p99 ${value.p99} non2xx ${value.non2xx} cpu ${((1000 * processCpuMs) / value.total).toFixed(0)} µs/req`);
} finally {
  await server.stop();
  await admin.query('drop database if exists perf_list_run');
  await admin.end();
}
