import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ROLE_NAMES, type Role } from '../../../contracts/roles.js';
import type { ZCase, ZCaseSummary } from '../../../contracts/cases.js';
import { todayInChina, workingDaysLeft } from '../calendar/calendar.js';
import type { Db, DbOrTx } from '../db/client.js';
import { rows, toIso } from '../db/sql.js';
import type { Actor } from '../http/context.js';
import { isStaffOnCase } from './case-access.js';
import { allowedEvents, type AssignmentRow } from './engine.js';
import { caseTypeOf, type CaseRow, type CaseTypeDef } from './define.js';

export type CaseSummary = z.infer<typeof ZCaseSummary>;
export type CaseView = z.infer<typeof ZCase>;

export function summarize(c: CaseRow, left: Map<string, number>, today = todayInChina()): CaseSummary {
  const def = caseTypeOf(c.caseType);
  const open = !c.closedAt;
  return {
    id: c.id,
    caseType: c.caseType,
    caseTypeName: def.names.zh,
    variant: c.variant,
    number: c.number,
    title: c.title,
    state: c.state,
    stateName: def.stateNames[c.state]?.zh ?? c.state,
    outcome: c.outcome,
    orgId: c.orgId,
    dueOn: c.dueOn,
    workingDaysLeft: open && c.dueOn ? (left.get(c.dueOn) ?? null) : null,
    overdue: open && !!c.dueOn && c.dueOn < today,
    createdAt: toIso(c.createdAt)!,
    updatedAt: toIso(c.updatedAt)!,
    closedAt: toIso(c.closedAt),
    version: c.version,
    link: def.link(c),
  };
}

export async function summarizeAll(db: DbOrTx, list: CaseRow[]): Promise<CaseSummary[]> {
  const left = await workingDaysLeft(db, list.map((c) => (c.closedAt ? null : c.dueOn)));
  return list.map((c) => summarize(c, left));
}

/** The whole case file as the actor may see it, with the actions they may take now. */
export async function presentCase(db: Db, actor: Actor | null, c: CaseRow, def: CaseTypeDef, assignments: AssignmentRow[]): Promise<CaseView> {
  const [summary] = await summarizeAll(db, [c]);
  const staff = isStaffOnCase(actor, def, c, assignments);
  const steps = await rows<{ seq: number; event: string; from_state: string | null; to_state: string; actor_name: string; acting_role: string | null; department_name: string | null; comment: string | null; input: Record<string, unknown> | null; attachment_ids: string[]; occurred_at: Date | string }>(
    db,
    sql`select s.seq, s.event, s.from_state, s.to_state, s.actor_name, s.acting_role, d.short_name as department_name, s.comment, s.input, s.attachment_ids, s.occurred_at
        from case_steps s left join departments d on d.id = s.department_id where s.case_id = ${c.id} order by s.seq`,
  );
  const departmentNames = new Map(
    (await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments where id in (select department_id from case_assignments where case_id = ${c.id})`)).map((d) => [d.id, d.short_name]),
  );
  const attachments = await rows<{ id: string; file_id: string; item: string | null; original_name: string; mime: string; size: number; sha256: string; created_at: Date | string; superseded_at: Date | string | null }>(
    db,
    sql`select a.id, a.file_id, a.item, f.original_name, f.mime, f.size::int as size, f.sha256, a.created_at, a.superseded_at
        from case_attachments a join files f on f.id = a.file_id where a.case_id = ${c.id} order by a.created_at`,
  );
  const comments = await rows<{ id: string; author_name: string; body: string; visibility: 'everyone' | 'staff'; created_at: Date | string }>(
    db,
    sql`select id, author_name, body, visibility, created_at from case_comments where case_id = ${c.id} ${staff ? sql`` : sql`and visibility = 'everyone'`} order by created_at`,
  );
  const eventName = (e: string) => (e === 'create' ? '创建' : (def.transitions.find((t) => t.event === e)?.names.zh ?? e));
  const open = assignments.filter((a) => !a.closedAt);
  const events = allowedEvents(actor, def, c, open);
  const unique = [...new Map(events.map((t) => [t.event, t])).values()];
  const terminal = def.terminal.includes(c.state);
  return {
    ...summary,
    steps: steps.map((s) => ({
      seq: s.seq,
      event: s.event,
      eventName: eventName(s.event),
      fromState: s.from_state,
      toState: s.to_state,
      toStateName: def.stateNames[s.to_state]?.zh ?? s.to_state,
      actorName: s.actor_name,
      actingRole: s.acting_role,
      actingRoleName: s.acting_role ? (ROLE_NAMES[s.acting_role as Role]?.zh ?? s.acting_role) : null,
      departmentName: s.department_name,
      comment: s.comment,
      input: s.input,
      attachmentIds: s.attachment_ids ?? [],
      occurredAt: toIso(s.occurred_at)!,
    })),
    waitingOn: open.map((a) => ({ task: a.task, kind: a.kind, departmentName: a.departmentId ? (departmentNames.get(a.departmentId) ?? null) : null, openedAt: toIso(a.openedAt)!, closedAt: null })),
    attachments: attachments.map((a) => ({ id: a.id, fileId: a.file_id, item: a.item, name: a.original_name, mime: a.mime, size: a.size, sha256: a.sha256, uploadedAt: toIso(a.created_at)!, current: !a.superseded_at })),
    comments: comments.map((m) => ({ id: m.id, authorName: m.author_name, body: m.body, visibility: m.visibility, createdAt: toIso(m.created_at)! })),
    abilities: {
      events: unique.map((t) => ({ event: t.event, name: t.names.zh, commentRequired: !!t.commentRequired })),
      comment: !terminal && !!actor,
      commentInternal: staff,
      attach: !terminal && !!actor,
    },
  };
}
