// Issue 18 §Speed, the assessment engine, on a fresh Haining demo server on PostgreSQL and on PGlite:
//  1. a round of 12 stations × 23 indicators × 5 evaluators aggregates in ≤ 200 ms — the pure `aggregate()` over the
//     SPPE rubric (every indicator scored by 5 evaluators), and `computeRoundResults` over the demo's rows (2025's
//     SPPE round, 5 evaluators in; 2026's, in scoring) called in this process, and the office's live results request
//     for 2026 through the API (GET …/results as admin, one connection);
//  2. 1,000 bids × 5 experts ranks in ≤ 1 s — a synthetic procurement round written into the bench database with the
//     module's own tables (a rubric of 5 indicators in 2 dimensions, 1,000 bids, 5 evaluators' submitted sheets: 25,000
//     scores), then `computeRoundResults(db, round, { tieBreak })` end to end: rows read, aggregated, ranked;
//  3. the results page p95 ≤ 50 ms at 20 concurrent on the server — GET …/results of 2025's SPPE round as xucun (the
//     published snapshot) and of 2026's as admin (live), 10 s per round.
// The HTTP parts run first; then the server is stopped and this process opens the database itself (PGlite allows
// one process per folder). Every measurement is repeated (3 rounds, 1 with --quick); the figures are medians of rounds.
import os from 'node:os';
import { and, eq, inArray } from 'drizzle-orm';
import { ZRubricInput } from '../contracts/assessment.js';
import type { Config } from '../server/config.js';
import { regions } from '../server/platform/access/scope.tables.js';
import { users } from '../server/platform/auth/auth.tables.js';
import { cases } from '../server/platform/cases/cases.tables.js';
import type { Db } from '../server/platform/db/client.js';
import { openDatabase } from '../server/platform/db/open.js';
import { aggregate, type AggregationRubric, type AggregationSubject } from '../server/modules/assessment/aggregate.js';
import { SPPE_RUBRIC } from '../server/modules/assessment/assessment.demo-rubrics.js';
import {
  assessmentAdjustmentEntries,
  assessmentAdjustments,
  assessmentAssignments,
  assessmentDimensions,
  assessmentGradeBands,
  assessmentIndicators,
  assessmentPanel,
  assessmentRounds,
  assessmentRubrics,
  assessmentScores,
  assessmentSubjects,
} from '../server/modules/assessment/assessment.tables.js';
import { computeRoundResults, selectRound } from '../server/modules/assessment/round-results.js';
import { onDemoServers, type BenchDatabase } from './lib/demo-servers.js';
import { analyze } from './lib/pg.js';
import { getJson, signIn, type Running } from './lib/server.js';
import { loop, type LoopRequest, type LoopSummary } from './lib/loop.js';
import { withCpu } from './lib/cpu.js';
import { log, median, round } from './lib/stats.js';
import { prng } from '../server/platform/demo/prng.js';

const CONNECTIONS = 20;
const TARGET_ROUND_MS = 200;
const TARGET_BIDS_MS = 1000;
const TARGET_P95_MS = 50;
const BIDS = 1000;
const EXPERTS = ['zhuanjia1', 'zhuanjia2', 'zhuanjia3', 'zhuanjia4', 'zhuanjia5'] as const;

/** Median and p95 of one set of timings (ms), with how many. */
export interface Timings {
  n: number;
  median: number;
  p95: number;
  max: number;
}

export interface LoadRun extends LoopSummary {
  cpuUsPerReq: number;
}

export interface LoadCase {
  tag: string;
  user: string;
  path: string;
  runs: LoadRun[];
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerReq: number;
  valid: boolean;
  /** p95 ≤ 50 ms (decided on PostgreSQL; PGlite for information). */
  met: boolean;
}

