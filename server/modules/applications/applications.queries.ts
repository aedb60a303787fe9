import { and, between, count, desc, eq, gt, ilike, inArray, isNotNull, isNull, lt, lte, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { APPLICATION_STATES, type ApplicationKind, type ApplicationState, type ZApplicationListQuery } from '../../../contracts/applications.js';
import type { ORG_TYPES } from '../../../contracts/org-kinds.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { caseAssignments, caseAttachments, cases, caseSteps } from '../../platform/cases/cases.tables.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { containing } from '../../platform/db/like.js';
import { timestampKey } from '../../platform/http/paging.js';
import { orgDirectory } from '../orgs/index.js';
import { applicationChecklistItems, applicationNoticeItems, applicationReviewDepartments, applications, applicationSettingReviewDepartments, applicationSettings, registrationRules } from './applications.tables.js';
import { certificates } from './certificates.tables.js';

/*
 * The applications module's reads, on the query builder: the row types are Drizzle's, inferred from the tables.
 * A case's state is the engine's text column; it is checked against the declared states here (stateOf), not cast.
 */

/** An application's details row (its form sealed as stored). */
export type ApplicationDetailsRow = typeof applications.$inferSelect;

type OrgType = (typeof ORG_TYPES)[number];

/** The case's state as one of the application's declared states; any other value is a broken invariant. */
function stateOf(state: string): ApplicationState {
  const found = APPLICATION_STATES.find((s) => s === state);
  if (!found) throw new Error(`an application case is in the undeclared state ${state}`);
  return found;
}

/** A stored form (jsonb) as the object it always is. */
export function formOf(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('an application form is not an object');
  return value as Record<string, unknown>;
}

const SUMMARY = {
  id: cases.id,
  number: cases.number,
  kind: applications.kind,
  title: cases.title,
  state: cases.state,
  outcome: cases.outcome,
  townName: regions.name,
  orgId: cases.orgId,
  applicantName: applications.applicantName,
  submittedAt: applications.submittedAt,
  promisedDueOn: applications.promisedDueOn,
  dueOn: cases.dueOn,
  counter: applications.counter,
  createdAt: cases.createdAt,
  closedAt: cases.closedAt,
  version: cases.version,
};

/** The summary columns of an application: its case, its details and its town's name. */
function fromApplications<T extends SelectedFields>(db: DbOrTx, extra: T) {
  return db
    .select({ ...SUMMARY, ...extra })
    .from(cases)
    .innerJoin(applications, eq(applications.caseId, cases.id))
    .leftJoin(regions, eq(regions.id, applications.townId));
}

/** The list's filters as conditions over the case and its details. */
export function applicationFilters(input: z.infer<typeof ZApplicationListQuery>, today: string): SQL[] {
  const where: SQL[] = [];
  if (input.kind) where.push(eq(applications.kind, input.kind));
  if (input.orgId) where.push(or(eq(cases.orgId, input.orgId), eq(applications.orgId, input.orgId))!);
  if (input.state) where.push(eq(cases.state, input.state));
  if (input.townId) where.push(eq(applications.townId, input.townId));
  if (input.overdueOnly) where.push(and(isNull(cases.closedAt), lt(cases.dueOn, today))!);
  if (input.q) where.push(or(ilike(cases.title, containing(input.q)), eq(cases.number, input.q))!);
  return where;
}

/** The sort key of the list (newest first), for keysetAfter: the same columns as its `order by`. */
export const APPLICATION_LIST_KEY = [cases.createdAt, cases.id] as const;

/**
 * Applications matching every condition, newest first, at most `limit`. The cursor's time keeps its microseconds
 * (timestampKey): a Date's milliseconds would skip rows created in the same millisecond.
 */
export async function selectApplicationSummaries(db: DbOrTx, where: SQL[], limit: number) {
  const found = await fromApplications(db, { createdKey: timestampKey(cases.createdAt) })
    .where(and(...where))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
  return found.map((r) => ({ ...r, state: stateOf(r.state) }));
}

export type ApplicationSummaryRow = Awaited<ReturnType<typeof selectApplicationSummaries>>[number];

/** One application with its form, the organization it names and its joint review's departments (in the departments' order). */
export async function selectApplicationDetail(db: DbOrTx, caseId: string) {
  const [r] = await fromApplications(db, {
    form: applications.form,
    applicationOrgId: applications.orgId,
    reviewDepartmentIds: sql<string[]>`array(select r.department_id::text from ${applicationReviewDepartments} r join ${departments} d on d.id = r.department_id where r.application_id = ${applications.caseId} order by d.sort_order, d.short_name)`,
  }).where(eq(cases.id, caseId));
  return r ? { ...r, state: stateOf(r.state), form: formOf(r.form) } : undefined;
}

export type ApplicationDetailRow = NonNullable<Awaited<ReturnType<typeof selectApplicationDetail>>>;

/** The joint-review opinions given since the step `afterSeq` (the last acceptance). */
export function selectOpinionsSince(db: DbOrTx, caseId: string, afterSeq: number) {
  return db
    .select({ departmentId: caseSteps.departmentId, input: caseSteps.input, comment: caseSteps.comment, occurredAt: caseSteps.occurredAt })
    .from(caseSteps)
    .where(and(eq(caseSteps.caseId, caseId), eq(caseSteps.event, 'giveOpinion'), gt(caseSteps.seq, afterSeq)));
}

/** Departments' short names by id. */
export async function departmentShortNames(db: DbOrTx, ids?: readonly string[]): Promise<Map<string, string>> {
  if (ids && !ids.length) return new Map();
  const query = db.select({ id: departments.id, shortName: departments.shortName }).from(departments);
  const found = ids ? await query.where(inArray(departments.id, [...ids])) : await query;
  return new Map(found.map((d) => [d.id, d.shortName]));
}

/** An application's details, if it has them. */
export async function selectApplication(db: DbOrTx, caseId: string): Promise<ApplicationDetailsRow | undefined> {
  const [a] = await db.select().from(applications).where(eq(applications.caseId, caseId));
  return a;
}

/** A town in service (not retired). */
export async function selectLiveTown(db: DbOrTx, id: string): Promise<{ id: string; path: string; name: string } | undefined> {
  const [town] = await db
    .select({ id: regions.id, path: regions.path, name: regions.name })
    .from(regions)
    .where(and(eq(regions.id, id), eq(regions.level, 'town'), isNull(regions.retiredAt)));
  return town;
}

/** An organization of the registry as an application about it needs it (orgs' directory view). */
export async function selectRegistryOrg(db: DbOrTx, id: string) {
  const [org] = await db
    .select({ id: orgDirectory.id, name: orgDirectory.name, regionPath: orgDirectory.regionPath, townId: orgDirectory.townId, status: orgDirectory.status })
    .from(orgDirectory)
    .where(eq(orgDirectory.id, id));
  return org;
}

/** An active (or changing) organization of this name, other than `exceptOrgId`: the name is taken. */
export async function selectOrgNamed(db: DbOrTx, name: string, exceptOrgId?: string): Promise<{ id: string } | undefined> {
  const [dup] = await db
    .select({ id: orgDirectory.id })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.name, name), inArray(orgDirectory.status, ['active', 'changing']), exceptOrgId ? ne(orgDirectory.id, exceptOrgId) : undefined))
    .limit(1);
  return dup;
}

