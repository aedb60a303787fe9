import { clockNow } from '../../../platform/clock.js';
import type { FastifyBaseLogger } from 'fastify';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { departments as departmentTable, regions } from '../../../platform/access/scope.tables.js';
import { inSubtree, toIso } from '../../../platform/db/sql.js';
import { cityForWrite, type CityRef } from '../../../platform/access/cities.js';
import { AppError, conflict } from '../../../platform/errors/app-error.js';
import { receiveFile } from '../../../platform/files/files.js';
import type { FileStorage } from '../../../platform/files/storage.js';
import type { Actor, RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { orgChanges, orgImports, orgs } from '../orgs.tables.js';
import { IMPORT_COLUMNS, ImportFileError, readImportRows, validateRow, type ColumnKey, type Lookups, type RowIssue, type ValidRow } from './import-rows.js';
import { ORG_TYPE_NAMES } from '../../../../contracts/org-kinds.js';
import { maskIdNumber, maskPhone } from '../../../platform/pii/mask.js';
import { requireOrgImport, requireOwnImport } from '../orgs.policy.js';

const REPORT_CAP = 2000;

/**
 * The city a registry file is imported into: the importing office's (an import is one person's work from upload to
 * run, requireOwnImport, so the same person's city both times).
 */
export function importCity(db: DbOrTx, actor: Actor): Promise<CityRef> {
  return cityForWrite(db, actor, 'org.import', undefined);
}
const BATCH = 500;

export type ImportRow = typeof orgImports.$inferSelect;
type RowStatus = 'valid' | 'changed' | 'invalid' | 'unchanged';

/**
 * The names a file's rows may use, all of the importing office's city: its towns, communities and departments (two
 * cities both have a 民政局 and may both have a 新华社区; a row never lands in another city).
 */
async function loadLookups(db: DbOrTx, city: CityRef): Promise<Lookups> {
  const current = (level: 'town' | 'community') => and(eq(regions.level, level), isNull(regions.retiredAt), inSubtree(regions.path, city.path));
  const towns = await db.select({ id: regions.id, name: regions.name, path: regions.path }).from(regions).where(current('town'));
  const communities = await db.select({ id: regions.id, name: regions.name, path: regions.path, parentId: regions.parentId }).from(regions).where(current('community'));
  const departments = await db
    .select({ id: departmentTable.id, name: departmentTable.name, shortName: departmentTable.shortName })
    .from(departmentTable)
    .where(and(eq(departmentTable.cityId, city.id), isNull(departmentTable.retiredAt)));
  return {
    towns: new Map(towns.map((t) => [t.name, { id: t.id, path: t.path }])),
    communities: new Map(communities.map((c) => [`${c.parentId}|${c.name}`, { id: c.id, path: c.path }])),
    departments: new Map(departments.flatMap((d) => [[d.name, d.id] as [string, string], [d.shortName, d.id] as [string, string]])),
    cityPath: city.path,
  };
}

/** What the registry holds of an organization a row names: enough to compare every imported field. */
const existingColumns = {
  id: orgs.id,
  version: orgs.version,
  name: orgs.name,
  creditCode: orgs.creditCode,
  status: orgs.status,
  type: orgs.type,
  townId: orgs.townId,
  communityId: orgs.communityId,
  address: orgs.address,
  businessScope: orgs.businessScope,
  serviceFields: orgs.serviceFields,
  supervisingUnitId: orgs.supervisingUnitId,
  registeredCapitalFen: orgs.registeredCapitalFen,
  legalRepName: orgs.legalRepName,
  legalRepIdMasked: orgs.legalRepIdMasked,
  legalRepIdHash: orgs.legalRepIdHash,
  legalRepPhoneMasked: orgs.legalRepPhoneMasked,
  legalRepPhoneSealed: orgs.legalRepPhoneSealed,
  contactName: orgs.contactName,
  contactPhoneMasked: orgs.contactPhoneMasked,
  contactPhoneSealed: orgs.contactPhoneSealed,
  foundedOn: orgs.foundedOn,
  grade: orgs.grade,
  gradeValidUntil: orgs.gradeValidUntil,
  hasPartyOrg: orgs.hasPartyOrg,
  socialWorkerCount: orgs.socialWorkerCount,
};
type Existing = Awaited<ReturnType<typeof selectExisting>>[number];
const selectExisting = (db: DbOrTx) => db.select(existingColumns).from(orgs);

/** An update of an organization already in the registry: the fields to set and their history entry (masked). */
export interface OrgUpdate {
  orgId: string;
  version: number;
  set: Partial<typeof orgs.$inferInsert>;
  changes: Record<string, { before: unknown; after: unknown }>;
}

type Classified = { rowNumber: number; status: RowStatus; row: ValidRow | null; issues: RowIssue[]; update?: OrgUpdate };

/**
 * Compares a row with the organization it names. Registered items (名称, 类型, 住所, 法定代表人 …) change only
 * through a change registration, so a difference there is refused, naming the registered value; what the
 * directory keeps beside them (服务领域, 联系人 and phones, 评估等级, 党组织, 社工人数) is updated. A column the
 * file lacks leaves its field as it is, and so does a masked value equal to the registry's mask — the export
 * writes personal data masked, and importing it back must change nothing.
 */
export function compareWithRegistry(r: ValidRow, present: ReadonlySet<ColumnKey>, o: Existing, pii: PiiCipher): { issues: RowIssue[]; update: OrgUpdate | null } {
  const issues: RowIssue[] = [];
  const registered = (key: ColumnKey, header: string, same: boolean, shown?: string | null) => {
    const what = shown === undefined ? '名录登记的' : `名录登记的“${shown ?? '（空）'}”`;
    if (present.has(key) && !same) issues.push({ column: header, message: `与${what}不一致；登记事项须通过变更登记修改` });
  };
  registered('type', '类型', r.type === o.type, ORG_TYPE_NAMES[o.type].zh);
  registered('town', '镇街', r.townId === o.townId);
  registered('community', '村社区', (r.communityId ?? null) === (o.communityId ?? null));
  registered('address', '住所', r.address === o.address, o.address);
  registered('businessScope', '业务范围', r.businessScope === o.businessScope, o.businessScope);
  registered('supervisingUnit', '业务主管单位', (r.supervisingUnitId ?? null) === (o.supervisingUnitId ?? null));
  registered('registeredCapitalYuan', '注册资金（元）', r.registeredCapitalFen === Number(o.registeredCapitalFen), (Number(o.registeredCapitalFen) / 100).toFixed(2));
  registered('legalRepName', '法定代表人', r.legalRepName === o.legalRepName, o.legalRepName);
  registered('foundedOn', '成立日期', r.foundedOn === o.foundedOn, o.foundedOn);
  if (present.has('legalRepIdNumber')) {
    const v = r.legalRepIdNumber;
    const same = v === null ? o.legalRepIdMasked === null : 'masked' in v ? v.masked === o.legalRepIdMasked : pii.lookupHash(v.clear) === o.legalRepIdHash;
    if (!same) issues.push({ column: '法定代表人身份证号', message: `与名录登记的（${o.legalRepIdMasked ?? '空'}）不一致；登记事项须通过变更登记修改` });
  }

  const set: OrgUpdate['set'] = {};
  const changes: OrgUpdate['changes'] = {};
  const plain = <K extends 'contactName' | 'grade' | 'gradeValidUntil' | 'hasPartyOrg' | 'socialWorkerCount'>(key: ColumnKey, field: K, value: Existing[K]) => {
    if (present.has(key) && value !== o[field]) {
      set[field] = value;
      changes[field] = { before: o[field], after: value };
    }
  };
  if (present.has('serviceFields') && [...r.serviceFields].sort().join() !== [...o.serviceFields].sort().join()) {
    set.serviceFields = r.serviceFields;
    changes.serviceFields = { before: o.serviceFields, after: r.serviceFields };
  }
  plain('contactName', 'contactName', r.contactName);
  plain('grade', 'grade', r.grade);
  plain('gradeValidUntil', 'gradeValidUntil', r.gradeValidUntil);
  plain('hasPartyOrg', 'hasPartyOrg', r.hasPartyOrg);
  plain('socialWorkerCount', 'socialWorkerCount', r.socialWorkerCount);
  for (const [key, header, masked, sealed] of [
    ['legalRepPhone', '法定代表人电话', o.legalRepPhoneMasked, o.legalRepPhoneSealed],
    ['contactPhone', '联系电话', o.contactPhoneMasked, o.contactPhoneSealed],
  ] as const) {
    if (!present.has(key)) continue;
    const v = r[key];
    if (v && 'masked' in v) {
      if (v.masked !== masked) issues.push({ column: header, message: `打码的号码与名录中的（${masked ?? '空'}）不一致：请填写完整号码，或保留导出时的原样` });
      continue;
    }
    if (v === null ? sealed === null : sealed !== null && pii.decrypt(sealed) === v.clear) continue;
    const after = v ? maskPhone(v.clear) : null;
    if (key === 'legalRepPhone') Object.assign(set, { legalRepPhoneSealed: v ? pii.encrypt(v.clear) : null, legalRepPhoneMasked: after });
    else Object.assign(set, { contactPhoneSealed: v ? pii.encrypt(v.clear) : null, contactPhoneMasked: after });
    changes[key] = { before: masked, after };
  }
  if (issues.length === 0 && Object.keys(set).length > 0 && o.status !== 'active') {
    issues.push({ column: '名称', message: o.status === 'changing' ? '该组织正在办理变更登记，办结后再导入修改' : '该组织已注销或撤销，不能再修改' });
  }
  if (issues.length > 0 || Object.keys(set).length === 0) return { issues, update: null };
  return { issues, update: { orgId: o.id, version: o.version, set, changes } };
}

/**
 * Walks the file once: each row is checked on its own, against earlier rows (duplicates in the file)
 * and against the registry in batches (existing codes and names). `onBatch` receives classified rows:
 * new (valid), an update of an organization in the registry (changed), the same as the registry
 * (unchanged), or refused (invalid).
 */
async function classify(db: DbOrTx, pii: PiiCipher, city: CityRef, input: Readable, onBatch: (batch: Classified[], processed: number) => Promise<void>): Promise<void> {
  const lookups = await loadLookups(db, city);
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();
  let pending: { rowNumber: number; row: ValidRow | null; issues: RowIssue[]; present: Set<ColumnKey> }[] = [];
  let processed = 0;
  const flush = async () => {
    const valid = pending.filter((p) => p.row);
    const codes = valid.map((p) => p.row!.creditCode).filter((c): c is string => !!c);
    const names = valid.map((p) => p.row!.name);
    const byCode = new Map(codes.length ? (await selectExisting(db).where(inArray(orgs.creditCode, codes))).map((r) => [r.creditCode, r]) : []);
    // Every organization of these names, deregistered ones too: a name is taken only while its holder exists,
    // but a filed organization deregistered since (in an export with the inactive ones) is still the same one.
    const byName = new Map<string, Existing[]>();
    for (const o of names.length ? await selectExisting(db).where(inArray(orgs.name, names)) : []) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);
    const inExistence = (o: Existing) => o.status === 'active' || o.status === 'changing';
    const out = pending.map((p): Classified => {
      if (!p.row) return { ...p, status: 'invalid' };
      const r = p.row;
      const codeHolder = r.creditCode ? byCode.get(r.creditCode) : undefined;
      const sameName = byName.get(r.name) ?? [];
      // A filed org without a code is the same one when its name and town match (the one in existence first).
      const filed = r.creditCode ? undefined : sameName.filter((o) => !o.creditCode && o.townId === r.townId).sort((a, b) => Number(inExistence(b)) - Number(inExistence(a)))[0];
      let existing: Existing | undefined;
      if (codeHolder) {
        if (codeHolder.name !== r.name) return { ...p, status: 'invalid', issues: [{ column: '统一社会信用代码', message: `该代码已登记为“${codeHolder.name}”` }] };
        existing = codeHolder;
      } else if (filed) existing = filed;
      else if (sameName.some(inExistence)) return { ...p, status: 'invalid', issues: [{ column: '名称', message: '名称已被现有社会组织使用' }] };
      if (!existing) {
        const masked = (['legalRepIdNumber', 'legalRepPhone', 'contactPhone'] as const).filter((k) => r[k] && 'masked' in r[k]);
        if (masked.length) return { ...p, status: 'invalid', issues: masked.map((k) => ({ column: IMPORT_COLUMNS.find((c) => c.key === k)!.header, message: '新登记的组织须填写完整号码，不能是打码的号码' })) };
        return { ...p, status: 'valid' };
      }
      const { issues, update } = compareWithRegistry(r, p.present, existing, pii);
      if (issues.length) return { ...p, status: 'invalid', issues };
      return update ? { ...p, status: 'changed', update } : { ...p, status: 'unchanged' };
    });
    pending = [];
    await onBatch(out, processed);
  };
  for await (const { rowNumber, raw, notes } of readImportRows(input)) {
    processed += 1;
    const { row, issues } = validateRow(raw, lookups);
    issues.push(...notes);
    if (row) {
      const earlierCode = row.creditCode ? seenCodes.get(row.creditCode) : undefined;
      const earlierName = seenNames.get(row.name);
      if (earlierCode) issues.push({ column: '统一社会信用代码', message: `与第 ${earlierCode} 行重复` });
      else if (earlierName) issues.push({ column: '名称', message: `与第 ${earlierName} 行重复` });
      if (row.creditCode && !earlierCode) seenCodes.set(row.creditCode, rowNumber);
      if (!earlierName) seenNames.set(row.name, rowNumber);
    }
    pending.push({ rowNumber, row: issues.length ? null : row, issues, present: new Set(Object.keys(raw) as ColumnKey[]) });
    if (pending.length >= BATCH) await flush();
  }
  await flush();
}

