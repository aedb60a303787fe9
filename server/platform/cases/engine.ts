import { clockNow } from '../clock.js';
import { eq, sql, type SQL } from 'drizzle-orm';
import { ROLE_DEFINITIONS, ROLES, type Permission, type Role } from '../../../contracts/roles.js';
import { describeAuthority } from '../access/policy.js';
import { cityOfPath } from '../access/cities.js';
import { appendAudit, auditAppendCall, type AuditInput } from '../audit/audit.js';
import { addWorkingDays, todayInChina } from '../calendar/calendar.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { preparedRows, rows } from '../db/sql.js';
import { AppError, conflict, notFound } from '../errors/app-error.js';
import type { Actor, RequestContext } from '../http/context.js';
import { enabledChannels } from '../notify/notify.js';
import { cachedRef, invalidateRef } from '../db/ref-cache.js';
import { authorityFor, canViewCase, type AssignmentFacts } from './case-access.js';
import { participationsOf } from './participants.js';
import { caseAssignments, cases, caseSteps } from './cases.tables.js';
import { caseTypeOf, targetsOf, type Awaited, type CaseRow, type CaseTypeDef, type TransitionDef } from './define.js';

export type AssignmentRow = typeof caseAssignments.$inferSelect;

/** An assignment as json_agg writes it (snake_case, timestamps as text). */
interface RawAssignment {
  id: string;
  case_id: string;
  state: string;
  kind: AssignmentRow['kind'];
  permission: string | null;
  department_id: string | null;
  task: string;
  opened_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

function assignmentOf(a: RawAssignment): AssignmentRow {
  return {
    id: a.id,
    caseId: a.case_id,
    state: a.state,
    kind: a.kind,
    permission: a.permission,
    departmentId: a.department_id,
    task: a.task,
    openedAt: new Date(a.opened_at),
    closedAt: a.closed_at === null ? null : new Date(a.closed_at),
    closedBy: a.closed_by,
  };
}

const TIME_LIMITS_KEY = 'case-time-limits';

/**
 * The time limit of `state` in a city: that city's setting, else the type's default. Limits are a city's (issue 16
 * §3); `cityId` null (a case outside every city) takes the default.
 */
export async function timeLimitOf(tx: Tx | Db, def: CaseTypeDef, variant: string, state: string, cityId: string | null): Promise<number | null> {
  // The settings are a few rows read on every act: kept in memory, dropped by `invalidateTimeLimits`.
  const limits = await cachedRef(tx, TIME_LIMITS_KEY, async (d) => {
    const found = await rows<{ city_id: string; case_type: string; variant: string; state: string; working_days: number }>(
      d,
      sql`select city_id, case_type, variant, state, working_days from case_time_limits`,
    );
    return new Map(found.map((r) => [`${r.city_id}|${r.case_type}|${r.variant}|${r.state}`, r.working_days]));
  });
  if (cityId) {
    const days = limits.get(`${cityId}|${def.type}|${variant}|${state}`) ?? limits.get(`${cityId}|${def.type}|*|${state}`);
    if (days !== undefined) return days;
  }
  return (def.timeLimits as Record<string, number | undefined>)[state] ?? null;
}

/** The city a case's region lies in (its city-level ancestor, or the city itself), whose time limits it keeps. */
export async function cityIdOfCasePath(tx: Tx | Db, regionPath: string): Promise<string | null> {
  return (await cityOfPath(tx, regionPath))?.id ?? null;
}

/** Call in the transaction of every write to case_time_limits. */
export const invalidateTimeLimits = (tx: DbOrTx) => invalidateRef(tx, TIME_LIMITS_KEY);

async function dueOnFor(tx: Tx, def: CaseTypeDef, variant: string, state: string, regionPath: string): Promise<string | null> {
  if (def.terminal.includes(state)) return null;
  const days = await timeLimitOf(tx, def, variant, state, await cityIdOfCasePath(tx, regionPath));
  return days === null ? null : addWorkingDays(tx, todayInChina(), days);
}

async function nextNumber(tx: Tx, prefix: string): Promise<string> {
  const year = todayInChina().slice(0, 4);
  // Serialize numbering per prefix and year; the unique index is the backstop.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`case-number:${prefix}${year}`}))`);
  const [last] = await rows<{ number: string }>(tx, sql`select number from cases where number like ${`${prefix}${year}%`} order by number desc limit 1`);
  const n = last ? Number(last.number.slice(prefix.length + 4)) + 1 : 1;
  return `${prefix}${year}${String(n).padStart(5, '0')}`;
}

/** Users who hold `permission` over `regionPath` (region grants above it, or city-wide). */
function usersHolding(permission: Permission, regionPath: string): SQL {
  const scoped = ROLES.filter((r) => ROLE_DEFINITIONS[r].permissions.includes(permission) && ROLE_DEFINITIONS[r].scopeType === 'region');
  const global = ROLES.filter((r) => ROLE_DEFINITIONS[r].globalPermissions?.includes(permission));
  if (scoped.length === 0 && global.length === 0) return sql`select null::uuid as user_id where false`;
  return sql`select distinct g.user_id from role_grants g join users u on u.id = g.user_id and u.status = 'active'
        left join regions r on r.id = g.region_id
        where (g.role in (${sql.join([...global, '-'].map((r) => sql`${r}`), sql`, `)}))
           or (g.role in (${sql.join([...scoped, '-'].map((r) => sql`${r}`), sql`, `)}) and r.path is not null and ${regionPath} like r.path || '%')`;
}

function usersOfDepartment(departmentId: string, permission: Permission): SQL {
  const roles: Role[] = ROLES.filter((r) => ROLE_DEFINITIONS[r].scopeType === 'department' && ROLE_DEFINITIONS[r].permissions.includes(permission));
  if (roles.length === 0) return sql`select null::uuid as user_id where false`;
  return sql`select distinct g.user_id from role_grants g join users u on u.id = g.user_id and u.status = 'active'
        where g.department_id = ${departmentId} and g.role in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})`;
}

/** The case's owner and the active members of its org. */
function ownersOf(c: CaseRow): SQL {
  const owner = c.ownerUserId ? sql`select ${c.ownerUserId}::uuid as user_id` : sql`select null::uuid as user_id where false`;
  if (!c.orgId) return owner;
  return sql`${owner} union all select g.user_id from role_grants g join users u on u.id = g.user_id and u.status = 'active' where g.role = 'orgMember' and g.org_id = ${c.orgId}`;
}

function recipientsQuery(c: CaseRow, a: Awaited): SQL {
  if (a.kind === 'owner') return ownersOf(c);
  if (a.kind === 'permission') return usersHolding(a.permission, c.regionPath);
  return usersOfDepartment(a.departmentId, a.permission);
}

/** Who each awaited party is, for several parties in one query (a transition notifies two or three). */
export async function recipientsOfAll(tx: DbOrTx, c: CaseRow, parties: Awaited[]): Promise<string[][]> {
  if (parties.length === 0) return [];
  const found = await rows<{ k: number; user_id: string }>(tx, sql`select k, user_id::text as user_id from (${partiesSql(c, parties)}) x`);
  const out = parties.map(() => [] as string[]);
  for (const r of found) if (!out[r.k].includes(r.user_id)) out[r.k].push(r.user_id);
  return out;
}

/** (k, user_id) for each party k of `parties`: who they are now. */
function partiesSql(c: CaseRow, parties: Awaited[]): SQL {
  return sql.join(
    parties.map((a, i) => sql`select ${i}::int as k, r.user_id from (${recipientsQuery(c, a)}) r where r.user_id is not null`),
    sql` union all `,
  );
}

export async function recipientsOf(tx: DbOrTx, c: CaseRow, a: Awaited): Promise<string[]> {
  return (await recipientsOfAll(tx, c, [a]))[0];
}

/**
 * The parts of a statement that open the assignments of the state `c` has just entered and tell each party
 * what is waiting for them — as CTEs, so that a transition moves, records and notifies in one round trip.
 * `gate` names a CTE that returns a row only if the move happened (the version-checked update).
 */
function openingCtes(def: CaseTypeDef, c: CaseRow, awaited: Awaited[], actorUserId: string | null, gate: string | null): SQL[] {
  const ctes: SQL[] = [];
  const from = gate ? sql` cross join ${sql.identifier(gate)}` : sql``;
  if (awaited.length > 0) {
    const values = sql.join(
      awaited.map(
        (a) =>
          sql`(${c.id}::uuid, ${c.state}::text, ${a.kind}::text, ${a.kind === 'owner' ? null : a.permission}::text, ${a.kind === 'department' ? a.departmentId : null}::uuid, ${a.task}::text)`,
      ),
      sql`, `,
    );
    ctes.push(
      sql`opened as (insert into case_assignments (case_id, state, kind, permission, department_id, task)
        select v.case_id, v.state, v.kind, v.permission, v.department_id, v.task from (values ${values}) v(case_id, state, kind, permission, department_id, task)${from})`,
    );
  }
  const stateName = def.stateNames[c.state].zh;
  const due = c.dueOn ? `，请于 ${c.dueOn} 前办理` : '';
  const link = def.link(c);
  const messages = awaited.map((a) => ({ kind: 'case.awaiting', title: `待办：${c.title}`, body: `${def.names.zh} ${c.number} 已进入“${stateName}”，需要您${a.task}${due}。` }));
  // The owner always hears where the case stands, even when nothing is asked of them.
  const ownerHears = !awaited.some((a) => a.kind === 'owner');
  const parties: Awaited[] = ownerHears ? [...awaited, { kind: 'owner', task: '' }] : awaited;
  if (ownerHears) messages.push({ kind: 'case.progress', title: `办理进度：${c.title}`, body: `您的${def.names.zh} ${c.number} 现在处于“${stateName}”。` });
  const texts = sql.join(messages.map((m, i) => sql`(${i}::int, ${m.kind}::text, ${m.title}::text, ${m.body}::text)`), sql`, `);
  const notActor = actorUserId ? sql` where r.user_id <> ${actorUserId}::uuid` : sql``;
  ctes.push(
    sql`notes as (insert into notifications (user_id, kind, title, body, link, case_id)
      select r.user_id, m.kind, m.title, m.body, ${link}::text, ${c.id}::uuid
      from (select distinct k, user_id from (${partiesSql(c, parties)}) x) r join (values ${texts}) m(k, kind, title, body) on m.k = r.k${from}${notActor}
      returning id)`,
  );
  const channels = enabledChannels();
  if (channels.length > 0) {
    ctes.push(
      sql`outbox as (insert into notification_outbox (notification_id, channel) select n.id, ch.channel from notes n cross join (values ${sql.join(
        channels.map((ch) => sql`(${ch}::text)`),
        sql`, `,
      )}) ch(channel))`,
    );
  }
  return ctes;
}

/** Opens the assignments of the state just entered and tells each party what is waiting for them. */
async function openAssignments(tx: Tx, def: CaseTypeDef, c: CaseRow, actorUserId: string | null): Promise<void> {
  const awaited = await def.awaits(tx, c.state, c);
  await tx.execute(sql`with ${sql.join(openingCtes(def, c, awaited, actorUserId, null), sql`, `)} select 1`);
}

export interface OpenCaseInput {
  variant?: string;
  title: string;
  regionPath: string;
  ownerUserId?: string | null;
  orgId?: string | null;
  /**
   * Writes the module's details row once the case exists and before the first assignments open, for
   * types whose `awaits` reads those details (a project waits on the department named in them).
   */
  details?: (c: CaseRow) => Promise<void>;
}

/** Creates a case in the type's initial state, with its first history step and audit event. */
export async function openCase(tx: Tx, ctx: RequestContext, def: CaseTypeDef, input: OpenCaseInput, permission?: Permission): Promise<CaseRow> {
  const variant = input.variant ?? '*';
  const number = await nextNumber(tx, def.numberPrefix);
  const dueOn = await dueOnFor(tx, def, variant, def.initial, input.regionPath);
  const [c] = await tx
    .insert(cases)
    .values({ caseType: def.type, variant, number, title: input.title, state: def.initial, regionPath: input.regionPath, ownerUserId: input.ownerUserId ?? null, orgId: input.orgId ?? null, dueOn, createdBy: ctx.actor?.userId ?? null })
    .returning();
  const authority = ctx.actor ? describeAuthority(ctx.actor, permission) : { role: null };
  await tx.insert(caseSteps).values({ caseId: c.id, seq: 1, event: 'create', fromState: null, toState: c.state, actorUserId: ctx.actor?.userId ?? null, actorName: ctx.actor?.displayName ?? '系统', actingRole: authority.role });
  await appendAudit(tx, ctx, { action: 'case.create', permission, entityType: 'case', entityId: c.id, detail: { caseType: def.type, variant, number, state: c.state } });
  if (input.details) await input.details(c);
  await openAssignments(tx, def, c, ctx.actor?.userId ?? null);
  return c;
}

export interface FireInput {
  event: string;
  version: number;
  comment?: string;
  input?: unknown;
  attachmentIds?: string[];
}

export interface FireResult {
  caseRow: CaseRow;
  from: string;
  to: string;
  seq: number;
}


export async function assignmentsOf(tx: Tx | Db, caseId: string): Promise<AssignmentRow[]> {
  return tx.select().from(caseAssignments).where(eq(caseAssignments.caseId, caseId));
}

/** The events the actor may fire now; the UI shows exactly these (abilities), the engine enforces the same. */
export function allowedEvents(actor: Actor | null, def: CaseTypeDef, c: CaseRow, open: AssignmentFacts[]): TransitionDef<string>[] {
  return def.transitions.filter((t) => t.from.includes(c.state) && authorityFor(actor, t.by, c, open).ok && !t.guard?.(c));
}

/**
 * Fires one event: lock the case, check the version, ask the policy, validate, run the effect, move,
 * record the step, audit, recompute the deadline, and notify the next owners — one transaction.
 */
export async function fireTransition(db: Db, ctx: RequestContext, caseId: string, fire: FireInput): Promise<FireResult> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({
        c: cases,
        assignments: sql<RawAssignment[] | string>`(select coalesce(json_agg(a order by a.opened_at, a.id), '[]'::json) from case_assignments a where a.case_id = cases.id)`,
        // The row lock makes this the last step until commit, so the next one's number is known here.
        lastSeq: sql<number | string>`(select coalesce(max(s.seq), 0) from case_steps s where s.case_id = cases.id)`,
      })
      .from(cases)
      .where(eq(cases.id, sql.placeholder('id')))
      .for('update')
      .prepare('case_lock')
      .execute({ id: caseId });
    if (!locked) throw notFound('case');
    const c = locked.c;
    const def = caseTypeOf(c.caseType);
    // PGlite hands json back as text where node-postgres parses it.
    const all = (typeof locked.assignments === 'string' ? (JSON.parse(locked.assignments) as RawAssignment[]) : locked.assignments).map(assignmentOf);
    // Without a session only a public transition may be fired (the module's public route let the caller through).
    const visible = ctx.actor ? canViewCase(ctx.actor, def, c, all) : def.transitions.some((t) => t.by.kind === 'public' && t.event === fire.event);
    if (!visible) throw new AppError('not_found', { entity: 'case' }, undefined, { denied: true });
    const open = all.filter((a) => !a.closedAt);
    const stateName = def.stateNames[c.state]?.zh ?? c.state;
    if (c.version !== fire.version) throw conflict(c.version, { currentState: c.state, currentStateName: stateName });

