// Issue 17 §4, speed: the staff concern list GET /api/v1/concerns with its filters over 1,000,000 concerns at 20
// concurrent on the PostgreSQL server, target p95 <= 50 ms. The data comes from `npm run gen -- --concerns 1000000`
// (after the Haining demo data) in a bench database dropped at the end. Generating a million takes a quarter of an
// hour or more: BENCH_CONCERNS_DB=<url> (with BENCH_CONCERNS_DATA_DIR, the folder whose pii.key sealed its demo data)
// benchmarks a database made before instead, and leaves it.
import path from 'node:path';
import pg from 'pg';
import { createBenchDb } from './lib/pg.js';
import { getJson, runGen, signIn, startServer, tempDir } from './lib/server.js';
import { loop, type LoopRequest, type LoopSummary, type Percentiles } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { log, median } from './lib/stats.js';

export const CONCERN_COUNT = 1_000_000;
const CONNECTIONS = 20;

export interface ConcernListRun extends LoopSummary {
  cpuUsPerReq: number;
}

export interface ConcernsResult {
  connections: number;
  concerns: number;
  runs: ConcernListRun[];
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerReq: number;
  byTag: Record<string, Percentiles>;
  reqPerSecByTag: Record<string, number>;
  rowsPerFilter: Record<string, number>;
  targetP95: number;
  valid: boolean;
  met: boolean;
  gen: { seconds: number | null };
  errors: string[];
}

interface Ids {
  town: string;
  category: string;
  /** A month of last year: the date range filter. */
  from: string;
  to: string;
}

async function ids(url: string): Promise<Ids> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The busiest town and category: the filters an office uses most, and the ones with the most rows to skip.
    const one = async (q: string) => (await client.query<{ v: string }>(q)).rows[0].v;
    const year = Number(await one(`select extract(year from max(submitted_at))::text as v from concerns`)) - 1;
    return {
      town: await one(`select town_id::text as v from concerns group by 1 order by count(*) desc limit 1`),
      category: await one(`select category_code as v from concerns group by 1 order by count(*) desc limit 1`),
      from: `${year}-03-01`,
      to: `${year}-03-31`,
    };
  } finally {
    await client.end();
  }
}

/** The filter mix, round-robin: what the list page's filters send, alone and combined, 20 rows a page. */
function filters(i: Ids): { tag: string; query: string }[] {
  return [
    { tag: 'none', query: '' },
    { tag: 'state-open', query: 'state=handling' },
    { tag: 'state-closed', query: 'state=closed' },
    { tag: 'category', query: `categoryCode=${i.category}` },
    { tag: 'town', query: `townId=${i.town}` },
    { tag: 'overdue', query: 'overdue=true' },
    { tag: 'date-range', query: `from=${i.from}&to=${i.to}` },
    { tag: 'town+state', query: `townId=${i.town}&state=submitted` },
    { tag: 'town+category', query: `townId=${i.town}&categoryCode=${i.category}` },
    { tag: 'category+date', query: `categoryCode=${i.category}&from=${i.from}&to=${i.to}` },
    { tag: 'town+overdue', query: `townId=${i.town}&overdue=true` },
  ];
}

