import type { z } from 'zod';
import { ZMobile, ZResidentId } from '../../../../contracts/common.js';
import { CERTIFICATE_LEVEL_NAMES, CERTIFICATE_LEVELS, WORKER_KIND_NAMES, WORKER_KINDS, WORKER_STATUS_NAMES, WORKER_STATUSES, type ZWorkerImportReport } from '../../../../contracts/workforce.js';
import { cityForWrite, type CityRef } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { cellText, readTableRows, TableFileError } from '../../../platform/files/spreadsheet.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { requireWorkforceManage } from '../workforce.policy.js';
import { selectCityWorkers, selectImportLookups } from '../workforce.queries.js';
import { WORKER_EXPORT_COLUMNS } from './export-workers.js';
import { changeWorker, checkFacts, factChanges, factsOf, insertWorker, requireUnique, type WorkerFacts } from './write-workers.js';

type Report = z.infer<typeof ZWorkerImportReport>;
const MAX_ROWS = 5000;
const REPORT_CAP = 2000;
const HEADERS = WORKER_EXPORT_COLUMNS.map((c) => c.header);
const REQUIRED = ['姓名', '类别', '公民身份号码', '镇（街道）'];

const fileProblem = (message: string, messageEn: string) => new AppError('validation', {}, [{ path: 'file', message, messageEn }]);
const byName = <T extends string>(values: readonly T[], names: Record<T, { zh: string }>) => new Map(values.flatMap((v) => [[names[v].zh, v] as [string, T], [v, v] as [string, T]]));
const KINDS = byName(WORKER_KINDS, WORKER_KIND_NAMES);
const LEVELS = byName(CERTIFICATE_LEVELS, CERTIFICATE_LEVEL_NAMES);
const STATUSES = byName(WORKER_STATUSES, WORKER_STATUS_NAMES);
const MASKED = /\*/;

interface Parsed {
  row: number;
  cells: Record<string, string>;
}

/**
 * The workforce from a spreadsheet (CSV UTF-8 or .xlsx) under the export's own headers, so an exported file reads
 * back: a dry run reports, per row, who is added, who changes and which fields, and every reason a row is refused;
 * apply=true writes the same in one transaction, each person audited as the form does. A person is found by their
 * ID number; a row whose ID number is masked (as exported) by its certificate number, and its masked ID and phone
 * then leave the stored ones as they are.
 */
export async function importWorkers(db: Db, ctx: RequestContext, pii: PiiCipher, input: { cityId?: string; apply: boolean; skipInvalid: boolean; bytes: Buffer }): Promise<Report> {
  const actor = requireWorkforceManage(ctx.actor);
  const parsed = await parseFile(input.bytes);
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'workforce.manage', input.cityId);
    const { report, outcomes } = await compare(tx, pii, city, parsed);
    if (!input.apply) return report;
    if (report.errors.length && !input.skipInvalid) {
      throw new AppError('validation', {}, report.errors.slice(0, 50).map((e) => ({ path: `file.row${e.row}`, message: `第 ${e.row} 行（${e.name}）：${e.message}`, messageEn: `Row ${e.row} is refused` })));
    }
    await applyRows(tx, ctx, pii, city, outcomes);
    await appendAudit(tx, ctx, { action: 'workforce.import', permission: 'workforce.manage', entityType: 'worker', detail: { city: city.name, rows: report.rows, ...report.counts } });
    return { ...report, applied: true };
  });
}

