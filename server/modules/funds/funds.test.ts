import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { rows } from '../../platform/db/sql.js';
import { systemContext } from '../../platform/http/context.js';
import { AppError } from '../../platform/errors/app-error.js';
import { call, expectProblem, failedFields, useTestApp } from '../../test/harness.js';
import { moveFunds } from './use-cases/move-funds.js';
import { importLedgerHistory } from './use-cases/import-ledger-history.js';
import { randomUUID } from 'node:crypto';
import { proposal } from '../projects/project-factories.js';

const ctx = useTestApp('admin', 'auditor', 'weijian', 'minzheng', 'xucun');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const WAN = 1_000_000;

interface FundBody {
  id: string;
  totalFen: number;
  linesBudgetFen: number;
  lines: { id: string; code: string; budgetFen: number; allocatedFen: number; unallocatedFen: number; availableFen: number; version: number; allocations: { id: string; departmentId: string; departmentName: string; budgetFen: number; availableFen: number; version: number }[] }[];
}

async function fund2026(session = ctx.as.admin): Promise<FundBody> {
  const list = await call(app(), session, 'GET', '/api/v1/funds?year=2026');
  expect(list.statusCode).toBe(200);
  const [summary] = list.json().items as { id: string }[];
  const res = await call(app(), session, 'GET', `/api/v1/funds/${summary.id}`);
  expect(res.statusCode).toBe(200);
  return res.json<FundBody>();
}

