import { eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { ROLE_NAMES, type Role } from '../../../contracts/roles.js';
import type { ZCase, ZCaseSummary } from '../../../contracts/cases.js';
import { todayInChina, workingDaysLeft } from '../calendar/calendar.js';
import type { DbOrTx } from '../db/client.js';
import { AppError, notFound } from '../errors/app-error.js';
import { cases } from './cases.tables.js';
import { toIso } from '../db/sql.js';
import type { Lang } from '../errors/messages.js';
import { labelOf, type Actor } from '../http/context.js';
import { attachVerdict, canViewCase, isStaffOnCase, mayComment, mayCommentInternal } from './case-access.js';
import { participationsOf } from './participants.js';
import { allowedEvents, type AssignmentRow } from './engine.js';
import { caseTypeOf, type CaseRow, type CaseTypeDef } from './define.js';

export type CaseSummary = z.infer<typeof ZCaseSummary>;
export type CaseView = z.infer<typeof ZCase>;

/** The first step of every case's history is its creation, which no transition declares. */
export const CREATE_EVENT_NAMES = { zh: '创建', en: 'Created' } as const;

export function summarize(c: CaseRow, left: Map<string, number>, lang: Lang, today = todayInChina()): CaseSummary {
  const def = caseTypeOf(c.caseType);
  const open = !c.closedAt;
  return {
    id: c.id,
    caseType: c.caseType,
    caseTypeName: labelOf(def.names, lang),
    variant: c.variant,
    kindName: labelOf(def.variantNames?.[c.variant] ?? def.names, lang),
    number: c.number,
    title: c.title,
    state: c.state,
    stateName: labelOf(def.stateNames[c.state], lang) ?? c.state,
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

export async function summarizeAll(db: DbOrTx, list: CaseRow[], lang: Lang): Promise<CaseSummary[]> {
  const left = await workingDaysLeft(db, list.map((c) => (c.closedAt ? null : c.dueOn)));
  return list.map((c) => summarize(c, left, lang));
}

interface StepJson {
  seq: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorName: string;
  actingRole: string | null;
  departmentName: string | null;
  comment: string | null;
  input: Record<string, unknown> | null;
  attachmentIds: string[] | null;
  occurredAt: string;
}
interface AssignmentJson {
  id: string;
  caseId: string;
  state: string;
  kind: AssignmentRow['kind'];
  permission: AssignmentRow['permission'];
  departmentId: string | null;
  departmentName: string | null;
  task: string;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
}
interface AttachmentJson {
  id: string;
  fileId: string;
  item: string | null;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  current: boolean;
}
interface CommentJson {
  id: string;
  authorName: string;
  body: string;
  visibility: 'everyone' | 'staff';
  createdAt: string;
}

/**
 * The parts of a case file, each as one JSON array, so that the whole file is one statement: a case
 * page (and the answer to every act) used to cost seven round trips.
 */
function fileParts(caseId: SQL | string) {
  return {
    steps: sql<StepJson[]>`coalesce((select json_agg(json_build_object('seq', s.seq, 'event', s.event, 'fromState', s.from_state, 'toState', s.to_state, 'actorName', s.actor_name,
        'actingRole', s.acting_role, 'departmentName', d.short_name, 'comment', s.comment, 'input', s.input, 'attachmentIds', (select array_agg(x.attachment_id order by a.created_at, a.id) from case_step_attachments x join case_attachments a on a.id = x.attachment_id where x.step_id = s.id), 'occurredAt', s.occurred_at) order by s.seq)
      from case_steps s left join departments d on d.id = s.department_id where s.case_id = ${caseId}), '[]'::json)`,
    assignments: sql<AssignmentJson[]>`coalesce((select json_agg(json_build_object('id', a.id, 'caseId', a.case_id, 'state', a.state, 'kind', a.kind, 'permission', a.permission,
        'departmentId', a.department_id, 'departmentName', d.short_name, 'task', a.task, 'openedAt', a.opened_at, 'closedAt', a.closed_at, 'closedBy', a.closed_by) order by a.opened_at, a.id)
      from case_assignments a left join departments d on d.id = a.department_id where a.case_id = ${caseId}), '[]'::json)`,
    attachments: sql<AttachmentJson[]>`coalesce((select json_agg(json_build_object('id', a.id, 'fileId', a.file_id, 'item', a.item, 'name', f.original_name, 'mime', f.mime, 'size', f.size,
        'sha256', f.sha256, 'uploadedAt', a.created_at, 'current', a.superseded_at is null) order by a.created_at)
      from case_attachments a join files f on f.id = a.file_id where a.case_id = ${caseId}), '[]'::json)`,
    comments: sql<CommentJson[]>`coalesce((select json_agg(json_build_object('id', m.id, 'authorName', m.author_name, 'body', m.body, 'visibility', m.visibility, 'createdAt', m.created_at) order by m.created_at)
      from case_comments m where m.case_id = ${caseId}), '[]'::json)`,
  };
}

// PGlite hands json back as text where node-postgres parses it.
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const toAssignment = (a: AssignmentJson): AssignmentRow => ({
  id: a.id,
  caseId: a.caseId,
  state: a.state,
  kind: a.kind,
  permission: a.permission,
  departmentId: a.departmentId,
  task: a.task,
  openedAt: new Date(a.openedAt),
  closedAt: a.closedAt ? new Date(a.closedAt) : null,
  closedBy: a.closedBy,
});

// Built once per database and prepared by name: the same statement after every act and on every case page.
const caseFileQueries = new WeakMap<object, ReturnType<typeof buildCaseFileQuery>>();
const buildCaseFileQuery = (db: DbOrTx) =>
  db
    .select({ c: cases, ...fileParts(sql`${cases.id}`) })
    .from(cases)
    .where(eq(cases.id, sql.placeholder('id')))
    .prepare('case_file');
function caseFileQuery(db: DbOrTx) {
  let q = caseFileQueries.get(db);
  if (!q) caseFileQueries.set(db, (q = buildCaseFileQuery(db)));
  return q;
}

/**
 * The case file the actor may see, in one statement (case, assignments, history, files, comments), or
 * 404 — missing and forbidden look the same.
 */
export async function loadCaseFile(db: DbOrTx, actor: Actor | null, caseId: string, lang: Lang): Promise<CaseView> {
  const [row] = await caseFileQuery(db).execute({ id: caseId });
  if (!row) throw notFound('case');
  const def = caseTypeOf(row.c.caseType);
  const assignmentJson = parsed(row.assignments);
  const assignments = assignmentJson.map(toAssignment);
  if (!canViewCase(actor, def, row.c, assignments) && !(actor && canViewCase(actor, def, row.c, assignments, await participationsOf(db, caseId, actor.userId)))) {
    throw new AppError('not_found', { entity: 'case' }, undefined, { denied: true });
  }
  return composeCase(db, actor, row.c, def, assignments, { ...row, assignments: assignmentJson }, lang);
}

/** The whole case file as the actor may see it, with the actions they may take now. */
export async function presentCase(db: DbOrTx, actor: Actor | null, c: CaseRow, def: CaseTypeDef, assignments: AssignmentRow[], lang: Lang): Promise<CaseView> {
  const [row] = await db.select(fileParts(c.id)).from(sql`(select 1) one`);
  return composeCase(db, actor, c, def, assignments, row, lang);
}

async function composeCase(
  db: DbOrTx,
  actor: Actor | null,
  c: CaseRow,
  def: CaseTypeDef,
  assignments: AssignmentRow[],
  raw: { steps: StepJson[] | string; assignments: AssignmentJson[] | string; attachments: AttachmentJson[] | string; comments: CommentJson[] | string },
  lang: Lang,
): Promise<CaseView> {
  const [summary] = await summarizeAll(db, [c], lang);
  const staff = isStaffOnCase(actor, def, c, assignments);
  const departmentNames = new Map(parsed(raw.assignments).map((a) => [a.id, a.departmentName]));
  const eventName = (e: string) => (e === 'create' ? labelOf(CREATE_EVENT_NAMES, lang) : (labelOf(def.transitions.find((t) => t.event === e)?.names, lang) ?? e));
  const open = assignments.filter((a) => !a.closedAt);
  const events = allowedEvents(actor, def, c, open);
  const unique = [...new Map(events.map((t) => [t.event, t])).values()];
  return {
    ...summary,
    steps: parsed(raw.steps).map((s) => ({
      seq: s.seq,
      event: s.event,
      eventName: eventName(s.event),
      fromState: s.fromState,
      toState: s.toState,
      toStateName: labelOf(def.stateNames[s.toState], lang) ?? s.toState,
      actorName: s.actorName,
      actingRole: s.actingRole,
      actingRoleName: s.actingRole ? (labelOf(ROLE_NAMES[s.actingRole as Role], lang) ?? s.actingRole) : null,
      departmentName: s.departmentName,
      comment: s.comment,
      input: s.input,
      attachmentIds: s.attachmentIds ?? [],
      occurredAt: toIso(s.occurredAt)!,
    })),
    waitingOn: open.map((a) => ({ task: a.task, kind: a.kind, departmentName: departmentNames.get(a.id) ?? null, openedAt: toIso(a.openedAt)!, closedAt: null })),
    attachments: parsed(raw.attachments).map((a) => ({ ...a, uploadedAt: toIso(a.uploadedAt)! })),
    comments: parsed(raw.comments)
      .filter((m) => staff || m.visibility === 'everyone')
      .map((m) => ({ ...m, createdAt: toIso(m.createdAt)! })),
    abilities: {
      events: unique.map((t) => ({ event: t.event, name: labelOf(t.names, lang), commentRequired: !!t.commentRequired })),
      // The same rules the comment and attachment routes apply, so the web app shows only what they accept.
      comment: mayComment(actor, def, c),
      commentInternal: mayCommentInternal(actor, def, c, assignments),
      attach: attachVerdict(actor, def, c, assignments, null).ok,
    },
  };
}