/** A city's registration rule for an organization type in force on `day`. */
export async function selectRegistrationRule(db: DbOrTx, cityId: string, orgType: OrgType, day: string): Promise<{ minCapitalFen: number; note: string } | undefined> {
  const [rule] = await db
    .select({ minCapitalFen: registrationRules.minCapitalFen, note: registrationRules.note })
    .from(registrationRules)
    .where(
      and(
        eq(registrationRules.cityId, cityId),
        eq(registrationRules.orgType, orgType),
        lte(registrationRules.validFrom, day),
        or(isNull(registrationRules.validTo), sql`${registrationRules.validTo} >= ${day}`),
      ),
    )
    .orderBy(desc(registrationRules.validFrom))
    .limit(1);
  return rule;
}

/** The checklist items an application's current (not superseded) materials provide. */
export async function selectProvidedItems(db: DbOrTx, caseId: string): Promise<Set<string>> {
  const found = await db
    .select({ item: caseAttachments.item })
    .from(caseAttachments)
    .where(and(eq(caseAttachments.caseId, caseId), isNull(caseAttachments.supersededAt), isNotNull(caseAttachments.item)));
  return new Set(found.flatMap((r) => (r.item === null ? [] : [r.item])));
}

/** The departments in an application's joint review (set on acceptance). */
export async function selectReviewDepartmentIds(db: DbOrTx, caseId: string): Promise<string[]> {
  const found = await db.select({ departmentId: applicationReviewDepartments.departmentId }).from(applicationReviewDepartments).where(eq(applicationReviewDepartments.applicationId, caseId));
  return found.map((r) => r.departmentId);
}

