// Information (no issue sets a speed target for these): the signed-in home page GET /api/v1/workbench per
// demo role — admin (office, city), weijian (a department), xucun (a town), jigou1 (an org member), shenqing
// (an applicant) — and the staff user list GET /api/v1/users as admin (the first page of 50, as the web app
// asks, every applicant's phone decrypted and masked; and a search by an applicant's phone, found by its
// keyed hash). On the Haining demo data: a fresh PostgreSQL database seeded by the server and ANALYZEd (20
// connections), and a fresh PGlite data folder (1 connection, as the search suite measures PGlite).
// Rounds interleave the cases, so drift of the shared machine falls on all of them alike.
import { onDemoServers } from './lib/demo-servers.js';
import { analyze } from './lib/pg.js';
import { getJson, signIn, type Running } from './lib/server.js';
import { loop, type LoopRequest, type LoopSummary } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { log, median, round } from './lib/stats.js';

/** The demo applicant's registered phone (server/seed/haining.ts): the search the people page sends. */
const APPLICANT_PHONE = '13905730001';

const CASES: { tag: string; user: string; path: string }[] = [
  { tag: 'workbench admin', user: 'admin', path: '/api/v1/workbench' },
  { tag: 'workbench weijian (department)', user: 'weijian', path: '/api/v1/workbench' },
  { tag: 'workbench xucun (town)', user: 'xucun', path: '/api/v1/workbench' },
  { tag: 'workbench jigou1 (org member)', user: 'jigou1', path: '/api/v1/workbench' },
  { tag: 'workbench shenqing (applicant)', user: 'shenqing', path: '/api/v1/workbench' },
  { tag: 'users, first page of 50 (admin)', user: 'admin', path: '/api/v1/users?limit=50' },
  { tag: 'users, phone search (admin)', user: 'admin', path: `/api/v1/users?q=${APPLICANT_PHONE}&limit=50` },
];

export interface WorkbenchRun extends LoopSummary {
  cpuUsPerReq: number;
}

export interface WorkbenchCase {
  db: 'postgres' | 'pglite';
  tag: string;
  path: string;
  connections: number;
  runs: WorkbenchRun[];
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerReq: number;
  /** What one answer carried (rows or items), from the check before the load. */
  answer: string;
  valid: boolean;
}

export interface WorkbenchResult {
  rounds: number;
  durationS: number;
  cases: WorkbenchCase[];
  errors: string[];
}

/** Each case answers 200 with something in it (an empty answer fast is no benchmark); says what it carried. */
async function check(server: Running, c: (typeof CASES)[number], cookie: string): Promise<string> {
  const body = await getJson<Record<string, unknown>>(server.base + c.path, cookie);
  if (c.path.startsWith('/api/v1/users')) {
    const items = (body.items ?? []) as { phoneMasked?: string }[];
    if (items.length === 0) throw new Error(`${c.tag}: no rows`);
    const masked = items.filter((u) => u.phoneMasked).length;
    if (c.path.includes('q=') && masked === 0) throw new Error(`${c.tag}: the applicant was not found by phone`);
    return `${items.length} rows, ${masked} masked phones`;
  }
  const size = JSON.stringify(body).length;
  return `${Object.keys(body).join(', ')} (${round(size / 1024, 1)} KB)`;
}

async function measure(server: Running, db: WorkbenchCase['db'], opts: { connections: number; rounds: number; durationS: number; warmS: number }, errors: string[]): Promise<WorkbenchCase[]> {
  const cookies = new Map<string, string>();
  for (const user of new Set(CASES.map((c) => c.user))) cookies.set(user, (await signIn(server.base, user)).cookie);
  const answers = new Map<string, string>();
  for (const c of CASES) answers.set(c.tag, await check(server, c, cookies.get(c.user)!));
  const next = (c: (typeof CASES)[number]) => (): LoopRequest => ({ path: c.path, headers: { cookie: cookies.get(c.user)! } });
  for (const c of CASES) await loop({ base: server.base, connections: opts.connections, durationS: opts.warmS, next: next(c) });
  const runs = new Map<string, WorkbenchRun[]>(CASES.map((c) => [c.tag, []]));
  for (let r = 0; r < opts.rounds; r++) {
    for (const c of CASES) {
      const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: opts.connections, durationS: opts.durationS, next: next(c) }));
      const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total) };
      runs.get(c.tag)!.push(run);
      log(`workbench ${db} round ${r + 1}/${opts.rounds} ${c.tag}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.p50} p95 ${run.p95} p99 ${run.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}${run.valid ? '' : '  ** INVALID **'}`);
      for (const s of run.samples) log(`  ${s}`);
    }
  }
  return CASES.map((c) => {
    const rs = runs.get(c.tag)!;
    const valid = rs.every((x) => x.valid);
    if (!valid) errors.push(`${db}/${c.tag}: a round had non-2xx answers or errors: INVALID`);
    return {
      db,
      tag: c.tag,
      path: c.path,
      connections: opts.connections,
      runs: rs,
      reqPerSec: median(rs.map((x) => x.reqPerSec)),
      p50: round(median(rs.map((x) => x.p50)), 2),
      p95: round(median(rs.map((x) => x.p95)), 2),
      p99: round(median(rs.map((x) => x.p99)), 2),
      cpuUsPerReq: median(rs.map((x) => x.cpuUsPerReq)),
      answer: answers.get(c.tag)!,
      valid,
    };
  });
}

export async function benchWorkbench(opts: { quick: boolean; postgres: boolean; pglite: boolean }): Promise<WorkbenchResult> {
  const rounds = opts.quick ? 1 : 3;
  const durationS = opts.quick ? 2 : 5;
  const warmS = opts.quick ? 1 : 2;
  const cases: WorkbenchCase[] = [];
  const errors: string[] = [];
  await onDemoServers('workbench', opts, errors, async (server, db, url) => {
    if (url) await analyze(url);
    cases.push(...(await measure(server, db, { connections: db === 'postgres' ? 20 : 1, rounds, durationS, warmS }, errors)));
  });
  return { rounds, durationS, cases, errors };
}
