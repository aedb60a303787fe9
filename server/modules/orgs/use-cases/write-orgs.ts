import { clockNow } from '../../../platform/clock.js';
import { randomInt } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { makeCreditCode } from '../../../../contracts/identifiers.js';
import type { EstablishmentForm } from '../../../../contracts/applications.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { Tx } from '../../../platform/db/client.js';
import { cityOfPath } from '../../../platform/access/cities.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { orgChanges, orgs } from '../orgs.tables.js';
import { maskIdNumber, maskPhone } from '../../../platform/pii/mask.js';

/**
 * The registry's writes. Each runs in the caller's transaction (an application's decision), keeps the
 * org's history (who, when, what, through which case) and writes the audit event.
 */

export interface CaseSource {
  caseId: string;
  caseNumber: string;
}

const CREDIT_CATEGORY = { association: '1', serviceAgency: '2', foundation: '3', communityOrg: '9' } as const;

async function placeOf(tx: Tx, townId: string, communityId: string | null | undefined, type: EstablishmentForm['type']) {
  const parent = alias(regions, 'parent');
  const [town] = await tx
    .select({ id: regions.id, path: regions.path, code: regions.code, parentCode: parent.code })
    .from(regions)
    .innerJoin(parent, eq(parent.id, regions.parentId))
    .where(and(eq(regions.id, townId), eq(regions.level, 'town'), isNull(regions.retiredAt)));
  if (!town) throw new AppError('validation', {}, [{ path: 'townId', message: '所选镇街不存在或已撤销', messageEn: 'Unknown town' }]);
  let communityPath: string | null = null;
  if (communityId) {
    const [c] = await tx
      .select({ path: regions.path })
      .from(regions)
      .where(and(eq(regions.id, communityId), eq(regions.parentId, townId), eq(regions.level, 'community'), isNull(regions.retiredAt)));
    if (!c) throw new AppError('validation', {}, [{ path: 'communityId', message: '所选村社区不属于该镇街', messageEn: 'The community is not in that town' }]);
    communityPath = c.path;
  }
  // Foundations are registered city-wide, community orgs belong to their community, the rest to their town.
  const city = type === 'foundation' ? await cityOfPath(tx, town.path) : undefined;
  const regionPath = type === 'foundation' && city ? city.path : type === 'communityOrg' && communityPath ? communityPath : town.path;
  return { regionPath, divisionCode: town.parentCode.slice(0, 6) };
}

function duplicateName(err: unknown, name: string): never {
  const pg = pgErrorOf(err);
  if (pg?.code === '23505' && pg.constraint === 'orgs_name_active_uq') {
    throw new AppError('duplicate', { field: '名称', value: name });
  }
  throw err;
}

