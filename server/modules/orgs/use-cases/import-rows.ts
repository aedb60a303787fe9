import type { Readable } from 'node:stream';
import { cellDate, cellText, isTruncatedNumber, readFirstSheet } from '../../../platform/files/spreadsheet.js';
import { checkCreditCode, checkMobile, checkResidentId } from '../../../../contracts/identifiers.js';
import { ORG_GRADES, ORG_TYPES, ORG_TYPE_NAMES, SERVICE_FIELDS } from '../../../../contracts/org-kinds.js';

/**
 * The import file: one sheet, a header row with these Chinese column names (any order, extra
 * columns ignored), one organization per row. The same layout is offered as a template.
 */
export const IMPORT_COLUMNS = [
  { key: 'name', header: '名称', required: true },
  { key: 'creditCode', header: '统一社会信用代码', required: false },
  { key: 'type', header: '类型', required: true },
  { key: 'town', header: '镇街', required: true },
  { key: 'community', header: '村社区', required: false },
  { key: 'address', header: '住所', required: true },
  { key: 'businessScope', header: '业务范围', required: true },
  { key: 'serviceFields', header: '服务领域', required: false },
  { key: 'supervisingUnit', header: '业务主管单位', required: false },
  { key: 'registeredCapitalYuan', header: '注册资金（元）', required: false },
  { key: 'legalRepName', header: '法定代表人', required: true },
  { key: 'legalRepIdNumber', header: '法定代表人身份证号', required: false },
  { key: 'legalRepPhone', header: '法定代表人电话', required: false },
  { key: 'contactName', header: '联系人', required: false },
  { key: 'contactPhone', header: '联系电话', required: false },
  { key: 'foundedOn', header: '成立日期', required: true },
  { key: 'grade', header: '评估等级', required: false },
  { key: 'gradeValidUntil', header: '等级有效期', required: false },
  { key: 'hasPartyOrg', header: '党组织', required: false },
  { key: 'socialWorkerCount', header: '社工人数', required: false },
] as const;
export type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];
export type RawRow = Partial<Record<ColumnKey, string>>;

/** Service field names as people write them, mapped to our codes. */
export const SERVICE_FIELD_WORDS: Record<string, (typeof SERVICE_FIELDS)[number]> = {
  儿童: 'children',
  青少年: 'youth',
  老年人: 'elderly',
  养老: 'elderly',
  妇女: 'women',
  残疾人: 'disabled',
  助残: 'disabled',
  社区矫正: 'corrections',
  社区治理: 'community',
  社区: 'community',
  困难群众: 'hardship',
  新居民: 'newResidents',
  矛盾调解: 'mediation',
  调解: 'mediation',
  环境保护: 'environment',
  文化体育: 'culture',
  文化: 'culture',
  教育: 'education',
  健康: 'health',
  志愿服务: 'volunteering',
};

export interface Lookups {
  towns: Map<string, { id: string; path: string }>;
  /** key: `${townId}|${communityName}` */
  communities: Map<string, { id: string; path: string }>;
  /** by full name and by short name */
  departments: Map<string, string>;
  cityPath: string;
}

export interface RowIssue {
  column: string;
  message: string;
}

export interface ValidRow {
  name: string;
  creditCode: string | null;
  type: (typeof ORG_TYPES)[number];
  registration: 'registered' | 'filed';
  townId: string;
  communityId: string | null;
  regionPath: string;
  address: string;
  businessScope: string;
  serviceFields: string[];
  supervisingUnitId: string | null;
  registeredCapitalFen: number;
  legalRepName: string;
  legalRepIdNumber: PersonalValue;
  legalRepPhone: PersonalValue;
  contactName: string | null;
  contactPhone: PersonalValue;
  foundedOn: string;
  grade: (typeof ORG_GRADES)[number] | null;
  gradeValidUntil: string | null;
  hasPartyOrg: boolean;
  socialWorkerCount: number;
}

const TYPE_WORDS = new Map<string, (typeof ORG_TYPES)[number]>([
  ...ORG_TYPES.map((t) => [ORG_TYPE_NAMES[t].zh, t] as [string, (typeof ORG_TYPES)[number]]),
  ['民办非企业单位', 'serviceAgency'],
  ['社团', 'association'],
]);

