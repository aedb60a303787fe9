import type QRCodeModule from 'qrcode';
import { formatYuan } from '../../../contracts/money.js';
import { openPdf } from '../../platform/pdf/document.js';

/** Everything printed on a certificate, already in words. */
export interface CertificateContent {
  title: string;
  serialText: string;
  orgName: string;
  creditCode: string | null;
  typeName: string;
  address: string;
  /** 法定代表人 for a registered org, 负责人 for a filed one. */
  representativeLabel: string;
  representativeName: string;
  businessScope: string;
  supervisingUnit: string | null;
  registeredCapitalFen: number;
  issuingAuthority: string;
  /** YYYY-MM-DD, China time. */
  issuedOn: string;
  issuedAt: Date;
  verifyUrl: string;
  revoked: { on: string; reason: string } | null;
}

const RED = '#a8071a';
const INK = '#1f1f1f';
const MUTED = '#595959';

const chineseDate = (isoDate: string) => {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** A vector QR code: crisp at any zoom and print size, and no image decoding. */
function drawQr(QRCode: typeof QRCodeModule, doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill('#000000').restore();
}

/** Draws the certificate (A4 landscape) and returns the PDF bytes. */
export async function renderCertificatePdf(c: CertificateContent): Promise<Buffer> {
  // pdfkit, fontkit and qrcode are loaded on the first certificate, not at every server start (~0.3 s; issue 14 §4).
  const [{ doc, bytes: done }, { default: QRCode }] = await Promise.all([
    openPdf({ size: 'A4', layout: 'landscape', margin: 0, info: { Title: `${c.title} ${c.orgName}`, Author: c.issuingAuthority, Subject: c.serialText, Creator: '社治通', CreationDate: c.issuedAt } }),
    import('qrcode'),
  ]);

  const width = doc.page.width;
  const height = doc.page.height;
  doc.lineWidth(4).strokeColor(RED).rect(22, 22, width - 44, height - 44).stroke();
  doc.lineWidth(1).rect(32, 32, width - 64, height - 64).stroke();

  doc.font('bold').fontSize(30).fillColor(RED).text(c.title, 0, 62, { width, align: 'center', characterSpacing: 6 });
  doc.font('regular').fontSize(11).fillColor(MUTED).text('（电子证书）', 0, 106, { width, align: 'center' });
  doc.fontSize(11).fillColor(INK).text(`证书编号：${c.serialText}`, 70, 134, { width: width - 140, align: 'right' });

  const left = 80;
  const labelWidth = 110;
  const valueX = left + labelWidth;
  const valueWidth = 450;
  let y = 164;
  const row = (label: string, value: string, options: { maxHeight?: number } = {}) => {
    doc.font('bold').fontSize(12).fillColor(MUTED).text(label, left, y, { width: labelWidth - 10, align: 'justify' });
    doc.font('regular').fontSize(12).fillColor(INK);
    const h = Math.min(doc.heightOfString(value, { width: valueWidth, lineGap: 3 }), options.maxHeight ?? Infinity);
    doc.text(value, valueX, y, { width: valueWidth, lineGap: 3, height: options.maxHeight, ellipsis: options.maxHeight ? '…' : undefined });
    y += Math.max(h, 16) + 10;
  };
  row('名　　称', c.orgName);
  row('统一社会信用代码', c.creditCode ?? '（备案，不赋码）');
  row('类　　型', c.typeName);
  row('住　　所', c.address, { maxHeight: 36 });
  row(c.representativeLabel, c.representativeName);
  row('业务范围', c.businessScope, { maxHeight: 76 });
  row('业务主管单位', c.supervisingUnit ?? '—');
  row('注册资金', `人民币 ${formatYuan(c.registeredCapitalFen)} 元`);

  const qrSize = 130;
  const qrX = width - 80 - qrSize - 20;
  const qrY = 180;
  drawQr(QRCode, doc, c.verifyUrl, qrX, qrY, qrSize);
  doc.font('regular').fontSize(10).fillColor(INK).text('扫码核验证书真伪', qrX - 20, qrY + qrSize + 6, { width: qrSize + 40, align: 'center' });
  doc.fontSize(7).fillColor(MUTED).text(c.verifyUrl, qrX - 40, qrY + qrSize + 22, { width: qrSize + 80, align: 'center' });

  doc.font('bold').fontSize(13).fillColor(INK).text(`登记管理机关：${c.issuingAuthority}`, 0, height - 118, { width: width - 100, align: 'right' });
  doc.font('regular').fontSize(12).text(`发证日期：${chineseDate(c.issuedOn)}`, 0, height - 94, { width: width - 100, align: 'right' });
  doc.fontSize(8).fillColor(MUTED).text('本证书由社治通依据登记记录生成；证书状态以扫码核验结果为准。', 0, height - 56, { width, align: 'center' });

  if (c.revoked) {
    doc.font('bold').fontSize(12).fillColor(RED).text(`本证书已于 ${chineseDate(c.revoked.on)} 注销：${c.revoked.reason}`, left, height - 118, { width: 420 });
    doc
      .save()
      .rotate(-24, { origin: [width / 2, height / 2] })
      .fillOpacity(0.22)
      .strokeOpacity(0.35)
      .lineWidth(6)
      .strokeColor(RED)
      .roundedRect(width / 2 - 230, height / 2 - 80, 460, 160, 24)
      .stroke()
      .font('bold')
      .fontSize(120)
      .fillColor(RED)
      .text('已注销', width / 2 - 230, height / 2 - 76, { width: 460, align: 'center', characterSpacing: 12, lineBreak: false })
      .restore();
  }

  doc.end();
  return done;
}
