// Issue 16 §Speed: "importing all of Zhejiang's towns and villages (about 1,400 towns, 25,000 villages; generate
// them) ≤ 60 s with bounded memory; region children p95 unchanged with 25,000 villages in the tree."
//
// On the built server with the Haining demo (a fresh PostgreSQL database, then a fresh PGlite folder):
//   1. GET /api/v1/regions/{许村镇}/children as the demo `admin`, closed loop (lib/loop.ts, exact p95) — before;
//   2. a generated Zhejiang-size file set in the national datasets' layout (provinces / cities / areas / streets /
//      villages .csv, see server/modules/regions/division-codes.ts): 浙江省, 11 prefectures, 90 county-level
//      units (海宁市 among them with the demo's own towns and villages, so it moves under 嘉兴市), 1,400 towns,
//      25,000 villages and communities;
//   3. uploaded level by level through POST /api/v1/regions/import as the platform administrator (created at
//      start from ADMIN_USERNAME / ADMIN_PASSWORD), a dry run then apply=true per file, each timed, the server's
//      RSS sampled every 50 ms; then every file applied once more (all rows should be unchanged), timed;
//   4. the same children endpoint again — after — and the ratio after / before;
//   5. both servers restarted on their databases and measured once more: a process that seeded the demo or ran a
//      25,000-row import carries that work's heap and JIT state, so the fresh pair shows what the data alone does.
// A control server (the same demo on its own database or folder, never imported into) is measured in the rounds
// between, before and after: on a shared machine it shows what the load did meanwhile, and after / control (same
// minutes) is the import's effect with that drift taken out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, createBenchDb } from './lib/pg.js';
import { getJson, ROOT, signIn, startServer, tempDir, townId, type Running } from './lib/server.js';
import { loop, type LoopSummary } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { memoryMiB, sampleRss } from './lib/mem.js';
import { log, median, round } from './lib/stats.js';

export const TOWN_CODE = '330481101'; // 许村镇, 30 villages and communities
export const CONNECTIONS = 20;
export const TARGET_S = 60;
/** "p95 unchanged" read as: after ≤ 1.2 × before (the noise of one shared 2-core machine between two runs). */
export const P95_TOLERANCE = 1.2;

const OPS = { username: 'ops', password: 'Platform#Start2026' };
const HAINING = '330481';
const DEMO_DATA = path.join(ROOT, 'server', 'seed', 'data');

// ---------------------------------------------------------------------------------------------------------------
// The files

export interface GeneratedFile {
  name: string;
  level: string;
  rows: number;
  bytes: number;
  /** Rows that are the demo's own (海宁市 and its towns and villages). */
  demoRows: number;
}

const PREFECTURES: { code: string; name: string; units: number }[] = [
  { code: '3301', name: '杭州市', units: 13 },
  { code: '3302', name: '宁波市', units: 10 },
  { code: '3303', name: '温州市', units: 12 },
  { code: '3304', name: '嘉兴市', units: 7 },
  { code: '3305', name: '湖州市', units: 5 },
  { code: '3306', name: '绍兴市', units: 6 },
  { code: '3307', name: '金华市', units: 9 },
  { code: '3308', name: '衢州市', units: 6 },
  { code: '3309', name: '舟山市', units: 4 },
  { code: '3310', name: '台州市', units: 9 },
  { code: '3311', name: '丽水市', units: 9 },
];
const TOWNS = 1_400;
const VILLAGES = 25_000;

// No 社 / 村 / 居 / 委 / 街 / 道 / 镇 / 乡 / 区 / 县 / 市: the name's ending alone decides the kind.
const CHARS = [...'安平康宁和顺兴福泰昌永丰新明光华东西南北中金玉石山水河湖江溪桥林松竹梅兰青云龙凤鹤鸣春秋阳月星德仁义礼信文武成家庆祥瑞富贵长乐善美'];

/** A deterministic two-character name for index i (distinct for i < CHARS.length²). */
function syllables(i: number): string {
  const n = CHARS.length;
  const k = ((i % (n * n)) * 7919) % (n * n); // spread, so neighbours do not share their first character
  return CHARS[Math.floor(k / n)] + CHARS[k % n];
}

