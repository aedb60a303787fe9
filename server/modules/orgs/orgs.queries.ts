import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree, preparedRows } from '../../platform/db/sql.js';
import { departmentNames, regionNames } from '../../platform/access/names.js';
import { roleGrants, users } from '../../platform/auth/auth.tables.js';
import { orgs } from './orgs.tables.js';
import { orgAccounts } from './org-accounts.tables.js';

export interface OrgRow {
  id: string;
  name: string;
  /** The pinyin sort key (migration 0033): the lists' order and their cursors. */
  name_pinyin: string;
  credit_code: string | null;
  type: 'association' | 'serviceAgency' | 'foundation' | 'communityOrg';
  registration: 'registered' | 'filed';
  town_id: string;
  town_name: string;
  community_id: string | null;
  community_name: string | null;
  region_path: string;
  address: string;
  business_scope: string;
  service_fields: string[];
  supervising_unit_id: string | null;
  supervising_unit: string | null;
  registered_capital_fen: number | string;
  legal_rep_name: string;
  legal_rep_id_sealed: string | null;
  legal_rep_phone_sealed: string | null;
  legal_rep_id_masked: string | null;
  legal_rep_phone_masked: string | null;
  contact_phone_masked: string | null;
  contact_name: string | null;
  contact_phone_sealed: string | null;
  founded_on: string | Date;
  status: 'active' | 'changing' | 'deregistered' | 'revoked';
  grade: '1A' | '2A' | '3A' | '4A' | '5A' | null;
  grade_valid_until: string | Date | null;
  has_party_org: boolean;
  social_worker_count: number;
  version: number;
  rank?: number;
}

/**
 * Orgs with their places' and supervising unit's names; `where` must already hold the caller's scope.
 * The names come from memory (platform/access/names): as joins, the planner read the whole regions
 * table into a hash for a page of 50, and as scalar subqueries they were ~150 index probes a page.
 * The page is chosen on `orgs` alone and only its rows are joined: a search term can match thousands of
 * organizations, and joining each before the sort cost more than the search (`where` and `orderBy` use
 * the alias `o`, which is the same inside and outside). A name search reads from the posting lists joined
 * to orgs (`from`), ordered by their columns inside and by the same values on `o` outside (`outerOrderBy`).
 */
export async function selectOrgs(
  db: DbOrTx,
  where: SQL,
  orderBy: SQL,
  limit: number,
  opts: { from?: SQL; outerOrderBy?: SQL; /** The sealed personal data too: only the reveal decrypts it; pages show the stored masks. */ sealed?: boolean } = {},
): Promise<OrgRow[]> {
  const sealed = opts.sealed
    ? sql`o.legal_rep_id_sealed, o.legal_rep_phone_sealed, o.contact_phone_sealed`
    : sql`null as legal_rep_id_sealed, null as legal_rep_phone_sealed, null as contact_phone_sealed`;
  // Dates as text: the presenter wants YYYY-MM-DD, and pg's Date parsing was a visible share of a page.
  const found = await pageOf<OrgRow>(
    db,
    'orgs_page',
    sql`o.id, o.name, o.name_pinyin, o.credit_code, o.type, o.registration, o.town_id, null as town_name, o.community_id, null as community_name,
          o.region_path, o.address, o.business_scope, o.service_fields, o.supervising_unit_id, null as supervising_unit, o.registered_capital_fen,
          o.legal_rep_name, ${sealed}, o.contact_name,
          o.legal_rep_id_masked, o.legal_rep_phone_masked, o.contact_phone_masked,
          o.founded_on::text as founded_on, o.status, o.grade, o.grade_valid_until::text as grade_valid_until, o.has_party_org, o.social_worker_count, o.version`,
    where,
    orderBy,
    limit,
    opts,
  );
  const units = await departmentNames(db);
  for (const r of found) r.supervising_unit = r.supervising_unit_id ? (units.get(r.supervising_unit_id)?.name ?? null) : null;
  return found;
}

/** The columns of a staff directory row (ZOrgListItem). */
export type OrgListRow = Pick<
  OrgRow,
  'id' | 'name' | 'name_pinyin' | 'credit_code' | 'type' | 'registration' | 'town_id' | 'town_name' | 'community_id' | 'community_name' | 'service_fields' | 'status' | 'grade' | 'grade_valid_until' | 'founded_on' | 'legal_rep_name' | 'has_party_org' | 'social_worker_count'
>;

/** A staff directory page: only the list's columns, so PostgreSQL, the driver and the serializer move a third of the bytes. */
export function selectOrgList(db: DbOrTx, where: SQL, orderBy: SQL, limit: number, opts: { from?: SQL; outerOrderBy?: SQL } = {}): Promise<OrgListRow[]> {
  return pageOf<OrgListRow>(
    db,
    'orgs_list',
    sql`o.id, o.name, o.name_pinyin, o.credit_code, o.type, o.registration, o.town_id, null as town_name, o.community_id, null as community_name, o.service_fields,
          o.status, o.grade, o.grade_valid_until::text as grade_valid_until, o.founded_on::text as founded_on, o.legal_rep_name, o.has_party_org, o.social_worker_count`,
    where,
    orderBy,
    limit,
    opts,
  );
}

