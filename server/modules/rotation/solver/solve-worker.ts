/*
 * A solver thread: HiGHS in WebAssembly is single-threaded, so a city's towns run side by side in worker threads
 * (pool.ts). Bundled apart as dist/server/rotation-solver.mjs (scripts/build-server.mjs).
 */
import { parentPort } from 'node:worker_threads';
import loadHighs from 'highs';
import { solvePairing, type PairingInput } from './pairing-model.js';
import { solveTownSeasons, type TownTask } from './seasons.js';

export type SolverJob = { type: 'towns'; task: TownTask } | { type: 'pairing'; task: PairingInput };

const highs = loadHighs();
parentPort!.on('message', (msg: { id: number; job: SolverJob }) => {
  highs.then(
    (h) => {
      try {
        const result = msg.job.type === 'towns' ? solveTownSeasons(h, msg.job.task) : solvePairing(h, msg.job.task);
        parentPort!.postMessage({ id: msg.id, ok: true, result });
      } catch (err) {
        parentPort!.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    },
    (err: unknown) => parentPort!.postMessage({ id: msg.id, ok: false, error: `求解器无法启动：${String(err)}` }),
  );
});