/** Splits `total` into `parts` counts that vary around the mean (deterministic). */
function spread(total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, (_, i) => 1 + 0.45 * Math.sin(i * 1.7) + 0.2 * Math.cos(i * 0.37));
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  let given = 0;
  for (const w of weights) {
    acc += w;
    const upTo = Math.round((total * acc) / sum);
    out.push(upTo - given);
    given = upTo;
  }
  return out;
}

/** A CSV line as the national datasets write it: codes bare, the name quoted. */
const line = (cells: (string | { q: string })[]) => cells.map((c) => (typeof c === 'string' ? c : `"${c.q.replace(/"/g, '""')}"`)).join(',');

function readCsvRows(file: string): Record<string, string>[] {
  const [head, ...rest] = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const cols = head.split(',');
  return rest.map((l) => {
    const cells = l.split(',').map((c) => c.replace(/^"(.*)"$/, '$1'));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** Writes provinces.csv … villages.csv into `dir`; returns them in level order. */
export function writeZhejiang(dir: string): GeneratedFile[] {
  const demoTowns = readCsvRows(path.join(DEMO_DATA, 'haining-330481-towns.csv'));
  const demoVillages = readCsvRows(path.join(DEMO_DATA, 'haining-330481-communities.csv'));

  const provinces = ['code,name', line(['33', { q: '浙江省' }])];
  const cities = ['code,name,provinceCode', ...PREFECTURES.map((p) => line([p.code, { q: p.name }, '33']))];

  // County-level units: districts 02…, counties 21…, county-level cities 81… (the bureau's numbering).
  const areas = ['code,name,cityCode,provinceCode'];
  const units: { code: string; prefecture: string }[] = [];
  let nameIndex = 0;
  for (const p of PREFECTURES) {
    const districts = Math.ceil(p.units * 0.4);
    const counties = Math.floor(p.units * 0.25);
    for (let i = 0; i < p.units; i++) {
      let code: string;
      let name: string;
      if (i < districts) [code, name] = [`${p.code}${String(2 + i).padStart(2, '0')}`, `${syllables(nameIndex++)}区`];
      else if (i < districts + counties) [code, name] = [`${p.code}${21 + i - districts}`, `${syllables(nameIndex++)}县`];
      else [code, name] = [`${p.code}${81 + i - districts - counties}`, `${syllables(nameIndex++)}市`];
      if (code === HAINING) name = '海宁市';
      areas.push(line([code, { q: name }, p.code, '33']));
      units.push({ code, prefecture: p.code });
    }
  }
  if (!units.some((u) => u.code === HAINING)) throw new Error('regions bench: the generated areas lack 330481 海宁市');

  const streets = ['code,name,areaCode,provinceCode,cityCode'];
  const villages = ['code,name,streetCode,provinceCode,cityCode,areaCode'];
  // 海宁市 as the demo holds it: its own towns and villages, same codes and names.
  for (const t of demoTowns) streets.push(line([t.code, { q: t.name }, HAINING, '33', '3304']));
  for (const v of demoVillages) villages.push(line([v.code, { q: v.name }, v.streetCode, '33', '3304', HAINING]));

  const others = units.filter((u) => u.code !== HAINING);
  const townCounts = spread(TOWNS - demoTowns.length, others.length);
  const towns: { code: string; subdistrict: boolean; unit: (typeof units)[number] }[] = [];
  let townName = 0;
  others.forEach((u, i) => {
    const n = townCounts[i];
    const subdistricts = Math.max(1, Math.round(n * 0.3));
    for (let t = 0; t < n; t++) {
      const subdistrict = t < subdistricts;
      const code = subdistrict ? `${u.code}${String(1 + t).padStart(3, '0')}` : `${u.code}${100 + 1 + t - subdistricts}`;
      streets.push(line([code, { q: `${syllables(900 + townName++)}${subdistrict ? '街道' : '镇'}` }, u.code, '33', u.prefecture]));
      towns.push({ code, subdistrict, unit: u });
    }
  });
  const villageCounts = spread(VILLAGES - demoVillages.length, towns.length);
  let villageName = 0;
  towns.forEach((t, i) => {
    const n = villageCounts[i];
    // A subdistrict holds communities, a town mostly villages and a few communities (its seat).
    const communities = t.subdistrict ? n : Math.max(1, Math.round(n * 0.15));
    for (let v = 0; v < n; v++) {
      const community = v < communities;
      const code = community ? `${t.code}${String(1 + v).padStart(3, '0')}` : `${t.code}${200 + 1 + v - communities}`;
      villages.push(line([code, { q: `${syllables(villageName++)}${community ? '社区居委会' : '村委会'}` }, t.code, '33', t.unit.prefecture, t.unit.code]));
    }
  });

  const out: GeneratedFile[] = [];
  for (const [name, level, lines, demoRows] of [
    ['provinces.csv', 'province', provinces, 0],
    ['cities.csv', 'prefecture', cities, 0],
    ['areas.csv', 'city', areas, 1],
    ['streets.csv', 'town', streets, demoTowns.length],
    ['villages.csv', 'community', villages, demoVillages.length],
  ] as const) {
    const text = lines.join('\n') + '\n';
    fs.writeFileSync(path.join(dir, name), text);
    out.push({ name, level, rows: lines.length - 1, bytes: Buffer.byteLength(text), demoRows });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The import

interface Counts {
  created: number;
  renamed: number;
  moved: number;
  unchanged: number;
  invalid: number;
  skipped: number;
}

interface Report {
  applied: boolean;
  rows: number;
  counts: Counts;
  errors: { row: number; code: string; message: string; messageEn: string }[];
  skipped: { row: number; code: string; messageEn: string }[];
}

export interface ImportStep {
  file: string;
  rows: number;
  dryS: number;
  applyS: number;
  dry: Counts;
  applied: Counts;
  rssPeakMiB: number;
}

async function upload(server: Running, session: { cookie: string; csrf: string }, file: string, apply: boolean): Promise<{ ms: number; report: Report }> {
  const t0 = performance.now();
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)], { type: 'text/csv' }), path.basename(file));
  const res = await fetch(`${server.base}/api/v1/regions/import?apply=${apply}`, { method: 'POST', body: form, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`import ${path.basename(file)} apply=${apply} answered ${res.status}: ${text.slice(0, 600)}`);
  const report = JSON.parse(text) as Report;
  if (report.errors.length) throw new Error(`import ${path.basename(file)} apply=${apply}: ${report.counts.invalid} rows refused, first: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return { ms, report };
}

const countsText = (c: Counts) => `created ${c.created}, renamed ${c.renamed}, moved ${c.moved}, unchanged ${c.unchanged}, invalid ${c.invalid}, skipped ${c.skipped}`;

// ---------------------------------------------------------------------------------------------------------------
// The children endpoint

export interface ChildrenRun extends LoopSummary {
  cpuUsPerReq: number;
}

export interface ChildrenSide {
  runs: ChildrenRun[];
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerReq: number;
  items: number;
  valid: boolean;
}

/** One side's rounds, summarized. */
function side(runs: ChildrenRun[], items: number): ChildrenSide {
  return {
    runs,
    reqPerSec: median(runs.map((x) => x.reqPerSec)),
    p50: round(median(runs.map((x) => x.p50)), 2),
    p95: round(median(runs.map((x) => x.p95)), 2),
    p99: round(median(runs.map((x) => x.p99)), 2),
    cpuUsPerReq: median(runs.map((x) => x.cpuUsPerReq)),
    items,
    valid: runs.every((x) => x.valid),
  };
}

interface Target {
  server: Running;
  cookie: string;
  id: string;
}

/**
 * The children of 许村镇 on the measured server and on the control (the same demo, never imported into), in
 * alternating rounds: on a shared machine the control shows what the load did meanwhile.
 */
async function children(targets: { main: Target; control: Target }, what: string, opts: { rounds: number; durationS: number; warmS: number; connections: number }): Promise<{ main: ChildrenSide; control: ChildrenSide }> {
  const items: Record<string, number> = {};
  const runs: Record<'main' | 'control', ChildrenRun[]> = { main: [], control: [] };
  const next = (t: Target) => () => ({ path: `/api/v1/regions/${t.id}/children`, headers: { cookie: t.cookie } });
  for (const [k, t] of Object.entries(targets)) {
    items[k] = (await getJson<{ items: unknown[] }>(`${t.server.base}/api/v1/regions/${t.id}/children`, t.cookie)).items.length;
    await loop({ base: t.server.base, connections: opts.connections, durationS: opts.warmS, next: next(t) });
  }
  for (let r = 0; r < opts.rounds; r++) {
    const order: ('main' | 'control')[] = r % 2 === 0 ? ['main', 'control'] : ['control', 'main'];
    for (const k of order) {
      const t = targets[k];
      const { value, processCpuMs } = await withCpu(t.server.pid, () => loop({ base: t.server.base, connections: opts.connections, durationS: opts.durationS, next: next(t) }));
      const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total) };
      runs[k].push(run);
      log(`regions ${t.server.label} children ${what} round ${r + 1}/${opts.rounds}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.p50} p95 ${run.p95} p99 ${run.p99} ms, ${run.cpuUsPerReq.toFixed(0)} µs CPU/req, non-2xx ${run.non2xx}, errors ${run.errors}${run.valid ? '' : '  ** INVALID **'}`);
      for (const s of run.samples) log(`  ${s}`);
    }
  }
  return { main: side(runs.main, items.main), control: side(runs.control, items.control) };
}

// ---------------------------------------------------------------------------------------------------------------

const ratioOf = (a: ChildrenSide, b: ChildrenSide) => ({ reqPerSec: a.reqPerSec / b.reqPerSec, p50: a.p50 / b.p50, p95: a.p95 / b.p95, p99: a.p99 / b.p99, cpuUsPerReq: a.cpuUsPerReq / b.cpuUsPerReq });
type Ratio = ReturnType<typeof ratioOf>;

export interface RegionsCase {
  db: 'postgres' | 'pglite';
  connections: number;
  durationS: number;
  rounds: number;
  town: { code: string; id: string };
  /** The server imported into, before and after. */
  before: ChildrenSide;
  after: ChildrenSide;
  /** A second server on the demo alone, measured in the rounds between: the machine's drift. */
  controlBefore: ChildrenSide;
  controlAfter: ChildrenSide;
  /** Both servers restarted after the import (fresh processes on the same data). */
  afterRestart: ChildrenSide;
  controlAfterRestart: ChildrenSide;
  /** afterRestart / controlAfterRestart: the data's effect, without either process's history. */
  restartVsControl: Ratio;
  /** after / before on the imported server (what the issue names). */
  ratio: Ratio;
  /** controlAfter / controlBefore: what the machine did meanwhile. */
  controlRatio: Ratio;
  /** after / controlAfter: the import's effect with the drift taken out (same time window). */
  vsControl: Ratio;
  steps: ImportStep[];
  dryS: number;
  applyS: number;
  /** Dry runs and applies, every file, as a user would go through them. */
  totalS: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  reapply: { totalS: number; perFile: { file: string; s: number; counts: Counts }[]; allUnchanged: boolean };
  created: number;
  loadavg: { before: number[]; after: number[] };
  met: { time: boolean; p95: boolean; p95VsControl: boolean; p95AfterRestart: boolean };
}

export interface RegionsResult {
  files: GeneratedFile[];
  cases: RegionsCase[];
  targetS: number;
  p95Tolerance: number;
  errors: string[];
}

async function target(server: Running): Promise<Target> {
  const cookie = (await signIn(server.base)).cookie;
  return { server, cookie, id: await townId(server.base, cookie, TOWN_CODE) };
}

/** The pair under measurement; `restart` stops both and starts them again on the same databases. */
interface Pair {
  server: Running;
  control: Running;
  restart(): Promise<void>;
}

async function runCase(pair: Pair, db: RegionsCase['db'], dbUrl: string | null, dir: string, files: GeneratedFile[], opts: { rounds: number; durationS: number; warmS: number }): Promise<RegionsCase> {
  const { server, control } = pair;
  const measure = { ...opts, connections: CONNECTIONS };
  const ops = await signIn(server.base, OPS.username, OPS.password);
  const main = await target(server);
  const ctrl = await target(control);
  const load0 = os.loadavg();
  const before = await children({ main, control: ctrl }, 'before', measure);

  const rssBefore = memoryMiB(server.pid).rss;
  const steps: ImportStep[] = [];
  for (const f of files) {
    const file = path.join(dir, f.name);
    const sampler = sampleRss(server.pid, 50);
    let dry: Awaited<ReturnType<typeof upload>>;
    let applied: Awaited<ReturnType<typeof upload>>;
    try {
      dry = await upload(server, ops, file, false);
      applied = await upload(server, ops, file, true);
    } finally {
      sampler.stop();
    }
    const { peak } = sampler.stop();
    steps.push({ file: f.name, rows: f.rows, dryS: dry.ms / 1000, applyS: applied.ms / 1000, dry: dry.report.counts, applied: applied.report.counts, rssPeakMiB: peak });
    log(`regions ${server.label} ${f.name} (${f.rows} rows): dry run ${round(dry.ms / 1000, 2)} s (${countsText(dry.report.counts)}), apply ${round(applied.ms / 1000, 2)} s (${countsText(applied.report.counts)}); RSS peak ${round(peak, 0)} MiB`);
    if (applied.report.skipped.length) log(`  skipped, first: ${JSON.stringify(applied.report.skipped[0])}`);
  }
  const rssPeak = Math.max(...steps.map((s) => s.rssPeakMiB));

  const perFile: RegionsCase['reapply']['perFile'] = [];
  for (const f of files) {
    const again = await upload(server, ops, path.join(dir, f.name), true);
    perFile.push({ file: f.name, s: again.ms / 1000, counts: again.report.counts });
  }
  const allUnchanged = perFile.every((x) => x.counts.created + x.counts.renamed + x.counts.moved === 0);
  const reapplyS = perFile.reduce((a, b) => a + b.s, 0);
  log(`regions ${server.label} re-apply of every file: ${round(reapplyS, 2)} s, ${allUnchanged ? 'all unchanged' : 'NOT all unchanged: ' + perFile.map((x) => `${x.file}: ${countsText(x.counts)}`).join('; ')}`);

  // A live database is analyzed by autovacuum soon after 25,000 inserts; measure that steady state (PostgreSQL;
  // PGlite has no autovacuum and the server does not analyze after an import, so there it is measured as it is).
  if (dbUrl) await analyze(dbUrl);
  // The import moved 海宁市 under 嘉兴市 and reset the cached grants: if the session no longer answers, sign in again.
  try {
    await getJson(`${server.base}/api/v1/regions/${main.id}/children`, main.cookie);
  } catch {
    main.cookie = (await signIn(server.base)).cookie;
  }
  const load1 = os.loadavg();
  const after = await children({ main, control: ctrl }, 'after', measure);
  await pair.restart();
  const restarted = await children({ main: await target(pair.server), control: await target(pair.control) }, 'after a restart', measure);

  const dryS = steps.reduce((a, b) => a + b.dryS, 0);
  const applyS = steps.reduce((a, b) => a + b.applyS, 0);
  const totalS = dryS + applyS;
  const ratio = ratioOf(after.main, before.main);
  const vsControl = ratioOf(after.main, after.control);
  const valid = before.main.valid && after.main.valid && before.control.valid && after.control.valid && after.main.items === before.main.items;
  return {
    db,
    connections: CONNECTIONS,
    durationS: opts.durationS,
    rounds: opts.rounds,
    town: { code: TOWN_CODE, id: main.id },
    before: before.main,
    after: after.main,
    controlBefore: before.control,
    controlAfter: after.control,
    afterRestart: restarted.main,
    controlAfterRestart: restarted.control,
    restartVsControl: ratioOf(restarted.main, restarted.control),
    ratio,
    controlRatio: ratioOf(after.control, before.control),
    vsControl,
    steps,
    dryS,
    applyS,
    totalS,
    rssBeforeMiB: rssBefore,
    rssPeakMiB: rssPeak,
    reapply: { totalS: reapplyS, perFile, allUnchanged },
    created: steps.reduce((a, b) => a + b.applied.created, 0),
    loadavg: { before: load0.map((x) => round(x, 2)), after: load1.map((x) => round(x, 2)) },
    met: { time: totalS <= TARGET_S, p95: valid && ratio.p95 <= P95_TOLERANCE, p95VsControl: valid && vsControl.p95 <= P95_TOLERANCE, p95AfterRestart: valid && restarted.main.valid && restarted.control.valid && ratioOf(restarted.main, restarted.control).p95 <= P95_TOLERANCE },
  };
}

async function pairOf(label: string, env: Record<string, string>, controlLabel: string, controlEnv: Record<string, string>): Promise<Pair> {
  const pair: Pair = {
    server: await startServer(label, env),
    control: await startServer(controlLabel, controlEnv),
    async restart() {
      await pair.server.stop();
      await pair.control.stop();
      pair.server = await startServer(label, env);
      pair.control = await startServer(controlLabel, controlEnv);
    },
  };
  return pair;
}

const adminEnv = { ADMIN_USERNAME: OPS.username, ADMIN_PASSWORD: OPS.password, ADMIN_PASSWORD_CHANGE: 'false' };

export async function benchRegions(opts: { quick: boolean; postgres: boolean; pglite: boolean }): Promise<RegionsResult> {
  const timing = { rounds: opts.quick ? 1 : 3, durationS: opts.quick ? 3 : 5, warmS: opts.quick ? 1 : 2 };
  const errors: string[] = [];
  const cases: RegionsCase[] = [];
  const dir = tempDir('regions-files');
  const files = writeZhejiang(dir);
  log(`regions: generated ${files.map((f) => `${f.name} ${f.rows} rows (${round(f.bytes / 1024, 0)} KiB)`).join(', ')}`);

  if (opts.postgres) {
    try {
      const db = await createBenchDb('regions');
      const cdb = await createBenchDb('regions_control');
      const env = { DATABASE_URL: db.url, DATA_DIR: path.join(tempDir('regions'), 'data'), ...adminEnv };
      const cenv = { DATABASE_URL: cdb.url, DATA_DIR: path.join(tempDir('regions-control'), 'data') };
      const pair = await pairOf('server', env, 'control', cenv);
      try {
        await analyze(db.url);
        await analyze(cdb.url);
        cases.push(await runCase(pair, 'postgres', db.url, dir, files, timing));
      } finally {
        await pair.server.stop();
        await pair.control.stop();
        await db.drop();
        await cdb.drop();
      }
    } catch (err) {
      errors.push(`PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (opts.pglite) {
    try {
      const pair = await pairOf('server (PGlite)', { DATA_DIR: path.join(tempDir('regions-pglite'), 'data'), ...adminEnv }, 'control (PGlite)', { DATA_DIR: path.join(tempDir('regions-pglite-control'), 'data') });
      try {
        cases.push(await runCase(pair, 'pglite', null, dir, files, timing));
      } finally {
        await pair.server.stop();
        await pair.control.stop();
      }
    } catch (err) {
      errors.push(`PGlite: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (const c of cases) {
    if (!c.before.valid || !c.after.valid || !c.controlBefore.valid || !c.controlAfter.valid) errors.push(`${c.db}: a children run had non-2xx answers or errors: INVALID`);
    if (c.after.items !== c.before.items) errors.push(`${c.db}: 许村镇 answered ${c.before.items} children before and ${c.after.items} after`);
    if (!c.reapply.allUnchanged) errors.push(`${c.db}: the second apply changed something (not idempotent)`);
  }
  return { files, cases, targetS: TARGET_S, p95Tolerance: P95_TOLERANCE, errors };
}
