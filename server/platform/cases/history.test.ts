import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/sql.js';
import { useTestApp } from '../../test/harness.js';
import { makeDecidingApplication } from '../../modules/applications/application-factories.js';
import { addWorkingDays } from '../calendar/calendar.js';
import { caseTypeOf } from './define.js';
import { backdateCase, importArchivedCases } from './history.js';
import { cityIdOfCasePath, timeLimitOf } from './engine.js';

const ctx = useTestApp('admin', 'minzheng', 'weijian', 'shenqing');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;

describe('cases with a past (platform/cases/history.ts)', () => {
  it('backdateCase moves the steps and derives the case dates, its deadline and its assignments from them', async () => {
    const id = await makeDecidingApplication(app(), { applicant: ctx.as.shenqing, admin: ctx.as.admin, minzheng: ctx.as.minzheng, weijian: ctx.as.weijian });
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from case_steps where case_id = ${id}`);
    const day = 86_400_000;
    const times = Array.from({ length: n }, (_, k) => new Date(Date.UTC(2026, 9, 1, 2) + k * 3 * day));
    const def = caseTypeOf('application');
    await expect(backdateCase(db(), def, id, times.slice(1))).rejects.toThrow(/steps/);
    await backdateCase(db(), def, id, times);
    const steps = await rows<{ at: string }>(db(), sql`select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as at from case_steps where case_id = ${id} order by seq`);
    expect(steps.map((s) => s.at)).toEqual(times.map((t) => t.toISOString().slice(0, 16)));
    const [c] = await rows<{ created: string; entered: string; updated: string; due_on: string | null; state: string; variant: string; overdue: boolean; region_path: string }>(
      db(),
      sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as created, to_char(state_entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as entered, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as updated, due_on::text, state, variant, region_path, overdue_since is not null as overdue from cases where id = ${id}`,
    );
    expect(c.created).toBe(times[0].toISOString().slice(0, 16));
    expect(c.entered).toBe(times[n - 1].toISOString().slice(0, 16));
    expect(c.updated).toBe(c.entered);
    const limit = await timeLimitOf(db(), def, c.variant, c.state, await cityIdOfCasePath(db(), c.region_path));
    expect(limit).not.toBeNull();
    expect(c.due_on).toBe(await addWorkingDays(db(), times[n - 1].toISOString().slice(0, 10), limit!));
    expect(c.overdue).toBe(false);
    // The open assignment of the current state opened with the step that entered it.
    const open = await rows<{ opened: string }>(db(), sql`select to_char(opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as opened from case_assignments where case_id = ${id} and closed_at is null`);
    expect(open.length).toBeGreaterThan(0);
    for (const a of open) expect(a.opened).toBe(c.entered);
    // No assignment closes before it opened.
    const [{ bad }] = await rows<{ bad: number }>(db(), sql`select count(*)::int as bad from case_assignments where case_id = ${id} and closed_at < opened_at`);
    expect(bad).toBe(0);
  });

  it('importArchivedCases loads closed cases with their steps, dated and versioned by them', async () => {
    const [city] = await rows<{ path: string }>(db(), sql`select path from regions where level = 'city' order by depth limit 1`);
    const id = randomUUID();
    const at = (d: number) => new Date(Date.UTC(2019, 2, d, 2));
    await importArchivedCases(db(), [
      {
        id,
        caseType: 'serviceProject',
        number: `XMTEST${id.slice(0, 6)}`,
        title: '档案项目',
        state: 'closed',
        outcome: 'closed:good',
        regionPath: city.path,
        orgId: null,
        createdBy: null,
        steps: [
          { event: 'create', from: null, to: 'draft', actorName: '导入', at: at(1), comment: '从档案导入' },
          { event: 'submit', from: 'draft', to: 'proposed', actorName: '导入', at: at(5) },
          { event: 'close', from: 'proposed', to: 'closed', actorName: '导入', at: at(9) },
        ],
      },
    ]);
    const [c] = await rows<{ version: number; created: string; closed: string; state: string }>(db(), sql`select version, (created_at at time zone 'UTC')::date::text as created, (closed_at at time zone 'UTC')::date::text as closed, state from cases where id = ${id}`);
    expect(c).toEqual({ version: 4, created: '2019-03-01', closed: '2019-03-09', state: 'closed' });
    const steps = await rows<{ seq: number; event: string; comment: string | null }>(db(), sql`select seq, event, comment from case_steps where case_id = ${id} order by seq`);
    expect(steps).toEqual([
      { seq: 1, event: 'create', comment: '从档案导入' },
      { seq: 2, event: 'submit', comment: null },
      { seq: 3, event: 'close', comment: null },
    ]);
  });
});