export function presentImport(j: ImportRow) {
  return {
    id: j.id,
    status: j.status,
    mode: j.mode,
    fileName: j.fileName,
    totalRows: j.totalRows,
    processedRows: j.processedRows,
    validRows: j.validRows,
    invalidRows: j.invalidRows,
    unchangedRows: j.unchangedRows,
    changedRows: j.changedRows,
    importedRows: j.importedRows,
    updatedRows: j.updatedRows,
    report: j.report as { row: number; issues: RowIssue[] }[],
    error: j.error,
    createdAt: toIso(j.createdAt)!,
    finishedAt: toIso(j.finishedAt),
    version: j.version,
  };
}

async function update(db: Db, id: string, set: Partial<typeof orgImports.$inferInsert>) {
  await db.update(orgImports).set({ ...set, updatedAt: clockNow() }).where(eq(orgImports.id, id));
}

/** Receives the file, records the job and validates it in the background; the caller polls for progress. */
export async function startImport(db: Db, ctx: RequestContext, storage: FileStorage, pii: PiiCipher, log: FastifyBaseLogger, file: { stream: Readable; filename: string }) {
  const actor = requireOrgImport(ctx.actor);
  const received = await receiveFile(storage, file.stream, file.filename || '导入.xlsx');
  if (received.extension !== 'xlsx') {
    await storage.remove(received.key);
    throw new AppError('file_type_not_allowed', { name: received.originalName });
  }
  const city = await importCity(db, actor);
  const [job] = await db.insert(orgImports).values({ status: 'validating', fileName: received.originalName, storageKey: received.key, sha256: received.sha256, createdBy: actor.userId }).returning();
  void validateInBackground(db, storage, pii, log, job.id, received.key, city);
  return presentImport(job);
}

