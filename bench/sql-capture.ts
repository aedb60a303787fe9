// Captures the SQL the real GET /api/v1/regions/{id}/children runs, by calling the server's own use
// cases (lookupSession, findRegionChildren) through a Drizzle instance that logs its queries. The
// yardstick's hand-written SQL is checked against this, so the comparison stays honest when the
// server's query changes.
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Db } from '../server/platform/db/client.js';
import { hashToken, lookupSession } from '../server/platform/auth/sessions.js';
import { findRegionChildren } from '../server/modules/regions/use-cases/find-regions.js';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export interface Captured {
  session: CapturedQuery[];
  children: CapturedQuery[];
  items: number;
}

export const normalizeSql = (s: string) => s.replace(/\s+/g, ' ').trim();

/** `cookie` is `sz_session=<token>` of a signed-in admin. */
export async function captureChildrenSql(databaseUrl: string, cookie: string, regionId: string): Promise<Captured> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let log: CapturedQuery[] = [];
  const db = drizzle(pool, {
    logger: { logQuery: (query: string, params: unknown[]) => void log.push({ sql: query, params }) },
  }) as unknown as Db;
  try {
    const token = cookie.replace(/^sz_session=/, '');
    const found = await lookupSession(db, token, { idleMinutes: 30, absoluteHours: 12 });
    if (found.status !== 'valid') throw new Error(`session ${hashToken(token).slice(0, 8)}… is ${found.status}`);
    const session = log;
    log = [];
    const page = await findRegionChildren(db, { requestId: 'bench', ip: '127.0.0.1', lang: 'zh', actor: found.actor }, regionId, { limit: 50 });
    return { session, children: log, items: page.items.length };
  } finally {
    await pool.end();
  }
}
