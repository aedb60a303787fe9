import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { regions } from '../../../platform/access/scope.tables.js';
import type { Db } from '../../../platform/db/client.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { requireRegionInReach } from '../regions.policy.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS = ['code', 'name', 'parentCode', 'level', 'kind'] as const;

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180); names always, as the national datasets do. */
const csvField = (v: string, quote: boolean) => (quote || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A subtree in the import's plain layout — code,name,parentCode,level,kind — parents before children, so the file
 * imports back as all unchanged. Live nodes only, grids included (level `grid`, their community as parent: the
 * import reads them back); retired nodes would be created again by an import. The root's parentCode is
 * empty. The tree is reference data read by every filer, so reading it is enough (region.read), not audited.
 */
export async function exportRegions(db: Db, ctx: RequestContext, input: { rootId: string; format: 'csv' | 'xlsx' }): Promise<{ fileName: string; contentType: string; body: Buffer; rows: number }> {
  requirePermission(ctx.actor, 'region.read');
  const [root] = await db.select({ path: regions.path, code: regions.code, name: regions.name }).from(regions).where(eq(regions.id, input.rootId));
  if (!root) throw notFound('region');
  requireRegionInReach(ctx.actor, root.path);
  const parent = alias(regions, 'parent');
  const found = await db
    .select({ code: regions.code, name: regions.name, parentCode: sql<string | null>`case when ${regions.path} = ${root.path} then null else ${parent.code} end`, level: regions.level, kind: regions.kind })
    .from(regions)
    .leftJoin(parent, eq(parent.id, regions.parentId))
    .where(and(inSubtree(regions.path, root.path), isNull(regions.retiredAt)))
    .orderBy(asc(regions.depth), asc(regions.code));
  const records = found.map((r) => [r.code, r.name, r.parentCode ?? '', r.level, r.kind]);
  const base = `区划代码-${root.code}-${root.name}`;
  if (input.format === 'csv') {
    // With the BOM: Excel opens a UTF-8 CSV as UTF-8 only when it begins with one.
    const lines = [COLUMNS.join(','), ...records.map((r) => r.map((v, i) => csvField(v, i === 1)).join(','))];
    return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'), rows: records.length };
  }
  // exceljs is loaded on first use: importing it costs ~0.2 s of every server start (issue 14 §4).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = '社治通';
  const sheet = workbook.addWorksheet('区划代码', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((header) => ({ header, width: header === 'name' ? 24 : 14 }));
  // Codes stay text: as numbers Excel would show 12 digits in exponent form.
  for (const r of records) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `${base}.xlsx`, contentType: XLSX_TYPE, body, rows: records.length };
}
