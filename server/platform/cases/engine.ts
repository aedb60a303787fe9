import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { ROLE_DEFINITIONS, ROLES, type Permission, type Role } from '../../../contracts/roles.js';
import { describeAuthority } from '../access/policy.js';
import { appendAudit } from '../audit/audit.js';
import { addWorkingDays, todayInChina } from '../calendar/calendar.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { rows } from '../db/sql.js';
import { AppError, conflict, notFound } from '../errors/app-error.js';
import type { Actor, RequestContext } from '../http/context.js';
import { notifyMany } from '../notify/notify.js';
import { cachedRef, invalidateRef } from '../db/ref-cache.js';
import { authorityFor, canViewCase, type AssignmentFacts } from './case-access.js';
import { caseAssignments, caseAttachments, cases, caseSteps, caseTimeLimits } from './cases.tables.js';
import { caseTypeOf, targetsOf, type Awaited, type CaseRow, type CaseTypeDef, type TransitionDef } from './define.js';

export type AssignmentRow = typeof caseAssignments.$inferSelect;

const TIME_LIMITS_KEY = 'case-time-limits';

/** The time limit of `state` for this case: the administrator's setting, else the type's default. */
export async function timeLimitOf(tx: Tx | Db, def: CaseTypeDef, variant: string, state: string): Promise<number | null> {
  // The settings are a few rows read on every act: kept in memory, dropped by `invalidateTimeLimits`.
  const limits = await cachedRef(tx, TIME_LIMITS_KEY, async (d) => {
    const found = await rows<{ case_type: string; variant: string; state: string; working_days: number }>(d, sql`select case_type, variant, state, working_days from case_time_limits`);
    return new Map(found.map((r) => [`${r.case_type}|${r.variant}|${r.state}`, r.working_days]));
  });
  const days = limits.get(`${def.type}|${variant}|${state}`) ?? limits.get(`${def.type}|*|${state}`);
  if (days !== undefined) return days;
  return (def.timeLimits as Record<string, number | undefined>)[state] ?? null;
}

/** Call in the transaction of every write to case_time_limits. */
export const invalidateTimeLimits = (tx: DbOrTx) => invalidateRef(tx, TIME_LIMITS_KEY);

async function dueOnFor(tx: Tx, def: CaseTypeDef, variant: string, state: string): Promise<string | null> {
  if (def.terminal.includes(state)) return null;
  const days = await timeLimitOf(tx, def, variant, state);
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
  const found = await rows<{ k: number; user_id: string }>(
    tx,
    sql.join(
      parties.map((a, i) => sql`select ${i}::int as k, r.user_id::text as user_id from (${recipientsQuery(c, a)}) r where r.user_id is not null`),
      sql` union all `,
    ),
  );
  const out = parties.map(() => [] as string[]);
  for (const r of found) if (!out[r.k].includes(r.user_id)) out[r.k].push(r.user_id);
  return out;
}

export async function recipientsOf(tx: DbOrTx, c: CaseRow, a: Awaited): Promise<string[]> {
  return (await recipientsOfAll(tx, c, [a]))[0];
}