    const candidates = def.transitions.filter((t) => t.event === fire.event && t.from.includes(c.state));
    if (candidates.length === 0) {
      const allowedHere = [...new Set(def.transitions.filter((t) => t.from.includes(c.state)).map((t) => t.event))];
      const known = def.transitions.some((t) => t.event === fire.event);
      const names = allowedHere.map((e) => `${e}（${def.transitions.find((t) => t.event === e)!.names.zh}）`).join('、') || '无';
      throw new AppError(
        'invalid_state',
        {
          reason: `${known ? '' : `没有名为 ${fire.event} 的操作。`}当前状态“${stateName}”下不能执行此操作；可执行的操作：${names}。`,
          reasonEn: `${known ? '' : `There is no action named ${fire.event}. `}This action is not possible in the state "${def.stateNames[c.state]?.en ?? c.state}"; possible actions: ${allowedHere.map((e) => `${e} (${def.transitions.find((t) => t.event === e)!.names.en})`).join(', ') || 'none'}.`,
        },
        undefined,
        { currentState: c.state, currentStateName: stateName, allowedEvents: allowedHere, currentVersion: c.version },
      );
    }
    const permitted = candidates.map((t) => ({ t, authority: authorityFor(ctx.actor, t.by, c, open) })).find((x) => x.authority.ok);
    if (!permitted) throw new AppError('forbidden', {}, undefined, { denied: true });
    const t = permitted.t;
    const departmentId = permitted.authority.ok ? permitted.authority.departmentId : undefined;
    const refusal = t.guard?.(c);
    if (refusal) throw new AppError('invalid_state', { reason: refusal.zh, reasonEn: refusal.en }, undefined, { currentState: c.state, currentStateName: stateName, currentVersion: c.version });