async function parseFile(bytes: Buffer): Promise<Parsed[]> {
  const out: Parsed[] = [];
  let columns: string[] | undefined;
  try {
    for await (const row of readTableRows(bytes)) {
      const texts = (row).cells.slice(1).map((c) => cellText(c).trim());
      if (!columns) {
        columns = texts;
        const missing = REQUIRED.filter((h) => !columns!.includes(h));
        if (missing.length) throw fileProblem(`第一行表头缺少：${missing.join('、')}（表头与“导出 Excel”的文件相同：${HEADERS.join('、')}）`, `The header row lacks: ${missing.join(', ')}`);
        continue;
      }
      if (texts.every((t) => t === '')) continue;
      if (out.length >= MAX_ROWS) throw fileProblem(`一次最多导入 ${MAX_ROWS} 行，请分文件导入。`, `At most ${MAX_ROWS} rows per import; split the file.`);
      out.push({ row: row.rowNumber, cells: Object.fromEntries(columns.map((h, i) => [h, texts[i] ?? ''])) });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof TableFileError) throw fileProblem(err.message, err.messageEn);
    throw fileProblem('文件无法读取：请上传 UTF-8 编码的 CSV 或 .xlsx 文件。', 'The file cannot be read: upload a UTF-8 CSV or an .xlsx file.');
  }
  if (out.length === 0) throw fileProblem('文件中没有数据行。', 'The file has no data rows.');
  return out;
}

type Outcome = { kind: 'create'; facts: WorkerFacts } | { kind: 'update'; id: string; facts: WorkerFacts } | { kind: 'unchanged' } | { kind: 'invalid' };

