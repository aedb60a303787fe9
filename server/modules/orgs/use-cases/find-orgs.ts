import { containing } from '../../../platform/db/like.js';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.js';
import type { Actor, RequestContext } from '../../../platform/http/context.js';
import { requireCityReach, selectCities } from '../../../platform/access/cities.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { z } from 'zod';
import type { ZOrgListQuery, ZPublicOrgQuery } from '../../../../contracts/orgs.js';
import { portalCity } from '../../../platform/access/portal-city.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { COUNT_CAP, countOrgs, selectOrgList, selectOrgs, type OrgListRow, type OrgRow } from '../orgs.queries.js';
import { presentOrg, presentOrgListItem, presentPublicOrg } from '../orgs.presenter.js';
import { pickGram, searchGram, type SearchGram } from '../name-search.js';
import { orgScope, requireOrgsRead, requireOrgVisible } from '../orgs.policy.js';

type ListInput = z.infer<typeof ZOrgListQuery>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page query: `from` and `where` (alias `o` for orgs), the order inside and outside the page's subquery. */
export interface OrgListQuery {
  from: SQL;
  where: SQL;
  orderBy: SQL;
  outerOrderBy: SQL;
}

/** A unified social credit code, whole (18 characters) or its first 8 or more: searched as a code, not as a name. */
const CREDIT_CODE_TERM = /^[0-9A-HJ-NP-RTUW-Y]{8,18}$/;

/** The search term as a credit code (upper-cased, spaces dropped), or null when it reads as a name. */
export function creditCodeTerm(q: string | undefined): string | null {
  const code = q?.replace(/\s+/g, '').toUpperCase() ?? '';
  return CREDIT_CODE_TERM.test(code) && /\d/.test(code) ? code : null;
}

/**
 * Filters, then either pinyin order of the names or — with a search term — best match first: shorter names
 * first (for a name that contains the term, trigram similarity's order too), then in pinyin order. A search
 * reads one posting list of org_name_postings (see name-search.ts), already in that order; keyset cursors
 * carry the whole sort key. A term that reads as a credit code (its first 8 characters or more) finds the
 * organizations with that code instead, in pinyin order. Pinyin keys: orgs.name_pinyin (migration 0033).
 */
export function listQuery(input: ListInput, extra: SQL, gram?: SearchGram): OrgListQuery {
  const where: SQL[] = [extra];
  if (!input.includeInactive && !input.status) where.push(sql`o.status in ('active', 'changing')`);
  if (input.status) where.push(sql`o.status = ${input.status}`);
  if (input.type) where.push(sql`o.type = ${input.type}`);
  if (input.townId) where.push(sql`o.town_id = ${input.townId}`);
  if (input.town) {
    const t = input.town;
    where.push(
      UUID.test(t)
        ? sql`o.town_id = ${t}::uuid`
        : sql`o.town_id in (select id from regions where level = 'town' and ${/^\d{9}$/.test(t) ? sql`code = ${t}` : sql`name = ${t}`})`,
    );
  }
  if (input.serviceField) where.push(sql`${input.serviceField} = any(o.service_fields)`);
  if (input.grade) where.push(sql`o.grade = ${input.grade}`);
  const code = creditCodeTerm(input.q);
  if (code) where.push(code.length === 18 ? sql`o.credit_code = ${code}` : sql`left(o.credit_code, ${code.length}::int) = ${code}`);
  const q = code ? undefined : input.q;
  if (q) {
    const g = gram ?? pickGram(q, new Map());
    where.push(sql`p.gram = substr(lower(${q}), ${g.start + 1}::int, ${g.length}::int)`);
    // The posting's copy of the name, so that the filter runs before the join.
    if (!g.exact) where.push(sql`p.name ilike ${containing(q)}`);
  }
  if (q) {
    const after = readCursor(input.cursor, z.tuple([cursorPart.int, cursorPart.text, cursorPart.uuid]));
    if (after) where.push(sql`(p.name_len, p.name_pinyin, p.org_id) > (${after[0]}::int, ${after[1]}::text, ${after[2]}::uuid)`);
  } else {
    const after = readCursor(input.cursor, z.tuple([cursorPart.text, cursorPart.uuid]));
    if (after) where.push(sql`(o.name_pinyin, o.id) > (${after[0]}::text, ${after[1]}::uuid)`);
  }
  return q
    ? {
        from: sql`org_name_postings p join orgs o on o.id = p.org_id`,
        where: sql.join(where, sql` and `),
        orderBy: sql`p.name_len, p.name_pinyin, p.org_id`,
        outerOrderBy: sql`length(o.name), o.name_pinyin, o.id`,
      }
    : { from: sql`orgs o`, where: sql.join(where, sql` and `), orderBy: sql`o.name_pinyin, o.id`, outerOrderBy: sql`o.name_pinyin, o.id` };
}

