import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as fontkit from 'fontkit';

/*
 * PDFs with Chinese text (certificates, assessment reports): Noto Sans Hans (OFL, 30,000 glyphs) from an npm package,
 * so a PDF never depends on the fonts of the machine it runs on. pdfkit embeds only the glyphs used (a CFF subset).
 */
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | null = null;

/**
 * Parsed once and shared by every document (pdfkit takes a fontkit font as well as a file): parsing the two 8 MB
 * fonts for each document would cost about 250 ms of CPU instead of about 60.
 */
async function loadFonts(): Promise<{ regular: fontkit.Font; bold: fontkit.Font }> {
  if (fonts) return fonts;
  const { create } = await import('fontkit');
  const open = (file: string) => create(fs.readFileSync(path.join(fontDir, file))) as fontkit.Font;
  fonts ??= { regular: open('NotoSansHans-Regular.otf'), bold: open('NotoSansHans-Bold.otf') };
  return fonts;
}

/**
 * A new document with the fonts `regular` and `bold` registered, and the promise of its bytes once `doc.end()` is
 * called. pdfkit and fontkit are loaded on the first document, not at every server start (~0.3 s; issue 14 §4).
 */
export async function openPdf(options: PDFKit.PDFDocumentOptions): Promise<{ doc: PDFKit.PDFDocument; bytes: Promise<Buffer> }> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ lang: 'zh-CN', displayTitle: true, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { regular, bold } = await loadFonts();
  // The typings know only files and buffers; pdfkit's font factory also takes a fontkit font (it has `layout`).
  doc.registerFont('regular', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);
  return { doc, bytes };
}