async function ledgerCount(): Promise<number> {
  const [r] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from fund_movements`);
  return r.n;
}

/** A throwaway allocation to move money on without disturbing the demo fund's figures other tests read. */
async function scratchAllocation(budgetFen: number): Promise<{ allocationId: string; lineId: string }> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const created = await call(app(), ctx.as.admin, 'POST', '/api/v1/funds', {
    year: 2030,
    name: `测试经费 ${suffix}`,
    totalFen: budgetFen,
    lines: [{ code: 'services', name: '购买服务', purpose: 'services', budgetFen }],
  });
  expect(created.statusCode).toBe(201);
  const line = created.json().lines[0] as { id: string };
  const [dept] = await rows<{ id: string }>(db(), sql`select id from departments where short_name = '民政局'`);
  const alloc = await call(app(), ctx.as.admin, 'POST', `/api/v1/fund-lines/${line.id}/allocations`, { departmentId: dept.id, budgetFen });
  expect(alloc.statusCode).toBe(200);
  return { allocationId: alloc.json().id as string, lineId: line.id };
}

/** A real project (a draft need of the office) for money to move for. */
async function projectCase(): Promise<string> {
  const [office] = await rows<{ id: string }>(db(), sql`select id from departments where short_name = '市委社工办'`);
  const res = await call(app(), ctx.as.admin, 'POST', '/api/v1/projects', await proposal(app(), { departmentId: office.id }));
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function move(m: Parameters<typeof moveFunds>[2]) {
  return db().transaction((tx) => moveFunds(tx, systemContext('test'), m));
}

/** The database's own message, under the query wrapper drizzle puts around it. */
async function dbRefuses(p: Promise<unknown>, pattern: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e as Error & { cause?: Error },
  );
  expect(err, 'the database accepted it').not.toBeNull();
  expect(`${err!.message} ${err!.cause?.message ?? ''}`).toMatch(pattern);
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('special funds: lines, allocations and the ledger', () => {
  it('shows the 2026 fund of 10 M yuan in two lines of 5 M, shared among the service departments', async () => {
    const fund = await fund2026();
    expect(fund.totalFen).toBe(1000 * WAN);
    expect(fund.linesBudgetFen).toBe(1000 * WAN);
    expect(fund.lines.map((l) => [l.code, l.budgetFen])).toEqual([
      ['cultivation', 500 * WAN],
      ['services', 500 * WAN],
    ]);
    const services = fund.lines.find((l) => l.code === 'services')!;
    expect(services.allocatedFen).toBe(services.allocations.reduce((n, a) => n + a.budgetFen, 0));
    expect(services.unallocatedFen).toBe(services.budgetFen - services.allocatedFen);
    expect(services.allocations.find((a) => a.departmentName === '卫健局')?.budgetFen).toBe(45 * WAN);

    const ledger = await call(app(), ctx.as.admin, 'GET', `/api/v1/funds/${fund.id}/ledger?limit=200&kind=allocate`);
    const items = ledger.json().items as { kind: string; amountFen: number; lineAvailableAfterFen: number }[];
    expect(items.filter((m) => m.kind === 'allocate').reduce((n, m) => n + m.amountFen, 0)).toBe(fund.lines.reduce((n, l) => n + l.allocatedFen, 0));
  });

  it('shows a department only its own shares, the auditor everything, and a town nothing', async () => {
    const mine = await fund2026(ctx.as.weijian);
    const all = mine.lines.flatMap((l) => l.allocations);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((a) => a.departmentName))).toEqual(new Set(['卫健局']));
    const audited = await fund2026(ctx.as.auditor);
    expect(audited.lines.flatMap((l) => l.allocations).length).toBeGreaterThan(10);
    expectProblem(await call(app(), ctx.as.xucun, 'GET', '/api/v1/funds'), 403, 'forbidden');
    const ledger = await call(app(), ctx.as.weijian, 'GET', `/api/v1/funds/${mine.id}/ledger`);
    expect(new Set((ledger.json().items as { departmentName: string }[]).map((m) => m.departmentName))).toEqual(new Set(['卫健局']));
  });

  it('changes an allocation through the ledger, refuses more than the line has left, and keeps version checks', async () => {
    const fund = await fund2026();
    const line = fund.lines.find((l) => l.code === 'services')!;
    const alloc = line.allocations.find((a) => a.departmentName === '卫健局')!;
    const before = await ledgerCount();
    const movesAudited = async () => (await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'fund.move' and entity_id = ${alloc.id}`))[0].n;
    const auditedBefore = await movesAudited();

    const tooMuch = await call(app(), ctx.as.admin, 'POST', `/api/v1/fund-lines/${line.id}/allocations`, { departmentId: alloc.departmentId, budgetFen: alloc.budgetFen + line.unallocatedFen + 1, version: alloc.version });
    expect(expectProblem(tooMuch, 409, 'insufficient_funds').detail).toContain('尚未分配');
    expect(await ledgerCount()).toBe(before);

    expectProblem(await call(app(), ctx.as.weijian, 'POST', `/api/v1/fund-lines/${line.id}/allocations`, { departmentId: alloc.departmentId, budgetFen: alloc.budgetFen + 1, version: alloc.version }), 403, 'forbidden');

    const ok = await call(app(), ctx.as.admin, 'POST', `/api/v1/fund-lines/${line.id}/allocations`, { departmentId: alloc.departmentId, budgetFen: alloc.budgetFen + 5 * WAN, version: alloc.version, note: '年中追加' });
    expect(ok.statusCode).toBe(200);
    expect(await ledgerCount()).toBe(before + 1);
    const stale = await call(app(), ctx.as.admin, 'POST', `/api/v1/fund-lines/${line.id}/allocations`, { departmentId: alloc.departmentId, budgetFen: alloc.budgetFen, version: alloc.version });
    expectProblem(stale, 409, 'conflict');

    const after = await fund2026();
    const lineAfter = after.lines.find((l) => l.code === 'services')!;
    expect(lineAfter.unallocatedFen).toBe(line.unallocatedFen - 5 * WAN);
    const [last] = (await call(app(), ctx.as.admin, 'GET', `/api/v1/funds/${fund.id}/ledger?limit=1`)).json().items as { kind: string; amountFen: number; note: string; actorName: string }[];
    expect(last).toMatchObject({ kind: 'allocate', amountFen: 5 * WAN, note: '年中追加', actorName: '社工办管理员' });
    // One move audited: the accepted allocation (the refused and the stale ones changed nothing).
    expect(await movesAudited()).toBe(auditedBefore + 1);
  });

  it('refuses a line budget below what is allocated, lines above the total, and a second fund of the same name', async () => {
    const fund = await fund2026();
    const line = fund.lines.find((l) => l.code === 'cultivation')!;
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/fund-lines/${line.id}`, { version: line.version, budgetFen: line.allocatedFen - 1 }), 409, 'insufficient_funds');
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/fund-lines/${line.id}`, { version: line.version, budgetFen: line.budgetFen + 1 }), 409, 'insufficient_funds');
    const renamed = await call(app(), ctx.as.admin, 'PATCH', `/api/v1/fund-lines/${line.id}`, { version: line.version, name: '社会组织培育奖补' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<FundBody>().lines.find((l) => l.id === line.id)).toMatchObject({ version: line.version + 1 });
    const bad = await call(app(), ctx.as.admin, 'POST', '/api/v1/funds', { year: 2027, name: '超额', totalFen: 100, lines: [{ code: 'a1', name: '甲', purpose: 'services', budgetFen: 101 }] });
    expect(failedFields(bad, 'validation')).toEqual(['lines']);
    const dup = await call(app(), ctx.as.admin, 'POST', '/api/v1/funds', { year: 2026, name: '2026 年度社会组织发展专项经费', totalFen: 100 });
    expectProblem(dup, 409, 'duplicate');
    expectProblem(await call(app(), ctx.as.minzheng, 'POST', '/api/v1/funds', { year: 2027, name: '部门自设', totalFen: 100 }), 403, 'forbidden');
  });

  it('reserves, commits and pays a project exactly, and never lets it spend what it does not hold', async () => {
    const { allocationId } = await scratchAllocation(100 * WAN);
    const project = await projectCase();
    const other = await projectCase();
    await move({ allocationId, kind: 'reserve', amountFen: 30 * WAN, projectId: project });
    await move({ allocationId, kind: 'reserve', amountFen: 60 * WAN, projectId: other });
    await move({ allocationId, kind: 'commit', amountFen: 50 * WAN, projectId: other });
    expect((await refused(move({ allocationId, kind: 'reserve', amountFen: 10 * WAN + 1, projectId: project }))).code).toBe('insufficient_funds');
    // The contract comes in under the budget: commit the value, give the rest back.
    await move({ allocationId, kind: 'commit', amountFen: 28 * WAN, projectId: project });
    expect((await refused(move({ allocationId, kind: 'release', amountFen: 2 * WAN + 1, projectId: project }))).code).toBe('insufficient_funds');
    await move({ allocationId, kind: 'release', amountFen: 2 * WAN, projectId: project });
    await move({ allocationId, kind: 'pay', amountFen: 11.2 * WAN, projectId: project });
    const refusedPay = await refused(move({ allocationId, kind: 'pay', amountFen: 16.8 * WAN + 1, projectId: project }));
    expect(refusedPay.params.reason).toContain('合同未付余额');
    const last = await move({ allocationId, kind: 'pay', amountFen: 16.8 * WAN, projectId: project });
    // 100 − the other project's 10 reserved and 50 committed − this one's 28 paid.
    expect(last.allocationAvailableAfterFen).toBe(12 * WAN);
    const [a] = await rows<{ budget_fen: string; reserved_fen: string; committed_fen: string; paid_fen: string }>(db(), sql`select * from fund_allocations where id = ${allocationId}`);
    expect([a.budget_fen, a.reserved_fen, a.committed_fen, a.paid_fen].map(Number)).toEqual([100 * WAN, 10 * WAN, 50 * WAN, 28 * WAN]);
  });

  it('is backed by the database: no bucket below zero even by hand, and the ledger cannot be edited', async () => {
    const { allocationId } = await scratchAllocation(WAN);
    await dbRefuses(db().execute(sql`update fund_allocations set reserved_fen = budget_fen + 1 where id = ${allocationId}`), /fund_allocations_amounts_ck/);
    await dbRefuses(db().execute(sql`update fund_lines set reserved_fen = -1 where id = (select line_id from fund_allocations where id = ${allocationId})`), /fund_lines_amounts_ck/);
    await dbRefuses(db().execute(sql`update fund_movements set amount_fen = 1 where allocation_id = ${allocationId}`), /append-only/);
    await dbRefuses(db().execute(sql`delete from fund_movements where allocation_id = ${allocationId}`), /append-only/);
  });

  it('lets exactly as many parallel reservations through as the balance allows', async () => {
    const { allocationId } = await scratchAllocation(7 * WAN);
    const projects = await Promise.all(Array.from({ length: 20 }, () => projectCase()));
    const results = await Promise.allSettled(projects.map((projectId) => move({ allocationId, kind: 'reserve', amountFen: WAN, projectId })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(7);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('insufficient_funds');
    const [a] = await rows<{ reserved_fen: string }>(db(), sql`select reserved_fen from fund_allocations where id = ${allocationId}`);
    expect(Number(a.reserved_fen)).toBe(7 * WAN);
  });

  it('keeps buckets equal to the ledger and never below zero, whatever sequence of movements is tried', async () => {
    const kinds = ['reserve', 'release', 'commit', 'decommit', 'pay'] as const;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ kind: fc.constantFrom(...kinds), amount: fc.integer({ min: 1, max: 40_000 }), project: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 25 }), async (steps) => {
        const { allocationId } = await scratchAllocation(100_000);
        const projects = [await projectCase(), await projectCase(), await projectCase()];
        for (const s of steps) {
          try {
            await move({ allocationId, kind: s.kind, amountFen: s.amount, projectId: projects[s.project] });
          } catch (err) {
            if (!(err instanceof AppError) || err.code !== 'insufficient_funds') throw err;
          }
        }
        const [a] = await rows<{ budget_fen: string; reserved_fen: string; committed_fen: string; paid_fen: string }>(db(), sql`select * from fund_allocations where id = ${allocationId}`);
        const [sum] = await rows<{ reserved: string; committed: string; paid: string }>(
          db(),
          sql`select coalesce(sum(case kind when 'reserve' then amount_fen when 'release' then -amount_fen when 'commit' then -amount_fen else 0 end), 0)::text as reserved,
                     coalesce(sum(case kind when 'commit' then amount_fen when 'decommit' then -amount_fen when 'pay' then -amount_fen else 0 end), 0)::text as committed,
                     coalesce(sum(case kind when 'pay' then amount_fen else 0 end), 0)::text as paid
              from fund_movements where allocation_id = ${allocationId}`,
        );
        expect([a.reserved_fen, a.committed_fen, a.paid_fen].map(Number)).toEqual([sum.reserved, sum.committed, sum.paid].map(Number));
        for (const v of [a.reserved_fen, a.committed_fen, a.paid_fen]) expect(Number(v)).toBeGreaterThanOrEqual(0);
        expect(Number(a.reserved_fen) + Number(a.committed_fen) + Number(a.paid_fen)).toBeLessThanOrEqual(Number(a.budget_fen));
      }),
      { numRuns: 15 },
    );
  });

  it('draws the flows for a Sankey chart that balance at every department', async () => {
    const fund = await fund2026();
    const res = await call(app(), ctx.as.admin, 'GET', `/api/v1/funds/${fund.id}/flows`);
    expect(res.statusCode).toBe(200);
    const { nodes, links } = res.json<{ nodes: { id: string; kind: string }[]; links: { source: string; target: string; valueFen: number }[] }>();
    const ids = new Set(nodes.map((n) => n.id));
    for (const l of links) expect(ids.has(l.source) && ids.has(l.target)).toBe(true);
    const out = (id: string) => links.filter((l) => l.source === id).reduce((n, l) => n + l.valueFen, 0);
    const into = (id: string) => links.filter((l) => l.target === id).reduce((n, l) => n + l.valueFen, 0);
    expect(out(`fund:${fund.id}`)).toBe(fund.linesBudgetFen);
    for (const n of nodes.filter((x) => x.kind === 'department' || x.kind === 'line' || x.kind === 'project')) expect(out(n.id)).toBe(into(n.id));
    expect(nodes.filter((x) => x.kind === 'project').length).toBeGreaterThan(10);
  });
});