/** The opinions against (disagree) given since the last acceptance. */
export async function countDisagreements(db: DbOrTx, caseId: string): Promise<number> {
  const [against] = await db
    .select({ n: count() })
    .from(caseSteps)
    .where(
      and(
        eq(caseSteps.caseId, caseId),
        eq(caseSteps.event, 'giveOpinion'),
        sql`${caseSteps.input}->>'opinion' = 'disagree'`,
        sql`${caseSteps.seq} > coalesce((select max(s.seq) from ${caseSteps} s where s.case_id = ${caseId} and s.event = 'accept'), 0)`,
      ),
    );
  return against.n;
}

const settingCity = alias(regions, 'setting_city');

/**
 * What an acceptance reads: the application, its kind's settings in the city it lies in and the org's supervising
 * unit in one statement. Named and prepared: planned once per connection, not on every acceptance (a measured hot
 * path, docs/PERFORMANCE.md).
 */
export async function selectForAcceptance(tx: Tx, caseId: string) {
  const [found] = await tx
    .select({
      a: applications,
      promisedDays: applicationSettings.promisedDays,
      settingReviewers: sql<string[]>`array(select r.department_id::text from ${applicationSettingReviewDepartments} r where r.setting_id = ${applicationSettings.id})`,
      orgSupervisor: orgDirectory.supervisingUnitId,
    })
    .from(applications)
    .innerJoin(cases, eq(cases.id, applications.caseId))
    .leftJoin(settingCity, and(eq(settingCity.level, 'city'), sql`${cases.regionPath} like ${settingCity.path} || '%'`))
    .leftJoin(applicationSettings, and(eq(applicationSettings.kind, applications.kind), eq(applicationSettings.cityId, settingCity.id)))
    .leftJoin(orgDirectory, eq(orgDirectory.id, applications.orgId))
    .where(eq(applications.caseId, sql.placeholder('id')))
    .prepare('application_accept_read')
    .execute({ id: caseId });
  return found;
}

// One-time notices.

/** The items of an application's latest one-time notice, in order (none before the first notice). */
export async function selectLatestNoticeItems(db: DbOrTx, caseId: string) {
  return db
    .select({
      notice: applicationNoticeItems.notice,
      no: applicationNoticeItems.no,
      field: applicationNoticeItems.field,
      material: applicationNoticeItems.material,
      problem: applicationNoticeItems.problem,
      noticedValue: applicationNoticeItems.noticedValue,
      noticedAt: applicationNoticeItems.noticedAt,
      explanation: applicationNoticeItems.explanation,
    })
    .from(applicationNoticeItems)
    .where(
      and(
        eq(applicationNoticeItems.applicationId, caseId),
        sql`${applicationNoticeItems.notice} = (select max(n.notice) from ${applicationNoticeItems} n where n.application_id = ${caseId}::uuid)`,
      ),
    )
    .orderBy(applicationNoticeItems.no);
}