export interface AssessmentCase {
  db: BenchDatabase;
  /** The office's live results request for 2026 through the API, one connection: per round p50/p95, then medians. */
  liveRequest: { rounds: Timings[]; median: number; p95: number };
  /** computeRoundResults in this process over the demo's rows. */
  direct: { tag: string; subjects: number; scores: number; rounds: Timings[]; median: number; p95: number; met: boolean }[];
  bids: { insertS: number; subjects: number; scores: number; tiedSubjects: number; rounds: Timings[]; median: number; max: number; met: boolean };
  load: LoadCase[];
  loadavg: { before: number[]; after: number[] };
}

export interface AssessmentResult {
  rounds: number;
  durationS: number;
  connections: number;
  pure: { subjects: number; indicators: number; evaluators: number; firstCallMs: number; rounds: Timings[]; median: number; p95: number; met: boolean };
  cases: AssessmentCase[];
  targets: { roundMs: number; bidsMs: number; p95Ms: number };
  errors: string[];
}

function timings(ms: number[]): Timings {
  const v = [...ms].sort((a, b) => a - b);
  return { n: v.length, median: median(v), p95: v[Math.min(v.length - 1, Math.ceil(0.95 * v.length) - 1)], max: v[v.length - 1] };
}

async function timeEach(n: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const half = (n: number) => Math.round(n * 2) / 2;

/** 1. The pure aggregation: the SPPE rubric, 12 stations, every one of its 23 indicators scored by 5 evaluators. */
function benchPure(rounds: number, perRound: number): AssessmentResult['pure'] {
  const spec = ZRubricInput.parse(SPPE_RUBRIC);
  const rubric: AggregationRubric = {
    aggregation: spec.aggregation,
    trimMinEvaluators: spec.trimMinEvaluators,
    dimensions: spec.dimensions.map((d) => ({ code: d.code, maxPoints: d.maxPoints, indicators: d.indicators.map((i) => ({ id: i.code, code: i.code, maxPoints: i.maxPoints })) })),
    adjustments: spec.adjustments.map((a) => ({ id: a.code, code: a.code, kind: a.kind, cap: a.cap })),
    gradeBands: spec.gradeBands,
  };
  const indicators = rubric.dimensions.flatMap((d) => d.indicators);
  const g = prng(18);
  const subjects: AggregationSubject[] = Array.from({ length: 12 }, (_, k) => {
    const standing = 0.58 + 0.36 * g();
    return {
      id: `station-${k}`,
      scores: new Map(indicators.map((i) => [i.id, Array.from({ length: 5 }, () => Math.min(i.maxPoints, half(i.maxPoints * Math.min(1, standing + (g() - 0.5) * 0.16))))])),
      adjustments: k % 4 === 0 ? [{ adjustmentId: rubric.adjustments[0].id, points: 1 }] : [],
    };
  });
  let t = performance.now();
  const first = aggregate(rubric, subjects);
  const firstCallMs = performance.now() - t;
  if (first.length !== 12 || first[0].indicators.length !== indicators.length) throw new Error(`aggregate gave ${first.length} results of ${first[0]?.indicators.length} indicators`);
  for (let i = 0; i < 200; i++) aggregate(rubric, subjects);
  const per: Timings[] = [];
  for (let r = 0; r < rounds; r++) {
    const ms: number[] = [];
    for (let i = 0; i < perRound; i++) {
      t = performance.now();
      aggregate(rubric, subjects);
      ms.push(performance.now() - t);
    }
    per.push(timings(ms));
    log(`assessment pure aggregate() round ${r + 1}/${rounds}: median ${per[r].median.toFixed(3)} ms, p95 ${per[r].p95.toFixed(3)} ms over ${perRound} runs`);
  }
  const med = median(per.map((x) => x.median));
  const p95 = median(per.map((x) => x.p95));
  return { subjects: 12, indicators: indicators.length, evaluators: 5, firstCallMs, rounds: per, median: med, p95, met: p95 <= TARGET_ROUND_MS };
}

async function roundId(server: Running, cookie: string, kind: string, year: number): Promise<string> {
  const page = await getJson<{ items: { id: string; state: string }[] }>(`${server.base}/api/v1/assessment/rounds?kind=${kind}&year=${year}`, cookie);
  if (page.items.length !== 1) throw new Error(`${page.items.length} ${kind} rounds of ${year} in the demo`);
  return page.items[0].id;
}

interface ResultsAnswer {
  basis: 'published' | 'live';
  items: { rank: number; dimensions: unknown[] }[];
}

/** 3 (and the live request of 1): the results page under load, and the office's live request alone. */
async function benchHttp(server: Running, db: BenchDatabase, opts: { rounds: number; durationS: number; warmS: number }, errors: string[]): Promise<Pick<AssessmentCase, 'liveRequest' | 'load'>> {
  const admin = (await signIn(server.base, 'admin')).cookie;
  const xucun = (await signIn(server.base, 'xucun')).cookie;
  const sppe2025 = await roundId(server, admin, 'sppe', 2025);
  const sppe2026 = await roundId(server, admin, 'sppe', 2026);
  const cases = [
    { tag: 'xucun, 2025 SPPE (published snapshot)', user: 'xucun', cookie: xucun, path: `/api/v1/assessment/rounds/${sppe2025}/results`, basis: 'published' },
    { tag: 'admin, 2026 SPPE (live, in scoring)', user: 'admin', cookie: admin, path: `/api/v1/assessment/rounds/${sppe2026}/results`, basis: 'live' },
  ];
  // Each answers what it should: 12 stations ranked, from the basis it says — an empty or refused answer fast is no benchmark.
  for (const c of cases) {
    const body = await getJson<ResultsAnswer>(server.base + c.path, c.cookie);
    if (body.basis !== c.basis || body.items.length !== 12 || body.items.some((i) => i.dimensions.length === 0)) throw new Error(`${c.tag}: answered ${body.basis} with ${body.items.length} items`);
  }
  const next = (c: (typeof cases)[number]) => (): LoopRequest => ({ path: c.path, headers: { cookie: c.cookie } });
  const live = cases[1];
  await loop({ base: server.base, connections: 1, durationS: opts.warmS, next: next(live) });
  const liveRounds: Timings[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const s = await loop({ base: server.base, connections: 1, durationS: Math.min(5, opts.durationS), next: next(live) });
    if (!s.valid) errors.push(`${db}: the live request alone had non-2xx answers or errors`);
    liveRounds.push({ n: s.total, median: s.p50, p95: s.p95, max: s.max });
    log(`assessment ${db} live results alone, round ${r + 1}/${opts.rounds}: p50 ${s.p50} p95 ${s.p95} ms (${s.total} requests)`);
  }
  for (const c of cases) await loop({ base: server.base, connections: CONNECTIONS, durationS: opts.warmS, next: next(c) });
  const runs = new Map<string, LoadRun[]>(cases.map((c) => [c.tag, []]));
  for (let r = 0; r < opts.rounds; r++) {
    for (const c of cases) {
      const { value, processCpuMs } = await withCpu(server.pid, () => loop({ base: server.base, connections: CONNECTIONS, durationS: opts.durationS, next: next(c) }));
      const run = { ...value, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total) };
      runs.get(c.tag)!.push(run);
      log(`assessment ${db} round ${r + 1}/${opts.rounds} ${c.tag}: ${run.reqPerSec.toFixed(0)} req/s, p50 ${run.p50} p95 ${run.p95} p99 ${run.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}${run.valid ? '' : '  ** INVALID **'}`);
      for (const s of run.samples) log(`  ${s}`);
    }
  }
  const load = cases.map((c): LoadCase => {
    const rs = runs.get(c.tag)!;
    const valid = rs.every((x) => x.valid);
    if (!valid) errors.push(`${db}/${c.tag}: a round had non-2xx answers or errors: INVALID`);
    const p95 = round(median(rs.map((x) => x.p95)), 2);
    return {
      tag: c.tag,
      user: c.user,
      path: c.path,
      runs: rs,
      reqPerSec: median(rs.map((x) => x.reqPerSec)),
      p50: round(median(rs.map((x) => x.p50)), 2),
      p95,
      p99: round(median(rs.map((x) => x.p99)), 2),
      cpuUsPerReq: median(rs.map((x) => x.cpuUsPerReq)),
      valid,
      met: valid && p95 <= TARGET_P95_MS,
    };
  });
  return { liveRequest: { rounds: liveRounds, median: median(liveRounds.map((x) => x.median)), p95: median(liveRounds.map((x) => x.p95)) }, load };
}