describe('the 123X catalog', () => {
  it('is readable by every signed-in user and edited by the office only', async () => {
    const res = await call(app(), ctx.as.xucun, 'GET', '/api/v1/catalog');
    expect(res.statusCode).toBe(200);
    const catalog = res.json<{ categories: { tier: string; code: string; id: string; version: number }[]; domains: { code: string }[] }>();
    const tiers = catalog.categories.map((c) => c.tier);
    expect(tiers.filter((t) => t === 'core')).toHaveLength(1);
    expect(tiers.filter((t) => t === 'brand')).toHaveLength(2);
    expect(tiers.filter((t) => t === 'basic')).toHaveLength(3);
    expect(tiers.indexOf('featured')).toBeGreaterThan(tiers.lastIndexOf('basic'));
    expect(catalog.domains.map((d) => d.code)).toEqual(expect.arrayContaining(['children', 'elderly', 'corrections', 'publicEmployeeMentalHealth', 'petitions', 'minorities', 'mediation']));
    expectProblem(await call(app(), null, 'GET', '/api/v1/catalog'), 401, 'unauthenticated');

    const body = { code: 'featured.wasteSorting', tier: 'featured', name: '垃圾分类宣传项目' };
    expectProblem(await call(app(), ctx.as.weijian, 'POST', '/api/v1/catalog/categories', body), 403, 'forbidden');
    const created = await call(app(), ctx.as.admin, 'POST', '/api/v1/catalog/categories', body);
    expect(created.statusCode).toBe(201);
    expectProblem(await call(app(), ctx.as.admin, 'POST', '/api/v1/catalog/categories', body), 409, 'duplicate');
    expect(failedFields(await call(app(), ctx.as.admin, 'POST', '/api/v1/catalog/categories', { ...body, code: 'Bad Code' }), 'validation')).toEqual(['code']);
    const id = created.json().id as string;
    const retired = await call(app(), ctx.as.admin, 'PATCH', `/api/v1/catalog/categories/${id}`, { version: 1, retired: true });
    expect(retired.json()).toMatchObject({ retired: true, version: 2 });
    expectProblem(await call(app(), ctx.as.admin, 'PATCH', `/api/v1/catalog/categories/${id}`, { version: 1, name: '旧版本' }), 409, 'conflict');
  });
});