/** The next notice's number for an application: 1, then 2… */
export async function nextNoticeNumber(db: DbOrTx, caseId: string): Promise<number> {
  const [found] = await db.select({ n: sql<number>`coalesce(max(${applicationNoticeItems.notice}), 0)::int + 1` }).from(applicationNoticeItems).where(eq(applicationNoticeItems.applicationId, caseId));
  return Number(found.n);
}

/** The application's current materials (not superseded) with their checklist item and when each was uploaded. */
export function selectCurrentMaterials(db: DbOrTx, caseId: string) {
  return db
    .select({ item: caseAttachments.item, createdAt: caseAttachments.createdAt })
    .from(caseAttachments)
    .where(and(eq(caseAttachments.caseId, caseId), isNull(caseAttachments.supersededAt)));
}

/** A city's rule for a kind's notice not answered in time, its promise and its 办事指南 text (none before the city sets them). */
export async function selectKindRules(db: DbOrTx, cityId: string, kind: ApplicationKind) {
  const [found] = await db
    .select({ supplementOverdue: applicationSettings.supplementOverdue, guide: applicationSettings.guide, promisedDays: applicationSettings.promisedDays })
    .from(applicationSettings)
    .where(and(eq(applicationSettings.cityId, cityId), eq(applicationSettings.kind, kind)));
  return found;
}

// Settings per city and kind.

/** The active cities matching `where` (over the city's id), by code: the cities whose settings a caller reads. */
export function selectSettingCities(db: DbOrTx, where: SQL) {
  return db
    .select({ id: regions.id, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, 'city'), isNull(regions.retiredAt), where))
    .orderBy(regions.code);
}

export async function selectApplicationSettings(db: DbOrTx, cityIds: readonly string[]) {
  if (!cityIds.length) return [];
  return db.select().from(applicationSettings).where(inArray(applicationSettings.cityId, [...cityIds]));
}

/** These settings' joint-review departments, in the departments' order. */
export async function selectSettingReviewers(db: DbOrTx, settingIds: readonly string[]) {
  if (!settingIds.length) return [];
  return db
    .select({ settingId: applicationSettingReviewDepartments.settingId, departmentId: applicationSettingReviewDepartments.departmentId })
    .from(applicationSettingReviewDepartments)
    .innerJoin(departments, eq(departments.id, applicationSettingReviewDepartments.departmentId))
    .where(inArray(applicationSettingReviewDepartments.settingId, [...settingIds]))
    .orderBy(departments.sortOrder, departments.shortName);
}

/** Departments in service among these ids, with their city. */
export function selectLiveDepartmentCities(db: DbOrTx, ids: readonly string[]) {
  return db
    .select({ id: departments.id, cityId: departments.cityId })
    .from(departments)
    .where(and(isNull(departments.retiredAt), inArray(departments.id, [...ids])));
}

/** A department's city, if it is a department. */
export async function selectDepartmentCity(db: DbOrTx, id: string): Promise<string | undefined> {
  const [found] = await db.select({ cityId: departments.cityId }).from(departments).where(eq(departments.id, id));
  return found?.cityId;
}

/** A city's settings of a kind, locked for the change. */
export async function lockApplicationSetting(tx: Tx, cityId: string, kind: ApplicationKind) {
  const [found] = await tx
    .select()
    .from(applicationSettings)
    .where(and(eq(applicationSettings.cityId, cityId), eq(applicationSettings.kind, kind)))
    .for('update');
  return found;
}

/** The ids of a setting's joint-review departments. */
export async function selectSettingReviewerIds(db: DbOrTx, settingId: string): Promise<string[]> {
  const found = await db.select({ departmentId: applicationSettingReviewDepartments.departmentId }).from(applicationSettingReviewDepartments).where(eq(applicationSettingReviewDepartments.settingId, settingId));
  return found.map((r) => r.departmentId);
}

// Service levels.