    const comment = fire.comment?.trim() || null;
    if (t.commentRequired && !comment) throw new AppError('validation', {}, [{ path: 'comment', message: '请填写意见或理由', messageEn: 'A comment is required' }]);
    let input: unknown = fire.input ?? {};
    if (t.input) {
      const parsed = t.input.safeParse(input);
      if (!parsed.success) {
        throw new AppError('validation', {}, parsed.error.issues.map((i) => ({ path: ['input', ...i.path.map(String)].join('.'), message: i.message })));
      }
      input = parsed.data;
    } else if (!isEmptyInput(fire.input)) {
      // Free-form data has no place in the record: what a step may carry is what its transition declares.
      throw new AppError('validation', {}, [{ path: 'input', message: '此操作不接受附加数据（input）', messageEn: 'This action takes no input' }]);
    }
    const attachmentIds = [...new Set(fire.attachmentIds ?? [])];
    if (attachmentIds.length > 0) {
      const found = await rows<{ n: number }>(tx, sql`select count(*)::int as n from case_attachments where case_id = ${c.id} and id in (${sql.join(attachmentIds.map((a) => sql`${a}::uuid`), sql`, `)})`);
      if (found[0].n !== attachmentIds.length) throw new AppError('validation', {}, [{ path: 'attachmentIds', message: '附件不属于本案件', messageEn: 'An attachment does not belong to this case' }]);
    }