/** Every row against the city's people: who is added, who changes, who stays, and each refusal with all its reasons. */
async function compare(tx: Tx, pii: PiiCipher, city: CityRef, parsed: Parsed[]): Promise<{ report: Report; outcomes: Outcome[] }> {
  const look = await selectImportLookups(tx, city);
  const towns = new Map(look.towns.map((t) => [t.name, t.id]));
  const orgs = new Map(look.orgs.map((o) => [o.name, o.id]));
  const departments = new Map(look.departments.flatMap((d) => [[d.name, d.id] as [string, string], [d.shortName, d.id] as [string, string]]));
  const domains = new Map(look.domains.filter((d) => !d.retired).flatMap((d) => [[d.name, d.code] as [string, string], [d.code, d.code] as [string, string]]));
  const people = await selectCityWorkers(tx, city.id);
  const byHash = new Map(people.map((p) => [p.idHash, p]));
  const byCertificate = new Map(people.flatMap((p) => (p.certificateNo ? [[p.certificateNo, p] as [string, (typeof people)[number]]] : [])));
  const seen = new Map<string, number>();
  const report: Report = { applied: false, rows: parsed.length, counts: { created: 0, updated: 0, unchanged: 0, invalid: 0 }, changes: [], errors: [] };
  const outcomes: Outcome[] = [];

  for (const p of parsed) {
    const c = p.cells;
    const reasons: string[] = [];
    const name = c['姓名'] ?? '';
    const kind = KINDS.get(c['类别'] ?? '');
    if (!kind) reasons.push(`类别“${c['类别'] ?? ''}”应为 专业社工 或 机关事业单位持证人员`);
    const idText = (c['公民身份号码'] ?? '').toUpperCase();
    const existing = MASKED.test(idText) ? byCertificate.get(c['证书编号'] ?? '') : undefined;
    if (MASKED.test(idText) && (!existing || existing.idMasked !== idText)) reasons.push('身份证号已脱敏，且按证书编号找不到这个人：新增人员请填写完整身份证号');
    const idParsed = MASKED.test(idText) ? null : ZResidentId.safeParse(idText);
    if (idParsed && !idParsed.success) reasons.push(idParsed.error.issues[0].message);
    const idNumber = existing ? pii.decrypt(existing.idSealed) : idParsed?.success ? idParsed.data : '';
    const known = existing ?? (idNumber ? byHash.get(pii.lookupHash(idNumber)) : undefined);
    const phoneText = c['手机号码'] ?? '';
    let phone: string | null = null;
    if (MASKED.test(phoneText)) {
      if (known?.phoneMasked === phoneText && known.phoneSealed) phone = pii.decrypt(known.phoneSealed);
      else reasons.push('手机号已脱敏，与登记的不符：请填写完整手机号或留空');
    } else if (phoneText) {
      const ph = ZMobile.safeParse(phoneText);
      if (ph.success) phone = ph.data;
      else reasons.push(ph.error.issues[0].message);
    }
    if (name.length < 2 || name.length > 30) reasons.push('姓名应为 2–30 个字');
    const level = c['证书等级'] ? LEVELS.get(c['证书等级']) : undefined;
    if (c['证书等级'] && !level) reasons.push(`证书等级“${c['证书等级']}”不认识`);
    const status = c['状态'] ? STATUSES.get(c['状态']) : 'active';
    if (!status) reasons.push(`状态“${c['状态']}”应为 在岗、暂停轮值 或 已离开`);
    const gender = c['性别'] === '女' ? 'female' : c['性别'] === '男' ? 'male' : null;
    const townId = towns.get(c['镇（街道）'] ?? '');
    if (!townId) reasons.push(`镇（街道）“${c['镇（街道）'] ?? ''}”不是${city.name}的镇（街道）`);
    const employerOrgId = c['工作单位'] ? orgs.get(c['工作单位']) : null;
    if (c['工作单位'] && !employerOrgId) reasons.push(`工作单位“${c['工作单位']}”不是${city.name}登记的社会组织`);
    const departmentId = c['所在部门'] ? departments.get(c['所在部门']) : null;
    if (c['所在部门'] && !departmentId) reasons.push(`所在部门“${c['所在部门']}”不是${city.name}的部门`);
    const domainWords = (c['服务领域'] ?? '').split(/[、,，;；\s]+/).filter(Boolean);
    const unknownDomains = domainWords.filter((w) => !domains.has(w));
    if (unknownDomains.length) reasons.push(`服务领域不在本市目录中：${unknownDomains.join('、')}`);
    if (idNumber) {
      const first = seen.get(idNumber);
      if (first !== undefined) reasons.push(`与第 ${first} 行是同一个人（身份证号相同）`);
      else seen.set(idNumber, p.row);
    }

    let outcome: Outcome = { kind: 'invalid' };
    if (!reasons.length && kind && townId && status) {
      const facts: WorkerFacts = {
        kind,
        name,
        gender,
        idNumber,
        phone,
        certificateLevel: level ?? null,
        certificateNo: c['证书编号'] || null,
        employerOrgId: employerOrgId ?? null,
        departmentId: departmentId ?? null,
        homeTownId: townId,
        serviceDomains: domainWords.map((w) => domains.get(w)!),
        status,
        note: c['备注'] || null,
      };
      // The form's own checks (kind and employer, the certificate level, …) and uniqueness, on this row.
      try {
        await checkFacts(tx, city, facts);
        await requireUnique(tx, pii, city.id, facts, known?.id);
        if (!known) outcome = { kind: 'create', facts };
        else {
          const fields = Object.keys(factChanges(factsOf(pii, known), facts));
          outcome = fields.length ? { kind: 'update', id: known.id, facts } : { kind: 'unchanged' };
          if (fields.length && report.changes.length < REPORT_CAP) report.changes.push({ row: p.row, name, action: 'update', fields });
        }
        if (!known && report.changes.length < REPORT_CAP) report.changes.push({ row: p.row, name, action: 'create', fields: [] });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        reasons.push(...(err.fieldErrors ?? []).map((e) => e.message));
      }
    }
    if (reasons.length) {
      outcome = { kind: 'invalid' };
      if (report.errors.length < REPORT_CAP) report.errors.push({ row: p.row, name: name || '—', message: reasons.join('；') });
    }
    outcomes.push(outcome);
    if (outcome.kind === 'create') report.counts.created++;
    else if (outcome.kind === 'update') report.counts.updated++;
    else if (outcome.kind === 'unchanged') report.counts.unchanged++;
    else report.counts.invalid++;
  }
  return { report, outcomes };
}

async function applyRows(tx: Tx, ctx: RequestContext, pii: PiiCipher, city: CityRef, outcomes: readonly Outcome[]) {
  const people = new Map((await selectCityWorkers(tx, city.id)).map((p) => [p.id, p]));
  for (const outcome of outcomes) {
    if (outcome.kind === 'create') await insertWorker(tx, ctx, pii, city, outcome.facts);
    else if (outcome.kind === 'update') await changeWorker(tx, ctx, pii, city, people.get(outcome.id)!, outcome.facts);
  }
}
