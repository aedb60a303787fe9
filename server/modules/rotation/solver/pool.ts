import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TownSeasonResult } from './model.js';
import type { PairingInput, PairingResult } from './pairing-model.js';
import type { TownTask } from './seasons.js';
import type { SolverJob } from './solve-worker.js';

/**
 * Runs solver jobs in worker threads, as many at once as the machine has cores (ROTATION_SOLVER_THREADS caps it),
 * and answers in the jobs' order. Threads live for one run: plans are computed a few times a year, and a thread
 * that lingered would hold its WebAssembly memory for nothing; the event loop stays free for other requests.
 */
async function runJobs<R>(jobs: readonly SolverJob[]): Promise<R[]> {
  if (jobs.length === 0) return [];
  const cap = Number(process.env.ROTATION_SOLVER_THREADS) || availableParallelism();
  const n = Math.max(1, Math.min(cap, jobs.length));
  // From source (tsx, vitest) the thread loads the TypeScript file through tsx, which it registers itself (a worker
  // does not take --import); the bundle ships the thread beside main.mjs.
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const file = fromSource ? new URL('./solve-worker.ts', here) : new URL('./rotation-solver.mjs', here);
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(file.href)}); })`;
  const results: R[] = new Array<R>(jobs.length);
  let next = 0;
  const workers = Array.from({ length: n }, () => (fromSource ? new Worker(boot, { eval: true }) : new Worker(file)));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              w.postMessage({ id, job: jobs[id] });
            };
            w.on('message', (m: { id: number; ok: boolean; result?: R; error?: string }) => {
              if (!m.ok) return reject(new Error(m.error));
              results[m.id] = m.result!;
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => reject(new Error(`求解线程意外退出（${code}）`)));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/** Each town's seasons, towns side by side. */
export function solveTowns(tasks: readonly TownTask[]): Promise<TownSeasonResult[][]> {
  return runJobs(tasks.map((task) => ({ type: 'towns' as const, task })));
}

/** The year's pairing, off the event loop. */
export async function solvePairingInThread(input: PairingInput): Promise<PairingResult> {
  const [r] = await runJobs<PairingResult>([{ type: 'pairing', task: input }]);
  return r;
}
