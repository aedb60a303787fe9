// Target 2: authenticated GET /api/v1/regions/{id}/children on one process against PostgreSQL,
// compared with the yardstick (bench/yardstick.ts) that runs the same SQL with no auth.
import path from 'node:path';
import { analyze, createBenchDb } from './lib/pg.js';
import { getJson, login, ROOT, startProcess, startServer, tempDir, townId, type Running } from './lib/server.js';
import { load, warmUp, type LoadSummary } from './lib/load.js';
import { withCpu } from './lib/cpu.js';
import { log, median } from './lib/stats.js';
import { captureChildrenSql, normalizeSql, type Captured } from './sql-capture.js';
import { CHILDREN_SQL } from './yardstick.js';

export const TOWN_CODE = '330481101'; // 许村镇
const CONNECTIONS = 50;

export interface MeasuredRun extends LoadSummary {
  /** CPU the answering process used per request, in microseconds. */
  cpuUsPerReq: number;
  machineBusyPct: number;
}

export interface Side {
  runs: MeasuredRun[];
  reqPerSec: number;
  p50: number;
  p99: number;
  cpuUsPerReq: number;
  allValid: boolean;
}

export interface ChildrenResult {
  town: { code: string; id: string; children: number };
  sqlCheck: { same: boolean; captured: Captured; yardstickSql: string; regionQueriesPerRequest: number };
  connections: number;
  durationS: number;
  server: Side;
  yardstick: Side;
  ratios: number[];
  ratioOfMedians: number;
  targets: { reqPerSec: boolean; p99: boolean; ratio: boolean; valid: boolean; met: boolean };
  breakdown: { label: string; path: string; run: MeasuredRun }[];
  pglite: Side | null;
  errors: string[];
  warnings: string[];
}

