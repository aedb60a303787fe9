// Issue 3, speed: name search over 100,000 organizations. GET /api/v1/orgs?q= signed in as admin (and
// the public GET /api/v1/public/orgs?q=) with a fixed mix of 1- to 4-character terms, common and rare,
// round-robin: 20 connections on the PostgreSQL server (target p95 <= 30 ms), one user on PGlite
// (target p95 <= 100 ms). The data comes from `npm run gen -- --orgs 100000`.
import path from 'node:path';
import pg from 'pg';
import { createBenchDb } from './lib/pg.js';
import { getJson, runGen, signIn, startServer, tempDir, type Running } from './lib/server.js';
import { loop, type LoopRequest, type LoopSummary, type Percentiles } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { log, median, round } from './lib/stats.js';

export const ORG_COUNT = 100_000;

/**
 * The terms, four of each length. "common" ones match 5,000 or more of the 100,000 generated names
 * (会, 服务, 海宁市 match a third to a half of them), the others from a few thousand down to one; the run
 * reports each term's match count as found, so a change to the generator shows.
 */
export const TERMS: { term: string; kind: 'common' | 'selective' }[] = [
  { term: '会', kind: 'common' },
  { term: '老', kind: 'common' },
  { term: '潮', kind: 'selective' },
  { term: '龢', kind: 'selective' },
  { term: '服务', kind: 'common' },
  { term: '养老', kind: 'common' },
  { term: '紫微', kind: 'selective' },
  { term: '听涛', kind: 'selective' },
  { term: '海宁市', kind: 'common' },
  { term: '基金会', kind: 'selective' },
  { term: '孤独症', kind: 'selective' },
  { term: '听涛心', kind: 'selective' },
  { term: '居家养老', kind: 'common' },
  { term: '心理健康', kind: 'selective' },
  { term: '桐溪社区', kind: 'selective' },
  { term: '鹭鸣心理', kind: 'selective' },
];

export interface SearchRun extends LoopSummary {
  cpuUsPerReq: number;
}

export interface SearchCase {
  db: 'postgres' | 'pglite';
  endpoint: 'staff' | 'public';
  connections: number;
  limit: number;
  runs: SearchRun[];
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerReq: number;
  /** Per term and per class (`common`, `selective`, `all`): the median over rounds of each percentile. */
  byTag: Record<string, Percentiles>;
  targetP95: number | null;
  valid: boolean;
  met: boolean | null;
}

export interface SearchResult {
  durationS: number;
  rounds: number;
  matches: Record<string, number>;
  gen: { postgresS: number | null; pgliteS: number | null };
  cases: SearchCase[];
  errors: string[];
}

function requests(endpoint: 'staff' | 'public', limit: number, cookie: string | null): () => LoopRequest {
  let i = 0;
  const headers: Record<string, string> = cookie ? { cookie } : {};
  return () => {
    const { term, kind } = TERMS[i++ % TERMS.length];
    const p = endpoint === 'staff' ? '/api/v1/orgs' : '/api/v1/public/orgs';
    return { path: `${p}?q=${encodeURIComponent(term)}&limit=${limit}`, headers, tags: [term, kind, 'all'] };
  };
}

async function measureCase(
  server: Running,
  db: SearchCase['db'],
  endpoint: SearchCase['endpoint'],
  cookie: string | null,
  opts: { connections: number; rounds: number; durationS: number; warmS: number; targetP95: number | null },
): Promise<SearchCase> {
  // The web app asks for 50 rows in the staff directory and 20 in the public one.
  const limit = endpoint === 'staff' ? 50 : 20;
  await loop({ base: server.base, connections: opts.connections, durationS: opts.warmS, next: requests(endpoint, limit, cookie) });
  const runs: SearchRun[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: opts.connections, durationS: opts.durationS, next: requests(endpoint, limit, cookie) }));
    const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total) };
    runs.push(run);
    log(
      `search ${db}/${endpoint} round ${r + 1}/${opts.rounds}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.p50} p95 ${run.p95} p99 ${run.p99} ms ` +
        `(common p95 ${run.byTag.common?.p95}, selective p95 ${run.byTag.selective?.p95}), non-2xx ${run.non2xx}, errors ${run.errors}${run.valid ? '' : '  ** INVALID **'}`,
    );
    for (const s of run.samples) log(`  ${s}`);
  }
  const byTag: Record<string, Percentiles> = {};
  for (const tag of Object.keys(runs[0]?.byTag ?? {})) {
    const of = (k: keyof Percentiles) => median(runs.map((x) => x.byTag[tag]?.[k] ?? NaN));
    byTag[tag] = { count: runs.reduce((n, x) => n + (x.byTag[tag]?.count ?? 0), 0), p50: of('p50'), p95: of('p95'), p99: of('p99'), max: of('max') };
  }
  const valid = runs.every((x) => x.valid);
  const p95 = median(runs.map((x) => x.p95));
  return {
    db,
    endpoint,
    connections: opts.connections,
    limit,
    runs,
    reqPerSec: median(runs.map((x) => x.reqPerSec)),
    p50: median(runs.map((x) => x.p50)),
    p95,
    p99: median(runs.map((x) => x.p99)),
    cpuUsPerReq: median(runs.map((x) => x.cpuUsPerReq)),
    byTag,
    targetP95: opts.targetP95,
    valid,
    met: opts.targetP95 === null ? null : valid && p95 <= opts.targetP95,
  };
}

