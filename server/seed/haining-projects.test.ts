import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PROJECT_STATES } from '../../contracts/projects/lifecycle.js';
import { rows } from '../platform/db/sql.js';
import { useTestApp } from '../test/harness.js';

const ctx = useTestApp();
const db = () => ctx.t.app.database.db;

describe('Haining demo projects', () => {
  it('has about 60 projects in the demo year in every stage, and 217 closed ones in 2016–2025', async () => {
    const [{ year }] = await rows<{ year: number }>(db(), sql`select max(year) as year from funds`);
    const byState = await rows<{ state: string; n: number }>(db(), sql`select c.state, count(*)::int as n from service_projects p join cases c on c.id = p.case_id where p.year = ${year} group by 1`);
    expect(byState.reduce((n, s) => n + s.n, 0)).toBe(60);
    for (const s of PROJECT_STATES) expect(byState.find((x) => x.state === s)?.n ?? 0, s).toBeGreaterThan(0);
    const [history] = await rows<{ n: number; closed: number; years: number }>(
      db(),
      sql`select count(*)::int as n, count(*) filter (where c.state = 'closed')::int as closed, count(distinct p.year)::int as years from service_projects p join cases c on c.id = p.case_id where p.year < ${year}`,
    );
    expect(history).toEqual({ n: 217, closed: 217, years: 10 });
  });

  it('schedules the three meetings of the demo year and publishes those already held, with minutes', async () => {
    const [{ year }] = await rows<{ year: number }>(db(), sql`select max(year) as year from funds`);
    const meetings = await rows<{ kind: string; y: number; held: boolean; published: boolean; minutes: boolean; projects: number }>(
      db(),
      sql`select kind, extract(year from starts_at at time zone 'Asia/Shanghai')::int as y, starts_at < now() as held, published_at is not null as published,
                 minutes is not null as minutes, (select count(*)::int from project_meeting_projects a where a.meeting_id = project_meetings.id) as projects from project_meetings order by starts_at`,
    );
    expect(meetings.filter((m) => m.y === year).map((m) => m.kind)).toEqual(['launchBriefing', 'supervisionMeeting', 'evaluationBriefing']);
    expect(meetings.filter((m) => m.y === year - 1).map((m) => m.kind)).toEqual(['evaluationBriefing']);
    for (const m of meetings) {
      expect(m.projects).toBeGreaterThan(0);
      // Held: minutes written and on the portal. Ahead: scheduled, nothing published yet.
      expect({ published: m.published, minutes: m.minutes }).toEqual({ published: m.held, minutes: m.held });
    }
    const audited = await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'meeting.create'`);
    expect(audited[0].n).toBe(meetings.length);
  });

  it('keeps every allocation and line equal to its ledger, and every closed project paid in full', async () => {
    const off = await rows<{ id: string }>(
      db(),
      sql`select a.id from fund_allocations a left join lateral (
            select coalesce(sum(case kind when 'allocate' then amount_fen else 0 end), 0) as budget,
                   coalesce(sum(case kind when 'reserve' then amount_fen when 'release' then -amount_fen when 'commit' then -amount_fen else 0 end), 0) as reserved,
                   coalesce(sum(case kind when 'commit' then amount_fen when 'decommit' then -amount_fen when 'pay' then -amount_fen else 0 end), 0) as committed,
                   coalesce(sum(case kind when 'pay' then amount_fen else 0 end), 0) as paid
            from fund_movements m where m.allocation_id = a.id) l on true
          where (a.budget_fen, a.reserved_fen, a.committed_fen, a.paid_fen) is distinct from (l.budget, l.reserved, l.committed, l.paid)`,
    );
    expect(off).toEqual([]);
    const lines = await rows<{ id: string }>(
      db(),
      sql`select l.id from fund_lines l left join lateral (
            select coalesce(sum(budget_fen), 0) as b, coalesce(sum(reserved_fen), 0) as r, coalesce(sum(committed_fen), 0) as c, coalesce(sum(paid_fen), 0) as p from fund_allocations a where a.line_id = l.id) s on true
          where (l.allocated_fen, l.reserved_fen, l.committed_fen, l.paid_fen) is distinct from (s.b, s.r, s.c, s.p)`,
    );
    expect(lines).toEqual([]);
    const unpaid = await rows<{ id: string }>(
      db(),
      sql`select c.id from cases c join project_contracts k on k.project_id = c.id where c.state = 'closed' and c.outcome <> 'closed:fail'
          and k.value_fen <> (select coalesce(sum(amount_fen), 0) from fund_movements m where m.project_id = c.id and m.kind = 'pay')`,
    );
    expect(unpaid).toEqual([]);
  });
});