/** Applications past their draft within `scope`: open ones, and those completed between `from` and `to`. */
export function selectServiceLevelCases(db: DbOrTx, scope: SQL, from: string, to: string) {
  return db
    .select({
      kind: applications.kind,
      state: cases.state,
      closed: sql<boolean>`${cases.closedAt} is not null`,
      outcome: cases.outcome,
      dueOn: cases.dueOn,
      acceptedOn: applications.acceptedOn,
      completedOn: applications.completedOn,
      promisedDueOn: applications.promisedDueOn,
    })
    .from(cases)
    .innerJoin(applications, eq(applications.caseId, cases.id))
    .where(and(scope, ne(cases.state, 'draft'), or(isNull(cases.closedAt), between(applications.completedOn, from, to))));
}

/** The calendar day in China of a moment, as YYYY-MM-DD. */
const chinaDay = <T extends string | null>(column: AnyColumn) => sql<T>`(${column} at time zone 'Asia/Shanghai')::date::text`;

/** The departments' joint reviews of applications within `scope`: open ones, and those answered between `from` and `to` (China days). */
export function selectServiceLevelReviews(db: DbOrTx, scope: SQL, from: string, to: string) {
  return db
    .select({
      departmentId: departments.id,
      name: departments.shortName,
      opened: chinaDay<string>(caseAssignments.openedAt),
      closed: chinaDay<string | null>(caseAssignments.closedAt),
      dueOn: cases.dueOn,
      caseOpen: sql<boolean>`${cases.closedAt} is null`,
    })
    .from(caseAssignments)
    .innerJoin(cases, eq(cases.id, caseAssignments.caseId))
    .innerJoin(departments, eq(departments.id, caseAssignments.departmentId))
    .where(
      and(
        eq(caseAssignments.kind, 'department'),
        eq(cases.caseType, 'application'),
        scope,
        or(isNull(caseAssignments.closedAt), sql`(${caseAssignments.closedAt} at time zone 'Asia/Shanghai')::date between ${from} and ${to}`),
      ),
    );
}

/** A city's promised working days per kind (the kinds it has set). */
export async function selectPromisedDays(db: DbOrTx, cityId: string): Promise<Map<string, number>> {
  const found = await db.select({ kind: applicationSettings.kind, promisedDays: applicationSettings.promisedDays }).from(applicationSettings).where(eq(applicationSettings.cityId, cityId));
  return new Map(found.map((s) => [s.kind, s.promisedDays]));
}

// Certificates.

export type CertificateRow = typeof certificates.$inferSelect;

/** The latest certificate an application's approval issued. */
export async function selectCaseCertificate(db: DbOrTx, caseId: string): Promise<CertificateRow | undefined> {
  const [cert] = await db.select().from(certificates).where(eq(certificates.caseId, caseId)).orderBy(desc(certificates.issuedAt)).limit(1);
  return cert;
}

/** What a certificate prints of its organization: the registry's current record and its supervising unit's name. */
export async function selectCertificateOrg(db: DbOrTx, orgId: string) {
  const [org] = await db
    .select({
      name: orgDirectory.name,
      creditCode: orgDirectory.creditCode,
      type: orgDirectory.type,
      address: orgDirectory.address,
      legalRepName: orgDirectory.legalRepName,
      businessScope: orgDirectory.businessScope,
      registeredCapitalFen: orgDirectory.registeredCapitalFen,
      supervisor: departments.name,
    })
    .from(orgDirectory)
    .leftJoin(departments, eq(departments.id, orgDirectory.supervisingUnitId))
    .where(eq(orgDirectory.id, orgId));
  return org;
}

/** A certificate by its verification token, with the public registry facts of its organization. */
export async function selectCertificateByToken(db: DbOrTx, token: string) {
  const [found] = await db
    .select({ cert: certificates, orgName: orgDirectory.name, creditCode: orgDirectory.creditCode, orgType: orgDirectory.type, orgStatus: orgDirectory.status })
    .from(certificates)
    .innerJoin(orgDirectory, eq(orgDirectory.id, certificates.orgId))
    .where(eq(certificates.verifyToken, token));
  return found;
}

