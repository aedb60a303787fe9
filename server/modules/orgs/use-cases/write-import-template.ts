import { and, asc, eq, isNull } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import type { DbOrTx } from '../../../platform/db/client.js';
import { departments, regions } from '../../../platform/access/scope.tables.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { makeCreditCode } from '../../../../contracts/identifiers.js';
import { ORG_GRADES, ORG_TYPES, ORG_TYPE_NAMES } from '../../../../contracts/org-kinds.js';
import { requireOrgImport } from '../orgs.policy.js';
import { importCity } from './import-orgs.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { EXAMPLE_PREFIX, IMPORT_COLUMNS, SERVICE_FIELD_WORDS, type ColumnKey } from './import-rows.js';

/** Rows the validation lists cover: far more than a city's registry gains in one file. */
const LAST_ROW = 5001;
const OPTIONS_SHEET = '选项';

const NOTES: Partial<Record<ColumnKey, string>> = {
  name: '登记证书上的全称；以“示例：”开头的行不会导入',
  creditCode: '18 位，按 GB 32100-2015 校验；社区社会组织备案可不填。请保持“文本”格式，数字格式会丢掉末几位',
  type: '从下拉列表选择：社会团体 / 社会服务机构 / 基金会 / 社区社会组织',
  town: '从下拉列表选择本市的镇（街道）',
  community: '从下拉列表选择，须在所填镇街之内；可空',
  serviceFields: `多个用顿号分隔：${[...new Set(Object.keys(SERVICE_FIELD_WORDS))].join('、')}`,
  supervisingUnit: '从下拉列表选择（全称或简称均可）；可空',
  registeredCapitalYuan: '以元为单位的数字，最多两位小数',
  legalRepIdNumber: '18 位，按 GB 11643-1999 校验；导入后加密保存。请保持“文本”格式',
  legalRepPhone: '11 位手机号；导入后加密保存',
  contactPhone: '11 位手机号；导入后加密保存',
  foundedOn: 'Excel 日期，或 2019-05-20、2019/5/20、2019年5月20日、20190520',
  grade: '从下拉列表选择 1A–5A；可空',
  gradeValidUntil: '日期，写法同成立日期；可空',
  hasPartyOrg: '是 / 否',
  socialWorkerCount: '整数',
};

/** A column letter for a 1-based index (A … Z, AA …). */
function letter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * The import template, from the city's own data: the header row, two example rows (skipped on import),
 * drop-down lists for the columns with a fixed set of answers (type, town, community, supervising
 * unit, grade, party organization; the lists on a hidden sheet), date and number checks, and a sheet
 * that explains every column.
 */
