import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { WorkerKind, ZWorkerInput, ZWorkerPatch } from '../../../../contracts/workforce.js';
import { cityForWrite, cityOfPath, type CityRef } from '../../../platform/access/cities.js';
import { appendAudit, type Changes } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { AppError, conflict, notFound, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { maskIdNumber, maskPhone } from '../../../platform/pii/mask.js';
import { requireWorkerManage, requireWorkforceManage } from '../workforce.policy.js';
import { lockWorker, selectCityDomains, selectCityOrg, selectCityTown, selectDepartment, selectWorkerByCertificate, selectWorkerByIdHash } from '../workforce.queries.js';
import { workers } from '../workforce.tables.js';

type Input = z.infer<typeof ZWorkerInput>;
type Patch = z.infer<typeof ZWorkerPatch>;
/** Everything a person's record holds, as the checks see it (personal data in clear, before sealing). */
type Facts = Omit<Input, 'cityId'>;

/**
 * Every problem with a person's record at once, each on its field: the home town, the employer and the department
 * must be the city's own; a social worker works for an organization, a certified employee for a department; the
 * service domains are the city's; an ID number or certificate number is held once per city.
 */
async function checkFacts(tx: Tx, city: CityRef, f: Facts) {
  const errors: FieldError[] = [];
  const town = await selectCityTown(tx, city.path, f.homeTownId);
  if (!town) errors.push({ path: 'homeTownId', message: `请选择${city.name}的镇（街道）`, messageEn: `Choose a town of ${city.name}` });
  if (!f.certificateLevel) errors.push({ path: 'certificateLevel', message: '请选择社会工作者职业资格等级', messageEn: 'Choose the certificate level' });
  const kind: WorkerKind = f.kind;
  if (kind === 'socialWorker' && f.departmentId) errors.push({ path: 'departmentId', message: '专业社工的工作单位请选择社会组织', messageEn: 'A social worker’s employer is an organization' });
  if (kind === 'certifiedEmployee' && f.employerOrgId) errors.push({ path: 'employerOrgId', message: '机关事业单位持证人员请选择所在部门', messageEn: 'A certified employee belongs to a department' });
  if (kind === 'certifiedEmployee' && !f.departmentId) errors.push({ path: 'departmentId', message: '请选择所在部门（单位）', messageEn: 'Choose the department' });
  if (f.employerOrgId && !(await selectCityOrg(tx, city.path, f.employerOrgId))) errors.push({ path: 'employerOrgId', message: `工作单位须为${city.name}登记的社会组织`, messageEn: 'The employer must be an organization of this city' });
  if (f.departmentId) {
    const d = await selectDepartment(tx, f.departmentId);
    if (!d || d.cityId !== city.id || d.retiredAt) errors.push({ path: 'departmentId', message: `所在部门须为${city.name}的在用部门`, messageEn: 'The department must be one of this city’s' });
  }
  const live = new Set((await selectCityDomains(tx, [city.id])).filter((d) => !d.retired).map((d) => d.code));
  const unknown = f.serviceDomains.filter((c) => !live.has(c));
  if (unknown.length) errors.push({ path: 'serviceDomains', message: `服务领域不在本市目录中：${unknown.join('、')}`, messageEn: `Not a service domain of this city: ${unknown.join(', ')}` });
  if (new Set(f.serviceDomains).size !== f.serviceDomains.length) errors.push({ path: 'serviceDomains', message: '服务领域重复', messageEn: 'A service domain repeats' });
  if (errors.length) throw new AppError('validation', {}, errors);
  return town;
}

async function requireUnique(tx: Tx, pii: PiiCipher, cityId: string, f: { idNumber: string; certificateNo: string | null }, exceptId?: string) {
  const sameId = await selectWorkerByIdHash(tx, cityId, pii.lookupHash(f.idNumber));
  if (sameId && sameId.id !== exceptId) throw new AppError('duplicate', { field: '公民身份号码', value: maskIdNumber(f.idNumber) }, [{ path: 'idNumber', message: `该身份证号已登记（${sameId.name}）`, messageEn: `This ID number is already registered (${sameId.name})` }]);
  if (f.certificateNo) {
    const sameNo = await selectWorkerByCertificate(tx, cityId, f.certificateNo);
    if (sameNo && sameNo.id !== exceptId) throw new AppError('duplicate', { field: '证书编号', value: f.certificateNo }, [{ path: 'certificateNo', message: `证书编号已登记（${sameNo.name}）`, messageEn: `This certificate number is already registered (${sameNo.name})` }]);
  }
}

/** The columns a person's facts write: personal data sealed, hashed for lookups and masked for display. */
function columnsOf(pii: PiiCipher, f: Facts, town: { id: string; path: string }) {
  return {
    kind: f.kind,
    name: f.name,
    gender: f.gender,
    idSealed: pii.encrypt(f.idNumber),
    idHash: pii.lookupHash(f.idNumber),
    idMasked: maskIdNumber(f.idNumber),
    phoneSealed: f.phone ? pii.encrypt(f.phone) : null,
    phoneHash: f.phone ? pii.lookupHash(f.phone) : null,
    phoneMasked: f.phone ? maskPhone(f.phone) : null,
    certificateLevel: f.certificateLevel,
    certificateNo: f.certificateNo,
    employerOrgId: f.employerOrgId,
    departmentId: f.departmentId,
    townId: town.id,
    regionPath: town.path,
    serviceDomains: f.serviceDomains,
    status: f.status,
    note: f.note,
  };
}

/** What the audit keeps of a record: never personal data in clear, only its masked form. */
function auditView(f: Facts) {
  return {
    kind: f.kind,
    name: f.name,
    gender: f.gender,
    idNumber: maskIdNumber(f.idNumber),
    phone: f.phone ? maskPhone(f.phone) : null,
    certificateLevel: f.certificateLevel,
    certificateNo: f.certificateNo,
    employerOrgId: f.employerOrgId,
    departmentId: f.departmentId,
    homeTownId: f.homeTownId,
    serviceDomains: f.serviceDomains,
    status: f.status,
    note: f.note,
  };
}

function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const out: Changes = {};
  for (const k of Object.keys(after)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { before: before[k] ?? null, after: after[k] ?? null };
  return out;
}

/** Adds a person to the caller's city (the one named, for someone who keeps several), audited. */
export async function createWorker(db: Db, ctx: RequestContext, pii: PiiCipher, input: Input): Promise<{ id: string }> {
  const actor = requireWorkforceManage(ctx.actor);
  const { cityId: requested, ...facts } = input;
  return db.transaction(async (tx) => insertWorker(tx, ctx, pii, await cityForWrite(tx, actor, 'workforce.manage', requested), facts));
}

/** A new person of the city, checked and audited, in the caller's transaction (the form, the import). */
export async function insertWorker(tx: Tx, ctx: RequestContext, pii: PiiCipher, city: CityRef, facts: Facts): Promise<{ id: string }> {
  const actor = requireWorkforceManage(ctx.actor);
  const town = await checkFacts(tx, city, facts);
  requireWorkerManage(actor, town.path);
  await requireUnique(tx, pii, city.id, facts);
  const [made] = await tx.insert(workers).values({ cityId: city.id, ...columnsOf(pii, facts, town), updatedBy: actor.userId }).returning({ id: workers.id });
  await appendAudit(tx, ctx, { action: 'workforce.create', permission: 'workforce.manage', entityType: 'worker', entityId: made.id, changes: changesBetween({}, auditView(facts)), detail: { name: facts.name, city: city.name } });
  return made;
}

/** A person's facts as stored, personal data opened: what a change starts from. */
export function factsOf(pii: PiiCipher, row: typeof workers.$inferSelect): Facts {
  return {
    kind: row.kind,
    name: row.name,
    gender: row.gender,
    idNumber: pii.decrypt(row.idSealed),
    phone: row.phoneSealed ? pii.decrypt(row.phoneSealed) : null,
    certificateLevel: row.certificateLevel,
    certificateNo: row.certificateNo,
    employerOrgId: row.employerOrgId,
    departmentId: row.departmentId,
    homeTownId: row.townId,
    serviceDomains: row.serviceDomains,
    status: row.status,
    note: row.note,
  };
}

/** What would change between two sets of facts, as the audit keeps it (personal data masked): empty when nothing. */
export const factChanges = (before: Facts, after: Facts) => changesBetween(auditView(before), auditView(after));
export type WorkerFacts = Facts;
export { checkFacts, requireUnique };

/** Changes the fields sent, against the version the caller saw (409 when stale), audited with before and after. */
export async function updateWorker(db: Db, ctx: RequestContext, pii: PiiCipher, id: string, patch: Patch): Promise<void> {
  const actor = requireWorkforceManage(ctx.actor);
  const { version, ...sent } = patch;
  await db.transaction(async (tx) => {
    const row = await lockWorker(tx, id);
    if (!row) throw notFound('worker');
    requireWorkerManage(actor, row.regionPath);
    if (row.version !== version) throw conflict(row.version);
    const city = await cityOfPath(tx, row.regionPath);
    if (!city) throw new Error(`worker ${id} lies in no city`);
    const before = factsOf(pii, row);
    await changeWorker(tx, ctx, pii, city, row, { ...before, ...Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined)) });
  });
}

/** Writes a locked person's new facts (checked, audited with before and after) in the caller's transaction; nothing when nothing changed. */
export async function changeWorker(tx: Tx, ctx: RequestContext, pii: PiiCipher, city: CityRef, row: typeof workers.$inferSelect, after: Facts): Promise<boolean> {
  const actor = requireWorkforceManage(ctx.actor);
  requireWorkerManage(actor, row.regionPath);
  const town = await checkFacts(tx, city, after);
  // Moving someone to another town needs the manage right there too.
  requireWorkerManage(actor, town.path);
  await requireUnique(tx, pii, city.id, after, row.id);
  const changes = changesBetween(auditView(factsOf(pii, row)), auditView(after));
  if (Object.keys(changes).length === 0) return false;
  await tx.update(workers).set({ ...columnsOf(pii, after, town), version: row.version + 1, updatedAt: clockNow(), updatedBy: actor.userId }).where(eq(workers.id, row.id));
  await appendAudit(tx, ctx, { action: 'workforce.update', permission: 'workforce.manage', entityType: 'worker', entityId: row.id, changes, detail: { name: after.name } });
  return true;
}
