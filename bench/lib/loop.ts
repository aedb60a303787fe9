// A closed-loop load generator for requests that differ one from the next (a search term each time, a
// different case for each transition), which autocannon's fixed request does not do well. `connections`
// workers each send a request, wait for the whole answer, record its latency (sub-millisecond, from
// performance.now()) and send the next, over keep-alive connections — the same loop autocannon runs.
// Unlike autocannon's summary it keeps every latency, so p95 and per-tag percentiles are exact.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadSummary } from './load.js';

export interface LoopRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Groups latencies in the summary (a search term and its class, an event name). */
  tags?: string[];
}

export interface LoopOptions {
  base: string;
  connections: number;
  /** Stop sending after this many seconds (requests in flight finish). Without it, run until `next` says null. */
  durationS?: number;
  /** The next request to send, or null when there is nothing left. */
  next: () => LoopRequest | null;
  timeoutMs?: number;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoopSummary extends LoadSummary {
  p95: number;
  byTag: Record<string, Percentiles>;
  /** The first few non-2xx answers, for the log. */
  samples: string[];
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function loop(options: LoopOptions): Promise<LoopSummary> {
  const url = new URL(options.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const tagged = new Map<string, number[]>();
  const statusCodes: Record<string, number> = {};
  const samples: string[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let stop = false;

  const send = (r: LoopRequest) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { agent, host: url.hostname, port: url.port, method: r.method ?? 'GET', path: r.path, headers: { ...(r.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body) } : {}), ...r.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', reject);
      if (r.body) req.write(r.body);
      req.end();
    });

  const t0 = performance.now();
  const timer = options.durationS ? setTimeout(() => (stop = true), options.durationS * 1000) : null;
  const worker = async () => {
    while (!stop) {
      const r = options.next();
      if (!r) break;
      const start = performance.now();
      try {
        const res = await send(r);
        const ms = performance.now() - start;
        statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
        if (res.status < 200 || res.status > 299) {
          non2xx += 1;
          if (samples.length < 3) samples.push(`${r.method ?? 'GET'} ${r.path} → ${res.status} ${res.body.slice(0, 300)}`);
        }
        latencies.push(ms);
        for (const tag of r.tags ?? []) {
          const list = tagged.get(tag) ?? [];
          list.push(ms);
          tagged.set(tag, list);
        }
      } catch (err) {
        if ((err as { code?: string }).code === 'TIMEOUT') timeouts += 1;
        else errors += 1;
        if (samples.length < 3) samples.push(`${r.method ?? 'GET'} ${r.path} → ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  if (timer) clearTimeout(timer);
  const elapsedS = (performance.now() - t0) / 1000;
  agent.destroy();

  const all = percentiles(latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  const total = latencies.length;
  const byTag: Record<string, Percentiles> = {};
  for (const [tag, list] of tagged) {
    const p = percentiles(list);
    byTag[tag] = { count: p.count, p50: r2(p.p50), p95: r2(p.p95), p99: r2(p.p99), max: r2(p.max) };
  }
  return {
    reqPerSec: total / elapsedS,
    total,
    p50: r2(all.p50),
    p90: r2(percentile(sorted, 90)),
    p95: r2(all.p95),
    p99: r2(all.p99),
    max: r2(all.max),
    mean: r2(total ? latencies.reduce((a, b) => a + b, 0) / total : NaN),
    non2xx,
    errors,
    timeouts,
    durationS: elapsedS,
    connections: options.connections,
    valid: non2xx === 0 && errors === 0 && timeouts === 0 && total > 0,
    statusCodes,
    byTag,
    samples,
  };
}
