import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
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
  legalRepIdNumber: string | null;
  legalRepPhone: string | null;
  contactName: string | null;
  contactPhone: string | null;
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

function date(v: string | undefined): string | null {
  if (!v) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

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
  const id = text('legalRepIdNumber').toUpperCase() || null;
  if (id) {
    const p = checkResidentId(id);
    if (p) issues.push({ column: '法定代表人身份证号', message: p.zh });
  }
  for (const [k, header] of [['legalRepPhone', '法定代表人电话'], ['contactPhone', '联系电话']] as const) {
    if (text(k) && checkMobile(text(k))) issues.push({ column: header, message: checkMobile(text(k))!.zh });
  }
  const foundedOn = date(text('foundedOn'));
  if (text('foundedOn') && !foundedOn) issues.push({ column: '成立日期', message: `“${text('foundedOn')}”不是有效日期（如 2019-05-20）` });
  const gradeText = text('grade').toUpperCase();
  const grade = gradeText ? ((ORG_GRADES as readonly string[]).includes(gradeText) ? (gradeText as (typeof ORG_GRADES)[number]) : null) : null;
  if (gradeText && !grade) issues.push({ column: '评估等级', message: `“${text('grade')}”应为 1A–5A` });
  const gradeValidUntil = date(text('gradeValidUntil'));
  if (text('gradeValidUntil') && !gradeValidUntil) issues.push({ column: '等级有效期', message: '不是有效日期' });
  const workers = text('socialWorkerCount');
  if (workers && !/^\d{1,5}$/.test(workers)) issues.push({ column: '社工人数', message: '应为整数' });

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
      legalRepPhone: text('legalRepPhone') || null,
      contactName: text('contactName') || null,
      contactPhone: text('contactPhone') || null,
      foundedOn,
      grade,
      gradeValidUntil,
      hasPartyOrg: ['是', '有', 'Y', 'YES', 'TRUE', '1'].includes(text('hasPartyOrg').toUpperCase()),
      socialWorkerCount: workers ? Number(workers) : 0,
    },
  };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}

export class ImportFileError extends Error {}

/**
 * Streams the rows of the first worksheet (bounded memory): the header row maps columns, each later
 * non-empty row is yielded with its spreadsheet row number.
 */
export async function* readImportRows(input: Readable): AsyncGenerator<{ rowNumber: number; raw: RawRow }> {
  // exceljs is loaded on first use: importing it costs ~0.2 s of every server start (issue 14 §4).
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    let columns: Map<number, ColumnKey> | null = null;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[];
      if (!columns) {
        const found = new Map<number, ColumnKey>();
        for (let i = 1; i < values.length; i++) {
          const header = cellText(values[i]).trim();
          const col = IMPORT_COLUMNS.find((c) => c.header === header);
          if (col) found.set(i, col.key);
        }
        columns = found;
        const missing = IMPORT_COLUMNS.filter((c) => c.required && ![...found.values()].includes(c.key)).map((c) => c.header);
        if (missing.length) throw new ImportFileError(`第一行表头缺少必需的列：${missing.join('、')}。请使用导入模板。`);
        continue;
      }
      const raw: RawRow = {};
      let any = false;
      for (const [i, key] of columns) {
        const v = cellText(values[i]).trim();
        if (v) any = true;
        raw[key] = v;
      }
      if (any) yield { rowNumber: row.number, raw };
    }
    // Only the first worksheet is read.
    break;
  }
}
