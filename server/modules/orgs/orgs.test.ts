import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, regionByCode, useTestApp } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { checkCreditCode, checkResidentId } from '../../../contracts/identifiers.js';
import type { LightMyRequestResponse } from 'fastify';

/** The fields a 422 names, in order: a refusal must say which input was wrong, not only that one was. */
const failedFields = (res: LightMyRequestResponse, code?: string) => ((expectProblem(res, 422, code) as unknown as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

const ctx = useTestApp('admin', 'xucun', 'auditor');

describe('the registry of social organizations', () => {
  it('holds 521 demo organizations of every type with valid credit codes and sealed personal data', async () => {
    const db = ctx.t.app.database.db;
    // The registry's 521, not counting those the demo applications registered through the engine.
    const [stats] = await rows<{ n: number; types: number; towns: number }>(
      db,
      sql`select count(*)::int as n, count(distinct type)::int as types, count(distinct town_id)::int as towns from orgs where id not in (select org_id from org_changes where kind in ('establishment', 'filing'))`,
    );
    expect(stats).toEqual({ n: 521, types: 4, towns: 12 });
    const codes = await rows<{ credit_code: string; legal_rep_id_sealed: string }>(db, sql`select credit_code, legal_rep_id_sealed from orgs where credit_code is not null`);
    for (const c of codes) expect(checkCreditCode(c.credit_code), c.credit_code).toBeNull();
    expect(codes.every((c) => c.legal_rep_id_sealed.startsWith('v1.aes.') && !/\d{17}/.test(c.legal_rep_id_sealed))).toBe(true);
    expect(checkResidentId(ctx.t.app.pii.decrypt(codes[0].legal_rep_id_sealed))).toBeNull();
  });

  it('finds organizations by a Chinese substring, best match first, with filters and keyset pages', async () => {
    const res = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs?q=${encodeURIComponent('养老')}&limit=5`)).json();
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items.every((o: { name: string }) => o.name.includes('养老'))).toBe(true);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { items: { id: string }[]; nextCursor: string | null } = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs?q=${encodeURIComponent('协会')}&limit=7${cursor ? `&cursor=${cursor}` : ''}`)).json();
      all.push(...p.items.map((o: { id: string }) => o.id));
      cursor = p.nextCursor;
    } while (cursor);
    const [{ n }] = await rows<{ n: number }>(ctx.t.app.database.db, sql`select count(*)::int as n from orgs where name like '%协会%' and status in ('active','changing')`);
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    const foundations = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/orgs?type=foundation')).json();
    expect(foundations.items.length).toBe(5);
  });

  it('filters by town given as its id, its code or its name, here and in the public directory; an unknown town finds nothing', async () => {
    const xc = await regionByCode(ctx.t.app, '330481101');
    const [{ n }] = await rows<{ n: number }>(ctx.t.app.database.db, sql`select count(*)::int as n from orgs where town_id = ${xc.id} and status in ('active','changing')`);
    expect(n).toBeGreaterThan(0);
    for (const town of [xc.id, '330481101', '许村镇']) {
      const staff = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs?town=${encodeURIComponent(town)}&limit=100`)).json();
      expect(staff.items.length).toBe(Math.min(n, 100));
      expect(staff.items.every((o: { townName: string }) => o.townName === '许村镇')).toBe(true);
      const pub = (await call(ctx.t.app, null, 'GET', `/api/v1/public/orgs?town=${encodeURIComponent(town)}&limit=5`)).json();
      expect(pub.items.length).toBe(Math.min(n, 5));
      expect(pub.items.every((o: { townName: string }) => o.townName === '许村镇')).toBe(true);
    }
    expect((await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs?town=${encodeURIComponent('不存在镇')}`)).json().items).toEqual([]);
  });

  it('masks personal data in every response, and reveals it only with a reason, audited', async () => {
    const row = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/orgs?type=serviceAgency&limit=1')).json().items[0];
    // Directory rows carry no personal data at all; the detail carries it masked.
    for (const secret of ['legalRepIdNumber', 'legalRepPhone', 'contactPhone', 'contactName']) expect(row).not.toHaveProperty(secret);
    expect(row.legalRepName).toEqual(expect.any(String));
    const org = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs/${row.id}`)).json();
    expect(org.legalRepIdNumber).toMatch(/^330481\*{8}\d{3}[\dX]$/);
    expect(org.legalRepPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(org.abilities.revealPersonalData).toBe(true);
    expect(failedFields(await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/orgs/${org.id}/reveal`, { fields: ['legalRepIdNumber'], reason: '' }))).toEqual(['reason']);
    const revealed = await call(ctx.t.app, ctx.as.admin, 'POST', `/api/v1/orgs/${org.id}/reveal`, { fields: ['legalRepIdNumber', 'legalRepPhone'], reason: '核对年检材料' });
    expect(revealed.statusCode).toBe(200);
    expect(checkResidentId(revealed.json().legalRepIdNumber)).toBeNull();
    expect(revealed.json().legalRepIdNumber.slice(-4)).toBe(org.legalRepIdNumber.slice(-4));
    const trail = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/audit/events?action=org.revealPersonalData&entityId=${org.id}`)).json().items;
    expect(trail[0]).toMatchObject({ actorUsername: 'admin', detail: { reason: '核对年检材料', fields: ['legalRepIdNumber', 'legalRepPhone'] } });
    expect(JSON.stringify(trail)).not.toContain(revealed.json().legalRepIdNumber);
  });

  it('the auditor reads everything but may not reveal; a town user sees only their town', async () => {
    const org = (await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/orgs?limit=1')).json().items[0];
    expect((await call(ctx.t.app, ctx.as.auditor, 'GET', `/api/v1/orgs/${org.id}`)).json().abilities.revealPersonalData).toBe(false);
    expectProblem(await call(ctx.t.app, ctx.as.auditor, 'POST', `/api/v1/orgs/${org.id}/reveal`, { fields: ['legalRepPhone'], reason: '审计抽查' }), 403, 'forbidden');
    const xc = await regionByCode(ctx.t.app, '330481101');
    const mine = (await call(ctx.t.app, ctx.as.xucun, 'GET', '/api/v1/orgs?limit=100')).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o: { townId: string }) => o.townId === xc.id)).toBe(true);
    const [other] = await rows<{ id: string }>(ctx.t.app.database.db, sql`select id from orgs where town_id <> ${xc.id} limit 1`);
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/orgs/${other.id}`), 404, 'not_found');
    expectProblem(await call(ctx.t.app, ctx.as.xucun, 'POST', `/api/v1/orgs/${other.id}/reveal`, { fields: ['legalRepPhone'], reason: '查看一下' }), 403);
  });

  it('the public directory needs no login and shows only public fields of organizations in existence', async () => {
    const res = await call(ctx.t.app, null, 'GET', `/api/v1/public/orgs?q=${encodeURIComponent('基金会')}`);
    expect(res.statusCode).toBe(200);
    const item = res.json().items[0];
    expect(item).toMatchObject({ type: 'foundation', typeName: '基金会' });
    for (const secret of ['legalRepIdNumber', 'legalRepPhone', 'contactPhone', 'legalRepName', 'registeredCapitalFen']) expect(item).not.toHaveProperty(secret);
    const [gone] = await rows<{ id: string }>(ctx.t.app.database.db, sql`select id from orgs where status = 'deregistered' limit 1`);
    expectProblem(await call(ctx.t.app, null, 'GET', `/api/v1/public/orgs/${gone.id}`), 404);
    expectProblem(await call(ctx.t.app, null, 'GET', '/api/v1/orgs'), 401);
  });
});