/** Whether the list reads the posting lists (a name search) and so pages by (length, pinyin, id). */
const searchesNames = (q: string | undefined) => !!q && !creditCodeTerm(q);

function cursorOf(r: Pick<OrgListRow, 'name' | 'name_pinyin' | 'id'>, q: string | undefined) {
  return searchesNames(q) ? encodeCursor([[...r.name].length, r.name_pinyin, r.id]) : encodeCursor([r.name_pinyin, r.id]);
}

async function page<R extends OrgListRow, T>(
  db: Db,
  input: ListInput,
  scope: SQL,
  select: (db: Db, where: SQL, orderBy: SQL, limit: number, opts: { from?: SQL; outerOrderBy?: SQL }) => Promise<R[]>,
  present: (r: R) => T,
  /** The first page also counts the matches (up to COUNT_CAP + 1); later pages answer null. */
  withTotal = false,
) {
  const gram = searchesNames(input.q) ? await searchGram(db, input.q!) : undefined;
  const { from, where, orderBy, outerOrderBy } = listQuery(input, scope, gram);
  const [found, total] = await Promise.all([
    select(db, where, orderBy, input.limit + 1, { from, outerOrderBy }),
    withTotal && !input.cursor ? countOrgs(db, from, where) : Promise.resolve(null),
  ]);
  const items = found.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items: items.map(present), nextCursor: found.length > input.limit && last ? cursorOf(last, input.q) : null, total };
}

/**
 * The organizations a staff list or export reads: those in the caller's org.read reach and, with `cityId`, in that
 * city's subtree — a city the caller does not read, or an id of no city, is a 404 (issue 16 §3).
 */
export async function orgListScope(db: Db, actor: Actor | null, cityId: string | undefined): Promise<SQL> {
  if (!cityId) return orgScope(actor);
  requireCityReach(actor, 'org.read', cityId);
  const [city] = await selectCities(db, [cityId]);
  if (!city) throw notFound('city');
  return sql`${orgScope(actor)} and ${inSubtree(sql`o.region_path`, city.path)}`;
}

/** A staff directory page (list rows; the detail has the rest). */
export async function findOrgs(db: Db, ctx: RequestContext, input: ListInput) {
  requireOrgsRead(ctx.actor);
  return page(db, input, await orgListScope(db, ctx.actor, input.cityId), selectOrgList, (r) => presentOrgListItem(r, ctx.lang));
}

/** The same pages as findOrgs with whole records, personal data masked: what the Excel export writes. */
export async function findOrgRecords(db: Db, ctx: RequestContext, pii: PiiCipher, input: ListInput) {
  requireOrgsRead(ctx.actor);
  return page(db, input, await orgListScope(db, ctx.actor, input.cityId), selectOrgs, (r) => presentOrg(r, ctx.actor, ctx.lang, pii));
}

/**
 * The public directory: organizations in existence, public fields only, no login. The first page says how many
 * match (up to COUNT_CAP, then `totalCapped`), as 全国社会组织信用信息公示平台 does; later pages do not count again.
 */
export async function findPublicOrgs(db: Db, ctx: RequestContext, { city: code, ...input }: z.infer<typeof ZPublicOrgQuery>) {
  const city = await portalCity(db, code);
  // With `city`, the organizations registered in its subtree (an org's region path is its town's or community's).
  const scope = city ? inSubtree(sql`o.region_path`, city.path) : sql`true`;
  const found = await page(db, { ...input, includeInactive: false, status: input.status === 'active' || input.status === 'changing' ? input.status : undefined }, scope, selectOrgs, (r) => presentPublicOrg(r, ctx.lang), true);
  return { items: found.items, nextCursor: found.nextCursor, total: found.total === null ? null : Math.min(found.total, COUNT_CAP), totalCapped: (found.total ?? 0) > COUNT_CAP };
}

export async function loadOrgRow(db: Db, id: string): Promise<OrgRow | null> {
  const [row] = await selectOrgs(db, sql`o.id = ${id}`, sql`o.id`, 1, { sealed: true });
  return row ?? null;
}

/** One record: for staff who read the registry over its region, and for the org's own members (本组织). */
export async function getOrg(db: Db, ctx: RequestContext, pii: PiiCipher, id: string) {
  const row = await loadOrgRow(db, id);
  if (!row) throw notFound('org');
  requireOrgVisible(ctx.actor, row);
  return presentOrg(row, ctx.actor, ctx.lang, pii);
}

/** A public profile; with `city` (the portal's city code) only one of that city's — another city's answers 404 (issue 16 §3). */
export async function getPublicOrg(db: Db, ctx: RequestContext, id: string, cityCode?: string) {
  const city = await portalCity(db, cityCode);
  const row = await loadOrgRow(db, id);
  if (!row || (row.status !== 'active' && row.status !== 'changing')) throw notFound('org');
  if (city && !row.region_path.startsWith(city.path)) throw notFound('org');
  return presentPublicOrg(row, ctx.lang);
}
