import type { z } from 'zod';
import type { ConcernChannel, ZConcernRaiseInput, ZPublicConcernInput } from '../../../../contracts/concerns.js';
import { cityOfPath, type CityRef } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { openCase } from '../../../platform/cases/engine.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { maskPhone } from '../../../platform/pii/mask.js';
import { maskPublicText, spamVerdict } from '../moderation.js';
import { requireRaiseAt } from '../concerns.policy.js';
import { selectAncestorAt, selectCategory, selectCityDepartment, selectPlace, selectRoutingRules } from '../concerns.queries.js';
import { concerns } from '../concerns.tables.js';
import { routeConcern } from '../routing.js';
import { makeTrackingNumber } from '../tracking-number.js';

const PLACE_LEVELS = new Set(['town', 'community', 'grid']);

export interface ConcernFacts {
  categoryCode: string;
  place: { id: string; name: string; path: string };
  town: { id: string; name: string; path: string };
  city: CityRef;
  address: string | null;
  lat: number | null;
  lng: number | null;
  description: string;
  reporterPhone: string | null;
  reporterName: string | null;
  reporterEmail?: string | null;
  channel: ConcernChannel;
  apiKeyId?: string | null;
  open311Token?: string | null;
  /** Drawn at random unless given (the demo draws its own, so two builds of it agree). */
  trackingNumber?: string;
}

/** The place a concern is raised at: a town, community, village or grid in service, with its town and city; 422 on `field` otherwise. */
export async function resolvePlace(db: Db | Tx, regionId: string, field = 'regionId') {
  const place = await selectPlace(db, regionId);
  const wrong = () => new AppError('validation', {}, [{ path: field, message: '请选择所在镇街、村（社区）或网格', messageEn: 'Choose a town, community or grid' }]);
  if (!place || place.retired || !PLACE_LEVELS.has(place.level)) throw wrong();
  const town = place.level === 'town' ? place : await selectAncestorAt(db, place.path, 'town');
  const city = await cityOfPath(db, place.path);
  if (!town || !city) throw wrong();
  return { place, town, city };
}

/** A city's category in use, or 422 on `categoryCode`. */
async function requireCategory(db: Db | Tx, cityId: string, code: string, field = 'categoryCode') {
  const category = await selectCategory(db, cityId, code);
  if (!category || category.retiredAt) throw new AppError('validation', {}, [{ path: field, message: '请选择民情类别', messageEn: 'Choose a category' }]);
  return category;
}

/** Spam is refused before anything is stored, saying why (moderation.ts). */
function refuseSpam(text: string, field: string): void {
  const verdict = spamVerdict(text);
  if (verdict) throw new AppError('validation', {}, [{ path: field, message: verdict.zh, messageEn: verdict.en }]);
}

/**
 * Opens a concern on the engine in the caller's transaction: routed by the city's rules, the resident's contact
 * sealed, the public text masked, a tracking number drawn, audited and — through the engine — its handlers told.
 */
export async function openConcern(tx: Tx, ctx: RequestContext, pii: PiiCipher, f: ConcernFacts): Promise<{ caseId: string; number: string; trackingNumber: string; dueOn: string | null }> {
  const category = await requireCategory(tx, f.city.id, f.categoryCode);
  refuseSpam(f.description, 'description');
  let routed = routeConcern(await selectRoutingRules(tx, f.city.id), { categoryCode: category.code, placePath: f.place.path });
  // A rule naming a department the city has since retired falls back to the town, which can transfer it.
  if (routed.departmentId && !(await selectCityDepartment(tx, f.city.id, routed.departmentId))) routed = { target: 'town', departmentId: null, ruleId: null };
  const trackingNumber = f.trackingNumber ?? makeTrackingNumber();
  const def = caseTypeOf('concern');
  const c = await openCase(
    tx,
    ctx,
    def,
    {
      variant: category.code,
      title: `${category.name}·${f.place.name}`,
      regionPath: f.place.path,
      ownerUserId: f.channel === 'staff' ? (ctx.actor?.userId ?? null) : null,
      details: async (row) => {
        await tx.insert(concerns).values({
          caseId: row.id,
          cityId: f.city.id,
          number: row.number,
          trackingNumber,
          categoryCode: category.code,
          channel: f.channel,
          townId: f.town.id,
          placeRegionId: f.place.id,
          regionPath: f.place.path,
          address: f.address,
          lat: f.lat,
          lng: f.lng,
          description: f.description,
          publicDescription: maskPublicText(f.description),
          reporterNameSealed: f.reporterName ? pii.encrypt(f.reporterName) : null,
          reporterPhoneSealed: f.reporterPhone ? pii.encrypt(f.reporterPhone) : null,
          reporterPhoneHash: f.reporterPhone ? pii.lookupHash(f.reporterPhone) : null,
          reporterPhoneMasked: f.reporterPhone ? maskPhone(f.reporterPhone) : null,
          reporterEmailSealed: f.reporterEmail ? pii.encrypt(f.reporterEmail) : null,
          responsibleKind: routed.target,
          responsibleDepartmentId: routed.departmentId,
          routingRuleId: routed.ruleId,
          apiKeyId: f.apiKeyId ?? null,
          open311Token: f.open311Token ?? null,
          submittedAt: clockNow(),
          updatedAt: clockNow(),
        });
      },
    },
    f.channel === 'staff' ? 'concern.raise' : undefined,
  );
  await appendAudit(tx, ctx, {
    action: 'concern.raise',
    permission: f.channel === 'staff' ? 'concern.raise' : undefined,
    entityType: 'case',
    entityId: c.id,
    detail: { number: c.number, channel: f.channel, category: category.code, place: f.place.name, routedTo: routed.target, departmentId: routed.departmentId, ruleId: routed.ruleId, phone: f.reporterPhone ? maskPhone(f.reporterPhone) : null },
  });
  return { caseId: c.id, number: c.number, trackingNumber, dueOn: c.dueOn };
}

/** A concern recorded by staff at a place of their reach (a collector in a grid, a clerk at the counter). */
export async function raiseConcern(db: Db, ctx: RequestContext, pii: PiiCipher, input: z.infer<typeof ZConcernRaiseInput>) {
  return db.transaction(async (tx) => {
    const { place, town, city } = await resolvePlace(tx, input.regionId);
    requireRaiseAt(ctx.actor, place.path);
    return openConcern(tx, ctx, pii, { ...input, place, town, city, channel: 'staff' });
  });
}

/** A concern raised on the public page without an account (rate-limited per address by the route). */
export async function raisePublicConcern(db: Db, ctx: RequestContext, pii: PiiCipher, input: z.infer<typeof ZPublicConcernInput>) {
  // A robot filled the field no person sees: answered as if accepted, nothing stored.
  if (input.website) return { trackingNumber: 'MQ-00000-00000-0', stateName: '待受理', dueOn: null };
  const out = await db.transaction(async (tx) => {
    const { place, town, city } = await resolvePlace(tx, input.regionId);
    return openConcern(tx, ctx, pii, { ...input, reporterName: null, place, town, city, channel: 'public' });
  });
  return { trackingNumber: out.trackingNumber, stateName: '待受理', dueOn: out.dueOn };
}