/** The city (registration authority's area) an org belongs to: the city region above its domicile. */
export async function cityOfOrg(db: DbOrTx, orgId: string): Promise<{ id: string; name: string; code: string }> {
  const [city] = await db
    .select({ id: regions.id, name: regions.name, code: regions.code })
    .from(orgDirectory)
    .innerJoin(regions, and(eq(regions.level, 'city'), sql`${orgDirectory.regionPath} like ${regions.path} || '%'`))
    .where(eq(orgDirectory.id, orgId))
    .orderBy(regions.depth)
    .limit(1);
  if (!city) throw new Error(`org ${orgId} lies in no city`);
  return city;
}

/** The highest serial issued under a prefix (city, kind and year). */
export async function selectLastSerial(db: DbOrTx, prefix: string): Promise<string | undefined> {
  const [last] = await db.select({ serial: certificates.serial }).from(certificates).where(sql`${certificates.serial} like ${`${prefix}%`}`).orderBy(desc(certificates.serial)).limit(1);
  return last?.serial;
}

/** The checklist rows the cities keep for their kinds (retired items too), in order; a city and kind without rows asks for the defaults. */
export function selectChecklistRows(db: DbOrTx, cityIds: readonly string[], kind?: ApplicationKind) {
  if (cityIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      cityId: applicationChecklistItems.cityId,
      kind: applicationChecklistItems.kind,
      key: applicationChecklistItems.key,
      name: applicationChecklistItems.name,
      nameEn: applicationChecklistItems.nameEn,
      required: applicationChecklistItems.required,
      retiredAt: applicationChecklistItems.retiredAt,
    })
    .from(applicationChecklistItems)
    .where(and(inArray(applicationChecklistItems.cityId, [...cityIds]), kind ? eq(applicationChecklistItems.kind, kind) : undefined))
    .orderBy(applicationChecklistItems.cityId, applicationChecklistItems.kind, applicationChecklistItems.position);
}

const registrationRuleColumns = {
  id: registrationRules.id,
  cityId: registrationRules.cityId,
  orgType: registrationRules.orgType,
  validFrom: registrationRules.validFrom,
  validTo: registrationRules.validTo,
  minCapitalFen: registrationRules.minCapitalFen,
  refundOnProjectApproval: registrationRules.refundOnProjectApproval,
  note: registrationRules.note,
  version: registrationRules.version,
};
export type RegistrationRuleRow = { [K in keyof typeof registrationRuleColumns]: (typeof registrationRules.$inferSelect)[K] };

/** The registration rules of the cities a filter names, by type and then latest first. */
export function selectRegistrationRules(db: DbOrTx, cityWhere: SQL): Promise<RegistrationRuleRow[]> {
  return db.select(registrationRuleColumns).from(registrationRules).where(cityWhere).orderBy(registrationRules.cityId, registrationRules.orgType, desc(registrationRules.validFrom));
}

/** One rule, locked for a change. */
export async function lockRegistrationRule(tx: Tx, id: string): Promise<RegistrationRuleRow | undefined> {
  const [found] = await tx.select(registrationRuleColumns).from(registrationRules).where(eq(registrationRules.id, id)).for('update');
  return found;
}

/** A rule of the same city and type whose period meets [from, to] (to null: open-ended), other than `exceptId`. */
export async function selectOverlappingRule(tx: Tx, cityId: string, orgType: OrgType, from: string, to: string | null, exceptId?: string) {
  const [found] = await tx
    .select({ validFrom: registrationRules.validFrom, validTo: registrationRules.validTo })
    .from(registrationRules)
    .where(
      and(
        eq(registrationRules.cityId, cityId),
        eq(registrationRules.orgType, orgType),
        exceptId ? ne(registrationRules.id, exceptId) : undefined,
        or(isNull(registrationRules.validTo), sql`${registrationRules.validTo} >= ${from}`),
        to === null ? undefined : lte(registrationRules.validFrom, to),
      ),
    )
    .limit(1);
  return found;
}
