import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import type { Actor, RequestContext } from '../http/context.js';

export const AUTH_CHANNEL = 'shezhi_auth_changed';

interface Entry {
  actor: Actor;
  lastSeenAt: number;
  expiresAt: number;
  cachedAt: number;
}

/**
 * Resolved sessions, kept in memory so that an authenticated read costs one query, not two.
 *
 * Safe because every change that could alter a cached actor — logout, password change or reset,
 * disabling a user, grant changes, region moves and retirements — calls `invalidateAuth` in its
 * transaction: that clears this instance's cache after the response (the commit) and NOTIFYs every
 * other instance, whose listener clears theirs. The cache works only while the listener is connected;
 * entries also expire after `ttlMs` as a last resort. A generation counter keeps a lookup that started
 * before a clear from writing a stale actor back.
 */
export class SessionCache {
  private entries = new Map<string, Entry>();
  private generation = 0;
  private listening = false;

  constructor(
    private readonly ttlMs = 15_000,
    private readonly maxEntries = 20_000,
  ) {}

  get enabled(): boolean {
    return this.listening && this.ttlMs > 0;
  }

  setListening(listening: boolean): void {
    this.listening = listening;
    this.clear();
  }

  currentGeneration(): number {
    return this.generation;
  }

  get(sessionId: string, now: number): Entry | null {
    if (!this.enabled) return null;
    const e = this.entries.get(sessionId);
    if (!e) return null;
    if (now - e.cachedAt > this.ttlMs) {
      this.entries.delete(sessionId);
      return null;
    }
    return e;
  }

  set(sessionId: string, entry: Omit<Entry, 'cachedAt'>, generation: number, now: number): void {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(sessionId, { ...entry, cachedAt: now });
  }

  touch(sessionId: string, lastSeenAt: number): void {
    const e = this.entries.get(sessionId);
    if (e) e.lastSeenAt = lastSeenAt;
  }

  delete(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}

/** Starts the cross-instance invalidation listener; returns the function that stops it. */
export async function startSessionCache(database: Database, cache: SessionCache): Promise<() => Promise<void>> {
  try {
    return await database.listen(AUTH_CHANNEL, () => cache.clear(), (listening) => cache.setListening(listening));
  } catch {
    // No listener, no cache: every request reads the session from the database.
    cache.setListening(false);
    return async () => undefined;
  }
}

/**
 * Call in the transaction of any change that alters who a signed-in user is or what they may reach.
 * The NOTIFY is delivered at commit; the local cache is cleared when the response is sent.
 */
export async function invalidateAuth(tx: DbOrTx, ctx: RequestContext): Promise<void> {
  ctx.authChanged = true;
  await tx.execute(sql`select pg_notify(${AUTH_CHANNEL}, '')`);
}