/** An approved establishment (or filing) becomes an active organization; registered ones get a credit code. */
export async function registerOrg(tx: Tx, ctx: RequestContext, pii: PiiCipher, form: EstablishmentForm, registration: 'registered' | 'filed', source: CaseSource): Promise<{ id: string; creditCode: string | null }> {
  const place = await placeOf(tx, form.townId, form.communityId, form.type);
  const values = {
    name: form.name,
    type: form.type,
    registration,
    townId: form.townId,
    communityId: form.communityId ?? null,
    regionPath: place.regionPath,
    address: form.address,
    businessScope: form.businessScope,
    serviceFields: form.serviceFields,
    supervisingUnitId: form.supervisingUnitId ?? null,
    registeredCapitalFen: form.registeredCapitalFen,
    legalRepName: form.legalRepName,
    legalRepIdSealed: pii.encrypt(form.legalRepIdNumber),
    legalRepIdMasked: maskIdNumber(form.legalRepIdNumber),
    legalRepIdHash: pii.lookupHash(form.legalRepIdNumber),
    legalRepPhoneSealed: pii.encrypt(form.legalRepPhone),
    legalRepPhoneMasked: maskPhone(form.legalRepPhone),
    contactName: form.contactName ?? null,
    contactPhoneSealed: form.contactPhone ? pii.encrypt(form.contactPhone) : null,
    contactPhoneMasked: form.contactPhone ? maskPhone(form.contactPhone) : null,
    foundedOn: todayInChina(),
    status: 'active' as const,
  };
  // A fresh code is random in its 8-digit body; a collision (the unique index) just tries again.
  for (let attempt = 0; ; attempt++) {
    const creditCode = registration === 'registered' ? makeCreditCode(CREDIT_CATEGORY[form.type], place.divisionCode, randomInt(0, 100_000_000)) : null;
    try {
      const [org] = await tx.transaction(async (inner) => inner.insert(orgs).values({ ...values, creditCode }).returning({ id: orgs.id }));
      await tx.insert(orgChanges).values({
        orgId: org.id,
        actorUserId: ctx.actor?.userId ?? null,
        actorName: ctx.actor?.displayName ?? '系统',
        kind: registration === 'registered' ? 'establishment' : 'filing',
        caseId: source.caseId,
        caseNumber: source.caseNumber,
        changes: diff(null, { name: form.name, creditCode, status: 'active', legalRepName: form.legalRepName, legalRepPhone: form.legalRepPhone }, ['name', 'creditCode', 'status', 'legalRepName', 'legalRepPhone']),
      });
      await appendAudit(tx, ctx, { action: 'org.create', permission: 'application.handle', entityType: 'org', entityId: org.id, detail: { name: form.name, creditCode, caseNumber: source.caseNumber } });
      return { id: org.id, creditCode };
    } catch (err) {
      const pg = pgErrorOf(err);
      if (pg?.code === '23505' && pg.constraint === 'orgs_credit_code_uq' && attempt < 5) continue;
      duplicateName(err, form.name);
    }
  }
}

type ChangeSet = Partial<{
  name: string;
  address: string;
  businessScope: string;
  serviceFields: string[];
  supervisingUnitId: string;
  registeredCapitalFen: number;
  legalRepName: string;
  legalRepIdNumber: string;
  legalRepPhone: string;
  contactName: string;
  contactPhone: string;
}>;

export interface OrgSnapshot {
  id: string;
  name: string;
  status: string;
  regionPath: string;
  version: number;
  fields: Record<string, unknown>;
}

/** The org's changeable fields in clear (for the diff shown to staff, masked by the caller). */
export async function loadOrgSnapshot(tx: Tx, pii: PiiCipher, orgId: string, lock = false): Promise<OrgSnapshot | null> {
  const q = tx.select().from(orgs).where(eq(orgs.id, orgId));
  const [o] = lock ? await q.for('update') : await q;
  if (!o) return null;
  return {
    id: o.id,
    name: o.name,
    status: o.status,
    regionPath: o.regionPath,
    version: o.version,
    fields: {
      name: o.name,
      address: o.address,
      businessScope: o.businessScope,
      serviceFields: o.serviceFields,
      supervisingUnitId: o.supervisingUnitId,
      registeredCapitalFen: o.registeredCapitalFen,
      legalRepName: o.legalRepName,
      legalRepIdNumber: o.legalRepIdSealed ? pii.decrypt(o.legalRepIdSealed) : null,
      legalRepPhone: o.legalRepPhoneSealed ? pii.decrypt(o.legalRepPhoneSealed) : null,
      contactName: o.contactName,
      contactPhone: o.contactPhoneSealed ? pii.decrypt(o.contactPhoneSealed) : null,
    },
  };
}