/** 1 over real rows: computeRoundResults on the demo's SPPE rounds, in this process. */
async function benchDirect(db: Db, label: BenchDatabase, rounds: number, perRound: number): Promise<AssessmentCase['direct']> {
  const out: AssessmentCase['direct'] = [];
  for (const year of [2025, 2026]) {
    const [row] = await db.select({ caseId: assessmentRounds.caseId }).from(assessmentRounds).where(and(eq(assessmentRounds.kind, 'sppe'), eq(assessmentRounds.year, year)));
    const r = await selectRound(db, row.caseId);
    const subjects = (await db.select({ id: assessmentSubjects.id }).from(assessmentSubjects).where(eq(assessmentSubjects.roundId, r.caseId))).length;
    const scores = (
      await db
        .select({ s: assessmentScores.subjectId })
        .from(assessmentScores)
        .innerJoin(assessmentAssignments, and(eq(assessmentAssignments.subjectId, assessmentScores.subjectId), eq(assessmentAssignments.evaluatorId, assessmentScores.evaluatorId)))
        .where(eq(assessmentAssignments.roundId, r.caseId))
    ).length;
    await timeEach(5, () => computeRoundResults(db, r));
    const per: Timings[] = [];
    for (let k = 0; k < rounds; k++) {
      per.push(timings(await timeEach(perRound, () => computeRoundResults(db, r))));
      log(`assessment ${label} computeRoundResults ${year} round ${k + 1}/${rounds}: median ${per[k].median.toFixed(2)} ms, p95 ${per[k].p95.toFixed(2)} ms`);
    }
    const p95 = median(per.map((x) => x.p95));
    out.push({ tag: `SPPE ${year} (${subjects} stations, ${scores} scores)`, subjects, scores, rounds: per, median: median(per.map((x) => x.median)), p95, met: p95 <= TARGET_ROUND_MS });
  }
  return out;
}