/** Each term answers with names that contain it (a search that finds nothing fast is no benchmark). */
async function checkAnswers(server: Running, cookie: string): Promise<Record<string, number>> {
  const shown: Record<string, number> = {};
  for (const { term } of TERMS) {
    const page = await getJson<{ items: { name: string }[] }>(`${server.base}/api/v1/orgs?q=${encodeURIComponent(term)}&limit=50`, cookie);
    if (page.items.length === 0 || page.items.some((o) => !o.name.toLowerCase().includes(term.toLowerCase()))) throw new Error(`search for ${term} answered ${page.items.length} rows, not all containing it`);
    shown[term] = page.items.length;
  }
  return shown;
}

async function matchCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const { term } of TERMS) {
      const r = await client.query<{ n: number }>(`select count(*)::int as n from orgs where status in ('active', 'changing') and name ilike '%' || $1 || '%'`, [term]);
      out[term] = r.rows[0].n;
    }
    return out;
  } finally {
    await client.end();
  }
}

export async function benchSearch(opts: { quick: boolean; postgres: boolean; pglite: boolean }): Promise<SearchResult> {
  const rounds = opts.quick ? 1 : 3;
  const durationS = opts.quick ? 3 : 10;
  const warmS = opts.quick ? 1 : 3;
  const cases: SearchCase[] = [];
  const errors: string[] = [];
  let matches: Record<string, number> = {};
  const gen: SearchResult['gen'] = { postgresS: null, pgliteS: null };

  if (opts.postgres) {
    try {
      const db = await createBenchDb('search');
      const dataDir = path.join(tempDir('search'), 'data');
      const env = { DATABASE_URL: db.url, DATA_DIR: dataDir };
      log(`search/postgres: npm run gen -- --orgs ${ORG_COUNT} (migrate, demo data, then the organizations)`);
      const g = await runGen(['--orgs', String(ORG_COUNT)], env);
      gen.postgresS = g.ms / 1000;
      log(`search/postgres: generated in ${(g.ms / 1000).toFixed(1)} s`);
      matches = await matchCounts(db.url);
      const server = await startServer('server', env);
      const { cookie } = await signIn(server.base);
      await checkAnswers(server, cookie);
      cases.push(await measureCase(server, 'postgres', 'staff', cookie, { connections: 20, rounds, durationS, warmS, targetP95: 30 }));
      cases.push(await measureCase(server, 'postgres', 'public', null, { connections: 20, rounds, durationS, warmS, targetP95: 30 }));
      await server.stop();
      await db.drop();
    } catch (err) {
      errors.push(`PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (opts.pglite) {
    try {
      const dataDir = path.join(tempDir('search-pglite'), 'data');
      log(`search/pglite: npm run gen -- --orgs ${ORG_COUNT} into a new data folder`);
      const g = await runGen(['--orgs', String(ORG_COUNT)], { DATA_DIR: dataDir });
      gen.pgliteS = g.ms / 1000;
      log(`search/pglite: generated in ${(g.ms / 1000).toFixed(1)} s`);
      const server = await startServer('server (PGlite)', { DATA_DIR: dataDir });
      const { cookie } = await signIn(server.base);
      await checkAnswers(server, cookie);
      cases.push(await measureCase(server, 'pglite', 'staff', cookie, { connections: 1, rounds, durationS, warmS, targetP95: 100 }));
      cases.push(await measureCase(server, 'pglite', 'public', null, { connections: 1, rounds, durationS, warmS, targetP95: 100 }));
      await server.stop();
    } catch (err) {
      errors.push(`PGlite: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (const c of cases) if (!c.valid) errors.push(`${c.db}/${c.endpoint}: a round had non-2xx answers or errors: INVALID`);
  return { durationS, rounds, matches, gen, cases: cases.map((c) => ({ ...c, p50: round(c.p50, 2), p95: round(c.p95, 2), p99: round(c.p99, 2) })), errors };
}
