// Issue 4, speed: the project list with filters over 100,000 projects at 20 concurrent on the PostgreSQL
// server (target p95 <= 50 ms), and the OCDS release package of 10,000 projects through the real
// endpoint (target <= 10 s, streamed with bounded memory: the server's RSS is sampled throughout).
// The data comes from `npm run gen -- --projects 100000` (after the Haining demo data).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createBenchDb } from './lib/pg.js';
import { getJson, runGen, signIn, startServer, tempDir, type Running } from './lib/server.js';
import { loop, type LoopRequest, type LoopSummary, type Percentiles } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { memoryMiB, sampleRss } from './lib/mem.js';
import { log, median } from './lib/stats.js';

export const PROJECT_COUNT = 100_000;
const CONNECTIONS = 20;

export interface ProjectListRun extends LoopSummary {
  cpuUsPerReq: number;
}

export interface OcdsRun {
  releases: number;
  bytes: number;
  seconds: number;
  firstByteMs: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

export interface ProjectsResult {
  connections: number;
  runs: ProjectListRun[];
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerReq: number;
  byTag: Record<string, Percentiles>;
  rowsPerFilter: Record<string, number>;
  targetP95: number;
  valid: boolean;
  met: boolean;
  ocds: OcdsRun[];
  ocdsTargetS: number;
  ocdsMet: boolean;
  gen: { seconds: number };
  errors: string[];
}

interface Ids {
  department: string;
  category: string;
  town: string;
}

export async function ids(url: string): Promise<Ids> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The busiest department, category and town: the filters a real office uses most.
    const one = async (q: string) => (await client.query<{ id: string }>(q)).rows[0].id;
    return {
      department: await one(`select department_id as id from service_projects group by 1 order by count(*) desc limit 1`),
      category: await one(`select catalog_category_id as id from service_projects group by 1 order by count(*) desc limit 1`),
      town: await one(`select town_id as id from service_project_towns group by 1 order by count(*) desc limit 1`),
    };
  } finally {
    await client.end();
  }
}

/** The filter mix, round-robin: what the list page's filters send, alone and combined, 20 rows a page. */
export function filters(i: Ids): { tag: string; query: string }[] {
  return [
    { tag: 'none', query: '' },
    { tag: 'state', query: 'state=implementing' },
    { tag: 'state-closed', query: 'state=closed' },
    { tag: 'department', query: `departmentId=${i.department}` },
    { tag: 'category', query: `catalogCategoryId=${i.category}` },
    { tag: 'town', query: `townId=${i.town}` },
    { tag: 'year', query: 'year=2024' },
    { tag: 'overdue', query: 'overdueOnly=true' },
    { tag: 'title', query: `q=${encodeURIComponent('心理')}` },
    { tag: 'dept+year+state', query: `departmentId=${i.department}&year=2023&state=closed` },
    { tag: 'town+category', query: `townId=${i.town}&catalogCategoryId=${i.category}` },
    { tag: 'title-rare', query: `q=${encodeURIComponent('不存在的项目名')}` },
  ];
}

export function requests(mix: { tag: string; query: string }[], cookie: string): () => LoopRequest {
  let n = 0;
  return () => {
    const f = mix[n++ % mix.length];
    return { path: `/api/v1/projects?limit=20${f.query ? `&${f.query}` : ''}`, headers: { cookie }, tags: [f.tag, 'all'] };
  };
}

async function ocdsExport(server: Running, limit: number): Promise<OcdsRun> {
  const rss = sampleRss(server.pid);
  const before = memoryMiB(server.pid).rss;
  const t0 = performance.now();
  const res = await fetch(`${server.base}/api/v1/opendata/ocds/releases?limit=${limit}`);
  if (res.status !== 200 || !res.body) throw new Error(`OCDS export answered ${res.status}`);
  let firstByteMs = 0;
  let bytes = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstByteMs) firstByteMs = performance.now() - t0;
    bytes += chunk.byteLength;
    chunks.push(Buffer.from(chunk));
  }
  const seconds = (performance.now() - t0) / 1000;
  const { peak } = rss.stop();
  const pkg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { releases: unknown[] };
  return { releases: pkg.releases.length, bytes, seconds, firstByteMs: Math.round(firstByteMs), rssBeforeMiB: before, rssPeakMiB: peak };
}

