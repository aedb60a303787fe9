// A/B of a change to the directory search (not part of npm run bench): the bench's 16 terms round-robin,
// staff pages of 50 and public pages of 20, 20 connections, against a database made by
// `npm run gen -- --orgs 100000` (PERF_DB, default perf_orgs; PERF_DATA_DIR its DATA_DIR). Read-only.
//   npx tsx bench/ab-search.ts [seconds]     ENTRY=/path/to/main.mjs for another build; PROF=1 for a CPU profile
import { login, SERVER_ENTRY, startServer } from './lib/server.js';
import { loop, type LoopRequest } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { TERMS } from './search.js';

const seconds = Number(process.argv[2] ?? 10);
const url = `postgres://postgres@127.0.0.1:5432/${process.env.PERF_DB ?? 'perf_orgs'}`;
const server = await startServer('server', { DATABASE_URL: url, DATA_DIR: process.env.PERF_DATA_DIR ?? '/tmp/perf_orgs' }, {
  args: [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/perf/prof'] : []), process.env.ENTRY ?? SERVER_ENTRY],
});
try {
  const cookie = await login(server.base);
  for (const [label, path, limit, headers] of [
    ['staff', '/api/v1/orgs', 50, { cookie }],
    ['public', '/api/v1/public/orgs', 20, {}],
  ] as const) {
    let i = 0;
    const next = (): LoopRequest => ({ path: `${path}?q=${encodeURIComponent(TERMS[i++ % TERMS.length].term)}&limit=${limit}`, headers });
    await loop({ base: server.base, connections: 20, durationS: 2, next });
    const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: 20, durationS: seconds, next }));
    console.log(`${label}: ${value.reqPerSec.toFixed(0)}/s p50 ${value.p50} p95 ${value.p95} p99 ${value.p99} non2xx ${value.non2xx} cpu ${((1000 * processCpuMs) / value.total).toFixed(0)} µs/req`);
  }
} finally {
  await server.stop();
}