/** The synthetic procurement round: written with the module's tables, as a seed would, in one transaction. */
async function insertBidRound(db: Db): Promise<{ round: { caseId: string; cityId: string; rubricId: string; blind: boolean }; price: Map<string, number>; seq: Map<string, number>; scores: number }> {
  const [city] = await db.select({ id: regions.id, path: regions.path }).from(regions).where(and(eq(regions.code, '330481'), eq(regions.level, 'city')));
  const experts = await db.select({ id: users.id }).from(users).where(inArray(users.username, [...EXPERTS]));
  if (!city || experts.length !== EXPERTS.length) throw new Error('the demo city or its five experts are missing');
  const stamp = Date.now().toString(36).toUpperCase();
  return db.transaction(async (tx) => {
    const [rubric] = await tx
      .insert(assessmentRubrics)
      .values({ cityId: city.id, kind: 'procurement', code: `BENCH-${stamp}`, version: 1, name: '采购评审（基准测试）', state: 'published', aggregation: 'mean', maxPoints: 100, publishedAt: new Date() })
      .returning({ id: assessmentRubrics.id });
    const dims = await tx
      .insert(assessmentDimensions)
      .values([
        { rubricId: rubric.id, code: 'tech', name: '技术', maxPoints: 60, seq: 1 },
        { rubricId: rubric.id, code: 'biz', name: '商务', maxPoints: 40, seq: 2 },
      ])
      .returning({ id: assessmentDimensions.id, code: assessmentDimensions.code });
    const dim = new Map(dims.map((d) => [d.code, d.id]));
    const indicators = await tx
      .insert(assessmentIndicators)
      .values([
        { rubricId: rubric.id, dimensionId: dim.get('tech')!, code: 'plan', name: '服务方案', maxPoints: 25, source: 'manual' as const, seq: 1 },
        { rubricId: rubric.id, dimensionId: dim.get('tech')!, code: 'team', name: '团队配置', maxPoints: 20, source: 'manual' as const, seq: 2 },
        { rubricId: rubric.id, dimensionId: dim.get('tech')!, code: 'record', name: '业绩', maxPoints: 15, source: 'manual' as const, seq: 3 },
        { rubricId: rubric.id, dimensionId: dim.get('biz')!, code: 'price', name: '报价', maxPoints: 30, source: 'manual' as const, seq: 4 },
        { rubricId: rubric.id, dimensionId: dim.get('biz')!, code: 'terms', name: '商务条款', maxPoints: 10, source: 'manual' as const, seq: 5 },
      ])
      .returning({ id: assessmentIndicators.id, maxPoints: assessmentIndicators.maxPoints });
    const [deduction] = await tx.insert(assessmentAdjustments).values({ rubricId: rubric.id, code: 'late', name: '材料逾期', kind: 'deduction', cap: 5, seq: 1 }).returning({ id: assessmentAdjustments.id });
    await tx.insert(assessmentGradeBands).values([
      { rubricId: rubric.id, code: 'qualified', name: '合格', minComposite: 60, seq: 1 },
      { rubricId: rubric.id, code: 'unqualified', name: '不合格', minComposite: 0, seq: 2 },
    ]);
    const [c] = await tx
      .insert(cases)
      .values({ caseType: 'assessmentRound', number: `BENCH${stamp}`, title: `${BIDS} 份投标的专家评审（基准测试）`, state: 'moderation', regionPath: city.path })
      .returning({ id: cases.id });
    await tx.insert(assessmentRounds).values({ id: c.id, caseId: c.id, cityId: city.id, kind: 'procurement', year: 2026, rubricId: rubric.id, blind: false });
    await tx.insert(assessmentPanel).values(experts.map((e) => ({ roundId: c.id, evaluatorId: e.id, state: 'declared' as const, declaredAt: new Date() })));
    const subjects = await tx
      .insert(assessmentSubjects)
      .values(Array.from({ length: BIDS }, (_, k) => ({ roundId: c.id, subjectType: 'bid' as const, subjectRef: crypto.randomUUID(), name: `投标人 ${k + 1}`, code: `BID${String(k + 1).padStart(4, '0')}`, blindLabel: `B${k + 1}`, seq: k + 1 })))
      .returning({ id: assessmentSubjects.id });
    const now = new Date();
    await tx.insert(assessmentAssignments).values(subjects.flatMap((s) => experts.map((e) => ({ subjectId: s.id, evaluatorId: e.id, roundId: c.id, submittedAt: now }))));
    // Each bid has a standing; each expert's points are it, give or take, in half points: so composites tie.
    const g = prng(1000);
    const rows = subjects.flatMap((s) => {
      const standing = 0.5 + 0.45 * g();
      return experts.flatMap((e) => indicators.map((i) => ({ subjectId: s.id, indicatorId: i.id, evaluatorId: e.id, points: Math.max(0, Math.min(i.maxPoints, half(i.maxPoints * (standing + (g() - 0.5) * 0.2)))) })));
    });
    for (let k = 0; k < rows.length; k += 5000) await tx.insert(assessmentScores).values(rows.slice(k, k + 5000));
    await tx.insert(assessmentAdjustmentEntries).values(subjects.filter((_, k) => k % 20 === 0).map((s) => ({ subjectId: s.id, adjustmentId: deduction.id, points: 2, reason: '投标材料逾期提交' })));
    // The tie-break of a procurement: the lower price, then the earlier bid.
    const price = new Map(subjects.map((s) => [s.id, 100_000 + Math.floor(g() * 400) * 100]));
    const seq = new Map(subjects.map((s, k) => [s.id, k]));
    return { round: { caseId: c.id, cityId: city.id, rubricId: rubric.id, blind: false }, price, seq, scores: rows.length };
  });
}

