import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { OPEN311_CLOSED_STATES, CONCERN_STATES, type ZOpen311RequestsQuery } from '../../../../contracts/concerns.js';
import { checkMobile } from '../../../../contracts/identifiers.js';
import { selectCities, type CityRef } from '../../../platform/access/cities.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { responsibleName } from '../concerns.presenter.js';
import { listColumns, selectApiKey, selectCategories, selectCategory, selectCommunities, selectPlaceByCode } from '../concerns.queries.js';
import { concerns } from '../concerns.tables.js';
import { DEFAULT_WINDOW_DAYS, MAX_REQUESTS, open311Error, Open311Failure, parseW3cDatetime, readPostForm, requestOf, serviceDefinitionOf, serviceOf } from '../open311.js';
import { spamVerdict } from '../moderation.js';
import { namesFor } from './find-concerns.js';
import { openConcern, resolvePlace } from './raise-concern.js';

const DAY_MS = 86_400_000;

/** The city a request names by jurisdiction_id (its division code); without one, the installation's only city. */
export async function jurisdictionOf(db: Db, jurisdictionId: string | null | undefined): Promise<CityRef> {
  const cities = await selectCities(db);
  if (jurisdictionId) {
    const city = cities.find((c) => c.code === jurisdictionId.trim());
    if (!city) throw open311Error(404, 'jurisdiction_id not found: use the city’s 6-digit division code');
    return city;
  }
  if (cities.length === 1) return cities[0];
  throw open311Error(400, 'jurisdiction_id is required: this endpoint serves several cities (their 6-digit division codes)');
}

export async function findServices(db: Db, jurisdictionId: string | undefined) {
  const city = await jurisdictionOf(db, jurisdictionId);
  return (await selectCategories(db, city.id)).filter((c) => !c.retiredAt).map(serviceOf);
}

export async function findServiceDefinition(db: Db, jurisdictionId: string | undefined, code: string) {
  const city = await jurisdictionOf(db, jurisdictionId);
  const category = await selectCategory(db, city.id, code);
  if (!category || category.retiredAt) throw open311Error(404, 'service_code not found');
  return serviceDefinitionOf(category.code, await selectCommunities(db, city.path));
}

async function present(db: Db, found: Awaited<ReturnType<typeof selectRequestRows>>) {
  const names = await namesFor(db, found.map((r) => r.cityId));
  const merged = await db
    .select({ caseId: concerns.caseId, number: concerns.number })
    .from(concerns)
    .where(inArray(concerns.caseId, [...new Set(found.map((r) => r.mergedIntoCaseId).filter((x): x is string => !!x)), '00000000-0000-0000-0000-000000000000']));
  const numberOf = new Map(merged.map((m) => [m.caseId, m.number]));
  return found.map((r) =>
    requestOf({
      number: r.number,
      state: r.state,
      categoryCode: r.categoryCode,
      categoryName: names.categories.get(`${r.cityId}|${r.categoryCode}`)?.name ?? r.categoryCode,
      description: r.publicDescription,
      reply: r.publicReply,
      mergedIntoNumber: r.mergedIntoCaseId ? (numberOf.get(r.mergedIntoCaseId) ?? null) : null,
      agencyResponsible: responsibleName(names, r.responsibleKind, r.townId, r.responsibleDepartmentId, 'zh'),
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      submittedAt: r.submittedAt,
      updatedAt: r.updatedAt,
      dueOn: r.dueOn,
    }),
  );
}

function selectRequestRows(db: Db, where: SQL[], limit: number) {
  return db
    .select({ ...listColumns, address: concerns.address, lat: concerns.lat, lng: concerns.lng, publicReply: concerns.publicReply, mergedIntoCaseId: concerns.mergedIntoCaseId })
    .from(concerns)
    .innerJoin(cases, eq(cases.id, concerns.caseId))
    .where(and(...where))
    .orderBy(desc(concerns.submittedAt), desc(concerns.caseId))
    .limit(limit);
}

const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

function dateParam(name: string, value: string | undefined): Date | null {
  if (!value) return null;
  const d = parseW3cDatetime(value);
  if (!d) throw open311Error(400, `${name} must be a W3C datetime, such as 2026-05-20T09:00:00+08:00`);
  return d;
}

/**
 * GET requests.json: service_request_id (comma-separated) overrides every other filter; otherwise service_code,
 * status (open / closed) and a window of requested_datetime — start_date and end_date, at most 90 days, the last 90
 * days by default — the most recent 1000 first.
 */