async function validateInBackground(db: Db, storage: FileStorage, pii: PiiCipher, log: FastifyBaseLogger, id: string, key: string, city: CityRef) {
  const counts = { valid: 0, changed: 0, invalid: 0, unchanged: 0 };
  const report: { row: number; issues: RowIssue[] }[] = [];
  try {
    await classify(db, pii, city, await storage.open(key), async (batch, processed) => {
      for (const r of batch) {
        counts[r.status] += 1;
        if (r.status === 'invalid' && report.length < REPORT_CAP) report.push({ row: r.rowNumber, issues: r.issues });
      }
      await update(db, id, { processedRows: processed, validRows: counts.valid, changedRows: counts.changed, invalidRows: counts.invalid, unchangedRows: counts.unchanged });
    });
    const total = counts.valid + counts.changed + counts.invalid + counts.unchanged;
    await update(db, id, { status: 'validated', totalRows: total, processedRows: total, validRows: counts.valid, changedRows: counts.changed, invalidRows: counts.invalid, unchangedRows: counts.unchanged, report, version: sql`${orgImports.version} + 1` as never });
  } catch (err) {
    const message = err instanceof ImportFileError ? err.message : '文件无法读取：请上传由导入模板填写的 .xlsx 文件。';
    if (!(err instanceof ImportFileError)) log.warn({ err, importId: id }, 'import validation failed');
    await update(db, id, { status: 'failed', error: message, finishedAt: clockNow(), version: sql`${orgImports.version} + 1` as never });
  }
}

