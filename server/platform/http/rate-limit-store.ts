import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { preparedRows, rows } from '../db/sql.js';

/** What a hit answers: the plugin refuses the request when `current` exceeds the route's `max`. */
export interface RateLimitCount {
  current: number;
  /** Milliseconds until the current window ends (the plugin's Retry-After). */
  ttl: number;
}

/**
 * Counts one hit on `key` in `rate_limit_counters`, in one statement: the upsert of the current fixed window
 * (aligned on the database's clock, so every instance agrees on it) and, in the same statement, the previous
 * window's count. The answer weighs the previous window by how much of it still lies within the last
 * `windowMs` (the "sliding window counter"): a client cannot send `max` at the end of one window and `max`
 * again at the start of the next, and a run of attempts does not start afresh because a minute turned.
 *
 * The statement is its own transaction and commits without waiting for the WAL to reach the disk
 * (synchronous_commit off for this transaction only): that wait was 3–4 ms of a 4 ms hit on a server with
 * a real disk, for a count whose last few milliseconds may be lost in a crash without harm. Call it on the
 * pool, never inside a transaction (the setting would apply to the whole transaction).
 */
export async function countHit(db: DbOrTx, key: string, windowMs: number): Promise<RateLimitCount> {
  const [row] = await preparedRows<{ hits: number; previous: number; elapsed: number }>(
    db,
    'rate_limit_hit',
    sql`with async_commit as (select set_config('synchronous_commit', 'off', true)),
        hit as (
          insert into rate_limit_counters as c (key, window_start, hits)
          values (${key}, to_timestamp((floor(extract(epoch from statement_timestamp()) * 1000 / ${windowMs}::float8) * ${windowMs}::float8 / 1000)::float8), 1)
          on conflict (key, window_start) do update set hits = c.hits + 1
          returning c.hits, c.window_start
        )
        select hit.hits, coalesce(p.hits, 0) as previous,
               (extract(epoch from statement_timestamp() - hit.window_start) * 1000)::float8 as elapsed
        from async_commit, hit left join rate_limit_counters p
          on p.key = ${key} and p.window_start = hit.window_start - ${windowMs}::float8 * interval '1 millisecond'`,
  );
  const elapsed = Math.min(Math.max(Number(row.elapsed), 0), windowMs);
  const carried = Math.ceil(Number(row.previous) * (1 - elapsed / windowMs));
  return { current: Number(row.hits) + carried, ttl: Math.max(windowMs - elapsed, 0) };
}

/** Deletes the windows that no count needs any more (older than the previous window of the longest limit). */
export async function sweepRateLimitCounters(db: DbOrTx, longestWindowMs: number): Promise<number> {
  const deleted = await rows<{ key: string }>(
    db,
    sql`delete from rate_limit_counters where window_start < statement_timestamp() - ${2 * longestWindowMs}::float8 * interval '1 millisecond' returning key`,
  );
  return deleted.length;
}

interface Shared {
  db: DbOrTx;
  log: FastifyBaseLogger;
  sweepEveryMs: number;
  longestWindowMs: number;
  nextSweepAt: number;
}

type RouteLimit = { routeInfo?: { method?: string | string[]; url?: string }; timeWindow?: unknown };

/**
 * A store for @fastify/rate-limit that keeps its counts in the database, so a limit holds across every
 * instance behind a load balancer instead of per process (the plugin's default store is in memory). One
 * statement per hit; at most once a minute each instance deletes the windows no count needs any more.
 *
 * A route's counts are its own: the key is the route's method and path with the plugin's key (the client's
 * address). If the statement fails — the database is unreachable — the store logs and reports the error,
 * and the app registers the plugin with `skipOnError`, so that request is let through: every limited route
 * needs the database itself, so it then answers as any route does when the database is down (503), and a
 * passing fault costs one uncounted attempt instead of a refused request. Account lockout, also in the
 * database, still counts every password tried.
 */
export function databaseRateLimitStore(db: DbOrTx, log: FastifyBaseLogger, options: { sweepEveryMs?: number } = {}): FastifyRateLimitStoreCtor {
  const shared: Shared = { db, log, sweepEveryMs: options.sweepEveryMs ?? 60_000, longestWindowMs: 60_000, nextSweepAt: 0 };

  const sweepIfDue = () => {
    const now = Date.now();
    if (now < shared.nextSweepAt) return;
    shared.nextSweepAt = now + shared.sweepEveryMs;
    sweepRateLimitCounters(shared.db, shared.longestWindowMs).catch((err: unknown) => shared.log.warn({ err }, 'rate limit: old windows not deleted'));
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly scope: string;

    // The plugin constructs the store with its options; routes get theirs through `child`.
    constructor(_options?: unknown, scope = '*') {
      this.scope = scope;
    }

    incr(key: string, callback: (error: Error | null, result?: RateLimitCount) => void, timeWindow: number): void {
      countHit(shared.db, `${this.scope} ${key}`, timeWindow).then(
        (count) => {
          callback(null, count);
          sweepIfDue();
        },
        (err: unknown) => {
          shared.log.warn({ err, scope: this.scope }, 'rate limit: count not recorded, request let through');
          callback(err instanceof Error ? err : new Error(String(err)));
        },
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // At run time the plugin passes its merged settings with the route under `routeInfo`.
      const limit = routeOptions as unknown as RouteLimit;
      const route = limit.routeInfo ?? {};
      // Fastify adds a HEAD route beside each GET: both count as the GET, or HEAD would double the allowance.
      const method = (Array.isArray(route.method) ? route.method.join(',') : (route.method ?? '*')).replace(/^HEAD$/, 'GET');
      if (typeof limit.timeWindow === 'number') shared.longestWindowMs = Math.max(shared.longestWindowMs, limit.timeWindow);
      return new DatabaseRateLimitStore(undefined, `${method} ${route.url ?? '*'}`);
    }
  }
  return DatabaseRateLimitStore;
}
