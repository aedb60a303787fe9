import { containing } from '../../../platform/db/like.js';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { APPLICATION_KIND_NAMES, APPLICATION_STATE_NAMES, CHECKLISTS, type ApplicationKind, type ApplicationState, type ZApplication, type ZApplicationListQuery, type ZApplicationSummary } from '../../../../contracts/applications.js';
import { cursorPart } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { memberOrgIds } from '../../../platform/access/policy.js';
import { regionScopeWhere } from '../../../platform/access/scope.js';
import { departmentsHolding } from '../../../platform/cases/case-access.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import { presentCase } from '../../../platform/cases/present.js';
import { todayInChina, workingDaysLeft } from '../../../platform/calendar/calendar.js';
import type { Db } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { labelOf, type Actor, type RequestContext } from '../../../platform/http/context.js';
import type { Lang } from '../../../platform/errors/messages.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { maskForm, unsealForm } from '../application-form.js';
import { loadOrgSnapshot } from '../../orgs/index.js';
import { maskField } from '../../../platform/pii/mask.js';

type Summary = z.infer<typeof ZApplicationSummary>;
type ListInput = z.infer<typeof ZApplicationListQuery>;

interface Row {
  id: string;
  number: string;
  kind: ApplicationKind;
  title: string;
  state: ApplicationState;
  outcome: string | null;
  town_name: string | null;
  org_id: string | null;
  applicant_name: string | null;
  submitted_at: Date | string | null;
  promised_due_on: string | null;
  due_on: string | null;
  counter: boolean;
  created_at: Date | string;
  closed_at: Date | string | null;
  version: number;
}

