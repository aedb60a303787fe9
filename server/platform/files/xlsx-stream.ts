import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { z } from 'zod';
import { clockNow } from '../clock.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An .xlsx download as the OpenAPI document describes it (the route sends a stream, not JSON). */
export const ZXlsxFile = z.any().meta({ type: 'string', format: 'binary' });

/** One column of an exported sheet: its header (the import's own, so the file reads back), width and cell. */
export interface SheetColumn<T> {
  header: string;
  width: number;
  numFmt?: string;
  value: (row: T) => string | number | Date | null;
}

/**
 * Writes one sheet into `out` page by page (keyset pages read as the client takes the file: memory holds a page or
 * two however long the list), at most `limit` data rows — the count the export's audit event recorded. Returns the
 * rows written and whether the client took the whole file.
 */
export async function streamSheet<T>(out: PassThrough, sheetName: string, columns: readonly SheetColumn<T>[], pages: AsyncIterable<readonly T[]>, limit: number): Promise<{ written: number; delivered: boolean }> {
  // exceljs is loaded on first use: importing it costs ~0.2 s of every server start (issue 14 §4).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '社治通';
  workbook.created = clockNow();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.getRow(1).commit();

  let written = 0;
  for await (const rows of pages) {
    for (const row of rows.slice(0, limit - written)) {
      sheet.addRow(columns.map((c) => c.value(row))).commit();
      written += 1;
    }
    // Let the zip and deflate stages run (PGlite answers without ever leaving the microtask queue),
    // then read the next page only once the client has taken what is queued: memory holds a page or two.
    await setImmediate();
    await drained(out);
    if (out.destroyed) return { written, delivered: false };
    if (written >= limit) break;
  }
  sheet.commit();
  // If the client leaves during the last stretch, the zip never finishes; `finished` notices instead.
  workbook.commit().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  const delivered = await finished(out).then(
    () => true,
    () => false,
  );
  return { written, delivered };
}

/** Resolves when `out` wants more, or is gone because the client went away. */
function drained(out: PassThrough): Promise<void> {
  if (out.destroyed || !out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Today in China Standard Time (UTC+8, no daylight saving) as YYYYMMDD, for an export's file name. */
export const chinaDayStamp = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