export async function findRequests(db: Db, q: z.infer<typeof ZOpen311RequestsQuery>, now: Date) {
  const where: SQL[] = [];
  if (q.jurisdiction_id) where.push(eq(concerns.cityId, (await jurisdictionOf(db, q.jurisdiction_id)).id));
  const ids = list(q.service_request_id).map((x) => x.toUpperCase());
  if (ids.length) {
    if (ids.length > MAX_REQUESTS) throw open311Error(400, `at most ${MAX_REQUESTS} service_request_id at once`);
    return present(db, await selectRequestRows(db, [...where, inArray(concerns.number, ids)], MAX_REQUESTS));
  }
  const codes = list(q.service_code);
  if (codes.length) where.push(inArray(concerns.categoryCode, codes));
  const statuses = list(q.status).map((s) => s.toLowerCase());
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw open311Error(400, 'status must be open or closed (comma-separated for both)');
  if (statuses.length === 1) {
    const closed = CONCERN_STATES.filter((s) => OPEN311_CLOSED_STATES.includes(s));
    where.push(statuses[0] === 'closed' ? inArray(concerns.state, closed) : inArray(concerns.state, CONCERN_STATES.filter((s) => !closed.includes(s))));
  }
  let start = dateParam('start_date', q.start_date);
  let end = dateParam('end_date', q.end_date);
  if (start && end && end.getTime() < start.getTime()) throw open311Error(400, 'end_date is before start_date');
  if (start && end && end.getTime() - start.getTime() > DEFAULT_WINDOW_DAYS * DAY_MS) throw open311Error(400, `start_date and end_date may not span more than ${DEFAULT_WINDOW_DAYS} days`);
  if (!start && !end) end = now;
  if (!start) start = new Date(end!.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (!end) end = new Date(start.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS);
  where.push(gte(concerns.submittedAt, start), lt(concerns.submittedAt, new Date(end.getTime() + 1)));
  return present(db, await selectRequestRows(db, where, MAX_REQUESTS));
}

export async function findRequest(db: Db, id: string) {
  const found = await selectRequestRows(db, [eq(concerns.number, id.toUpperCase())], 1);
  if (!found.length) throw open311Error(404, 'service_request_id not found');
  return present(db, found);
}

export async function findToken(db: Db, token: string) {
  const [r] = await db.select({ number: concerns.number, token: concerns.open311Token }).from(concerns).where(eq(concerns.open311Token, token));
  if (!r) throw open311Error(404, 'token not found');
  return [{ service_request_id: r.number, token: r.token! }];
}

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Which key this is: one of OPEN311_API_KEYS (every city), or an office's (its city); null when neither. */
async function apiKeyOf(db: Db, key: string, envKeys: readonly string[]): Promise<{ id: string | null; cityId: string | null } | null> {
  const given = Buffer.from(key);
  for (const k of envKeys) {
    const mine = Buffer.from(k);
    if (mine.length === given.length && timingSafeEqual(mine, given)) return { id: null, cityId: null };
  }
  const issued = await selectApiKey(db, hashApiKey(key));
  return issued ? { id: issued.id, cityId: issued.cityId } : null;
}

/** The community an address names (the longest community name found in it), within the city. */
async function placeFromAddress(db: Db, city: CityRef, address: string | null): Promise<string | null> {
  if (!address) return null;
  const hits = (await selectCommunities(db, city.path)).filter((c) => address.includes(c.name)).sort((a, b) => b.name.length - a.name.length);
  return hits[0]?.id ?? null;
}

/**
 * POST requests.json: a concern filed by an Open311 client with an api_key (403 without a valid one). The place is
 * the community of attribute[region] (its division code) or the one address_string names; the resident's name,
 * phone and email are sealed and never answered. Answers the case number as service_request_id, a token for
 * tokens/{token}.json, and in service_notice the tracking number the resident follows and rates it by.
 */
export async function postRequest(db: Db, ctx: RequestContext, pii: PiiCipher, fields: Record<string, string | undefined>, envKeys: readonly string[]) {
  const f = readPostForm(fields);
  // A missing argument is a bad request (400); a key that is not one, a refusal (403).
  if (!f.apiKey) throw open311Error(400, 'api_key is required');
  const key = await apiKeyOf(db, f.apiKey, envKeys);
  if (!key) throw open311Error(403, 'api_key is invalid');
  const city = key.cityId ? (await selectCities(db, [key.cityId]))[0] : await jurisdictionOf(db, f.jurisdictionId);
  if (key.cityId && f.jurisdictionId && f.jurisdictionId !== city.code) throw open311Error(403, 'api_key is not valid for this jurisdiction_id');
  if (!f.serviceCode) throw open311Error(400, 'service_code is required');
  const category = await selectCategory(db, city.id, f.serviceCode);
  if (!category || category.retiredAt) throw open311Error(404, 'service_code not found');
  if (f.lat === null !== (f.lng === null)) throw open311Error(400, 'lat and long go together');
  if (f.lat === null && !f.addressString && !fields.address_id) throw open311Error(400, 'a location is required: lat and long, address_string or address_id');
  if (!f.description || [...f.description].length < 5) throw open311Error(400, 'description is required (at least 5 characters)');
  if ([...f.description].length > 2000) throw open311Error(400, 'description is longer than 2000 characters');
  const spam = spamVerdict(f.description);
  if (spam) throw open311Error(400, `description refused: ${spam.en}（${spam.zh}）`);
  const regionId = f.region ? (await selectPlaceByCode(db, city.path, f.region))?.id : await placeFromAddress(db, city, f.addressString);
  if (!regionId) throw open311Error(400, 'attribute[region] is required: the division code of the village or community (services/{service_code}.json lists them), or name the community in address_string');
  const phone = f.phone && !checkMobile(f.phone.replace(/[\s-]/g, '').replace(/^\+?86/, '')) ? f.phone.replace(/[\s-]/g, '').replace(/^\+?86/, '') : null;
  const name = [f.lastName, f.firstName].filter(Boolean).join('') || null;
  const token = randomBytes(12).toString('base64url');
  try {
    const out = await db.transaction(async (tx) => {
      const { place, town } = await resolvePlace(tx, regionId);
      return openConcern(tx, ctx, pii, {
        categoryCode: category.code,
        place,
        town,
        city,
        address: f.addressString,
        lat: f.lat,
        lng: f.lng,
        description: f.description!,
        reporterPhone: phone,
        reporterName: name,
        reporterEmail: f.email,
        channel: 'open311',
        apiKeyId: key.id,
        open311Token: token,
      });
    });
    return [{ service_request_id: out.number, token, service_notice: `受理编号 ${out.trackingNumber}：凭此编号在门户查询进度、评价答复。Tracking number ${out.trackingNumber}.`, account_id: null }];
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation') throw new Open311Failure(400, (err.fieldErrors ?? []).map((e) => ({ code: 400, description: `${e.path}: ${e.messageEn ?? e.message}` })));
    throw err;
  }
}

