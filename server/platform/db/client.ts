import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
// pg and drizzle's node-postgres driver are loaded only with a PostgreSQL server: ~0.1 s of every PGlite start.
import type pg from 'pg';

/**
 * One type for both drivers: every query is written once and runs on PGlite and on a PostgreSQL server. It
 * carries no schema: queries name their tables (each module its own), so the kernel knows no module's tables
 * and a new module changes nothing here. (Drizzle's relational `db.query` API, which needs the schema, is not used.)
 */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
export type DbOrTx = Db | Tx;

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
  /** Raw SQL for migrations and admin scripts. */
  exec(sql: string): Promise<void>;
  /**
   * LISTEN on a channel. `onState(false)` tells that notifications may have been missed (the
   * connection dropped; it reconnects by itself), `onState(true)` that they flow again.
   */
  listen(channel: string, onMessage: (payload: string) => void, onState: (listening: boolean) => void): Promise<() => Promise<void>>;
  /**
   * Tells `listener` once per server connection that is lost (failover, restart, network reset); returns the
   * function that stops telling. Nothing else to do: the pool and the listeners reconnect by themselves.
   */
  onConnectionLost(listener: (err: Error) => void): () => void;
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File } = {}): Promise<Database> {
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const client = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { pg_trgm },
  });
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    exec: async (sql) => {
      await client.exec(sql);
    },
    listen: async (channel, onMessage, onState) => {
      const unlisten = await client.listen(channel, onMessage);
      onState(true);
      return async () => {
        onState(false);
        await unlisten();
      };
    },
    close: async () => {
      await client.close();
    },
    // In the process: there is no connection to lose.
    onConnectionLost: () => () => undefined,
    // exposed for test templates
    ...({ client } as object),
  };
}

/** How long a request waits for a connection (a new one, or a free one from a full pool) before it is answered 503. */
export const DB_CONNECT_TIMEOUT_MS = 5_000;

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const [{ default: pgDriver }, { drizzle: drizzlePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pgDriver.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS, keepAlive: true });
  const lostListeners = new Set<(err: Error) => void>();
  const reported = new WeakSet<object>();
  const connectionLost = (connection: object, err: Error) => {
    if (reported.has(connection)) return;
    reported.add(connection);
    for (const listener of lostListeners) listener(err);
  };
  const checkedOut = guardCheckouts(pool);
  // pg-pool listens for errors only on idle clients: a client checked out for a transaction whose connection
  // drops (pg_terminate_backend, a server stop, a network reset) would emit an 'error' nobody handles, and
  // that ends the process. Every client gets a listener of its own for its whole life.
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      connectionLost(client, err);
      // A dead connection must not hold a pool slot: drizzle runs `begin` outside the try/finally that
      // releases the client (drizzle-orm#6241), so a transaction whose `begin` fails would keep it forever.
      if (checkedOut.has(client)) client.release(err);
    });
  });
  // The same error on an idle client also reaches the pool (already reported above); the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    exec: async (sql) => {
      await pool.query(sql);
    },
    listen: (channel, onMessage, onState) => listenOnServer(url, channel, onMessage, onState, connectionLost),
    onConnectionLost: (listener) => {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    close: async () => {
      await pool.end();
    },
    ...({ pool } as object),
  };
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: Error | boolean) => void) => void;

/**
 * Makes `release` of every checked-out client safe to call twice (the error listener above releases a dead
 * client that its user will release again) and keeps the set of clients checked out now.
 */
function guardCheckouts(pool: pg.Pool): Set<pg.PoolClient> {
  const checkedOut = new Set<pg.PoolClient>();
  const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => Promise<pg.PoolClient> | void;
  const guard = (client: pg.PoolClient): pg.PoolClient => {
    const release = client.release.bind(client);
    let released = false;
    checkedOut.add(client);
    client.release = (err?: Error | boolean) => {
      if (released) return;
      released = true;
      checkedOut.delete(client);
      release(err);
    };
    return client;
  };
  (pool as unknown as { connect: (callback?: ConnectCallback) => Promise<pg.PoolClient> | void }).connect = (callback) =>
    callback
      ? connect((err, client, done) => {
          const guarded = client && guard(client);
          callback(err, guarded, guarded ? (releaseErr?: Error | boolean) => guarded.release(releaseErr) : done);
        })
      : (connect() as Promise<pg.PoolClient>).then(guard);
  return checkedOut;
}

/**
 * A dedicated connection for LISTEN (pooled connections cannot hold one), (re)connecting a second after it is
 * lost or a connection attempt fails, until the returned `stop` — which stops any retry, so a closed app leaves
 * no timer or connection behind.
 */
async function listenOnServer(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onState: (listening: boolean) => void,
  connectionLost: (connection: object, err: Error) => void,
) {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connectLater = () => {
    if (!stopped) retry = setTimeout(() => void connect(), 1000);
  };
  const connect = async () => {
    const { default: pgDriver } = await import('pg');
    const c = new pgDriver.Client({ connectionString: url, connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS, keepAlive: true });
    c.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
    const lost = (err?: Error) => {
      if (client !== c) return;
      if (err) connectionLost(c, err);
      client = null;
      onState(false);
      c.end().catch(() => undefined);
      connectLater();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    try {
      await c.connect();
      await c.query(`listen "${channel.replace(/"/g, '')}"`);
    } catch {
      await c.end().catch(() => undefined);
      connectLater();
      return;
    }
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    onState(true);
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    onState(false);
    await c?.end().catch(() => undefined);
  };
}

export function pgliteClient(database: Database): PGlite {
  return (database as unknown as { client: PGlite }).client;
}