    const effect = (await t.effect?.(tx, ctx, c, input)) ?? {};

    // The acting party's own assignment closes: the department that answered, or the role that acted.
    const by = t.by;
    const mine = open.find((a) =>
      by.kind === 'department' ? a.kind === 'department' && a.departmentId === departmentId : by.kind === 'owner' || by.kind === 'public' ? a.kind === 'owner' : a.kind === 'permission' && a.permission === by.permission,
    );
    const stillOpen = open.filter((a) => a.id !== mine?.id).length;
    const to = typeof t.to === 'string' ? t.to : t.to.choose({ openAssignments: stillOpen, effect });
    if (!targetsOf(t).includes(to)) throw new Error(`${def.type}.${t.event} chose undeclared state ${to}`);

    const moved = to !== c.state;
    const terminal = def.terminal.includes(to);
    const now = clockNow();
    const at = sql`${now.toISOString()}::timestamptz`;
    const dueOn = moved ? await dueOnFor(tx, def, c.variant, to, c.regionPath) : c.dueOn;
    const updated: CaseRow = {
      ...c,
      state: to,
      version: c.version + 1,
      updatedAt: now,
      ...(moved ? { stateEnteredAt: now, dueOn, overdueSince: null } : {}),
      ...(terminal ? { closedAt: now } : {}),
      ...(effect.orgId ? { orgId: effect.orgId } : {}),
      ...(effect.ownerUserId !== undefined ? { ownerUserId: effect.ownerUserId } : {}),
      ...(effect.outcome ? { outcome: effect.outcome } : {}),
      ...(effect.title ? { title: effect.title } : {}),
    };
    // Staying in the state with new parties named by the effect hands the case over (see EffectResult.awaits).
    const handover = !moved && effect.awaits !== undefined;
    const awaited = moved ? (effect.awaits ?? (await def.awaits(tx, to, updated))) : (effect.awaits ?? []);
    const permission = by.kind === 'owner' || by.kind === 'public' ? undefined : by.permission;
    const authority = ctx.actor ? describeAuthority(ctx.actor, permission) : { role: null };
    const actorId = ctx.actor?.userId ?? null;