export async function getImport(db: Db, ctx: RequestContext, id: string) {
  const actor = requireOrgImport(ctx.actor);
  const [job] = await db.select().from(orgImports).where(eq(orgImports.id, id));
  requireOwnImport(actor, job);
  return presentImport(job);
}

/**
 * Imports the validated file: every valid row (validOnly, in batches), or all rows in one transaction
 * and only if none is invalid (allOrNothing). Rows already in the registry are skipped, so running the
 * same file twice changes nothing.
 */
export async function runImport(db: Db, ctx: RequestContext, storage: FileStorage, pii: PiiCipher, log: FastifyBaseLogger, id: string, input: { mode: 'validOnly' | 'allOrNothing'; version: number }) {
  const actor = requireOrgImport(ctx.actor);
  const [job] = await db.select().from(orgImports).where(eq(orgImports.id, id));
  requireOwnImport(actor, job);
  if (job.version !== input.version) throw conflict(job.version, { currentState: job.status });
  if (job.status !== 'validated') throw new AppError('invalid_state', { reason: job.status === 'completed' ? '该文件已导入完成。' : '文件尚未校验完成。', reasonEn: job.status === 'completed' ? 'This file has already been imported.' : 'The file has not finished validation yet.' }, undefined, { currentState: job.status });
  if (input.mode === 'allOrNothing' && job.invalidRows > 0) throw new AppError('invalid_state', { reason: `有 ${job.invalidRows} 行未通过校验，“全部导入”模式下不能导入；请修改后重新上传，或选择“仅导入正确的行”。`, reasonEn: `${job.invalidRows} rows failed validation, so nothing can be imported in "all or nothing" mode; correct the file and upload it again, or choose "import only the valid rows".` });
  const [claimed] = await db
    .update(orgImports)
    .set({ status: 'importing', mode: input.mode, processedRows: 0, version: job.version + 1, updatedAt: clockNow() })
    .where(sql`${orgImports.id} = ${id} and ${orgImports.version} = ${job.version}`)
    .returning();
  if (!claimed) throw conflict(job.version + 1, { currentState: 'importing' });
  void importInBackground(db, ctx, storage, pii, log, claimed, await importCity(db, actor));
  return presentImport(claimed);
}

