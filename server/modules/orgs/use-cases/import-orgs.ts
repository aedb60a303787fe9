import { clockNow } from '../../../platform/clock.js';
import type { FastifyBaseLogger } from 'fastify';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { departments as departmentTable, regions } from '../../../platform/access/scope.tables.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, conflict } from '../../../platform/errors/app-error.js';
import { receiveFile } from '../../../platform/files/files.js';
import { makeCreditCode } from '../../../../contracts/identifiers.js';
import type { FileStorage } from '../../../platform/files/storage.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { orgChanges, orgImports, orgs } from '../orgs.tables.js';
import { IMPORT_COLUMNS, ImportFileError, readImportRows, validateRow, type Lookups, type RowIssue, type ValidRow } from './import-rows.js';
import { maskIdNumber, maskPhone } from '../../../platform/pii/mask.js';
import { requireOrgImport, requireOwnImport } from '../orgs.policy.js';

const REPORT_CAP = 2000;
const BATCH = 500;

export type ImportRow = typeof orgImports.$inferSelect;
type RowStatus = 'valid' | 'invalid' | 'unchanged';

async function loadLookups(db: DbOrTx): Promise<Lookups> {
  const current = (level: 'city' | 'town' | 'community') => and(eq(regions.level, level), isNull(regions.retiredAt));
  const towns = await db.select({ id: regions.id, name: regions.name, path: regions.path }).from(regions).where(current('town'));
  const communities = await db.select({ id: regions.id, name: regions.name, path: regions.path, parentId: regions.parentId }).from(regions).where(current('community'));
  const departments = await db.select({ id: departmentTable.id, name: departmentTable.name, shortName: departmentTable.shortName }).from(departmentTable).where(isNull(departmentTable.retiredAt));
  const [city] = await db.select({ path: regions.path }).from(regions).where(current('city')).orderBy(asc(regions.createdAt)).limit(1);
  return {
    towns: new Map(towns.map((t) => [t.name, { id: t.id, path: t.path }])),
    communities: new Map(communities.map((c) => [`${c.parentId}|${c.name}`, { id: c.id, path: c.path }])),
    departments: new Map(departments.flatMap((d) => [[d.name, d.id] as [string, string], [d.shortName, d.id] as [string, string]])),
    cityPath: city.path,
  };
}

/**
 * Walks the file once: each row is checked on its own, against earlier rows (duplicates in the file)
 * and against the registry in batches (existing codes and names). `onBatch` receives classified rows.
 */