export async function benchProjects(opts: { quick: boolean }): Promise<ProjectsResult> {
  const rounds = opts.quick ? 1 : 3;
  const seconds = opts.quick ? 3 : 10;
  const errors: string[] = [];
  const db = await createBenchDb('projects');
  const env = { DATABASE_URL: db.url, DATA_DIR: path.join(tempDir('projects'), 'data') };
  log(`projects: npm run gen -- --projects ${PROJECT_COUNT} (migrate, demo data, then the projects)`);
  const g = await runGen(['--projects', String(PROJECT_COUNT)], env);
  log(`projects: generated in ${(g.ms / 1000).toFixed(1)} s`);
  const server = await startServer('server', env);
  try {
    const { cookie } = await signIn(server.base);
    const mix = filters(await ids(db.url));
    // Each filter answers with rows (a filter that finds nothing fast is no benchmark), except the rare title.
    const rowsPerFilter: Record<string, number> = {};
    for (const f of mix) {
      const page = await getJson<{ items: unknown[] }>(`${server.base}/api/v1/projects?limit=20${f.query ? `&${f.query}` : ''}`, cookie);
      rowsPerFilter[f.tag] = page.items.length;
      if (page.items.length === 0 && f.tag !== 'title-rare') errors.push(`filter ${f.tag} answered no rows`);
    }
    await loop({ base: server.base, connections: CONNECTIONS, durationS: 2, next: requests(mix, cookie) });
    const runs: ProjectListRun[] = [];
    for (let r = 0; r < rounds; r++) {
      const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: CONNECTIONS, durationS: seconds, next: requests(mix, cookie) }));
      const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total) };
      runs.push(run);
      log(`projects list round ${r + 1}/${rounds}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.p50} p95 ${run.p95} p99 ${run.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}${run.valid ? '' : '  ** INVALID **'}`);
      for (const s of run.samples) log(`  ${s}`);
    }
    const byTag: Record<string, Percentiles> = {};
    for (const tag of Object.keys(runs[0]?.byTag ?? {})) {
      const of = (k: keyof Percentiles) => median(runs.map((x) => x.byTag[tag]?.[k] ?? NaN));
      byTag[tag] = { count: runs.reduce((n, x) => n + (x.byTag[tag]?.count ?? 0), 0), p50: of('p50'), p95: of('p95'), p99: of('p99'), max: of('max') };
    }
    const ocds: OcdsRun[] = [];
    for (let r = 0; r < (opts.quick ? 1 : 3); r++) {
      const o = await ocdsExport(server, 10_000);
      ocds.push(o);
      log(`ocds export: ${o.releases} releases, ${(o.bytes / 1024 / 1024).toFixed(1)} MiB in ${o.seconds.toFixed(2)} s (first byte ${o.firstByteMs} ms), server RSS ${o.rssBeforeMiB} → peak ${o.rssPeakMiB} MiB`);
      if (o.releases !== 10_000) errors.push(`OCDS export gave ${o.releases} releases, not 10,000`);
    }
    const valid = runs.every((x) => x.valid);
    const p95 = median(runs.map((x) => x.p95));
    const ocdsS = median(ocds.map((o) => o.seconds));
    return {
      connections: CONNECTIONS,
      runs,
      reqPerSec: median(runs.map((x) => x.reqPerSec)),
      p50: median(runs.map((x) => x.p50)),
      p95,
      p99: median(runs.map((x) => x.p99)),
      cpuUsPerReq: median(runs.map((x) => x.cpuUsPerReq)),
      byTag,
      rowsPerFilter,
      targetP95: 50,
      valid,
      met: valid && p95 <= 50,
      ocds,
      ocdsTargetS: 10,
      ocdsMet: ocds.every((o) => o.releases === 10_000) && ocdsS <= 10,
      gen: { seconds: g.ms / 1000 },
      errors,
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}