/** A new organization's row; personal data sealed (a masked value never reaches here: classify refuses it). */
function toValues(r: ValidRow, pii: PiiCipher): typeof orgs.$inferInsert {
  const clear = (v: ValidRow['legalRepIdNumber']) => (v && 'clear' in v ? v.clear : null);
  const id = clear(r.legalRepIdNumber);
  const legalRepPhone = clear(r.legalRepPhone);
  const contactPhone = clear(r.contactPhone);
  return {
    name: r.name,
    creditCode: r.creditCode,
    type: r.type,
    registration: r.registration,
    townId: r.townId,
    communityId: r.communityId,
    regionPath: r.regionPath,
    address: r.address,
    businessScope: r.businessScope,
    serviceFields: r.serviceFields,
    supervisingUnitId: r.supervisingUnitId,
    registeredCapitalFen: r.registeredCapitalFen,
    legalRepName: r.legalRepName,
    legalRepIdSealed: id ? pii.encrypt(id) : null,
    legalRepIdMasked: id ? maskIdNumber(id) : null,
    legalRepIdHash: id ? pii.lookupHash(id) : null,
    legalRepPhoneSealed: legalRepPhone ? pii.encrypt(legalRepPhone) : null,
    legalRepPhoneMasked: legalRepPhone ? maskPhone(legalRepPhone) : null,
    contactName: r.contactName,
    contactPhoneSealed: contactPhone ? pii.encrypt(contactPhone) : null,
    contactPhoneMasked: contactPhone ? maskPhone(contactPhone) : null,
    foundedOn: r.foundedOn,
    grade: r.grade,
    gradeValidUntil: r.gradeValidUntil,
    hasPartyOrg: r.hasPartyOrg,
    socialWorkerCount: r.socialWorkerCount,
  };
}