/** The columns read as dates, whatever the cell holds (a serial number, a Date, text). */
const DATE_COLUMNS = new Set<ColumnKey>(['foundedOn', 'gradeValidUntil']);
/** Long digit strings: a number cell has lost their last digits (Excel keeps 15). */
const DIGIT_COLUMNS = new Set<ColumnKey>(['creditCode', 'legalRepIdNumber']);

/** 党组织: the words the template offers, the export writes (已建立 / 未建立) and people type. */
const YES = new Set(['是', '有', '已建立', '已建', 'Y', 'YES', 'TRUE', '1', '√']);
const NO = new Set(['否', '无', '没有', '未建立', '未建', 'N', 'NO', 'FALSE', '0', '×']);

/**
 * Personal data as the file gives it: in clear, or masked as the export writes it (330481********0028,
 * 139****0001). A masked value cannot be stored; on an organization already in the registry it means
 * "as it is" when it matches the stored mask.
 */
export type PersonalValue = { clear: string } | { masked: string } | null;
const isMasked = (v: string) => v.includes('*');

function date(v: string): string | null {
  return v ? cellDate(v) : null;
}

/** Rows whose name starts so are the template's examples: they are never imported. */
export const EXAMPLE_PREFIX = '示例：';

/** Checks one row against the rules and the reference data; pure (no database). */
export function validateRow(raw: RawRow, lookups: Lookups): { row: ValidRow | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const text = (k: ColumnKey) => (raw[k] ?? '').trim();
  for (const c of IMPORT_COLUMNS) if (c.required && !text(c.key)) issues.push({ column: c.header, message: '必填项为空' });

  const type = TYPE_WORDS.get(text('type'));
  if (text('type') && !type) issues.push({ column: '类型', message: `“${text('type')}”不是社会团体、社会服务机构、基金会或社区社会组织` });
  const creditCode = text('creditCode').toUpperCase() || null;
  if (creditCode) {
    const p = checkCreditCode(creditCode);
    if (p) issues.push({ column: '统一社会信用代码', message: p.zh });
  } else if (type && type !== 'communityOrg') issues.push({ column: '统一社会信用代码', message: '登记的社会组织须有统一社会信用代码' });

  const town = lookups.towns.get(text('town'));
  if (text('town') && !town) issues.push({ column: '镇街', message: `没有名为“${text('town')}”的镇（街道）` });
  const community = town && text('community') ? lookups.communities.get(`${town.id}|${text('community')}`) : undefined;
  if (town && text('community') && !community) issues.push({ column: '村社区', message: `“${text('community')}”不在${text('town')}` });

  const fields: string[] = [];
  for (const word of text('serviceFields').split(/[、,，;；\s]+/).filter(Boolean)) {
    const f = SERVICE_FIELD_WORDS[word];
    if (f) fields.push(f);
    else issues.push({ column: '服务领域', message: `不认识的服务领域“${word}”` });
  }
  const supervisor = text('supervisingUnit');
  const supervisingUnitId = supervisor ? (lookups.departments.get(supervisor) ?? null) : null;
  if (supervisor && !supervisingUnitId) issues.push({ column: '业务主管单位', message: `没有名为“${supervisor}”的部门` });

  const yuan = text('registeredCapitalYuan').replace(/[,，元\s]/g, '');
  let capitalFen = 0;
  if (yuan) {
    if (!/^\d+(\.\d{1,2})?$/.test(yuan)) issues.push({ column: '注册资金（元）', message: `“${text('registeredCapitalYuan')}”不是金额` });
    else capitalFen = Math.round(Number(yuan) * 100);
  }
  const personal = (k: 'legalRepIdNumber' | 'legalRepPhone' | 'contactPhone', header: string, check: (v: string) => { zh: string } | null): PersonalValue => {
    const v = k === 'legalRepIdNumber' ? text(k).toUpperCase() : text(k);
    if (!v) return null;
    if (isMasked(v)) return { masked: v };
    const p = check(v);
    if (p) issues.push({ column: header, message: p.zh });
    return { clear: v };
  };
  const id = personal('legalRepIdNumber', '法定代表人身份证号', checkResidentId);
  const legalRepPhone = personal('legalRepPhone', '法定代表人电话', checkMobile);
  const contactPhone = personal('contactPhone', '联系电话', checkMobile);
  const foundedOn = date(text('foundedOn'));
  if (text('foundedOn') && !foundedOn) issues.push({ column: '成立日期', message: `“${text('foundedOn')}”不是有效日期（如 2019-05-20）` });
  const gradeText = text('grade').toUpperCase();
  const grade = gradeText ? ((ORG_GRADES as readonly string[]).includes(gradeText) ? (gradeText as (typeof ORG_GRADES)[number]) : null) : null;
  if (gradeText && !grade) issues.push({ column: '评估等级', message: `“${text('grade')}”应为 1A–5A` });
  const gradeValidUntil = date(text('gradeValidUntil'));
  if (text('gradeValidUntil') && !gradeValidUntil) issues.push({ column: '等级有效期', message: `“${text('gradeValidUntil')}”不是有效日期（如 2027-12-31）` });
  const workers = text('socialWorkerCount');
  if (workers && !/^\d{1,5}$/.test(workers)) issues.push({ column: '社工人数', message: `“${workers}”应为整数` });
  const party = text('hasPartyOrg').toUpperCase();
  if (party && !YES.has(party) && !NO.has(party)) issues.push({ column: '党组织', message: `“${text('hasPartyOrg')}”应为“是”或“否”` });

  if (issues.length > 0 || !type || !town || !foundedOn) return { row: null, issues };
  return {
    issues,
    row: {
      name: text('name'),
      creditCode,
      type,
      registration: type === 'communityOrg' && !creditCode ? 'filed' : 'registered',
      townId: town.id,
      communityId: community?.id ?? null,
      regionPath: type === 'foundation' ? lookups.cityPath : type === 'communityOrg' && community ? community.path : town.path,
      address: text('address'),
      businessScope: text('businessScope'),
      serviceFields: [...new Set(fields)],
      supervisingUnitId,
      registeredCapitalFen: capitalFen,
      legalRepName: text('legalRepName'),
      legalRepIdNumber: id,
      legalRepPhone,
      contactName: text('contactName') || null,
      contactPhone,
      foundedOn,
      grade,
      gradeValidUntil,
      hasPartyOrg: YES.has(party),
      socialWorkerCount: workers ? Number(workers) : 0,
    },
  };
}

