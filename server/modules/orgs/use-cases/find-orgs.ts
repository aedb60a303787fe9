import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { regionScopeWhere } from '../../../platform/access/scope.js';
import { requirePermission, requireRegionReach } from '../../../platform/access/policy.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { decodeCursor, encodeCursor } from '../../../../contracts/common.js';
import type { z } from 'zod';
import type { ZOrgListQuery } from '../../../../contracts/orgs.js';
import { selectOrgs, type OrgRow } from '../orgs.queries.js';
import { presentOrg, presentPublicOrg } from '../orgs.presenter.js';

type ListInput = z.infer<typeof ZOrgListQuery>;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Filters, then either name order or — with a search term — best match first: where the term starts
 * in the name, then the shorter name. Keyset cursors carry that whole sort key.
 */
export function listQuery(input: ListInput, extra: SQL) {
  const where: SQL[] = [extra];
  if (!input.includeInactive && !input.status) where.push(sql`o.status in ('active', 'changing')`);
  if (input.status) where.push(sql`o.status = ${input.status}`);
  if (input.type) where.push(sql`o.type = ${input.type}`);
  if (input.townId) where.push(sql`o.town_id = ${input.townId}`);
  if (input.serviceField) where.push(sql`${input.serviceField} = any(o.service_fields)`);
  if (input.grade) where.push(sql`o.grade = ${input.grade}`);
  const q = input.q;
  // The grams index (migration 0013) finds the candidates for a term of any length; ILIKE decides.
  if (q) where.push(sql`org_name_grams(o.name) @> org_search_grams(${q}) and o.name ilike ${'%' + escapeLike(q) + '%'}`);
  const key = q ? sql`(strpos(o.name, ${q}), length(o.name), o.name, o.id)` : sql`(o.name, o.id)`;
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    const ok = c && (q ? c.length === 4 && typeof c[0] === 'number' && typeof c[1] === 'number' : c.length === 2);
    if (!ok) throw new AppError('bad_request', { reason: 'cursor 无效 / invalid cursor' });
    where.push(q ? sql`${key} > (${c[0]}::int, ${c[1]}::int, ${c[2]}::text, ${c[3]}::uuid)` : sql`${key} > (${c[0]}::text, ${c[1]}::uuid)`);
  }
  const orderBy = q ? sql`strpos(o.name, ${q}), length(o.name), o.name, o.id` : sql`o.name, o.id`;
  return { where: sql.join(where, sql` and `), orderBy };
}

function cursorOf(r: OrgRow, q: string | undefined) {
  return q ? encodeCursor([r.name.indexOf(q) + 1, [...r.name].length, r.name, r.id]) : encodeCursor([r.name, r.id]);
}

async function page<T>(db: Db, input: ListInput, scope: SQL, present: (r: OrgRow) => T) {
  const { where, orderBy } = listQuery(input, scope);
  const found = await selectOrgs(db, where, orderBy, input.limit + 1);
  const items = found.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items: items.map(present), nextCursor: found.length > input.limit && last ? cursorOf(last, input.q) : null };
}

export function findOrgs(db: Db, ctx: RequestContext, pii: PiiCipher, input: ListInput) {
  requirePermission(ctx.actor, 'org.read');
  return page(db, input, regionScopeWhere(ctx.actor, 'org.read', sql`o.region_path`), (r) => presentOrg(r, ctx.actor, ctx.lang, pii));
}

/** The public directory: organizations in existence, public fields only, no login. */
export function findPublicOrgs(db: Db, ctx: RequestContext, input: ListInput) {
  return page(db, { ...input, includeInactive: false, status: input.status === 'active' || input.status === 'changing' ? input.status : undefined }, sql`true`, (r) => presentPublicOrg(r, ctx.lang));
}

export async function loadOrgRow(db: Db, id: string): Promise<OrgRow | null> {
  const [row] = await selectOrgs(db, sql`o.id = ${id}`, sql`o.id`, 1);
  return row ?? null;
}

export async function getOrg(db: Db, ctx: RequestContext, pii: PiiCipher, id: string) {
  requirePermission(ctx.actor, 'org.read');
  const row = await loadOrgRow(db, id);
  if (!row) throw notFound('org');
  requireRegionReach(ctx.actor, 'org.read', row.region_path, 'org');
  return presentOrg(row, ctx.actor, ctx.lang, pii);
}

export async function getPublicOrg(db: Db, ctx: RequestContext, id: string) {
  const row = await loadOrgRow(db, id);
  if (!row || (row.status !== 'active' && row.status !== 'changing')) throw notFound('org');
  return presentPublicOrg(row, ctx.lang);
}