/** A later keyset page of a mix: the cursor of the 10th page (rows 181–200), taken once before the runs. */
async function laterPages(base: string, cookie: string, mix: { tag: string; query: string }[]): Promise<{ tag: string; query: string }[]> {
  const out: { tag: string; query: string }[] = [];
  for (const f of mix.filter((x) => ['none', 'state-closed', 'town', 'date-range'].includes(x.tag))) {
    let cursor: string | null = null;
    for (let p = 0; p < 9; p++) {
      const page: { nextCursor: string | null } = await getJson(`${base}/api/v1/concerns?limit=20${f.query ? `&${f.query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, cookie);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    if (cursor) out.push({ tag: `${f.tag}/page10`, query: `${f.query ? `${f.query}&` : ''}cursor=${encodeURIComponent(cursor)}` });
  }
  return out;
}

function requests(mix: { tag: string; query: string }[], cookie: string): () => LoopRequest {
  let n = 0;
  return () => {
    const f = mix[n++ % mix.length];
    return { path: `/api/v1/concerns?limit=20${f.query ? `&${f.query}` : ''}`, headers: { cookie }, tags: [f.tag, 'all'] };
  };
}

export async function benchConcerns(opts: { quick: boolean }): Promise<ConcernsResult> {
  const rounds = opts.quick ? 1 : 3;
  const seconds = opts.quick ? 3 : 10;
  const errors: string[] = [];
  let url = process.env.BENCH_CONCERNS_DB;
  let dataDir = process.env.BENCH_CONCERNS_DATA_DIR;
  let genSeconds: number | null = null;
  let drop: (() => Promise<void>) | null = null;
  if (!url) {
    const db = await createBenchDb('concerns');
    drop = db.drop;
    url = db.url;
    dataDir = path.join(tempDir('concerns'), 'data');
    log(`concerns: npm run gen -- --concerns ${CONCERN_COUNT} (migrate, demo data, then the concerns; a quarter of an hour or more)`);
    const g = await runGen(['--concerns', String(CONCERN_COUNT)], { DATABASE_URL: url, DATA_DIR: dataDir });
    genSeconds = g.ms / 1000;
    log(`concerns: generated in ${genSeconds.toFixed(1)} s`);
  } else {
    if (!dataDir) throw new Error('BENCH_CONCERNS_DB needs BENCH_CONCERNS_DATA_DIR (the folder with the pii.key that sealed its demo data)');
    log(`concerns: the database at BENCH_CONCERNS_DB (kept afterwards)`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const count = Number((await client.query<{ n: string }>('select count(*) as n from concerns')).rows[0].n);
  await client.end();
  if (count < CONCERN_COUNT) errors.push(`the database holds ${count.toLocaleString('en')} concerns, fewer than ${CONCERN_COUNT.toLocaleString('en')}`);
  const server = await startServer('server', { DATABASE_URL: url, DATA_DIR: dataDir });
  try {
    const { cookie } = await signIn(server.base);
    const first = filters(await ids(url));
    const mix = [...first, ...(await laterPages(server.base, cookie, first))];
    // Each filter answers with rows: a filter that finds nothing fast is no benchmark.
    const rowsPerFilter: Record<string, number> = {};
    for (const f of mix) {
      const page = await getJson<{ items: unknown[] }>(`${server.base}/api/v1/concerns?limit=20${f.query ? `&${f.query}` : ''}`, cookie);
      rowsPerFilter[f.tag] = page.items.length;
      if (page.items.length === 0) errors.push(`filter ${f.tag} answered no rows`);
    }
    // A longer warm-up than the other suites': with fifteen query shapes the rounds kept speeding up after 2 s
    // (175 → 231 → 344 req/s over three rounds).
    await loop({ base: server.base, connections: CONNECTIONS, durationS: opts.quick ? 2 : 10, next: requests(mix, cookie) });
    const runs: ConcernListRun[] = [];
    for (let r = 0; r < rounds; r++) {
      const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: CONNECTIONS, durationS: seconds, next: requests(mix, cookie) }));
      const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total) };
      runs.push(run);
      log(`concerns list round ${r + 1}/${rounds}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.p50} p95 ${run.p95} p99 ${run.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}${run.valid ? '' : '  ** INVALID **'}`);
      for (const s of run.samples) log(`  ${s}`);
    }
    const byTag: Record<string, Percentiles> = {};
    const reqPerSecByTag: Record<string, number> = {};
    for (const tag of Object.keys(runs[0]?.byTag ?? {})) {
      const of = (k: keyof Percentiles) => median(runs.map((x) => x.byTag[tag]?.[k] ?? NaN));
      byTag[tag] = { count: runs.reduce((n, x) => n + (x.byTag[tag]?.count ?? 0), 0), p50: of('p50'), p95: of('p95'), p99: of('p99'), max: of('max') };
      // The mix is round-robin, so each filter has its share of the throughput.
      reqPerSecByTag[tag] = median(runs.map((x) => ((x.byTag[tag]?.count ?? 0) / Math.max(1, x.total)) * x.reqPerSec));
    }
    const valid = runs.every((x) => x.valid);
    const p95 = median(runs.map((x) => x.p95));
    return {
      connections: CONNECTIONS,
      concerns: count,
      runs,
      reqPerSec: median(runs.map((x) => x.reqPerSec)),
      p50: median(runs.map((x) => x.p50)),
      p95,
      p99: median(runs.map((x) => x.p99)),
      cpuUsPerReq: median(runs.map((x) => x.cpuUsPerReq)),
      byTag,
      reqPerSecByTag,
      rowsPerFilter,
      targetP95: 50,
      valid,
      met: valid && p95 <= 50,
      gen: { seconds: genSeconds },
      errors,
    };
  } finally {
    await server.stop();
    if (drop) await drop();
  }
}
