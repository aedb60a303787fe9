import { chinaDayStamp, streamSheet, XLSX_CONTENT_TYPE, type SheetColumn } from '../../../platform/files/xlsx-stream.js';
import { PassThrough, type Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { requireOrgsRead } from '../orgs.policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { ORG_TYPE_NAMES, type ORG_STATUSES, type SERVICE_FIELDS, type ZOrg, type ZOrgExportQuery } from '../../../../contracts/orgs.js';
import { findOrgRecords, listQuery, orgListScope } from './find-orgs.js';
import { searchGram } from '../name-search.js';

type ExportInput = z.infer<typeof ZOrgExportQuery>;
type Org = z.infer<typeof ZOrg>;

export { XLSX_CONTENT_TYPE };
/** Rows read and written per keyset page: memory stays flat however large the registry. */
const PAGE_SIZE = 1000;

// The same words as the web app's zh-CN labels (org.status.*, org.field.*); org-export.test.ts checks it.
const STATUS_ZH: Record<(typeof ORG_STATUSES)[number], string> = { active: '正常', changing: '变更中', deregistered: '已注销', revoked: '已撤销' };
const SERVICE_FIELD_ZH: Record<(typeof SERVICE_FIELDS)[number], string> = {
  children: '儿童',
  youth: '青少年',
  elderly: '老年人',
  women: '妇女',
  disabled: '残疾人',
  corrections: '社区矫正',
  community: '社区治理',
  hardship: '困难群众',
  newResidents: '新居民',
  mediation: '矛盾调解',
  environment: '环境保护',
  culture: '文化体育',
  education: '教育',
  health: '健康',
  volunteering: '志愿服务',
};

const DATE_FORMAT = 'yyyy-mm-dd';
const asDate = (day: string | null) => (day ? new Date(`${day}T00:00:00.000Z`) : null);

type Column = SheetColumn<Org>;

/**
 * The sheet's columns, in order, under the import's own headers (import-rows.ts), so the file can be
 * imported back as it is. Personal data is the masked value every response carries; the import leaves a
 * field alone when its mask is unchanged.
 */
export const EXPORT_COLUMNS: readonly Column[] = [
  { header: '名称', width: 36, value: (o) => o.name },
  { header: '统一社会信用代码', width: 22, value: (o) => o.creditCode },
  { header: '类型', width: 14, value: (o) => ORG_TYPE_NAMES[o.type].zh },
  { header: '登记/备案', width: 10, value: (o) => (o.registration === 'registered' ? '登记' : '备案') },
  { header: '镇街', width: 12, value: (o) => o.townName },
  { header: '村社区', width: 14, value: (o) => o.communityName },
  { header: '住所', width: 36, value: (o) => o.address },
  { header: '业务范围', width: 40, value: (o) => o.businessScope },
  { header: '服务领域', width: 24, value: (o) => o.serviceFields.map((f) => SERVICE_FIELD_ZH[f as keyof typeof SERVICE_FIELD_ZH] ?? f).join('、') },
  { header: '业务主管单位', width: 20, value: (o) => o.supervisingUnit },
  // A number, so the column sums in Excel. Integer fen / 100 is the double nearest the exact yuan amount.
  { header: '注册资金（元）', width: 16, numFmt: '#,##0.00', value: (o) => o.registeredCapitalFen / 100 },
  { header: '法定代表人', width: 12, value: (o) => o.legalRepName },
  { header: '法定代表人身份证号', width: 22, value: (o) => o.legalRepIdNumber },
  { header: '法定代表人电话', width: 14, value: (o) => o.legalRepPhone },
  { header: '联系人', width: 12, value: (o) => o.contactName },
  { header: '联系电话', width: 14, value: (o) => o.contactPhone },
  { header: '成立日期', width: 12, numFmt: DATE_FORMAT, value: (o) => asDate(o.foundedOn) },
  { header: '状态', width: 8, value: (o) => STATUS_ZH[o.status] },
  { header: '评估等级', width: 10, value: (o) => o.grade },
  { header: '等级有效期', width: 12, numFmt: DATE_FORMAT, value: (o) => asDate(o.gradeValidUntil) },
  { header: '党组织', width: 8, value: (o) => (o.hasPartyOrg ? '已建立' : '未建立') },
  { header: '社工人数', width: 10, value: (o) => o.socialWorkerCount },
];

export interface OrgExport {
  /** 社会组织名录-YYYYMMDD.xlsx, the date in China time. */
  fileName: string;
  /** The same without Chinese, for clients that ignore `filename*`. */
  asciiFileName: string;
  /** Rows in the file, as recorded in the audit trail. */
  rowCount: number;
  body: Readable;
}

interface Logger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * The directory as an .xlsx file: the filters and region scope of findOrgRecords, every matching row.
 *
 * The audit event is written first, in a transaction of its own with the count of matching rows: no
 * audit, no export, even if the process dies mid-download. The file then holds at most that many rows
 * (keyset pages of findOrgRecords, streamed as they are read). Fewer arrive only if rows stop matching the
 * filters during the download or the client goes away; that is logged with the request id so the
 * audit event can be read with it. Holding one snapshot open for the whole download would make the
 * count exact but would block every other request on PGlite's single connection.
 */
export async function exportOrgs(db: Db, ctx: RequestContext, pii: PiiCipher, input: ExportInput, log: Logger, pageSize = PAGE_SIZE): Promise<OrgExport> {
  requireOrgsRead(ctx.actor);
  const filters = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const gram = input.q ? await searchGram(db, input.q) : undefined;
  const { from, where } = listQuery({ ...input, limit: pageSize }, await orgListScope(db, ctx.actor, input.cityId), gram);
  const rowCount = await db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(from).where(where);
    await appendAudit(tx, ctx, { action: 'org.export', permission: 'org.read', entityType: 'org', detail: { filters, rowCount: n } });
    return n;
  });

  const body = new PassThrough();
  const pages = async function* () {
    // Cell values in Chinese, like the headers, whatever the caller's language.
    const zh: RequestContext = { ...ctx, lang: 'zh' };
    let cursor: string | undefined;
    do {
      const page = await findOrgRecords(db, zh, pii, { ...input, limit: pageSize, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  };
  streamSheet(body, '社会组织名录', EXPORT_COLUMNS, pages(), rowCount).then(
    ({ written, delivered }) => {
      if (written !== rowCount || !delivered) log.warn({ rowCount, written, delivered }, 'org export: the client got fewer rows than its audit event says');
    },
    (err: unknown) => {
      // Once the file has started, the client can only be told by a cut-off download; the log says why.
      log.error({ err }, 'org export failed');
      body.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  );

  const day = chinaDayStamp();
  return { fileName: `社会组织名录-${day}.xlsx`, asciiFileName: `orgs-${day}.xlsx`, rowCount, body };
}

/** RFC 6266 with an RFC 5987 `filename*` for the Chinese name and a plain ASCII `filename` fallback. */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}