export async function writeImportTemplate(db: DbOrTx, ctx: RequestContext): Promise<Buffer> {
  const actor = requireOrgImport(ctx.actor);
  // The lists are the importing office's city's: its towns, communities and departments.
  const city = await importCity(db, actor);
  const current = (level: 'town' | 'community') => and(eq(regions.level, level), isNull(regions.retiredAt), inSubtree(regions.path, city.path));
  const towns = await db.select({ id: regions.id, name: regions.name }).from(regions).where(current('town')).orderBy(asc(regions.code));
  const communities = await db.select({ name: regions.name, parentId: regions.parentId }).from(regions).where(current('community')).orderBy(asc(regions.code));
  const units = await db.select({ name: departments.name }).from(departments).where(and(eq(departments.cityId, city.id), isNull(departments.retiredAt))).orderBy(asc(departments.sortOrder), asc(departments.name));

  // exceljs is loaded on first use: importing it costs ~0.2 s of every server start (issue 14 §4).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = '社治通';
  const ws = wb.addWorksheet('社会组织', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length * 2 + 4) }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  IMPORT_COLUMNS.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  const columnOf = (key: ColumnKey) => IMPORT_COLUMNS.findIndex((c) => c.key === key) + 1;
  // Text columns stay text: a long number typed into them keeps every digit.
  for (const key of ['creditCode', 'legalRepIdNumber', 'legalRepPhone', 'contactPhone'] as const) ws.getColumn(columnOf(key)).numFmt = '@';
  for (const key of ['foundedOn', 'gradeValidUntil'] as const) ws.getColumn(columnOf(key)).numFmt = 'yyyy-mm-dd';

  const town = towns[0];
  const community = communities.find((c) => c.parentId === town?.id);
  const examples: Partial<Record<ColumnKey, string | number | Date>>[] = [
    {
      name: `${EXAMPLE_PREFIX}${town?.name ?? ''}居家养老服务中心`,
      creditCode: makeCreditCode('2', city.code, 12_345_678),
      type: ORG_TYPE_NAMES.serviceAgency.zh,
      town: town?.name ?? '',
      address: `${town?.name ?? ''}人民路 1 号`,
      businessScope: '为辖区老年人提供居家养老服务',
      serviceFields: '老年人、健康',
      supervisingUnit: units[0]?.name ?? '',
      registeredCapitalYuan: 30000,
      legalRepName: '张三',
      contactName: '李四',
      foundedOn: new Date('2020-05-20T00:00:00Z'),
      grade: '3A',
      gradeValidUntil: new Date('2027-12-31T00:00:00Z'),
      hasPartyOrg: '是',
      socialWorkerCount: 3,
    },
    {
      name: `${EXAMPLE_PREFIX}${community?.name ?? ''}邻里互助队`,
      type: ORG_TYPE_NAMES.communityOrg.zh,
      town: town?.name ?? '',
      community: community?.name ?? '',
      address: `${community?.name ?? ''}文化礼堂`,
      businessScope: '组织居民开展邻里互助和志愿服务',
      serviceFields: '志愿服务、社区治理',
      legalRepName: '王五',
      foundedOn: new Date('2023-03-01T00:00:00Z'),
      hasPartyOrg: '否',
      socialWorkerCount: 0,
    },
  ];
  for (const example of examples) ws.addRow(example).font = { italic: true, color: { argb: 'FF808080' } };

  // The lists live on a hidden sheet: an inline list is limited to 255 characters, a city's communities are not.
  const options = wb.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
  const lists: { key: ColumnKey; values: string[]; title: string }[] = [
    { key: 'type', values: ORG_TYPES.map((t) => ORG_TYPE_NAMES[t].zh), title: '类型' },
    { key: 'town', values: towns.map((t) => t.name), title: '镇街' },
    { key: 'community', values: [...new Set(communities.map((c) => c.name))], title: '村社区' },
    { key: 'supervisingUnit', values: units.map((u) => u.name), title: '业务主管单位' },
    { key: 'grade', values: [...ORG_GRADES], title: '评估等级' },
    { key: 'hasPartyOrg', values: ['是', '否'], title: '党组织' },
  ];
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  lists.forEach((list, i) => {
    const col = letter(i + 1);
    options.getCell(`${col}1`).value = list.title;
    list.values.forEach((v, k) => (options.getCell(`${col}${k + 2}`).value = v));
    const target = letter(columnOf(list.key));
    validations.add(`${target}2:${target}${LAST_ROW}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${OPTIONS_SHEET}'!$${col}$2:$${col}$${list.values.length + 1}`],
      showErrorMessage: true,
      errorStyle: list.key === 'community' ? 'warning' : 'stop',
      errorTitle: list.title,
      error: `请从下拉列表中选择${list.title}`,
    });
  });
  for (const key of ['foundedOn', 'gradeValidUntil'] as const) {
    const c = letter(columnOf(key));
    validations.add(`${c}2:${c}${LAST_ROW}`, { type: 'date', operator: 'between', allowBlank: true, formulae: [new Date('1949-10-01T00:00:00Z'), new Date('2099-12-31T00:00:00Z')], showErrorMessage: true, errorTitle: '日期', error: '请填写日期，如 2019-05-20', showInputMessage: true, prompt: NOTES[key] });
  }
  for (const [key, max] of [['socialWorkerCount', 99_999], ['registeredCapitalYuan', 1e12]] as const) {
    const c = letter(columnOf(key));
    validations.add(`${c}2:${c}${LAST_ROW}`, { type: key === 'socialWorkerCount' ? 'whole' : 'decimal', operator: 'between', allowBlank: true, formulae: [0, max], showErrorMessage: true, errorTitle: '数字', error: key === 'socialWorkerCount' ? '请填写整数' : '请填写以元为单位的金额' });
  }

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'h', width: 20 },
    { header: '必填', key: 'r', width: 8 },
    { header: '说明', key: 'd', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) help.addRow({ h: c.header, r: c.required ? '是' : '', d: NOTES[c.key] ?? '' });
  help.addRow({});
  for (const line of [
    '第一行是表头，列的顺序可以调整，多余的列会被忽略。以“示例：”开头的两行是示例，导入时跳过，可保留或删除。',
    '本系统导出的《社会组织名录》可以直接导入：已在名录中的组织按统一社会信用代码（备案的按名称和镇街）对应，打码的身份证号、电话保持原值不变。',
    '已在名录中的组织：服务领域、联系人、电话、评估等级、等级有效期、党组织、社工人数会按文件更新；名称、类型、住所、法定代表人等登记事项须通过变更登记修改，文件中不一致的行会被指出。',
  ])
    help.addRow({ h: '说明', d: line });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
