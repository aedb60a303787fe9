import type { Db } from '../../../platform/db/client.js';
import type { OcdsSettings } from '../opendata.presenter.js';
import { exportReleasePackage } from './export-releases.js';

export interface OcdsExportMeasurement {
  releases: number;
  bytes: number;
  ms: number;
  /**
   * The largest heap seen while exporting, in MiB, sampled every 500 releases. Under `node --expose-gc` each
   * sample follows a full collection, so it is what the export holds alive (and `ms` includes those
   * collections); without it, uncollected garbage counts too.
   */
  peakHeapMiB: number;
  /** Heap before the export, in MiB: peak minus this is what the export held. */
  startHeapMiB: number;
}

/**
 * For benchmarks (bench/ calls it; it writes nothing): reads the whole OCDS release package as a client
 * would — every release, or `limit` of them — and says how long it took, how big it was and how much
 * heap it held. The JSON text is counted and dropped, as a socket would take it.
 */
export async function measureOcdsExport(db: Db, options: { limit?: number; since?: string; batchSize?: number; settings?: Partial<OcdsSettings> } = {}): Promise<OcdsExportMeasurement> {
  const settings: OcdsSettings = { prefix: 'ocds-shezhi', license: 'https://creativecommons.org/licenses/by/4.0/', origin: 'http://localhost', ...options.settings };
  const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const startHeap = process.memoryUsage().heapUsed;
  let peak = startHeap;
  const started = performance.now();
  const { body, stats } = await exportReleasePackage(db, settings, { limit: options.limit ?? Number.POSITIVE_INFINITY, since: options.since, batchSize: options.batchSize });
  let bytes = 0;
  let sampledAt = 0;
  for await (const chunk of body) {
    bytes += Buffer.byteLength(chunk);
    if (stats.releases - sampledAt >= 500) {
      sampledAt = stats.releases;
      gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }
  return { releases: stats.releases, bytes, ms: Math.round(performance.now() - started), peakHeapMiB: mib(peak), startHeapMiB: mib(startHeap) };
}