/** Opens the assignments of the state just entered and tells each party what is waiting for them. */
async function openAssignments(tx: Tx, def: CaseTypeDef, c: CaseRow, actorUserId: string | null): Promise<void> {
  const awaited = await def.awaits(tx, c.state, c);
  if (awaited.length > 0) {
    await tx.insert(caseAssignments).values(
      awaited.map((a) => ({
        caseId: c.id,
        state: c.state,
        kind: a.kind,
        permission: a.kind === 'owner' ? null : a.permission,
        departmentId: a.kind === 'department' ? a.departmentId : null,
        task: a.task,
      })),
    );
  }
  const stateName = def.stateNames[c.state].zh;
  const due = c.dueOn ? `，请于 ${c.dueOn} 前办理` : '';
  // The owner always hears where the case stands, even when nothing is asked of them.
  const ownerHears = !awaited.some((a) => a.kind === 'owner');
  const parties: Awaited[] = ownerHears ? [...awaited, { kind: 'owner', task: '' }] : awaited;
  const to = await recipientsOfAll(tx, c, parties);
  const others = (i: number) => to[i].filter((u) => u !== actorUserId);
  await notifyMany(tx, [
    ...awaited.map((a, i) => ({
      userIds: others(i),
      input: { kind: 'case.awaiting', title: `待办：${c.title}`, body: `${def.names.zh} ${c.number} 已进入“${stateName}”，需要您${a.task}${due}。`, link: def.link(c), caseId: c.id },
    })),
    ...(ownerHears
      ? [{ userIds: others(awaited.length), input: { kind: 'case.progress', title: `办理进度：${c.title}`, body: `您的${def.names.zh} ${c.number} 现在处于“${stateName}”。`, link: def.link(c), caseId: c.id } }]
      : []),
  ]);
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
  const dueOn = await dueOnFor(tx, def, variant, def.initial);
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

async function openAssignmentsOf(tx: Tx | Db, caseId: string): Promise<AssignmentRow[]> {
  return tx.select().from(caseAssignments).where(and(eq(caseAssignments.caseId, caseId), isNull(caseAssignments.closedAt)));
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
    const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
    if (!c) throw notFound('case');
    const def = caseTypeOf(c.caseType);
    const all = await assignmentsOf(tx, c.id);
    if (!canViewCase(ctx.actor, def, c, all)) throw new AppError('not_found', { entity: 'case' }, undefined, { denied: true });
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
        { reason: `${known ? '' : `没有名为 ${fire.event} 的操作。`}当前状态“${stateName}”下不能执行此操作；可执行的操作：${names}。` },
        undefined,
        { currentState: c.state, currentStateName: stateName, allowedEvents: allowedHere, currentVersion: c.version },
      );
    }
    const permitted = candidates.map((t) => ({ t, authority: authorityFor(ctx.actor, t.by, c, open) })).find((x) => x.authority.ok);
    if (!permitted) throw new AppError('forbidden', {}, undefined, { denied: true });
    const t = permitted.t;
    const departmentId = permitted.authority.ok ? permitted.authority.departmentId : undefined;
    const refusal = t.guard?.(c);
    if (refusal) throw new AppError('invalid_state', { reason: refusal }, undefined, { currentState: c.state, currentStateName: stateName, currentVersion: c.version });

    const comment = fire.comment?.trim() || null;
    if (t.commentRequired && !comment) throw new AppError('validation', {}, [{ path: 'comment', message: '请填写意见或理由', messageEn: 'A comment is required' }]);
    let input: unknown = fire.input ?? {};
    if (t.input) {
      const parsed = t.input.safeParse(input);
      if (!parsed.success) {
        throw new AppError('validation', {}, parsed.error.issues.map((i) => ({ path: ['input', ...i.path.map(String)].join('.'), message: i.message })));
      }
      input = parsed.data;
    }
    const attachmentIds = [...new Set(fire.attachmentIds ?? [])];
    if (attachmentIds.length > 0) {
      const found = await rows<{ n: number }>(tx, sql`select count(*)::int as n from case_attachments where case_id = ${c.id} and id in (${sql.join(attachmentIds.map((a) => sql`${a}::uuid`), sql`, `)})`);
      if (found[0].n !== attachmentIds.length) throw new AppError('validation', {}, [{ path: 'attachmentIds', message: '附件不属于本案件', messageEn: 'An attachment does not belong to this case' }]);
    }

    const effect = (await t.effect?.(tx, ctx, c, input)) ?? {};

    // The acting party's own assignment closes: the department that answered, or the role that acted.
    const mine = open.find((a) =>
      t.by.kind === 'department' ? a.kind === 'department' && a.departmentId === departmentId : t.by.kind === 'owner' ? a.kind === 'owner' : a.kind === 'permission' && a.permission === t.by.permission,
    );
    const stillOpen = open.filter((a) => a.id !== mine?.id).length;
    const to = typeof t.to === 'string' ? t.to : t.to.choose({ openAssignments: stillOpen, effect });
    if (!targetsOf(t).includes(to)) throw new Error(`${def.type}.${t.event} chose undeclared state ${to}`);

    const moved = to !== c.state;
    const terminal = def.terminal.includes(to);
    // Leaving the state closes every open assignment, the actor's own as answered by them; staying closes only theirs.
    if (moved && open.length > 0) {
      const closedBy = mine ? sql`case when ${caseAssignments.id} = ${mine.id} then ${ctx.actor!.userId}::uuid end` : null;
      await tx.update(caseAssignments).set({ closedAt: new Date(), closedBy }).where(and(eq(caseAssignments.caseId, c.id), isNull(caseAssignments.closedAt)));
    } else if (mine) {
      await tx.update(caseAssignments).set({ closedAt: new Date(), closedBy: ctx.actor!.userId }).where(eq(caseAssignments.id, mine.id));
    }
    const dueOn = moved ? await dueOnFor(tx, def, c.variant, to) : c.dueOn;
    const now = new Date();
    const [updated] = await tx
      .update(cases)
      .set({
        state: to,
        version: c.version + 1,
        updatedAt: now,
        ...(moved ? { stateEnteredAt: now, dueOn, overdueSince: null } : {}),
        ...(terminal ? { closedAt: now } : {}),
        ...(effect.orgId ? { orgId: effect.orgId } : {}),
        ...(effect.ownerUserId !== undefined ? { ownerUserId: effect.ownerUserId } : {}),
        ...(effect.outcome ? { outcome: effect.outcome } : {}),
        ...(effect.title ? { title: effect.title } : {}),
      })
      .where(and(eq(cases.id, c.id), eq(cases.version, c.version)))
      .returning();
    if (!updated) throw conflict(c.version + 1, { currentState: c.state });

    const permission = t.by.kind === 'owner' ? undefined : t.by.permission;
    const authority = describeAuthority(ctx.actor!, permission);
    // The case row is locked, so no other step of this case can take the same number.
    const [{ seq }] = await tx
      .insert(caseSteps)
      .values({
      caseId: c.id,
      seq: sql`(select coalesce(max(seq), 0) + 1 from case_steps where case_id = ${c.id})`,
      event: t.event,
      fromState: c.state,
      toState: to,
      actorUserId: ctx.actor!.userId,
      actorName: ctx.actor!.displayName,
      actingRole: authority.role,
      departmentId: departmentId ?? null,
      comment,
      input: input && typeof input === 'object' && Object.keys(input).length > 0 ? input : null,
      attachmentIds,
    })
      .returning({ seq: caseSteps.seq });
    if (moved) await openAssignments(tx, def, updated, ctx.actor!.userId);
    // Last: the audit append takes the chain's lock, which every transition in the city queues on until
    // this transaction commits — so nothing else may run while it is held.
    await appendAudit(tx, ctx, {
      action: 'case.transition',
      permission,
      entityType: 'case',
      entityId: c.id,
      changes: { state: { before: c.state, after: to } },
      detail: { caseType: def.type, number: c.number, event: t.event, seq, ...(departmentId ? { departmentId } : {}) },
    });
    return { caseRow: updated, from: c.state, to, seq };
  });
}

/** Loads a case the actor may see, or 404 (missing and forbidden look the same). */
export async function loadVisibleCase(db: Db | Tx, actor: Actor | null, caseId: string): Promise<{ c: CaseRow; def: CaseTypeDef; assignments: AssignmentRow[] }> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case');
  const def = caseTypeOf(c.caseType);
  const assignments = await assignmentsOf(db, c.id);
  if (!canViewCase(actor, def, c, assignments)) throw new AppError('not_found', { entity: 'case' }, undefined, { denied: true });
  return { c, def, assignments };
}

/** Opens an extra assignment in the current state (a module effect adding a reviewer, say). */
export async function addAssignment(tx: Tx, caseId: string, state: string, a: Awaited): Promise<void> {
  await tx.insert(caseAssignments).values({ caseId, state, kind: a.kind, permission: a.kind === 'owner' ? null : a.permission, departmentId: a.kind === 'department' ? a.departmentId : null, task: a.task });
}

