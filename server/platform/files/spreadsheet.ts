import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';

/**
 * What a cell holds once Excel's wrappers are gone: shared and rich text joined, a formula's cached
 * result, a hyperlink's text. A number stays a number: the file does not say reliably which numbers
 * are dates (the styles may come after the sheet in the zip, and Chinese date formats are not all
 * recognised), so the importer, which knows its columns, reads a date column with `cellDate`.
 */
export type SheetCell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The spreadsheet's own row number (1 = the first row), for reports people can find. */
  rowNumber: number;
  /** 1-based like Excel's columns: cells[1] is column A. */
  cells: SheetCell[];
  /** The workbook counts serial dates from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
}

/** A formula whose result is an error (#N/A, #VALUE! …): shown as such, so the report names it. */
export const FORMULA_ERROR = '#公式错误';

function plain(v: ExcelJS.CellValue): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? FORMULA_ERROR : v;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((r) => r.text ?? '').join('');
  if ('formula' in v || 'sharedFormula' in v) return 'result' in v ? plain(v.result) : null;
  if ('error' in v) return FORMULA_ERROR;
  if ('text' in v) return plain(v.text);
  return null;
}

/** Text from UTF-8 chunks, a character split between two chunks joined again. */
async function* decoded(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

type EntryStream = Readable;
/** The parts of exceljs' streaming reader that decode XML (private methods, exceljs 4.4). */
interface ReaderInternals {
  _parseRels(entry: EntryStream): Promise<void>;
  _parseWorkbook(entry: EntryStream): Promise<void>;
  _parseSharedStrings(entry: EntryStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs' streaming reader decodes every chunk of XML on its own (utils/parse-sax.js: TextDecoder
 * without `stream: true`), so a Chinese character that straddles two chunks of a zip entry comes out
 * as "���": 海宁市钱江潮公益基金会 read as 海宁市钱江潮公益���金会, a few rows in every few hundred,
 * wherever the chunks happen to end. Entries are handed over as text decoded across chunks instead
 * (the reader passes strings through untouched).
 */
async function utf8SafeReader(input: Readable) {
  const { default: Excel } = await import('exceljs');
  const Base = Excel.stream.xlsx.WorkbookReader as unknown as new (input: Readable, options: object) => ReaderInternals;
  class Utf8SafeReader extends Base {
    override _parseRels(entry: EntryStream) {
      entry.setEncoding('utf8');
      return super._parseRels(entry);
    }
    override _parseWorkbook(entry: EntryStream) {
      entry.setEncoding('utf8');
      return super._parseWorkbook(entry);
    }
    override _parseSharedStrings(entry: EntryStream) {
      entry.setEncoding('utf8');
      return super._parseSharedStrings(entry);
    }
    override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
      // A zip may store the worksheet after workbook.xml.rels but before workbook.xml (exceljs' own writer does, now
      // and then, when its entries finish in another order): exceljs then reads `this.model.sheets` of a model it has
      // not read yet and throws. The sheet's name is not needed here, so an empty model stands in until it is read.
      const self = this as unknown as { model?: object };
      self.model ??= {};
      return super._parseWorksheet(decoded(iterator), sheetNo);
    }
  }
  return new Utf8SafeReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' }) as unknown as ExcelJS.stream.xlsx.WorkbookReader;
}

/**
 * Streams the rows of the workbook's first worksheet with bounded memory (exceljs' streaming reader;
 * a worksheet stored before its shared strings waits in a temporary file). Empty rows are skipped.
 */
export async function* readFirstSheet(input: Readable): AsyncGenerator<SheetRow> {
  // exceljs is loaded on first use: importing it costs ~0.2 s of every server start (issue 14 §4).
  const reader = await utf8SafeReader(input);
  try {
    for await (const sheet of reader) {
      // exceljs keeps workbook.xml's <workbookPr date1904="1"/> here once it has read it (before the sheet in Excel's own files).
      const date1904 = !!(reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells = (row.values as ExcelJS.CellValue[]).map(plain);
        if (cells.some((c) => c !== null && c !== '')) yield { rowNumber: row.number, cells, date1904 };
      }
      return;
    }
  } finally {
    // A caller that stops early (a missing column, a client gone) must not leave the file open.
    input.destroy();
  }
}

/** Up to 15 significant digits, as Excel keeps them: 13905730001 → "13905730001", 0.1 + 0.2 → "0.3". */
function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A cell as the text a person sees in it (dates as 2021-03-01, numbers without float noise or exponent up to 15 digits). */
export function cellText(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return isoDay(cell);
}

/**
 * Excel keeps only 15 significant digits of a number: an 18-digit ID number or a long code typed into a
 * number cell has lost its last digits and cannot be read back. True for such a cell.
 */
export function isTruncatedNumber(cell: SheetCell): boolean {
  return typeof cell === 'number' && Number.isInteger(cell) && Math.abs(cell) >= 1e15;
}

/** The last serial day Excel can show (9999-12-31). */
const MAX_SERIAL = 2_958_465;
/**
 * Serial 10000 is 1927-05-18. A smaller number in a date column is far likelier a year or a count typed
 * by mistake ("2019") than a date, so it is not read as one and the importer says so.
 */
const MIN_LIKELY_SERIAL = 10_000;

function validDay(y: number, m: number, d: number): string | null {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || isoDay(date) !== iso ? null : iso;
}

/** A serial day number (what Excel stores for a date) as yyyy-mm-dd; a time of day is dropped. */
export function serialDay(serial: number, date1904 = false): string | null {
  const whole = Math.floor(serial + 1e-9);
  if (whole < 1 || whole > MAX_SERIAL) return null;
  // 1900 system: day 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was (day 60, Lotus's
  // bug kept for compatibility), so from day 61 on the days count from 1899-12-30. 1904 system: day 0 is 1904-01-01.
  if (!date1904 && whole === 60) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return isoDay(new Date(epoch + whole * 86_400_000));
}

/**
 * A date however Excel or a person put it: a date cell (a serial number, or a Date), a formula's
 * result, 20190520 as a number or text, or text such as 2019-05-20, 2019/5/20, 2019.5.20 or
 * 2019年5月20日. Null when it is none of these.
 */
export function cellDate(cell: SheetCell, date1904 = false): string | null {
  if (cell === null || typeof cell === 'boolean') return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : isoDay(cell);
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 10_000_101 && cell <= 99_991_231) return validDay(Math.floor(cell / 10_000), Math.floor(cell / 100) % 100, cell % 100);
    return cell >= MIN_LIKELY_SERIAL ? serialDay(cell, date1904) : null;
  }
  const text = cell.trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  // A serial number that reached a text cell (pasted from another sheet, or a CSV opened in Excel).
  if (/^\d{5,7}(\.\d+)?$/.test(text)) return serialDay(Number(text), date1904);
  return null;
}