/** Applications the actor may see: their own, their region's, and those their department reviews. */
export function visibleApplicationsWhere(actor: Actor, mineOnly: boolean): SQL {
  const orgIds = memberOrgIds(actor);
  const own = sql`(c.owner_user_id = ${actor.userId}${orgIds.length ? sql` or c.org_id in (${sql.join(orgIds.map((o) => sql`${o}::uuid`), sql`, `)})` : sql``})`;
  if (mineOnly) return own;
  const parts = [own, regionScopeWhere(actor, 'application.read', sql`c.region_path`), regionScopeWhere(actor, 'application.handle', sql`c.region_path`)];
  const departments = departmentsHolding(actor, 'application.review');
  if (departments.length) parts.push(sql`exists (select 1 from application_review_departments r where r.application_id = a.case_id and r.department_id in (${sql.join(departments.map((d) => sql`${d}::uuid`), sql`, `)}))`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

function summarize(r: Row, left: Map<string, number>, today: string, lang: Lang): Summary {
  const open = !r.closed_at;
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    kindName: labelOf(APPLICATION_KIND_NAMES[r.kind], lang),
    title: r.title,
    state: r.state,
    stateName: labelOf(APPLICATION_STATE_NAMES[r.state], lang),
    outcome: r.outcome,
    townName: r.town_name,
    orgId: r.org_id,
    applicantName: r.applicant_name,
    submittedAt: toIso(r.submitted_at),
    promisedDueOn: r.promised_due_on,
    dueOn: r.due_on,
    workingDaysLeft: open && r.due_on ? (left.get(r.due_on) ?? null) : null,
    overdue: open && !!r.due_on && r.due_on < today,
    counter: r.counter,
    createdAt: toIso(r.created_at)!,
    version: r.version,
  };
}

const SELECT = sql`select c.id, c.number, a.kind, c.title, c.state, c.outcome, t.name as town_name, c.org_id, a.applicant_name, a.submitted_at,
    a.promised_due_on, c.due_on, a.counter, c.created_at, ${timestampKey(sql`c.created_at`)} as created_key, c.closed_at, c.version
  from cases c join applications a on a.case_id = c.id left join regions t on t.id = a.town_id`;

export async function findApplications(db: Db, ctx: RequestContext, input: ListInput) {
  const actor = ctx.actor!;
  const where: SQL[] = [visibleApplicationsWhere(actor, !!input.mine)];
  if (input.kind) where.push(sql`a.kind = ${input.kind}`);
  if (input.orgId) where.push(sql`(c.org_id = ${input.orgId} or a.org_id = ${input.orgId})`);
  if (input.state) where.push(sql`c.state = ${input.state}`);
  if (input.townId) where.push(sql`a.town_id = ${input.townId}`);
  const today = todayInChina();
  if (input.overdueOnly) where.push(sql`c.closed_at is null and c.due_on < ${today}`);
  if (input.q) where.push(sql`(c.title ilike ${containing(input.q)} or c.number = ${input.q})`);
  const after = readCursor(input.cursor, z.tuple([cursorPart.timestamp, cursorPart.uuid]));
  const keyset = keysetAfter('desc', [sql`c.created_at`, sql`c.id`], after && [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`]);
  if (keyset) where.push(keyset);
  // The cursor's time keeps its microseconds (timestampKey): a Date's milliseconds would skip rows created in the same millisecond.
  const found = await rows<Row & { created_key: string }>(
    db,
    sql`${SELECT} where ${sql.join(where, sql` and `)} order by c.created_at desc, c.id desc limit ${input.limit + 1}`,
  );
  const { items: page, nextCursor } = keysetPage(found, input.limit, (r) => [r.created_key, r.id]);
  const left = await workingDaysLeft(db, page.map((r) => (r.closed_at ? null : r.due_on)), today);
  return { items: page.map((r) => summarize(r, left, today, ctx.lang)), nextCursor };
}

/** The fields a change application may change, as the diff names them (in the request's language). */
const CHANGE_LABELS: Record<string, { zh: string; en: string }> = {
  name: { zh: '名称', en: 'Name' },
  address: { zh: '住所', en: 'Domicile' },
  businessScope: { zh: '业务范围', en: 'Business scope' },
  serviceFields: { zh: '服务领域', en: 'Service fields' },
  supervisingUnitId: { zh: '业务主管单位', en: 'Supervising unit' },
  registeredCapitalFen: { zh: '注册资金（分）', en: 'Registered capital (fen)' },
  legalRepName: { zh: '法定代表人', en: 'Legal representative' },
  legalRepIdNumber: { zh: '法定代表人身份证号', en: 'Legal representative’s ID number' },
  legalRepPhone: { zh: '法定代表人电话', en: 'Legal representative’s phone' },
  contactName: { zh: '联系人', en: 'Contact' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
};

/** A checklist item's name in the request's language. */
const itemLabel = (item: { name: string; nameEn: string }, lang: Lang) => labelOf({ zh: item.name, en: item.nameEn }, lang);

export async function getApplication(db: Db, ctx: RequestContext, pii: PiiCipher, caseId: string): Promise<z.infer<typeof ZApplication>> {
  const { c, def, assignments } = await loadVisibleCase(db, ctx.actor, caseId);
  if (c.caseType !== 'application') throw new AppError('not_found', { entity: 'application' });
  const [r] = await rows<Row & { form: Record<string, unknown>; review_department_ids: string[]; org_id_app: string | null }>(
    db,
    sql`select c.id, c.number, a.kind, c.title, c.state, c.outcome, t.name as town_name, c.org_id, a.applicant_name, a.submitted_at,
        a.promised_due_on, c.due_on, a.counter, c.created_at, c.closed_at, c.version, a.form, array(select r.department_id::text from application_review_departments r join departments d on d.id = r.department_id where r.application_id = a.case_id order by d.sort_order, d.short_name) as review_department_ids, a.org_id as org_id_app
      from cases c join applications a on a.case_id = c.id left join regions t on t.id = a.town_id where c.id = ${caseId}`,
  );
  const today = todayInChina();
  const left = await workingDaysLeft(db, [r.closed_at ? null : r.due_on], today);
  const caseView = await presentCase(db, ctx.actor, c, def, assignments, ctx.lang);
  const provided = new Set(caseView.attachments.filter((a) => a.current && a.item).map((a) => a.item!));
  const checklist = CHECKLISTS[r.kind].map((i) => ({ key: i.key, name: itemLabel(i, ctx.lang), required: i.required, provided: provided.has(i.key) }));

  let diffRows: { field: string; label: string; before: unknown; after: unknown }[] | null = null;
  if (r.kind === 'change' && r.org_id_app) {
    const snapshot = await db.transaction((tx) => loadOrgSnapshot(tx, pii, r.org_id_app!));
    const changes = ((unsealForm(r.form, pii).changes ?? {}) as Record<string, unknown>) ?? {};
    diffRows = Object.entries(changes).map(([field, after]) => ({ field, label: CHANGE_LABELS[field] ? labelOf(CHANGE_LABELS[field], ctx.lang) : field, before: maskField(field, snapshot?.fields[field] ?? null), after: maskField(field, after) }));
  }

  const notices = caseView.steps.filter((s) => s.event === 'requestSupplement');
  const lastNotice = notices[notices.length - 1];
  const itemName = (key: string | null | undefined) => {
    if (!key) return null;
    const item = CHECKLISTS[r.kind].find((i) => i.key === key);
    return item ? itemLabel(item, ctx.lang) : key;
  };
  const supplementNotice = lastNotice
    ? {
        items: ((lastNotice.input?.items ?? []) as { item?: string | null; problem: string }[]).map((i) => ({ item: i.item ?? null, itemName: itemName(i.item), problem: i.problem })),
        sentAt: lastNotice.occurredAt,
        open: c.state === 'supplementRequested',
      }
    : null;

  const lastAccept = Math.max(0, ...caseView.steps.filter((s) => s.event === 'accept').map((s) => s.seq));
  const opinions = await rows<{ department_id: string; input: { opinion?: 'agree' | 'disagree' } | null; comment: string | null; occurred_at: Date | string }>(
    db,
    sql`select department_id, input, comment, occurred_at from case_steps where case_id = ${caseId} and event = 'giveOpinion' and seq > ${lastAccept}`,
  );
  const deptNames = new Map(
    r.review_department_ids.length
      ? (await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments where id in (${sql.join(r.review_department_ids.map((d) => sql`${d}::uuid`), sql`, `)})`)).map((d) => [d.id, d.short_name])
      : [],
  );
  const reviewDepartments = r.review_department_ids.map((id) => {
    const o = opinions.find((x) => x.department_id === id);
    return { id, name: deptNames.get(id) ?? id, opinion: o?.input?.opinion ?? null, comment: o?.comment ?? null, answeredAt: o ? toIso(o.occurred_at) : null };
  });

  const editable = (c.state === 'draft' || c.state === 'supplementRequested') && caseView.abilities.events.some((e) => e.event === 'submit' || e.event === 'resubmit');
  return {
    ...summarize(r, left, today, ctx.lang),
    form: maskForm(r.form, pii),
    diff: diffRows,
    checklist,
    supplementNotice,
    reviewDepartments,
    case: caseView,
    abilities: { edit: editable },
  };
}