export class ImportFileError extends Error {}

/**
 * Streams the rows of the first worksheet (bounded memory): the header row maps columns, each later
 * non-empty row is yielded with its spreadsheet row number. A column the file lacks is absent from
 * `raw` (an existing organization keeps that field); a column present with an empty cell is ''.
 * Dates are read as dates whatever the cell holds; `notes` are problems only the cell shows (an ID
 * number Excel stored as a number has lost digits).
 */
export async function* readImportRows(input: Readable): AsyncGenerator<{ rowNumber: number; raw: RawRow; notes: RowIssue[] }> {
  let columns: Map<number, (typeof IMPORT_COLUMNS)[number]> | null = null;
  for await (const { rowNumber, cells, date1904 } of readFirstSheet(input)) {
    if (!columns) {
      const found = new Map<number, (typeof IMPORT_COLUMNS)[number]>();
      cells.forEach((cell, i) => {
        const col = IMPORT_COLUMNS.find((c) => c.header === cellText(cell));
        if (col) found.set(i, col);
      });
      const missing = IMPORT_COLUMNS.filter((c) => c.required && ![...found.values()].includes(c)).map((c) => c.header);
      if (missing.length) throw new ImportFileError(`第一行表头缺少必需的列：${missing.join('、')}。请使用导入模板或本系统导出的名录。`);
      columns = found;
      continue;
    }
    const raw: RawRow = {};
    const notes: RowIssue[] = [];
    for (const [i, col] of columns) {
      const cell = cells[i] ?? null;
      if (DIGIT_COLUMNS.has(col.key) && isTruncatedNumber(cell)) {
        notes.push({ column: col.header, message: 'Excel 把该号码存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写' });
        raw[col.key] = '';
        continue;
      }
      raw[col.key] = DATE_COLUMNS.has(col.key) ? (cellDate(cell, date1904) ?? cellText(cell)) : cellText(cell);
    }
    if (raw.name?.startsWith(EXAMPLE_PREFIX)) continue;
    yield { rowNumber, raw, notes };
  }
  if (!columns) throw new ImportFileError('文件的第一个工作表是空的：第一行应为表头。请使用导入模板或本系统导出的名录。');
}