/** Why an uploaded table cannot be read at all (not a row's fault): said to the uploader as it is. */
export class TableFileError extends Error {
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
  }
}

/**
 * The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks), each as a
 * SheetRow of strings numbered from 1 like a spreadsheet's rows — the header is row 1 — so a report's row number
 * is the one a person finds when opening the file in Excel (a quoted line break keeps the record one row). Empty
 * records are skipped, as readFirstSheet skips empty rows.
 */
export function* readCsvRows(text: string): Generator<SheetRow> {
  let record: SheetCell[] = [null];
  let field = '';
  let quoted = false;
  let rowNumber = 1;
  const finish = function* () {
    record.push(field);
    field = '';
    if (record.some((c) => c !== null && c !== '')) yield { rowNumber, cells: record, date1904: false };
    record = [null];
    rowNumber += 1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      yield* finish();
    } else field += ch;
  }
  if (field !== '' || record.length > 1) yield* finish();
}

/**
 * The rows of an uploaded table, CSV or .xlsx, told apart by the bytes (an .xlsx is a zip: "PK\x03\x04"), not by
 * the name. A CSV must be UTF-8, with or without the BOM Excel writes ("CSV UTF-8"); Excel's plain "CSV" in China
 * is GBK, which would turn every name into mojibake, so it is refused, saying how to save the file instead.
 */
export async function* readTableRows(bytes: Buffer): AsyncGenerator<SheetRow> {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) {
    const { Readable } = await import('node:stream');
    yield* readFirstSheet(Readable.from([bytes]));
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TableFileError('文件不是 UTF-8 编码的 CSV，也不是 .xlsx：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”或 .xlsx 后再上传。', 'The file is neither UTF-8 CSV nor .xlsx: save it from Excel as "CSV UTF-8 (comma delimited)" or .xlsx and upload it again.');
  }
  // TextDecoder drops a leading BOM by default (ignoreBOM: false).
  yield* readCsvRows(text);
}
