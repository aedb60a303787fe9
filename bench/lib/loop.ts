// A closed-loop load generator for requests that differ one from the next (a search term each time, a
// different case for each transition), which autocannon's fixed request does not do well. `connections`
// workers each send a request, wait for the whole answer, record its latency (sub-millisecond, from
// performance.now()) and send the next, over keep-alive connections — the same loop autocannon runs.
// Unlike autocannon's summary it keeps every latency, so p95 and per-tag percentiles are exact.
// Each worker speaks HTTP/1.1 on its own socket (`Conn`) instead of through node:http: the load generator
// shares the two cores with the server and PostgreSQL, and node:http's client cost ~1.9 ms of CPU per
// transition — a fifth of the machine — where this costs a fraction (reported as clientCpuUsPerReq).
import net from 'node:net';
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
  /** This process's CPU per answered request: what the load generator itself took from the machine. */
  clientCpuUsPerReq: number;
}

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: enough of the protocol for answers with a
 * content-length or chunked bodies, which is what the server sends.
 */
class Conn {
  private socket: net.Socket | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private pending: { resolve: (r: { status: number; body: string }) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
    const socket = this.socket ?? this.connect();
    const payload = body ? Buffer.from(body) : null;
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (payload || method !== 'GET') head += `content-length: ${payload?.length ?? 0}\r\n`;
    head += '\r\n';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        this.close();
        reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' }));
      }, this.timeoutMs);
      this.pending = { resolve, reject, timer };
      socket.write(payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : head);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.buf = Buffer.alloc(0);
  }

  private connect(): net.Socket {
    const s = net.connect({ host: this.host, port: this.port });
    s.setNoDelay(true);
    // A socket this connection has already let go of (after a timeout) must not touch the next request.
    s.on('data', (d: Buffer) => this.socket === s && this.onData(d));
    s.on('error', (e) => this.socket === s && this.fail(e));
    s.on('close', () => {
      if (this.socket !== s) return;
      this.socket = null;
      this.fail(new Error('connection closed'));
    });
    this.socket = s;
    this.buf = Buffer.alloc(0);
    return s;
  }

  private fail(e: Error): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.reject(e);
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const headEnd = this.buf.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buf.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const start = headEnd + 4;
    let body: Buffer;
    let end: number;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length) {
      end = start + Number(length[1]);
      if (this.buf.length < end) return;
      body = this.buf.subarray(start, end);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = this.buf.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(this.buf.toString('latin1', at, lineEnd), 16);
        if (size === 0) {
          // No trailers from this server: the last chunk is followed by an empty line.
          if (this.buf.length < lineEnd + 4) return;
          end = lineEnd + 4;
          break;
        }
        if (this.buf.length < lineEnd + 2 + size + 2) return;
        parts.push(this.buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      end = start;
      body = Buffer.alloc(0);
    }
    const p = this.pending;
    this.pending = null;
    this.buf = this.buf.subarray(end);
    if (/\r\nconnection:\s*close/i.test(head)) this.close();
    if (p) {
      clearTimeout(p.timer);
      p.resolve({ status, body: body.toString('utf8') });
    }
  }
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
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const tagged = new Map<string, number[]>();
  const statusCodes: Record<string, number> = {};
  const samples: string[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let stop = false;
  const conns: Conn[] = [];

  const t0 = performance.now();
  const timer = options.durationS ? setTimeout(() => (stop = true), options.durationS * 1000) : null;
  const cpu0 = process.cpuUsage();
  const worker = async () => {
    const conn = new Conn(url.hostname, Number(url.port || 80), timeoutMs);
    conns.push(conn);
    const send = (r: LoopRequest) => conn.request(r.method ?? 'GET', r.path, { ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers }, r.body);
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
  const cpu = process.cpuUsage(cpu0);
  for (const c of conns) c.close();

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
    clientCpuUsPerReq: total ? Math.round((cpu.user + cpu.system) / total) : NaN,
  };
}
