// The yardstick for GET /api/v1/regions/{id}/children: plain Fastify + a pg.Pool of 10 connections,
// one route that runs exactly the SQL the real endpoint runs for the children of one town — without
// the session lookup, the parent lookup, zod validation and serialization, and the presenter.
// bench/run.ts checks CHILDREN_SQL against the SQL captured from the server's own use case.
//
// Run alone: DATABASE_URL=postgres://postgres@127.0.0.1:5432/db TOWN_ID=<uuid> SCOPE_PATH=/<city id>/ \
//   PORT=3100 node --import tsx bench/yardstick.ts
import Fastify from 'fastify';
import pg from 'pg';

/**
 * Copied from server/modules/regions/regions.queries.ts (selectRegions) as pageOf() fills it in for the
 * admin (officeAdmin holds region.read scoped to the city, so the scope is a path range, not `true`).
 * Checked by bench/run.ts against the SQL captured from the server's own use case; when it is stale,
 * run.ts passes the captured SQL in YARDSTICK_SQL and says so.
 */
export const CHILDREN_SQL = `select r.id, r.parent_id, r.name, r.code, r.level, r.kind, r.path, r.depth, r.retired_at, r.retire_reason, r.version,
          r.child_count, r.community_count, r.grid_count
        from regions r
        where r.parent_id = $1 and r.retired_at is null and ((r.path ~>=~ $2 and r.path ~<~ ($3 || '~'))) and true
        order by r.code, r.id
        limit $4`;

/** The parameters the real endpoint binds: the town, the admin's scope (the city's path) twice, limit + 1. */
export const childrenParams = (townId: string, scopePath: string): unknown[] => [townId, scopePath, scopePath, 51];

async function main() {
  const { DATABASE_URL, TOWN_ID, SCOPE_PATH, SQL_PARAMS, YARDSTICK_SQL } = process.env;
  if (!DATABASE_URL || !(SQL_PARAMS || (TOWN_ID && SCOPE_PATH))) throw new Error('DATABASE_URL and SQL_PARAMS (a JSON array) or TOWN_ID and SCOPE_PATH are required');
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
  const app = Fastify({ logger: false });
  const text = YARDSTICK_SQL || CHILDREN_SQL;
  const params = SQL_PARAMS ? (JSON.parse(SQL_PARAMS) as unknown[]) : childrenParams(TOWN_ID!, SCOPE_PATH!);

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/children', async () => {
    const { rows } = await pool.query(text, params);
    return { items: rows };
  });

  const shutdown = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  await app.listen({ port: Number(process.env.PORT ?? 3100), host: process.env.HOST ?? '127.0.0.1' });
  process.stdout.write('yardstick is running\n');
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`yardstick failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