async function classify(
  db: DbOrTx,
  input: Readable,
  onBatch: (batch: { rowNumber: number; status: RowStatus; row: ValidRow | null; issues: RowIssue[] }[], processed: number) => Promise<void>,
): Promise<void> {
  const lookups = await loadLookups(db);
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();
  let pending: { rowNumber: number; row: ValidRow | null; issues: RowIssue[] }[] = [];
  let processed = 0;
  const flush = async () => {
    const valid = pending.filter((p) => p.row);
    const codes = valid.map((p) => p.row!.creditCode).filter((c): c is string => !!c);
    const names = valid.map((p) => p.row!.name);
    const byCode = new Map(
      codes.length ? (await db.select({ creditCode: orgs.creditCode, name: orgs.name }).from(orgs).where(inArray(orgs.creditCode, codes))).map((r) => [r.creditCode, r.name]) : [],
    );
    const byName = new Map(
      names.length
        ? (await db
            .select({ name: orgs.name, creditCode: orgs.creditCode, townId: orgs.townId })
            .from(orgs)
            .where(and(inArray(orgs.status, ['active', 'changing']), inArray(orgs.name, names)))).map((r) => [r.name, r])
        : [],
    );
    const out = pending.map((p) => {
      if (!p.row) return { ...p, status: 'invalid' as const };
      const r = p.row;
      if (r.creditCode && byCode.has(r.creditCode)) {
        return byCode.get(r.creditCode) === r.name
          ? { ...p, status: 'unchanged' as const }
          : { ...p, status: 'invalid' as const, issues: [{ column: '统一社会信用代码', message: `该代码已登记为“${byCode.get(r.creditCode)}”` }] };
      }
      const sameName = byName.get(r.name);
      if (sameName) {
        // A filed org without a code is the same one when its name and town match.
        if (!r.creditCode && !sameName.creditCode && sameName.townId === r.townId) return { ...p, status: 'unchanged' as const };
        return { ...p, status: 'invalid' as const, issues: [{ column: '名称', message: '名称已被现有社会组织使用' }] };
      }
      return { ...p, status: 'valid' as const };
    });
    pending = [];
    await onBatch(out, processed);
  };
  for await (const { rowNumber, raw } of readImportRows(input)) {
    processed += 1;
    const { row, issues } = validateRow(raw, lookups);
    if (row) {
      const earlierCode = row.creditCode ? seenCodes.get(row.creditCode) : undefined;
      const earlierName = seenNames.get(row.name);
      if (earlierCode) issues.push({ column: '统一社会信用代码', message: `与第 ${earlierCode} 行重复` });
      else if (earlierName) issues.push({ column: '名称', message: `与第 ${earlierName} 行重复` });
      if (row.creditCode && !earlierCode) seenCodes.set(row.creditCode, rowNumber);
      if (!earlierName) seenNames.set(row.name, rowNumber);
    }
    pending.push({ rowNumber, row: issues.length ? null : row, issues });
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
    importedRows: j.importedRows,
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
export async function startImport(db: Db, ctx: RequestContext, storage: FileStorage, log: FastifyBaseLogger, file: { stream: Readable; filename: string }) {
  const actor = requireOrgImport(ctx.actor);
  const received = await receiveFile(storage, file.stream, file.filename || '导入.xlsx');
  if (received.extension !== 'xlsx') {
    await storage.remove(received.key);
    throw new AppError('file_type_not_allowed', { name: received.originalName });
  }
  const [job] = await db.insert(orgImports).values({ status: 'validating', fileName: received.originalName, storageKey: received.key, sha256: received.sha256, createdBy: actor.userId }).returning();
  void validateInBackground(db, storage, log, job.id, received.key);
  return presentImport(job);
}

async function validateInBackground(db: Db, storage: FileStorage, log: FastifyBaseLogger, id: string, key: string) {
  const counts = { valid: 0, invalid: 0, unchanged: 0 };
  const report: { row: number; issues: RowIssue[] }[] = [];
  try {
    await classify(db, await storage.open(key), async (batch, processed) => {
      for (const r of batch) {
        counts[r.status] += 1;
        if (r.status === 'invalid' && report.length < REPORT_CAP) report.push({ row: r.rowNumber, issues: r.issues });
      }
      await update(db, id, { processedRows: processed, validRows: counts.valid, invalidRows: counts.invalid, unchangedRows: counts.unchanged });
    });
    const total = counts.valid + counts.invalid + counts.unchanged;
    await update(db, id, { status: 'validated', totalRows: total, processedRows: total, validRows: counts.valid, invalidRows: counts.invalid, unchangedRows: counts.unchanged, report, version: sql`${orgImports.version} + 1` as never });
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
  void importInBackground(db, ctx, storage, pii, log, claimed);
  return presentImport(claimed);
}

function toValues(r: ValidRow, pii: PiiCipher): typeof orgs.$inferInsert {
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
    legalRepIdSealed: r.legalRepIdNumber ? pii.encrypt(r.legalRepIdNumber) : null,
    legalRepIdMasked: r.legalRepIdNumber ? maskIdNumber(r.legalRepIdNumber) : null,
    legalRepIdHash: r.legalRepIdNumber ? pii.lookupHash(r.legalRepIdNumber) : null,
    legalRepPhoneSealed: r.legalRepPhone ? pii.encrypt(r.legalRepPhone) : null,
    legalRepPhoneMasked: r.legalRepPhone ? maskPhone(r.legalRepPhone) : null,
    contactName: r.contactName,
    contactPhoneSealed: r.contactPhone ? pii.encrypt(r.contactPhone) : null,
    contactPhoneMasked: r.contactPhone ? maskPhone(r.contactPhone) : null,
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

async function importInBackground(db: Db, ctx: RequestContext, storage: FileStorage, pii: PiiCipher, log: FastifyBaseLogger, job: ImportRow) {
  let imported = 0;
  try {
    const work = async (tx: DbOrTx, perBatchTx: boolean) => {
      // All or nothing reads and writes inside its one transaction (PGlite has a single connection, and
      // progress written elsewhere would wait for it): its progress shows only when it ends.
      await classify(perBatchTx ? db : tx, await storage.open(job.storageKey), async (batch, processed) => {
        const valid = batch.filter((b) => b.status === 'valid').map((b) => b.row!);
        if (!perBatchTx && batch.some((b) => b.status === 'invalid')) throw new ImportFileError('文件在校验后发生了变化：出现未通过校验的行，已全部撤销。');
        imported += perBatchTx ? await db.transaction((inner) => insertBatch(inner, ctx, pii, job, valid)) : await insertBatch(tx, ctx, pii, job, valid);
        if (perBatchTx) await update(db, job.id, { processedRows: processed, importedRows: imported });
      });
    };
    if (job.mode === 'allOrNothing') await db.transaction((tx) => work(tx, false));
    else await work(db, true);
    await db.transaction(async (tx) => {
      await tx.update(orgImports).set({ status: 'completed', importedRows: imported, finishedAt: clockNow(), updatedAt: clockNow(), version: sql`${orgImports.version} + 1` }).where(eq(orgImports.id, job.id));
      await appendAudit(tx, ctx, { action: 'org.import', permission: 'org.import', entityType: 'orgImport', entityId: job.id, detail: { file: job.fileName, sha256: job.sha256, mode: job.mode, imported, unchanged: job.unchangedRows, invalid: job.invalidRows } });
    });
  } catch (err) {
    const message = err instanceof ImportFileError ? err.message : '导入失败，已导入的批次保留；请稍后重试（已存在的不会重复导入）。';
    if (!(err instanceof ImportFileError)) log.error({ err, importId: job.id }, 'import failed');
    await update(db, job.id, { status: 'failed', error: job.mode === 'allOrNothing' ? `${message}（全部导入模式：没有导入任何一行）` : message, importedRows: job.mode === 'allOrNothing' ? 0 : imported, finishedAt: clockNow(), version: sql`${orgImports.version} + 1` as never });
  }
}

/** The template: the header row, one example row, and a sheet explaining each column. */
export async function writeTemplate(): Promise<Buffer> {
  // exceljs is loaded on first use: importing it costs ~0.2 s of every server start (issue 14 §4).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('社会组织');
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  ws.addRow({
    name: '海宁市许村镇示例居家养老服务中心',
    creditCode: makeCreditCode('2', '330481', 12_345_678),
    type: '社会服务机构',
    town: '许村镇',
    community: '',
    address: '海宁市许村镇许巷大道 1 号',
    businessScope: '为辖区老年人提供居家养老服务',
    serviceFields: '老年人、健康',
    supervisingUnit: '海宁市民政局',
    registeredCapitalYuan: '30000',
    legalRepName: '张三',
    legalRepIdNumber: '',
    legalRepPhone: '',
    contactName: '',
    contactPhone: '',
    foundedOn: '2020-05-20',
    grade: '3A',
    gradeValidUntil: '2027-12-31',
    hasPartyOrg: '是',
    socialWorkerCount: '3',
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'h', width: 20 },
    { header: '必填', key: 'r', width: 8 },
    { header: '说明', key: 'd', width: 80 },
  ];
  const notes: Record<string, string> = {
    统一社会信用代码: '18 位，按 GB 32100-2015 校验；社区社会组织备案可不填',
    类型: '社会团体 / 社会服务机构 / 基金会 / 社区社会组织',
    镇街: '如：许村镇、硖石街道',
    服务领域: '多个用顿号分隔：儿童、青少年、老年人、妇女、残疾人、社区矫正、社区治理、困难群众、新居民、矛盾调解、环境保护、文化体育、教育、健康、志愿服务',
    '注册资金（元）': '以元为单位，最多两位小数',
    法定代表人身份证号: '18 位，按 GB 11643-1999 校验；导入后加密保存',
    成立日期: '如 2019-05-20',
    评估等级: '1A–5A，可空',
  };
  for (const c of IMPORT_COLUMNS) help.addRow({ h: c.header, r: c.required ? '是' : '', d: notes[c.header] ?? '' });
  // The example row is valid on purpose (a template that fails its own check confuses people); delete it before importing.
  return Buffer.from(await wb.xlsx.writeBuffer());
}