    // One statement: close the assignments, move the case (version-checked), record the step, open the next
    // assignments and notify — each write gated on the move, which the row lock above makes certain.
    const ctes: SQL[] = [];
    // Leaving the state closes every open assignment, the actor's own as answered by them; staying closes only theirs.
    if ((moved || handover) && open.length > 0) {
      const closedBy = mine ? sql`case when id = ${mine.id}::uuid then ${actorId}::uuid end` : sql`null::uuid`;
      ctes.push(sql`closed as (update case_assignments set closed_at = ${at}, closed_by = ${closedBy} where case_id = ${c.id}::uuid and closed_at is null)`);
    } else if (mine) {
      ctes.push(sql`closed as (update case_assignments set closed_at = ${at}, closed_by = ${actorId}::uuid where id = ${mine.id}::uuid)`);
    }
    const sets: SQL[] = [sql`state = ${to}`, sql`version = ${c.version + 1}`, sql`updated_at = ${at}`];
    if (moved) sets.push(sql`state_entered_at = ${at}`, sql`due_on = ${dueOn}::date`, sql`overdue_since = null`);
    if (terminal) sets.push(sql`closed_at = ${at}`);
    if (effect.orgId) sets.push(sql`org_id = ${effect.orgId}::uuid`);
    if (effect.ownerUserId !== undefined) sets.push(sql`owner_user_id = ${effect.ownerUserId}::uuid`);
    if (effect.outcome) sets.push(sql`outcome = ${effect.outcome}`);
    if (effect.title) sets.push(sql`title = ${effect.title}`);
    ctes.push(sql`moved as (update cases set ${sql.join(sets, sql`, `)} where id = ${c.id}::uuid and version = ${c.version} returning id)`);
    (effect.writes ?? []).forEach((w, i) => ctes.push(sql`effect_${sql.raw(String(i))} as (${w})`));
    const stepInput = input && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : null;
    // The case row is locked, so no other step of this case can take the same number.
    const seq = Number(locked.lastSeq) + 1;
    ctes.push(
      sql`step as (insert into case_steps (case_id, seq, event, from_state, to_state, actor_user_id, actor_name, acting_role, department_id, comment, input, occurred_at)
        select ${c.id}::uuid, ${seq}::int, ${t.event}, ${c.state}, ${to}, ${actorId}::uuid, ${ctx.actor?.displayName ?? '公众'},
          ${authority.role}::text, ${departmentId ?? null}::uuid, ${comment}::text, ${stepInput}::jsonb, ${at} from moved returning id, seq)`,
    );
    if (attachmentIds.length) {
      const ids = sql`array[${sql.join(attachmentIds.map((a) => sql`${a}::uuid`), sql`, `)}]`;
      ctes.push(sql`step_attachments as (insert into case_step_attachments (step_id, attachment_id) select step.id, a from step, unnest(${ids}) a)`);
    }
    if (moved || handover) ctes.push(...openingCtes(def, updated, awaited, actorId, 'moved'));
    // The audit event in the same statement, gated on the step: one round trip fewer. It is the last statement
    // of the transaction, so the chain's lock (taken inside audit_append), which every transition in the city
    // queues on, is held only until the commit that follows.
    const audit = auditAppendCall(ctx, {
      action: 'case.transition',
      permission,
      entityType: 'case',
      entityId: c.id,
      changes: { state: { before: c.state, after: to } },
      detail: { caseType: def.type, number: c.number, event: t.event, seq, ...(departmentId ? { departmentId } : {}) },
    });
    ctes.push(sql`audited as (select ${audit} as ok from step)`);
    // Prepared per shape (the transition and who it notifies): PostgreSQL planned this statement for longer than it ran it.
    const [done] = await preparedRows<{ seq: number | null; audited: number }>(
      tx,
      'case_move',
      sql`with ${sql.join(ctes, sql`, `)} select (select seq from step) as seq, (select count(*)::int from audited) as audited`,
    );
    if (done?.seq == null) throw conflict(c.version + 1, { currentState: c.state });
    if (Number(done.audited) !== 1) throw new Error(`case ${c.id}: the transition's audit event was not written`);
    return { caseRow: updated, from: c.state, to, seq };
  });
}