/** 2: 1,000 bids × 5 experts ranked by computeRoundResults with a tie-break. */
async function benchBids(db: Db, label: BenchDatabase, rounds: number, perRound: number, url: string | null): Promise<AssessmentCase['bids']> {
  let t = performance.now();
  const { round: r, price, seq, scores } = await insertBidRound(db);
  const insertS = (performance.now() - t) / 1000;
  if (url) await analyze(url);
  log(`assessment ${label}: ${BIDS} bids × ${EXPERTS.length} experts written (${scores} scores) in ${insertS.toFixed(1)} s`);
  const tieBreak = (a: string, b: string) => price.get(a)! - price.get(b)! || seq.get(a)! - seq.get(b)!;
  const first = await computeRoundResults(db, r, { tieBreak });
  const ranks = first.results.map((x) => x.rank);
  if (first.results.length !== BIDS || new Set(ranks).size !== BIDS || ranks.some((x, k) => x !== k + 1)) throw new Error(`the bids were not ranked 1..${BIDS} (${first.results.length} results)`);
  const tiedSubjects = first.results.filter((x) => x.tied).length;
  const per: Timings[] = [];
  for (let k = 0; k < rounds; k++) {
    per.push(timings(await timeEach(perRound, () => computeRoundResults(db, r, { tieBreak }))));
    log(`assessment ${label} ${BIDS} bids round ${k + 1}/${rounds}: median of ${perRound} ${per[k].median.toFixed(1)} ms, max ${per[k].max.toFixed(1)} ms`);
  }
  t = median(per.map((x) => x.median));
  return { insertS, subjects: BIDS, scores, tiedSubjects, rounds: per, median: t, max: Math.max(...per.map((x) => x.max)), met: t <= TARGET_BIDS_MS };
}

