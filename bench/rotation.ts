// Issue 17 §2's speed targets, through the API of a built server on the Haining demo: the solver's full plan for a
// season (every resource paired with a town × 236 communities × 4 roles; target optimal or gap ≤ 1 % in ≤ 30 s) and
// the whole year (four seasons in order; target ≤ 2 min), on this machine's cores (towns in worker threads). Also
// the year's pairing. Each round computes 2027 afresh: propose the pairing, one season, then the whole year.
import { onDemoServers } from './lib/demo-servers.js';
import { signIn, type Running } from './lib/server.js';
import { log, median, round } from './lib/stats.js';

interface PlanSummary {
  season: number;
  state: string;
  coverage: number;
  hardBreaches: number;
  softBreaches: number;
}
interface PlanTown {
  town: { name: string };
  status: string;
  gap: number | null;
  millis: number;
}

export interface RotationRun {
  pairingS: number;
  seasonS: number;
  yearS: number;
  /** Over the towns of the season's plan. */
  seasonMaxGap: number;
  seasonStatuses: Record<string, number>;
  seasonTownMaxS: number;
  yearCoverage: number[];
  yearHardBreaches: number;
  yearStatuses: Record<string, number>;
}

export interface RotationCase {
  db: 'postgres' | 'pglite';
  runs: RotationRun[];
  pairingS: number;
  seasonS: number;
  yearS: number;
  met: { season: boolean; year: boolean };
}

export interface RotationResult {
  rounds: number;
  cases: RotationCase[];
  errors: string[];
}

async function post<T>(server: Running, auth: { cookie: string; csrf: string }, url: string, body: unknown): Promise<T> {
  const res = await fetch(server.base + url, { method: 'POST', headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrf }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
async function get<T>(server: Running, auth: { cookie: string }, url: string): Promise<T> {
  const res = await fetch(server.base + url, { headers: { cookie: auth.cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const count = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});

async function measure(server: Running, db: RotationCase['db'], rounds: number, errors: string[]): Promise<RotationCase> {
  const auth = await signIn(server.base);
  const runs: RotationRun[] = [];
  for (let i = 0; i < rounds; i++) {
    try {
      let t = performance.now();
      await post(server, auth, '/api/v1/rotation/pairings/propose', { year: 2027, replaceOffice: true });
      const pairingS = (performance.now() - t) / 1000;
      t = performance.now();
      await post(server, auth, '/api/v1/rotation/plans/compute', { year: 2027, season: 1, timeLimitSeconds: 30 });
      const seasonS = (performance.now() - t) / 1000;
      const plan = await get<{ towns: PlanTown[] }>(server, auth, '/api/v1/rotation/plans/2027/1');
      t = performance.now();
      const year = await post<{ items: PlanSummary[] }>(server, auth, '/api/v1/rotation/plans/compute', { year: 2027, timeLimitSeconds: 30 });
      const yearS = (performance.now() - t) / 1000;
      const statuses: string[] = [];
      for (const s of [1, 2, 3, 4]) statuses.push(...(await get<{ towns: PlanTown[] }>(server, auth, `/api/v1/rotation/plans/2027/${s}`)).towns.map((x) => x.status));
      const run: RotationRun = {
        pairingS,
        seasonS,
        yearS,
        seasonMaxGap: Math.max(...plan.towns.map((x) => x.gap ?? Infinity)),
        seasonStatuses: count(plan.towns.map((x) => x.status)),
        seasonTownMaxS: Math.max(...plan.towns.map((x) => x.millis)) / 1000,
        yearCoverage: year.items.map((p) => p.coverage),
        yearHardBreaches: year.items.reduce((n, p) => n + p.hardBreaches, 0),
        yearStatuses: count(statuses),
      };
      log(`rotation ${db} round ${i + 1}: pairing ${round(pairingS, 1)} s, season ${round(seasonS, 1)} s (max gap ${round(run.seasonMaxGap * 100, 2)} %), year ${round(yearS, 1)} s`);
      runs.push(run);
    } catch (err) {
      errors.push(`${db} round ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const pairingS = median(runs.map((r) => r.pairingS));
  const seasonS = median(runs.map((r) => r.seasonS));
  const yearS = median(runs.map((r) => r.yearS));
  const gapsOk = runs.every((r) => r.seasonMaxGap <= 0.01 && Object.keys(r.seasonStatuses).every((s) => s === 'optimal'));
  return { db, runs, pairingS, seasonS, yearS, met: { season: runs.length > 0 && gapsOk && seasonS <= 30, year: runs.length > 0 && yearS <= 120 && runs.every((r) => r.yearHardBreaches === 0) } };
}

export async function benchRotation(opts: { quick: boolean; postgres: boolean; pglite: boolean }): Promise<RotationResult> {
  const rounds = opts.quick ? 1 : 3;
  const cases: RotationCase[] = [];
  const errors: string[] = [];
  await onDemoServers('rotation', opts, errors, async (server, db) => {
    cases.push(await measure(server, db, rounds, errors));
  });
  return { rounds, cases, errors };
}