/** Loads a case the actor may see, or 404 (missing and forbidden look the same). */
export async function loadVisibleCase(db: Db | Tx, actor: Actor | null, caseId: string): Promise<{ c: CaseRow; def: CaseTypeDef; assignments: AssignmentRow[] }> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case');
  const def = caseTypeOf(c.caseType);
  const assignments = await assignmentsOf(db, c.id);
  // Participants are read only when the usual rules say no, so the common path costs no extra query.
  if (!canViewCase(actor, def, c, assignments) && !(actor && canViewCase(actor, def, c, assignments, await participationsOf(db, c.id, actor.userId)))) {
    throw new AppError('not_found', { entity: 'case' }, undefined, { denied: true });
  }
  return { c, def, assignments };
}

/** Opens an extra assignment in the current state (a module effect adding a reviewer, say). */
export async function addAssignment(tx: Tx, caseId: string, state: string, a: Awaited): Promise<void> {
  await tx.insert(caseAssignments).values({ caseId, state, kind: a.kind, permission: a.kind === 'owner' ? null : a.permission, departmentId: a.kind === 'department' ? a.departmentId : null, task: a.task });
}

/** No input at all, or `{}` as a form with no fields sends. */
function isEmptyInput(input: unknown): boolean {
  return input === undefined || input === null || (typeof input === 'object' && !Array.isArray(input) && Object.keys(input).length === 0);
}

