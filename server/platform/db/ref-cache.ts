import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from './client.js';

export const REF_CHANNEL = 'shezhi_ref_changed';

/**
 * Small reference tables that nearly every act reads and almost nobody writes — the working calendar,
 * the promised time limits, the names of regions and departments — kept in memory per database.
 *
 * Correct across instances the way the session cache is: every write calls `invalidateRef(tx, key)` in
 * its transaction, which NOTIFYs at commit; each instance's listener drops that key. The cache serves
 * only while the listener is connected, and entries expire after `ttlMs` as a last resort. A key being
 * written is not stored again for a few seconds (until the commit's notification, or the rollback, has
 * happened), so a transaction's uncommitted rows never reach the cache; a per-key generation keeps a
 * load that started before a drop from storing what it read.
 */
export class RefCache {
  private entries = new Map<string, { value: unknown; at: number }>();
  private generations = new Map<string, number>();
  private writingUntil = new Map<string, number>();
  private listening = false;

  constructor(private readonly ttlMs = 60_000) {}

  get enabled(): boolean {
    return this.listening && this.ttlMs > 0;
  }

  setListening(listening: boolean): void {
    this.listening = listening;
    this.dropAll();
  }

  generation(key: string): number {
    return this.generations.get(key) ?? 0;
  }

  get<T>(key: string, now = Date.now()): T | undefined {
    if (!this.enabled) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value as T;
  }

  set(key: string, value: unknown, generation: number, now = Date.now()): void {
    if (!this.enabled || generation !== this.generation(key) || (this.writingUntil.get(key) ?? 0) > now) return;
    this.entries.set(key, { value, at: now });
  }

  drop(key: string): void {
    this.generations.set(key, this.generation(key) + 1);
    this.entries.delete(key);
  }

  /** A transaction is writing `key`: drop it and keep it out until its commit has been announced. */
  writing(key: string, now = Date.now()): void {
    this.drop(key);
    this.writingUntil.set(key, now + 5_000);
  }

  announced(key: string): void {
    this.writingUntil.delete(key);
    this.drop(key);
  }

  dropAll(): void {
    for (const key of new Set([...this.entries.keys(), ...this.generations.keys()])) this.drop(key);
    this.writingUntil.clear();
  }
}

// A transaction shares its database's dialect object (drizzle passes it to every session and
// transaction it opens), so the dialect finds a database's cache from either a Db or a Tx.
const byDatabase = new WeakMap<object, RefCache>();
const identityOf = (db: DbOrTx): object => (db as unknown as { dialect: object }).dialect;

export function refCacheOf(db: DbOrTx): RefCache | undefined {
  return byDatabase.get(identityOf(db));
}

/** Starts the cache of this database and its cross-instance listener; returns the function that stops both. */
export async function startRefCache(database: Database, ttlMs = 60_000): Promise<{ cache: RefCache; stop: () => Promise<void> }> {
  const cache = new RefCache(ttlMs);
  byDatabase.set(identityOf(database.db), cache);
  let stopListening: () => Promise<void> = async () => undefined;
  try {
    stopListening = await database.listen(
      REF_CHANNEL,
      (key) => (key ? cache.announced(key) : cache.dropAll()),
      (listening) => cache.setListening(listening),
    );
  } catch {
    // No listener, no cache: every read goes to the database.
    cache.setListening(false);
  }
  return {
    cache,
    stop: async () => {
      byDatabase.delete(identityOf(database.db));
      await stopListening();
    },
  };
}

/** The value of `key`, from memory when this database has a live cache, else loaded (and kept). */
export async function cachedRef<T>(db: DbOrTx, key: string, load: (db: DbOrTx) => Promise<T>): Promise<T> {
  const cache = refCacheOf(db);
  if (!cache) return load(db);
  const hit = cache.get<T>(key);
  if (hit !== undefined) return hit;
  const generation = cache.generation(key);
  const value = await load(db);
  cache.set(key, value, generation);
  return value;
}

/** Call in the transaction of every write to the data behind `key`. */
export async function invalidateRef(tx: DbOrTx, key: string): Promise<void> {
  refCacheOf(tx)?.writing(key);
  await tx.execute(sql`select pg_notify(${REF_CHANNEL}, ${key})`);
}