describe('a past year loaded from the archives (importLedgerHistory)', () => {
  it('works the buckets and balances out from the ledger, and refuses a ledger that overdraws a share, writing nothing', async () => {
    const [dept] = await rows<{ id: string; city_id: string }>(db(), sql`select id, city_id from departments order by sort_order limit 1`);
    const history = (payAgain: boolean) => {
      const fundId = randomUUID();
      const lineId = randomUUID();
      const allocationId = randomUUID();
      const m = (kind: 'allocate' | 'reserve' | 'commit' | 'pay', amountFen: number) => ({ id: randomUUID(), allocationId, kind, amountFen, projectId: null, note: kind, at: new Date('2019-05-01T02:00:00Z') });
      return {
        fund: { id: fundId, cityId: dept.city_id, year: 1999, name: `档案年度 ${fundId.slice(0, 6)}`, totalFen: 100 * WAN },
        lines: [{ id: lineId, code: 'services', name: '购买服务', purpose: 'services' as const, budgetFen: 80 * WAN }],
        allocations: [{ id: allocationId, lineId, departmentId: dept.id }],
        movements: [m('allocate', 50 * WAN), m('reserve', 30 * WAN), m('commit', 20 * WAN), m('pay', 20 * WAN), ...(payAgain ? [m('pay', 1)] : [])],
        actorId: null,
      };
    };
    const good = history(false);
    await importLedgerHistory(db(), good);
    const [share] = await rows<{ budget_fen: string; reserved_fen: string; committed_fen: string; paid_fen: string }>(db(), sql`select budget_fen::text, reserved_fen::text, committed_fen::text, paid_fen::text from fund_allocations where id = ${good.allocations[0].id}`);
    expect(share).toEqual({ budget_fen: String(50 * WAN), reserved_fen: String(10 * WAN), committed_fen: '0', paid_fen: String(20 * WAN) });
    const after = await rows<{ a: string; l: string }>(db(), sql`select allocation_available_after_fen::text as a, line_available_after_fen::text as l from fund_movements where fund_id = ${good.fund.id} order by seq`);
    expect(after.map((r) => Number(r.a))).toEqual([50, 20, 20, 20].map((w) => w * WAN));
    expect(after.map((r) => Number(r.l))).toEqual([80, 50, 50, 50].map((w) => w * WAN));

    const bad = history(true);
    const before = await ledgerCount();
    await expect(importLedgerHistory(db(), bad)).rejects.toMatchObject({ code: 'insufficient_funds' });
    expect(await ledgerCount()).toBe(before);
    expect(await rows(db(), sql`select 1 from funds where id = ${bad.fund.id}`)).toEqual([]);
  });
});