/** What an edit of a case's details hands back to the engine. */
export interface CaseEdit {
  /** The case's new title or region, when the edited details move them. */
  title?: string;
  regionPath?: string;
  /** The audit event of the edit (its entity is the case). */
  audit: Pick<AuditInput, 'action' | 'permission' | 'changes'>;
}

export interface EditCaseInput {
  caseType: string;
  /** The version the editor saw: another edit or a transition since then answers 409. */
  version: number;
  /** The entity a refused or missing case is reported as (404 either way: no one learns what they may not see). */
  entity: string;
  /** Whether the actor may edit this case at all; may read the module's own rows (which `edit` then reuses). */
  mayEdit: (tx: Tx, c: CaseRow) => boolean | Promise<boolean>;
  /** The module's writes to its own tables; runs after the checks, in the same transaction. */
  edit: (tx: Tx, c: CaseRow) => Promise<CaseEdit>;
}

/**
 * Edits a case's details — a draft, or an application under a one-time notice — in one transaction: the case row
 * locked, who may edit, the caller's version, the states the case type declares `editable`, the module's own
 * writes, the new version and one audit event. The one place besides fireTransition that changes a case row, so
 * no module bumps a case's version itself.
 */
export async function editCaseDetails(db: Db, ctx: RequestContext, caseId: string, input: EditCaseInput): Promise<{ version: number }> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!c || c.caseType !== input.caseType) throw new AppError('not_found', { entity: input.entity });
    if (!(await input.mayEdit(tx, c))) throw new AppError('not_found', { entity: input.entity }, undefined, { denied: true });
    if (c.version !== input.version) throw conflict(c.version, { currentState: c.state });
    const def = caseTypeOf(c.caseType);
    if (!def.editable?.states.includes(c.state)) {
      throw new AppError('invalid_state', { reason: def.editable?.refusal.zh ?? '该案件的内容不能修改。', reasonEn: def.editable?.refusal.en ?? 'The contents of this case cannot be changed.' }, undefined, { currentState: c.state });
    }
    const edit = await input.edit(tx, c);
    const version = c.version + 1;
    await tx
      .update(cases)
      .set({ version, updatedAt: clockNow(), ...(edit.title !== undefined ? { title: edit.title } : {}), ...(edit.regionPath !== undefined ? { regionPath: edit.regionPath } : {}) })
      .where(eq(cases.id, caseId));
    await appendAudit(tx, ctx, { ...edit.audit, entityType: 'case', entityId: caseId });
    return { version };
  });
}