async function insertBatch(tx: DbOrTx, ctx: RequestContext, pii: PiiCipher, job: ImportRow, batch: ValidRow[]): Promise<number> {
  if (batch.length === 0) return 0;
  // ON CONFLICT: a row registered meanwhile (another import, an approval) is skipped, not duplicated.
  const inserted = await tx.insert(orgs).values(batch.map((r) => toValues(r, pii))).onConflictDoNothing().returning({ id: orgs.id, name: orgs.name, creditCode: orgs.creditCode });
  if (inserted.length) {
    await tx.insert(orgChanges).values(
      inserted.map((o) => ({ orgId: o.id, actorUserId: ctx.actor!.userId, actorName: ctx.actor!.displayName, kind: 'import', caseNumber: job.fileName, changes: { name: { before: null, after: o.name }, creditCode: { before: null, after: o.creditCode } } })),
    );
  }
  return inserted.length;
}

/**
 * Applies the updates of organizations already in the registry, each only if the record is still the
 * version the file was compared with (a change registration meanwhile wins; the row is left for the next
 * import). Each applied update leaves its history row, personal data masked.
 */
async function updateBatch(tx: DbOrTx, ctx: RequestContext, job: ImportRow, updates: OrgUpdate[]): Promise<number> {
  let applied = 0;
  for (const u of updates) {
    const [done] = await tx
      .update(orgs)
      .set({ ...u.set, version: u.version + 1, updatedAt: clockNow() })
      .where(and(eq(orgs.id, u.orgId), eq(orgs.version, u.version), eq(orgs.status, 'active')))
      .returning({ id: orgs.id });
    if (!done) continue;
    await tx.insert(orgChanges).values({ orgId: u.orgId, actorUserId: ctx.actor!.userId, actorName: ctx.actor!.displayName, kind: 'import', caseNumber: job.fileName, changes: u.changes });
    applied += 1;
  }
  return applied;
}

async function importInBackground(db: Db, ctx: RequestContext, storage: FileStorage, pii: PiiCipher, log: FastifyBaseLogger, job: ImportRow, city: CityRef) {
  let imported = 0;
  let updated = 0;
  try {
    const work = async (tx: DbOrTx, perBatchTx: boolean) => {
      // All or nothing reads and writes inside its one transaction (PGlite has a single connection, and
      // progress written elsewhere would wait for it): its progress shows only when it ends.
      await classify(perBatchTx ? db : tx, pii, city, await storage.open(job.storageKey), async (batch, processed) => {
        const valid = batch.filter((b) => b.status === 'valid').map((b) => b.row!);
        const updates = batch.flatMap((b) => (b.status === 'changed' && b.update ? [b.update] : []));
        if (!perBatchTx && batch.some((b) => b.status === 'invalid')) throw new ImportFileError('文件在校验后发生了变化：出现未通过校验的行，已全部撤销。');
        const write = async (w: DbOrTx) => {
          imported += await insertBatch(w, ctx, pii, job, valid);
          updated += await updateBatch(w, ctx, job, updates);
        };
        if (perBatchTx) {
          await db.transaction(write);
          await update(db, job.id, { processedRows: processed, importedRows: imported, updatedRows: updated });
        } else await write(tx);
      });
    };
    if (job.mode === 'allOrNothing') await db.transaction((tx) => work(tx, false));
    else await work(db, true);
    await db.transaction(async (tx) => {
      await tx.update(orgImports).set({ status: 'completed', importedRows: imported, updatedRows: updated, finishedAt: clockNow(), updatedAt: clockNow(), version: sql`${orgImports.version} + 1` }).where(eq(orgImports.id, job.id));
      await appendAudit(tx, ctx, { action: 'org.import', permission: 'org.import', entityType: 'orgImport', entityId: job.id, detail: { file: job.fileName, sha256: job.sha256, mode: job.mode, imported, updated, unchanged: job.unchangedRows, invalid: job.invalidRows } });
    });
  } catch (err) {
    const message = err instanceof ImportFileError ? err.message : '导入失败，已导入的批次保留；请稍后重试（已存在的不会重复导入）。';
    if (!(err instanceof ImportFileError)) log.error({ err, importId: job.id }, 'import failed');
    const none = job.mode === 'allOrNothing';
    await update(db, job.id, { status: 'failed', error: none ? `${message}（全部导入模式：没有导入任何一行）` : message, importedRows: none ? 0 : imported, updatedRows: none ? 0 : updated, finishedAt: clockNow(), version: sql`${orgImports.version} + 1` as never });
  }
}