/** Applies an approved change to the registry, exactly the fields asked for. */
export async function applyOrgChange(tx: Tx, ctx: RequestContext, pii: PiiCipher, orgId: string, changes: ChangeSet, source: CaseSource): Promise<void> {
  const before = await loadOrgSnapshot(tx, pii, orgId, true);
  if (!before) throw notFound('org');
  if (before.status !== 'active' && before.status !== 'changing') throw new AppError('invalid_state', { reason: '该组织已注销或被撤销登记，不能变更。', reasonEn: 'The organization is deregistered or its registration was revoked; it cannot be changed.' });
  const set: Partial<typeof orgs.$inferInsert> = { updatedAt: clockNow(), version: before.version + 1, status: 'active' };
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.address !== undefined) set.address = changes.address;
  if (changes.businessScope !== undefined) set.businessScope = changes.businessScope;
  if (changes.serviceFields !== undefined) set.serviceFields = changes.serviceFields;
  if (changes.supervisingUnitId !== undefined) set.supervisingUnitId = changes.supervisingUnitId;
  if (changes.registeredCapitalFen !== undefined) set.registeredCapitalFen = changes.registeredCapitalFen;
  if (changes.legalRepName !== undefined) set.legalRepName = changes.legalRepName;
  if (changes.legalRepIdNumber !== undefined) {
    set.legalRepIdSealed = pii.encrypt(changes.legalRepIdNumber);
    set.legalRepIdMasked = maskIdNumber(changes.legalRepIdNumber);
    set.legalRepIdHash = pii.lookupHash(changes.legalRepIdNumber);
  }
  if (changes.legalRepPhone !== undefined) {
    set.legalRepPhoneSealed = pii.encrypt(changes.legalRepPhone);
    set.legalRepPhoneMasked = maskPhone(changes.legalRepPhone);
  }
  if (changes.contactName !== undefined) set.contactName = changes.contactName;
  if (changes.contactPhone !== undefined) {
    set.contactPhoneSealed = pii.encrypt(changes.contactPhone);
    set.contactPhoneMasked = maskPhone(changes.contactPhone);
  }
  try {
    await tx.transaction(async (inner) => inner.update(orgs).set(set).where(eq(orgs.id, orgId)));
  } catch (err) {
    duplicateName(err, changes.name ?? before.name);
  }
  const fields = Object.keys(changes);
  const changed = diff(before.fields, { ...before.fields, ...changes }, fields);
  await tx.insert(orgChanges).values({ orgId, actorUserId: ctx.actor?.userId ?? null, actorName: ctx.actor?.displayName ?? '系统', kind: 'change', caseId: source.caseId, caseNumber: source.caseNumber, changes: changed });
  await appendAudit(tx, ctx, { action: 'org.update', permission: 'application.handle', entityType: 'org', entityId: orgId, changes: changed, detail: { caseNumber: source.caseNumber } });
}

/** Deregistration retires the org; its record and history stay. */
export async function deregisterOrg(tx: Tx, ctx: RequestContext, orgId: string, source: CaseSource): Promise<void> {
  const [o] = await tx.select({ status: orgs.status, version: orgs.version }).from(orgs).where(eq(orgs.id, orgId)).for('update');
  if (!o) throw notFound('org');
  if (o.status === 'deregistered') throw new AppError('invalid_state', { reason: '该组织已注销。', reasonEn: 'The organization is already deregistered.' });
  await tx.update(orgs).set({ status: 'deregistered', updatedAt: clockNow(), version: o.version + 1 }).where(eq(orgs.id, orgId));
  const changes = { status: { before: o.status, after: 'deregistered' } };
  await tx.insert(orgChanges).values({ orgId, actorUserId: ctx.actor?.userId ?? null, actorName: ctx.actor?.displayName ?? '系统', kind: 'deregistration', caseId: source.caseId, caseNumber: source.caseNumber, changes });
  await appendAudit(tx, ctx, { action: 'org.deregister', permission: 'application.handle', entityType: 'org', entityId: orgId, changes, detail: { caseNumber: source.caseNumber } });
}

/** Marks an org as under change while a change application is being handled (GB: 变更中). */
export async function setOrgChanging(tx: Tx, orgId: string, changing: boolean): Promise<void> {
  await tx
    .update(orgs)
    .set({ status: changing ? 'changing' : 'active' })
    .where(sql`${orgs.id} = ${orgId} and ${orgs.status} = ${changing ? 'active' : 'changing'}`);
}

/** An accepted annual report goes on the org's record. */
export async function recordAnnualReport(tx: Tx, ctx: RequestContext, orgId: string, summary: Record<string, unknown>, source: CaseSource): Promise<void> {
  await tx.insert(orgChanges).values({ orgId, actorUserId: ctx.actor?.userId ?? null, actorName: ctx.actor?.displayName ?? '系统', kind: 'annualReport', caseId: source.caseId, caseNumber: source.caseNumber, changes: { annualReport: { before: null, after: summary } } });
}
