import { crc32 } from 'node:zlib';

/*
 * A Word document (.docx, Office Open XML) written by hand: the templates an applicant downloads, fills in and
 * uploads again must open in Word and WPS for editing, which a PDF would not allow; no package already in use
 * writes .docx, and the format needs only three XML parts in a zip (stored, not compressed — the parts are small).
 */

/** One block of a template: a title, a chapter heading, a paragraph, or a table of label | blank rows to fill in. */
export type DocBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; indent?: boolean; align?: 'right' | 'center' }
  | { kind: 'table'; rows: readonly (readonly string[])[] };

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A run in 宋体 (仿宋 for the body is common too; 宋体 is on every Chinese Windows and in WPS). */
function run(text: string, opts: { bold?: boolean; size?: number } = {}): string {
  const size = opts.size ?? 24; // half-points: 12 pt, 小四
  return `<w:r><w:rPr><w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="宋体"/>${opts.bold ? '<w:b/>' : ''}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

function paragraph(text: string, opts: { bold?: boolean; size?: number; align?: 'center' | 'right' | 'left'; indent?: boolean; after?: number } = {}): string {
  const props = [
    opts.align ? `<w:jc w:val="${opts.align}"/>` : '',
    `<w:spacing w:after="${opts.after ?? 120}" w:line="360" w:lineRule="auto"/>`,
    opts.indent ? '<w:ind w:firstLineChars="200" w:firstLine="480"/>' : '',
  ].join('');
  return `<w:p><w:pPr>${props}</w:pPr>${text ? run(text, opts) : ''}</w:p>`;
}

function table(rows: readonly (readonly string[])[]): string {
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const borders = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>`;
  const columns = Math.max(...rows.map((r) => r.length));
  const width = Math.floor(9000 / columns);
  const cell = (text: string, first: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${first ? Math.min(width, 2600) : width}" w:type="dxa"/></w:tcPr>${paragraph(text, { bold: first && columns > 1, after: 60 })}</w:tc>`;
  const body = rows.map((r) => `<w:tr><w:trPr><w:trHeight w:val="560"/></w:trPr>${Array.from({ length: columns }, (_, i) => cell(r[i] ?? '', i === 0)).join('')}</w:tr>`).join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/>${borders}</w:tblPr><w:tblGrid>${Array.from({ length: columns }, () => `<w:gridCol w:w="${width}"/>`).join('')}</w:tblGrid>${body}</w:tbl>${paragraph('')}`;
}

/** The document part: A4, 2.54 cm margins. */
export function documentXml(blocks: readonly DocBlock[]): string {
  const body = blocks
    .map((b) => {
      if (b.kind === 'title') return paragraph(b.text, { bold: true, size: 36, align: 'center', after: 360 });
      if (b.kind === 'heading') return paragraph(b.text, { bold: true, size: 28, align: 'center', after: 200 });
      if (b.kind === 'table') return table(b.rows);
      return paragraph(b.text, { indent: b.indent, align: b.align });
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
    body +
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>' +
    '</w:body></w:document>'
  );
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';

/** A zip archive of stored (uncompressed) entries: PKWARE APPNOTE 6.3, local headers, central directory, end record. */
export function zipStored(entries: readonly { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // 1980-01-01 00:00, the format's epoch: a fixed date keeps the same template byte-for-byte the same.
  const time = 0;
  const date = (0 << 9) | (1 << 5) | 1;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A .docx of these blocks. */
export function docxOf(blocks: readonly DocBlock[]): Buffer {
  return zipStored([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES, 'utf8') },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS, 'utf8') },
    { name: 'word/document.xml', data: Buffer.from(documentXml(blocks), 'utf8') },
  ]);
}
