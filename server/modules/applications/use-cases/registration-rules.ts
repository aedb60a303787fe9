import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZRegistrationRule, ZRegistrationRuleBody, ZRegistrationRuleUpdate } from '../../../../contracts/applications.js';
import { ORG_TYPE_NAMES } from '../../../../contracts/org-kinds.js';
import { cityForWrite, requireCityReach } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { AppError, conflict, fieldError } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { requireSettingsManage, settingsCityWhere } from '../applications.policy.js';
import { lockRegistrationRule, selectOverlappingRule, selectRegistrationRules, type RegistrationRuleRow } from '../applications.queries.js';
import { registrationRules } from '../applications.tables.js';

type Rule = z.infer<typeof ZRegistrationRule>;
type Fields = Omit<z.infer<typeof ZRegistrationRuleBody>, 'cityId'>;

function present(r: RegistrationRuleRow, today: string, lang: RequestContext['lang']): Rule {
  return {
    ...r,
    minCapitalFen: Number(r.minCapitalFen),
    orgTypeName: labelOf(ORG_TYPE_NAMES[r.orgType], lang),
    inForce: r.validFrom <= today && (r.validTo === null || r.validTo >= today),
  };
}

/** The registration rules of the caller's cities (or the one asked for; another city's is a 404), past ones included. */
export async function listRegistrationRules(db: Db, ctx: RequestContext, query: { cityId?: string }): Promise<Rule[]> {
  const today = todayInChina();
  return (await selectRegistrationRules(db, settingsCityWhere(ctx.actor, registrationRules.cityId, query.cityId))).map((r) => present(r, today, ctx.lang));
}

/**
 * A type's periods never overlap: the establishment check reads the one rule in force on a day. Checked under a lock
 * per city, as two offices adding rules at once would each see no overlap.
 */
async function requireNoOverlap(tx: Tx, cityId: string, f: Fields, exceptId?: string) {
  if (f.validTo !== null && f.validTo < f.validFrom) throw fieldError('validTo', '截止日期不能早于起始日期', 'The end date must not be before the start');
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`registration-rules:${cityId}`}))`);
  const other = await selectOverlappingRule(tx, cityId, f.orgType, f.validFrom, f.validTo, exceptId);
  if (other) {
    const period = `${other.validFrom} 至 ${other.validTo ?? '今后'}`;
    throw fieldError('validFrom', `与同类组织 ${period} 的规则时段重叠：请先为那条规则设定截止日期`, `Overlaps the rule of ${other.validFrom}–${other.validTo ?? 'open'} for this type`);
  }
}

const changesOf = (before: Partial<Fields>, after: Fields) =>
  Object.fromEntries((Object.keys(after) as (keyof Fields)[]).filter((k) => before[k] !== after[k]).map((k) => [k, { before: before[k] ?? null, after: after[k] }]));

/** Adds a rule to the caller's city (the one named, for someone who keeps several), audited. */
export async function createRegistrationRule(db: Db, ctx: RequestContext, input: z.infer<typeof ZRegistrationRuleBody>): Promise<{ cityId: string }> {
  const actor = requireSettingsManage(ctx.actor);
  const { cityId: requested, ...fields } = input;
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'application.manage', requested);
    await requireNoOverlap(tx, city.id, fields);
    const [made] = await tx.insert(registrationRules).values({ cityId: city.id, ...fields, updatedBy: actor.userId }).returning({ id: registrationRules.id });
    await appendAudit(tx, ctx, { action: 'application.registrationRule', permission: 'application.manage', entityType: 'registrationRule', entityId: made.id, changes: changesOf({}, fields), detail: { city: city.name, act: 'create' } });
    return { cityId: city.id };
  });
}

/** The rule, locked, in a city the caller keeps (else 404) and at the version they saw (else 409). */
async function lockForChange(tx: Tx, ctx: RequestContext, id: string, version: number): Promise<RegistrationRuleRow> {
  const found = await lockRegistrationRule(tx, id);
  if (!found) throw new AppError('not_found', { entity: 'registrationRule' });
  requireCityReach(ctx.actor, 'application.manage', found.cityId);
  if (found.version !== version) throw conflict(found.version);
  return found;
}

/** Changes a rule whole. Applications already decided keep the judgement they had; the next check reads the new rule. */
export async function updateRegistrationRule(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZRegistrationRuleUpdate>): Promise<{ cityId: string }> {
  const actor = requireSettingsManage(ctx.actor);
  const { version, ...fields } = input;
  return db.transaction(async (tx) => {
    const before = await lockForChange(tx, ctx, id, version);
    await requireNoOverlap(tx, before.cityId, fields, id);
    await tx.update(registrationRules).set({ ...fields, version: before.version + 1, updatedAt: clockNow(), updatedBy: actor.userId }).where(eq(registrationRules.id, id));
    await appendAudit(tx, ctx, { action: 'application.registrationRule', permission: 'application.manage', entityType: 'registrationRule', entityId: id, changes: changesOf({ ...before, minCapitalFen: Number(before.minCapitalFen) }, fields), detail: { act: 'update' } });
    return { cityId: before.cityId };
  });
}

/** Removes a rule entered by mistake; the audit event keeps it whole. (A rule that ended is given its end date instead.) */
export async function deleteRegistrationRule(db: Db, ctx: RequestContext, id: string, version: number): Promise<{ cityId: string }> {
  requireSettingsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const before = await lockForChange(tx, ctx, id, version);
    await tx.delete(registrationRules).where(eq(registrationRules.id, id));
    const { id: _id, cityId: _city, version: _v, ...kept } = before;
    await appendAudit(tx, ctx, { action: 'application.registrationRule', permission: 'application.manage', entityType: 'registrationRule', entityId: id, changes: Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, { before: v, after: null }])), detail: { act: 'delete' } });
    return { cityId: before.cityId };
  });
}
