import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, login, useTestApp } from '../../test/harness.js';
import { appendAudit, verifyAuditChain } from './audit.js';
import { systemContext } from '../http/context.js';
import { rows } from '../db/sql.js';
import { canonicalJson, GENESIS_HASH, hashEvent } from './canonical.js';

const ctx = useTestApp('admin');

describe('canonical hashing', () => {
  it('is independent of key order and changes with any field', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    const e = { seq: 1, id: 'i', occurredAt: new Date(0), actorUserId: null, actorUsername: 'a', actingRole: null, scope: null, action: 'x', entityType: null, entityId: null, outcome: 'success', changes: null, detail: null, requestId: null, ip: null };
    expect(hashEvent(GENESIS_HASH, e)).not.toBe(hashEvent(GENESIS_HASH, { ...e, actorUsername: 'b' }));
    expect(hashEvent(GENESIS_HASH, e)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the audit trail', () => {
  it('records a change with who, role, scope, before/after and request id, and the chain verifies', async () => {
    const grid = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/regions?level=grid&limit=1`)).json().items[0];
    const res = await call(ctx.t.app, ctx.as.admin, 'PATCH', `/api/v1/regions/${grid.id}`, { version: grid.version, name: '审计网格' }, { 'x-request-id': 'req-audit-test-1' });
    expect(res.statusCode).toBe(200);
    const events = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/audit/events?entityType=region&entityId=${grid.id}`)).json().items;
    expect(events[0]).toMatchObject({
      action: 'region.update',
      actionName: '修改区域',
      entityName: '审计网格',
      actorUsername: 'admin',
      actingRole: 'officeAdmin',
      scope: '海宁市',
      outcome: 'success',
      requestId: 'req-audit-test-1',
      changes: { name: { before: grid.name, after: '审计网格' } },
    });
    const verify = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/audit/verify')).json();
    expect(verify).toMatchObject({ ok: true, firstBroken: null });
    expect(verify.checked).toBeGreaterThanOrEqual(3);
  });

  it('never writes passwords to the trail', async () => {
    const created = await call(ctx.t.app, ctx.as.admin, 'POST', '/api/v1/users', { username: 'secretive', displayName: '保密', password: 'Secret-Pass-2026', grants: [] });
    expect(created.statusCode).toBe(201);
    await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/users/${created.json().id}/reset-password`, { password: 'Secret-Pass-2027' });
    const all = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/audit/events?limit=100')).json();
    expect(JSON.stringify(all)).not.toContain('Secret-Pass');
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit events', async () => {
    const failure = async (query: ReturnType<typeof sql>) => {
      try {
        await ctx.t.app.database.db.execute(query);
        return 'succeeded';
      } catch (err) {
        const e = err as Error & { cause?: Error };
        return `${e.message} ${e.cause?.message ?? ''}`;
      }
    };
    expect(await failure(sql`update audit_events set actor_username = 'mallory' where seq = 1`)).toMatch(/append-only: UPDATE refused/);
    expect(await failure(sql`delete from audit_events where seq = 1`)).toMatch(/append-only: DELETE refused/);
    expect(await failure(sql`truncate audit_events`)).toMatch(/append-only: TRUNCATE refused/);
  });

  it('concurrent appends never fork the chain', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.t.app.database.db.transaction(async (tx) => appendAudit(tx, systemContext(`concurrent-${i}`), { action: 'system.seed', detail: { i } })),
      ),
    );
    const [stats] = await rows<{ events: number; links: number; maxSeq: number }>(
      ctx.t.app.database.db,
      sql`select count(*)::int as events, count(distinct prev_hash)::int as links, max(seq)::int as "maxSeq" from audit_events`,
    );
    // every event links to a different predecessor and the sequence has no gaps
    expect(stats.links).toBe(stats.events);
    expect(stats.maxSeq).toBe(stats.events);
    expect((await verifyAuditChain(ctx.t.app.database.db)).ok).toBe(true);
  });

  it('links events the database numbers to the same hash the application computes, whatever the text', async () => {
    // The database hashes the content the application wrote; any difference in bytes would break verification.
    const texts = ['许村镇“养老”服务中心', 'a"b\\c\nd\t', '😀 emoji and \u2028 line separator', 'ünïcødé', ''];
    await ctx.t.app.database.db.transaction(async (tx) => {
      for (const t of texts) await appendAudit(tx, systemContext(`text-${t.length}`), { action: 'system.seed', entityId: t, detail: { t, nested: { list: [t, 1, null, true] } } });
    });
    const [last] = await rows<{ seq: number; entity_id: string }>(ctx.t.app.database.db, sql`select seq::int as seq, entity_id from audit_events order by seq desc limit 1`);
    expect(last.entity_id).toBe('');
    expect(await verifyAuditChain(ctx.t.app.database.db)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('names the first broken event when someone with database access tampers with one', async () => {
    const db = ctx.t.app.database.db;
    const target = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/audit/events?limit=5')).json().items[3];
    // Only a superuser can do this; the point is that verification notices.
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await db.execute(sql`update audit_events set actor_username = 'mallory' where seq = ${target.seq}`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const verify = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/audit/verify')).json();
    expect(verify.ok).toBe(false);
    expect(verify.firstBroken).toMatchObject({ seq: target.seq, id: target.id });
  });

  it('only auditors and office administrators may read the trail', async () => {
    const auditor = await login(ctx.t.app, 'auditor');
    expect((await call(ctx.t.app, auditor, 'GET', '/api/v1/audit/events')).statusCode).toBe(200);
    const xucun = await login(ctx.t.app, 'xucun');
    expectProblem(await call(ctx.t.app, xucun, 'GET', '/api/v1/audit/events'), 403, 'forbidden');
    expectProblem(await call(ctx.t.app, xucun, 'GET', '/api/v1/audit/verify'), 403, 'forbidden');
  });
});
