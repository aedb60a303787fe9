import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellDate, cellText, isTruncatedNumber, readFirstSheet, serialDay, type SheetRow } from './spreadsheet.js';

async function readAll(file: Buffer): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const row of readFirstSheet(Readable.from([file]))) out.push(row);
  return out;
}

// Names long enough that the sheet's XML spans many inflated chunks, with characters of 3 UTF-8 bytes.
const names = Array.from({ length: 3000 }, (_, i) => `海宁市钱江潮公益基金会第${i}号服务中心${'社'.repeat(i % 7)}`);

describe('readFirstSheet', () => {
  it('keeps every Chinese character of shared strings, however the zip entry is chunked', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    ws.addRow(['名称']);
    for (const n of names) ws.addRow([n]);
    const rows = await readAll(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows.map((r) => r.cells[1])).toEqual(['名称', ...names]);
  });

  it('keeps every Chinese character of inline strings written by a streaming writer (the export)', async () => {
    const chunks: Buffer[] = [];
    const stream = new (await import('node:stream')).PassThrough();
    stream.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
    const ws = wb.addWorksheet('名录');
    for (const n of names) ws.addRow([n, 13905730001]).commit();
    ws.commit();
    await wb.commit();
    const rows = await readAll(Buffer.concat(chunks));
    expect(rows.map((r) => r.cells[1])).toEqual(names);
    expect(rows[0].cells[2]).toBe(13905730001);
  });

  it('reads a file whose worksheet is stored before workbook.xml after its shared strings (an order exceljs’ own writer produces now and then)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名录').addRow(['海宁市', 1]);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml'];
    const reordered = new JSZip();
    for (const n of [...first, ...names.filter((n) => !first.includes(n))]) reordered.file(n, await zip.file(n)!.async('uint8array'));
    expect(Object.keys(reordered.files).indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(Object.keys(reordered.files).indexOf('xl/workbook.xml'));
    const rows = await readAll(await reordered.generateAsync({ type: 'nodebuffer' }));
    expect(rows.map((r) => r.cells.slice(1))).toEqual([['海宁市', 1]]);
  });

  it('unwraps rich text and formulas; skips empty rows; numbers stay numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow([{ richText: [{ text: '为老年人' }, { font: { bold: true }, text: '提供服务' }] }, { formula: 'DATE(2021,3,1)', result: 44256 }, { formula: 'A1&"x"' }, true]);
    ws.addRow([]);
    ws.addRow(['', null, 3.5]);
    const rows = await readAll(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 3]);
    // A formula never calculated (written by a program, not Excel) has no result to read: empty.
    expect(rows[0].cells.slice(1)).toEqual(['为老年人提供服务', 44256, null, true]);
    expect(rows[1].cells[3]).toBe(3.5);
  });

  it('says when the workbook counts dates from 1904', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    wb.addWorksheet('x').addRow([42794]);
    const [row] = await readAll(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(row.date1904).toBe(true);
    expect(cellDate(row.cells[1], row.date1904)).toBe('2021-03-01');
  });
});

describe('cell readers', () => {
  it('reads dates however Excel or a person wrote them', () => {
    expect(cellDate(44256)).toBe('2021-03-01');
    expect(cellDate(44256.75)).toBe('2021-03-01');
    expect(cellDate(new Date('2021-03-01T00:00:00Z'))).toBe('2021-03-01');
    expect(cellDate(20210301)).toBe('2021-03-01');
    for (const text of ['2021-03-01', '2021/3/1', '2021.3.1', '2021年3月1日', '20210301', '44256', '2021-03-01 08:30']) expect(cellDate(text)).toBe('2021-03-01');
    expect(serialDay(1)).toBe('1900-01-01');
    expect(serialDay(59)).toBe('1900-02-28');
    expect(serialDay(61)).toBe('1900-03-01');
    expect(serialDay(0, true)).toBe(null);
    expect(serialDay(1, true)).toBe('1904-01-02');
    // Not dates: a year alone, an impossible day, words, a boolean.
    for (const cell of [2019, '2019', '2021-02-30', '20210230', '去年', true, null]) expect(cellDate(cell)).toBe(null);
  });

  it('writes numbers as people see them and knows when Excel has dropped digits', () => {
    expect(cellText(13905730001)).toBe('13905730001');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(30000)).toBe('30000');
    expect(cellText(new Date('2021-03-01T00:00:00Z'))).toBe('2021-03-01');
    expect(cellText('  名称 ')).toBe('名称');
    expect(isTruncatedNumber(330481198001010000)).toBe(true);
    expect(isTruncatedNumber(13905730001)).toBe(false);
    expect(isTruncatedNumber('330481198001010028')).toBe(false);
  });
});
