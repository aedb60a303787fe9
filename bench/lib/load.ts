// autocannon, summarized; a run whose answers are not all 2xx is marked invalid.
import autocannon, { type Options, type Result } from 'autocannon';

export interface LoadSummary {
  reqPerSec: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  connections: number;
  valid: boolean;
  statusCodes: Record<string, number>;
}

export function summarize(r: Result, connections: number): LoadSummary {
  const statusCodes: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = s.count;
  const total = r['2xx'] + r.non2xx;
  return {
    reqPerSec: total / r.duration,
    total,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: r.latency.mean,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
    connections,
    valid: r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r['2xx'] > 0,
    statusCodes,
  };
}

export async function load(options: Options): Promise<LoadSummary> {
  const connections = options.connections ?? 10;
  const result = await autocannon({ timeout: 10, ...options, connections });
  return summarize(result, connections);
}

/** A short unmeasured run so that the JIT, the pool and PostgreSQL's caches are warm. */
export async function warmUp(options: Options, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  await autocannon({ timeout: 10, ...options, duration: seconds });
}