async function measure(target: Running, url: string, headers: Record<string, string>, warmS: number, durationS: number): Promise<MeasuredRun> {
  await warmUp({ url, headers, connections: CONNECTIONS }, warmS);
  const { value, processCpuMs, machineBusyPct } = await withCpu(target.pid, () => load({ url, headers, connections: CONNECTIONS, duration: durationS }));
  const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total), machineBusyPct };
  log(
    `${target.label} ${url.replace(target.base, '')}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
      `non-2xx ${run.non2xx}, errors ${run.errors}, ${run.cpuUsPerReq.toFixed(0)} µs CPU/req${run.valid ? '' : '  ** INVALID **'}`,
  );
  return run;
}

function side(runs: MeasuredRun[]): Side {
  return {
    runs,
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUsPerReq: median(runs.map((r) => r.cpuUsPerReq)),
    allValid: runs.every((r) => r.valid),
  };
}

export async function benchChildren(opts: { quick: boolean; pglite: boolean }): Promise<ChildrenResult> {
  const rounds = opts.quick ? 1 : 3;
  const durationS = opts.quick ? 3 : 10;
  const warmS = opts.quick ? 1 : 3;
  const errors: string[] = [];
  const warnings: string[] = [];

  const db = await createBenchDb('children');
  const server = await startServer('server', { DATABASE_URL: db.url, DATA_DIR: path.join(tempDir('children'), 'data') });
  // A live database has been analyzed by autovacuum; a freshly seeded one has not, and its plans
  // would be those of an empty table. Measure the steady state.
  await analyze(db.url);
  const cookie = await login(server.base);
  const id = await townId(server.base, cookie, TOWN_CODE);
  const headers = { cookie };
  const childrenPath = `/api/v1/regions/${id}/children`;
  const realPage = await getJson<{ items: unknown[] }>(server.base + childrenPath, cookie);

  // The yardstick's SQL must be what the server runs.
  // The page query is the last one the use case runs (a parent lookup, if any, comes first).
  const captured = await captureChildrenSql(db.url, cookie, id);
  const page = captured.children[captured.children.length - 1];
  const same = normalizeSql(page.sql) === normalizeSql(CHILDREN_SQL);
  if (!same) warnings.push('CHILDREN_SQL in bench/yardstick.ts is stale: this run gave the yardstick the SQL captured from the server instead; update the constant');
  if (captured.children.length > 1) warnings.push(`the real endpoint runs ${captured.children.length} region queries per request (plus the session lookup); the yardstick runs only the page query`);

  const yardstick = await startProcess({
    label: 'yardstick',
    args: ['--import', 'tsx', path.join(ROOT, 'bench', 'yardstick.ts')],
    env: { DATABASE_URL: db.url, SQL_PARAMS: JSON.stringify(page.params), YARDSTICK_SQL: same ? undefined : page.sql },
    healthPath: '/health',
  });
  const yardPage = await getJson<{ items: unknown[] }>(yardstick.base + '/children');
  if (yardPage.items.length !== realPage.items.length) errors.push(`yardstick answers ${yardPage.items.length} rows, the server ${realPage.items.length}`);

  const serverRuns: MeasuredRun[] = [];
  const yardRuns: MeasuredRun[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    log(`children round ${round + 1}/${rounds}`);
    const doYard = async () => yardRuns.push(await measure(yardstick, yardstick.base + '/children', {}, warmS, durationS));
    const doServer = async () => serverRuns.push(await measure(server, server.base + childrenPath, headers, warmS, durationS));
    // Alternate who goes first, so that drift on the shared machine does not favour one side.
    if (round % 2 === 0) {
      await doYard();
      await doServer();
    } else {
      await doServer();
      await doYard();
    }
    ratios.push(serverRuns[round].reqPerSec / yardRuns[round].reqPerSec);
  }
  await yardstick.stop();

  // Where the time goes (information): the same process on cheaper routes.
  const breakdown: ChildrenResult['breakdown'] = [];
  const bS = opts.quick ? 2 : 5;
  for (const [label, p] of [
    ['health: no cookie, select 1', '/api/health'],
    ['auth/me: session lookup only', '/api/v1/auth/me'],
    ['region/{id}: session + 1 region query', `/api/v1/regions/${id}`],
    [`children: session + ${captured.children.length} region ${captured.children.length === 1 ? 'query' : 'queries'}`, childrenPath],
  ] as const) {
    // No cookie for health: with a cookie, even a public route looks the session up.
    breakdown.push({ label, path: p, run: await measure(server, server.base + p, p === '/api/health' ? {} : headers, 1, bS) });
  }
  await server.stop();
  await db.drop();

  // PGlite (information): the same endpoint on the embedded database.
  let pglite: Side | null = null;
  if (opts.pglite) {
    try {
      const embedded = await startServer('server (PGlite)', { DATA_DIR: path.join(tempDir('children-pglite'), 'data') });
      const c = await login(embedded.base);
      const tid = await townId(embedded.base, c, TOWN_CODE);
      const runs: MeasuredRun[] = [];
      for (let i = 0; i < rounds; i++) runs.push(await measure(embedded, `${embedded.base}/api/v1/regions/${tid}/children`, { cookie: c }, warmS, durationS));
      await embedded.stop();
      pglite = side(runs);
    } catch (err) {
      errors.push(`PGlite run failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const s = side(serverRuns);
  const y = side(yardRuns);
  const ratioOfMedians = s.reqPerSec / y.reqPerSec;
  const valid = s.allValid && y.allValid;
  const targets = { reqPerSec: s.reqPerSec >= 2000, p99: s.p99 <= 40, ratio: ratioOfMedians >= 0.6, valid, met: false };
  targets.met = targets.reqPerSec && targets.p99 && targets.ratio && targets.valid;
  if (!s.allValid || !y.allValid) errors.push('a run had non-2xx answers or errors: the comparison is INVALID');
  return {
    town: { code: TOWN_CODE, id, children: realPage.items.length },
    sqlCheck: { same, captured, yardstickSql: same ? CHILDREN_SQL : page.sql, regionQueriesPerRequest: captured.children.length },
    connections: CONNECTIONS,
    durationS,
    server: s,
    yardstick: y,
    ratios,
    ratioOfMedians,
    targets,
    breakdown,
    pglite,
    errors,
    warnings,
  };
}
