import { and, sql } from 'drizzle-orm';
import { PassThrough, type Readable } from 'node:stream';
import type { z } from 'zod';
import type { ZWorker, ZWorkerExportQuery } from '../../../../contracts/workforce.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/client.js';
import { chinaDayStamp, streamSheet, type SheetColumn } from '../../../platform/files/xlsx-stream.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireWorkforceRead } from '../workforce.policy.js';
import { workers } from '../workforce.tables.js';
import { listWorkers, workerFilters } from './find-workers.js';

type Worker = z.infer<typeof ZWorker>;
const PAGE_SIZE = 100;

/** The sheet's columns, in the words of the zh-CN pages; personal data masked as every response carries it. */
export const WORKER_EXPORT_COLUMNS: readonly SheetColumn<Worker>[] = [
  { header: '姓名', width: 10, value: (w) => w.name },
  { header: '类别', width: 20, value: (w) => w.kindName },
  { header: '性别', width: 6, value: (w) => (w.gender === 'female' ? '女' : w.gender === 'male' ? '男' : null) },
  { header: '公民身份号码', width: 22, value: (w) => w.idNumber },
  { header: '手机号码', width: 14, value: (w) => w.phone },
  { header: '证书等级', width: 16, value: (w) => w.certificateLevelName },
  { header: '证书编号', width: 18, value: (w) => w.certificateNo },
  { header: '工作单位', width: 30, value: (w) => w.employerOrg?.name ?? null },
  { header: '所在部门', width: 24, value: (w) => w.department?.name ?? null },
  { header: '镇（街道）', width: 12, value: (w) => w.homeTown.name },
  { header: '服务领域', width: 24, value: (w) => w.serviceDomains.map((d) => d.name).join('、') },
  { header: '状态', width: 10, value: (w) => w.statusName },
  { header: '备注', width: 30, value: (w) => w.note },
];

interface Logger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * The workforce list as an .xlsx file: the list's filters and reach, every matching person. The audit event (with
 * the filters and the count) is written first, in its own transaction: no audit, no export. The file then streams
 * keyset pages as the client takes them.
 */
export async function exportWorkers(db: Db, ctx: RequestContext, input: z.infer<typeof ZWorkerExportQuery>, log: Logger): Promise<{ fileName: string; rowCount: number; body: Readable }> {
  const actor = requireWorkforceRead(ctx.actor);
  const filters = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const where = await workerFilters(db, actor, input);
  const rowCount = await db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(workers).where(and(...where));
    await appendAudit(tx, ctx, { action: 'workforce.export', permission: 'workforce.read', entityType: 'worker', detail: { filters, rowCount: n } });
    return n;
  });
  const body = new PassThrough();
  // Cell values in Chinese, like the headers, whatever the caller's language.
  const zh: RequestContext = { ...ctx, lang: 'zh' };
  const pages = async function* () {
    let cursor: string | undefined;
    do {
      const page = await listWorkers(db, zh, { ...input, limit: PAGE_SIZE, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  };
  streamSheet(body, '人才队伍', WORKER_EXPORT_COLUMNS, pages(), rowCount).then(
    ({ written, delivered }) => {
      if (written !== rowCount || !delivered) log.warn({ rowCount, written, delivered }, 'workforce export: the client got fewer rows than its audit event says');
    },
    (err: unknown) => {
      log.error({ err }, 'workforce export failed');
      body.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  );
  const day = chinaDayStamp();
  return { fileName: `人才队伍-${day}.xlsx`, rowCount, body };
}
