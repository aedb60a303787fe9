// Issue 16 §3: each city keeps its own promised step limits — applications' and projects' alike — as data with a
// page. The office reads and changes its own city's (a 409 when someone changed one meanwhile), another city's is
// 404, a town's staff read them only; the engine gives a city's new cases its limits, not another city's.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { caseTypeOf } from '../../platform/cases/define.js';
import { timeLimitOf } from '../../platform/cases/engine.js';
import { call, expectProblem, failedFields, useTestApp, type Session } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';

const ctx = useTestApp('admin');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;

interface Limit {
  caseType: string;
  caseTypeName: string;
  variant: string;
  variantName: string | null;
  state: string;
  stateName: string;
  defaultDays: number | null;
  days: number | null;
  own: boolean;
}

const limitsOf = async (s: Session, cityId: string) => {
  const res = await call(app(), s, 'GET', `/api/v1/cities/${cityId}/time-limits`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Limit[]; manageable: boolean }>();
};
const planned = (items: Limit[]) => items.find((l) => l.caseType === 'serviceProject' && l.state === 'planned')!;

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('a city’s step time limits', () => {
  it('lists every case type’s limited steps with names, defaults and what the city runs on', async () => {
    const { items, manageable } = await limitsOf(ctx.as.admin, tx.haining.id);
    expect(manageable).toBe(true);
    expect(planned(items)).toMatchObject({ caseTypeName: expect.any(String), variant: '*', variantName: null, stateName: expect.any(String), defaultDays: 20, days: 20, own: false });
    // Applications are limited per kind (成立登记 …), each named.
    const establishment = items.filter((l) => l.caseType === 'application' && l.variant === 'establishment');
    expect(establishment.length).toBeGreaterThan(0);
    expect(establishment.every((l) => l.variantName && l.stateName && l.days !== null)).toBe(true);
    // Terminal states have no limit.
    expect(items.some((l) => l.caseType === 'serviceProject' && l.state === 'closed')).toBe(false);
  });

  it('is read by the city’s own people only: another city’s office gets 404, a town’s staff may not change it', async () => {
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/cities/${tx.haining.id}/time-limits`), 404);
    const town = await limitsOf(tx.town, tx.city.id);
    expect(town.manageable).toBe(false);
    const change = { changes: [{ caseType: 'serviceProject', variant: '*', state: 'planned', expectedDays: 20, workingDays: 25 }] };
    expectProblem(await call(app(), tx.town, 'PUT', `/api/v1/cities/${tx.city.id}/time-limits`, change), 403);
    expectProblem(await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.haining.id}/time-limits`, change), 404);
  });

  it('changes Tongxiang’s own limit, audited, leaving Haining’s; the engine gives Tongxiang’s cases the new one', async () => {
    const res = await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/time-limits`, { changes: [{ caseType: 'serviceProject', variant: '*', state: 'planned', expectedDays: 20, workingDays: 25 }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(planned(res.json<{ items: Limit[] }>().items)).toMatchObject({ days: 25, own: true, defaultDays: 20 });
    expect(planned((await limitsOf(ctx.as.admin, tx.haining.id)).items)).toMatchObject({ days: 20, own: false });
    const def = caseTypeOf('serviceProject');
    expect(await timeLimitOf(db(), def, '*', 'planned', tx.city.id)).toBe(25);
    expect(await timeLimitOf(db(), def, '*', 'planned', tx.haining.id)).toBe(20);
    const [audit] = await rows<{ changes: Record<string, { before: number; after: number }>; actor_username: string }>(
      db(),
      sql`select changes, actor_username from audit_events where action = 'city.timeLimits' order by seq desc limit 1`,
    );
    expect(audit).toEqual({ actor_username: 'tx_admin', changes: { 'serviceProject.*.planned': { before: 20, after: 25 } } });
  });

  it('refuses a change made on a stale reading (409, nothing saved), an unknown step and a bad number (422)', async () => {
    const stale = await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/time-limits`, {
      changes: [
        { caseType: 'serviceProject', variant: '*', state: 'proposed', expectedDays: 10, workingDays: 12 },
        { caseType: 'serviceProject', variant: '*', state: 'planned', expectedDays: 20, workingDays: 30 },
      ],
    });
    expectProblem(stale, 409, 'stale');
    const now = (await limitsOf(tx.admin, tx.city.id)).items;
    expect(planned(now).days).toBe(25);
    expect(now.find((l) => l.caseType === 'serviceProject' && l.state === 'proposed')).toMatchObject({ days: 10, own: false });
    expect(failedFields(await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/time-limits`, { changes: [{ caseType: 'serviceProject', variant: '*', state: 'closed', expectedDays: null, workingDays: 3 }] }), 'validation')).toEqual(['changes.0']);
    expect(failedFields(await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/time-limits`, { changes: [{ caseType: 'serviceProject', variant: '*', state: 'planned', expectedDays: 25, workingDays: -1 }] }), 'validation')).toEqual(['changes.0.workingDays']);
  });

  it('returns a step to the platform’s default', async () => {
    const res = await call(app(), tx.admin, 'PUT', `/api/v1/cities/${tx.city.id}/time-limits`, { changes: [{ caseType: 'serviceProject', variant: '*', state: 'planned', expectedDays: 25, workingDays: null }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(planned(res.json<{ items: Limit[] }>().items)).toMatchObject({ days: 20, own: false });
    expect(await timeLimitOf(db(), caseTypeOf('serviceProject'), '*', 'planned', tx.city.id)).toBe(20);
  });
});