/** The towns that have organizations in existence, in the order of their codes: the public directory's town filter. */
export async function selectDirectoryTowns(db: DbOrTx, cityPath?: string): Promise<{ id: string; name: string; code: string }[]> {
  const found = await db
    .selectDistinct({ townId: orgs.townId })
    .from(orgs)
    .where(and(inArray(orgs.status, ['active', 'changing']), cityPath === undefined ? undefined : inSubtree(orgs.regionPath, cityPath)));
  const places = await regionNames(db);
  return found
    .flatMap((r) => {
      const place = places.get(r.townId);
      return place ? [{ id: r.townId, name: place.name, code: place.code }] : [];
    })
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Counted up to this many: a public page says "1,000+" rather than read every match of a common term. Counting to
 * 10,000 cost a common term's first page 35–50 ms over 100,000 orgs (the search itself 3 ms), 411 ms at 20
 * connections; to 1,000 it stays within the search's budget, and nobody pages through a thousand names.
 */
export const COUNT_CAP = 1_000;

/** How many organizations a list's filters match, up to COUNT_CAP + 1 (the first page's total). */
export async function countOrgs(db: DbOrTx, from: SQL, where: SQL): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sql`(select 1 from ${from} where ${where} limit ${COUNT_CAP + 1}) m`);
  return Number(row?.n ?? 0);
}

async function pageOf<R extends Pick<OrgRow, 'town_id' | 'town_name' | 'community_id' | 'community_name'>>(
  db: DbOrTx,
  label: string,
  columns: SQL,
  where: SQL,
  orderBy: SQL,
  limit: number,
  opts: { from?: SQL; outerOrderBy?: SQL },
): Promise<R[]> {
  const from = opts.from ?? sql`orgs o`;
  const places = await regionNames(db);
  // The names' columns come back empty and are filled in place, so each row keeps the shape pg gave it.
  // Prepared per shape of filters (preparedRows): PostgreSQL planned a page for as long as it ran it.
  const found = await preparedRows<R>(
    db,
    label,
    sql`select ${columns}
        from (select o.* from ${from} where ${where} order by ${orderBy} limit ${limit}) o
        order by ${opts.outerOrderBy ?? orderBy}`,
  );
  for (const r of found) {
    r.town_name = places.get(r.town_id)?.name ?? '';
    r.community_name = r.community_id ? (places.get(r.community_id)?.name ?? null) : null;
  }
  return found;
}

/** The org's members (its orgMember grants) with their accounts, earliest first. */
export function selectOrgMembers(db: DbOrTx, orgId: string) {
  return db
    .select({ userId: users.id, displayName: users.displayName, phoneSealed: users.phoneSealed, status: users.status, grantId: roleGrants.id, grantedAt: roleGrants.createdAt })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.role, 'orgMember'), eq(roleGrants.orgId, orgId)))
    .orderBy(asc(roleGrants.createdAt), asc(roleGrants.id));
}
export type OrgMemberRow = Awaited<ReturnType<typeof selectOrgMembers>>[number];

/** The org's accounts row (contact person, version); none before its accounts were opened. */
export async function selectOrgAccounts(db: DbOrTx, orgId: string) {
  const [row] = await db.select().from(orgAccounts).where(eq(orgAccounts.orgId, orgId));
  return row ?? null;
}

/**
 * The org's name, status and region; with `lock`, locked against a concurrent change of its accounts (FOR NO KEY
 * UPDATE: its record's own writes are not held up, and two changes of the accounts wait for each other).
 */
export async function selectOrgForAccounts(db: DbOrTx, orgId: string, lock = false) {
  const q = db.select({ id: orgs.id, name: orgs.name, status: orgs.status, regionPath: orgs.regionPath }).from(orgs).where(eq(orgs.id, orgId));
  const [row] = lock ? await q.for('no key update') : await q;
  return row ?? null;
}

/** An account by its phone's keyed hash (applicants register with their phone: platform/pii). */
export async function selectUserByPhoneHash(db: DbOrTx, phoneHash: string) {
  const [row] = await db.select({ id: users.id, displayName: users.displayName, status: users.status, version: users.version }).from(users).where(eq(users.phoneHash, phoneHash));
  return row ?? null;
}

/** The organizations the user acts for, with whether they are its contact person. */
export function selectMemberOrgs(db: DbOrTx, userId: string) {
  return db
    .select({ id: orgs.id, name: orgs.name, status: orgs.status, contactUserId: orgAccounts.contactUserId })
    .from(roleGrants)
    .innerJoin(orgs, eq(orgs.id, roleGrants.orgId))
    .leftJoin(orgAccounts, eq(orgAccounts.orgId, orgs.id))
    .where(and(eq(roleGrants.role, 'orgMember'), eq(roleGrants.userId, userId)))
    .orderBy(asc(roleGrants.createdAt), asc(roleGrants.id));
}

/** Names of organizations by id (a grant's scope, as the accounts page shows it). */
export async function selectOrgNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, [...ids]));
  return new Map(found.map((o) => [o.id, o.name]));
}

/** Each org's earliest member (by grant), for orgs whose accounts hold no contact yet. */
export async function selectEarliestMembers(db: DbOrTx, orgIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (orgIds.length === 0) return out;
  const found = await db
    .select({ orgId: roleGrants.orgId, userId: roleGrants.userId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, 'orgMember'), inArray(roleGrants.orgId, [...orgIds])))
    .orderBy(asc(roleGrants.createdAt), asc(roleGrants.id));
  for (const g of found) if (g.orgId && !out.has(g.orgId)) out.set(g.orgId, g.userId);
  return out;
}