export async function benchAssessment(opts: { quick: boolean; postgres: boolean; pglite: boolean }): Promise<AssessmentResult> {
  const rounds = opts.quick ? 1 : 3;
  const durationS = opts.quick ? 3 : 10;
  const warmS = opts.quick ? 1 : 3;
  const errors: string[] = [];
  const pure = benchPure(rounds, opts.quick ? 200 : 1000);
  const out: AssessmentCase[] = [];
  await onDemoServers('assessment', { ...opts, startTimeoutMs: 600_000 }, errors, async (server, db, url, dataDir) => {
    const before = os.loadavg().map((x) => round(x, 2));
    if (url) await analyze(url);
    const http = await benchHttp(server, db, { rounds, durationS, warmS }, errors);
    await server.stop();
    const database = await openDatabase({ DATABASE_URL: url ?? undefined, DB_POOL_SIZE: 10, dataDir } as Config);
    try {
      const direct = await benchDirect(database.db, db, rounds, opts.quick ? 10 : 30);
      const bids = await benchBids(database.db, db, rounds, 5, url);
      out.push({ db, ...http, direct, bids, loadavg: { before, after: os.loadavg().map((x) => round(x, 2)) } });
    } finally {
      await database.close();
    }
  });
  return { rounds, durationS, connections: CONNECTIONS, pure, cases: out, targets: { roundMs: TARGET_ROUND_MS, bidsMs: TARGET_BIDS_MS, p95Ms: TARGET_P95_MS }, errors };
}
