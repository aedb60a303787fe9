import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openTestDatabase } from '../../test/harness.js';
import type { Database } from './client.js';
import { preparedRows, rows } from './sql.js';

/**
 * `preparedRows` names a raw statement through Drizzle members that no documentation promises for this use
 * (sql.ts says which and why). These tests fail if they change shape: the members exist, our dialect builds the
 * text `db.execute` builds, the rows are those of `rows()`, a transaction's statement runs on its connection,
 * and on PostgreSQL the statement is prepared under its name, once per connection and shape.
 */

const isPostgres = inject('testDb').kind === 'postgres';

/** Every type whose parser differs between pg's defaults and Drizzle's (timestamps, dates, intervals stay text). */
const TYPED = sql`select 1::int as i, 2::bigint as big, 1.50::numeric as num, true as flag, '{"a":[1]}'::jsonb as doc,
  array['x','y']::text[] as tags, timestamptz '2026-12-01 08:00:00+08' as at, timestamp '2026-12-01 08:00:00' as local_at,
  date '2026-12-01' as day, interval '1 day 2 hours' as span, null::text as nothing, ${'参数'}::text as param`;

describe('preparedRows (named prepared statements through Drizzle)', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('uses Drizzle members that still have the shape it relies on', () => {
    const { db } = database;
    expect(typeof db._.session.prepareQuery).toBe('function');
    // The databases' dialect builds the same text and parameters as the one sql.ts builds names from.
    const query = sql`select ${1} as a where ${'x'} = ${'x'}`;
    expect(new PgDialect().sqlToQuery(query)).toEqual(db.execute(query).getQuery());
  });

  it('answers the rows rows() answers, with the same type parsers', async () => {
    const { db } = database;
    const prepared = await preparedRows<Record<string, unknown>>(db, 'sqltest_typed', TYPED);
    expect(prepared).toEqual(await rows(db, TYPED));
    expect(prepared[0]).toMatchObject({ i: 1, flag: true, doc: { a: [1] }, tags: ['x', 'y'], nothing: null, param: '参数' });
    // Drizzle's parsers keep timestamps and dates as the server's text (rows() and the DTOs' toIso rely on it).
    expect(typeof prepared[0].at).toBe('string');
    expect(new Date(prepared[0].at as string).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(prepared[0].day).toBe('2026-12-01');
    // A second call (the statement already prepared on PostgreSQL) answers the same.
    expect(await preparedRows(db, 'sqltest_typed', TYPED)).toEqual(prepared);
  });

  it('runs inside a transaction, on its connection', async () => {
    const { db } = database;
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local application_name = 'sqltest-in-tx'`);
      const [seen] = await preparedRows<{ name: string }>(tx, 'sqltest_tx', sql`select current_setting('application_name') as name`);
      expect(seen).toEqual({ name: 'sqltest-in-tx' });
      if (isPostgres) {
        const [viaRows] = await rows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
        const [viaPrepared] = await preparedRows<{ pid: number }>(tx, 'sqltest_pid', sql`select pg_backend_pid() as pid`);
        expect(viaPrepared).toEqual(viaRows);
      }
    });
  });

  it.skipIf(!isPostgres)('prepares one named statement per connection and SQL shape on PostgreSQL', async () => {
    const { db } = database;
    await db.transaction(async (tx) => {
      const byShape = (withFilter: boolean) =>
        preparedRows<{ n: number }>(tx, 'sqltest_shape', sql`select count(*)::int as n from generate_series(1, 10) g${withFilter ? sql` where g > ${5}` : sql``}`);
      expect(await byShape(false)).toEqual([{ n: 10 }]);
      expect(await byShape(true)).toEqual([{ n: 5 }]);
      expect(await byShape(true)).toEqual([{ n: 5 }]);
      const statements = await rows<{ name: string; statement: string }>(
        tx,
        sql`select name, statement from pg_prepared_statements where name like 'sqltest\\_shape\\_%' order by statement`,
      );
      expect(statements).toEqual([
        { name: expect.stringMatching(/^sqltest_shape_[0-9a-f]{16}$/), statement: 'select count(*)::int as n from generate_series(1, 10) g' },
        { name: expect.stringMatching(/^sqltest_shape_[0-9a-f]{16}$/), statement: 'select count(*)::int as n from generate_series(1, 10) g where g > $1' },
      ]);
      expect(statements[0].name).not.toBe(statements[1].name);
    });
  });
});
