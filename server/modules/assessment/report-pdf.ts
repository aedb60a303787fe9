import { openPdf } from '../../platform/pdf/document.js';

/** Everything a subject's report prints, already in words and numbers. */
export interface ReportContent {
  roundName: string;
  year: number;
  subjectName: string;
  operatorName: string | null;
  stateName: string;
  publishedOn: string | null;
  composite: number;
  total: number;
  bonus: number;
  deduction: number;
  rank: number;
  tied: boolean;
  subjects: number;
  gradeName: string | null;
  /** Each dimension: the subject's score, the city's mean and last year's, out of its maximum. */
  dimensions: { name: string; maxPoints: number; score: number; cityMean: number; lastYear: number | null }[];
  strengths: { code: string; name: string; points: number; maxPoints: number }[];
  weakest: { code: string; name: string; points: number; maxPoints: number }[];
  adjustments: { name: string; kind: 'bonus' | 'deduction'; points: number }[];
  generatedAt: Date;
}

const INK = '#1f1f1f';
const MUTED = '#595959';
const GRID = '#d9d9d9';
const SERIES = [
  { key: 'score', label: '本年度得分率', colour: '#1677ff' },
  { key: 'cityMean', label: '全市平均', colour: '#fa8c16' },
  { key: 'lastYear', label: '上一年度', colour: '#52c41a' },
] as const;

const pct = (n: number, max: number) => (max > 0 ? n / max : 0);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ''));

/**
 * The radar of the four dimensions, each as its share of the dimension's maximum (dimensions differ in size), with
 * the city's average and last year's drawn over it: vector paths, so it stays sharp printed.
 */
function drawRadar(doc: PDFKit.PDFDocument, c: ReportContent, cx: number, cy: number, r: number) {
  const n = c.dimensions.length;
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i: number, share: number): [number, number] => [cx + Math.cos(angle(i)) * r * share, cy + Math.sin(angle(i)) * r * share];
  doc.save().lineWidth(0.6).strokeColor(GRID);
  for (const ring of [0.2, 0.4, 0.6, 0.8, 1]) {
    const pts = c.dimensions.map((_, i) => point(i, ring));
    doc.polygon(...pts).stroke();
  }
  for (let i = 0; i < n; i++) doc.moveTo(cx, cy).lineTo(...point(i, 1)).stroke();
  doc.restore();
  doc.font('regular').fontSize(8).fillColor(MUTED);
  for (const ring of [0.2, 0.4, 0.6, 0.8, 1]) doc.text(`${ring * 100}%`, cx + 3, cy - r * ring - 9, { lineBreak: false });
  for (const s of SERIES) {
    const values = c.dimensions.map((d) => (s.key === 'lastYear' ? d.lastYear : d[s.key]));
    if (values.some((v) => v === null)) continue;
    const pts = c.dimensions.map((d, i) => point(i, Math.min(1, pct(values[i]!, d.maxPoints))));
    doc.save().lineWidth(1.4).fillOpacity(s.key === 'score' ? 0.18 : 0.06).strokeColor(s.colour).fillColor(s.colour);
    doc.polygon(...pts).fillAndStroke();
    doc.restore();
  }
  doc.font('bold').fontSize(10).fillColor(INK);
  c.dimensions.forEach((d, i) => {
    const [x, y] = point(i, 1.1);
    const label = `${d.name}（${fmt(d.score)}/${fmt(d.maxPoints)}）`;
    const w = doc.widthOfString(label);
    // Side labels sit beside the axis's end, top and bottom ones centred on it: none crosses the chart.
    const cos = Math.cos(angle(i));
    const left = Math.abs(cos) < 0.3 ? x - w / 2 : cos > 0 ? x + 2 : x - w - 2;
    doc.text(label, left, y - (Math.sin(angle(i)) < -0.5 ? 14 : 6), { lineBreak: false });
  });
  let ly = cy + r + 24;
  const lx = cx - 150;
  SERIES.forEach((s, k) => {
    const missing = s.key === 'lastYear' && c.dimensions.some((d) => d.lastYear === null);
    doc.save().rect(lx + k * 110, ly, 10, 10).fill(s.colour).restore();
    doc.font('regular').fontSize(9).fillColor(missing ? MUTED : INK).text(missing ? `${s.label}（无）` : s.label, lx + k * 110 + 14, ly, { lineBreak: false });
  });
  ly += 14;
  return ly;
}

/** A subject's assessment report (A4 portrait): the composite, rank and grade, the radar, strengths and lowest indicators. */
export async function renderAssessmentReport(c: ReportContent): Promise<Buffer> {
  const { doc, bytes } = await openPdf({ size: 'A4', margin: 50, info: { Title: `${c.roundName} · ${c.subjectName}`, Author: '社治通', Creator: '社治通', CreationDate: c.generatedAt } });
  const width = doc.page.width - 100;
  doc.font('bold').fontSize(18).fillColor(INK).text(`${c.roundName}`, { width, align: 'center' });
  doc.moveDown(0.3).font('bold').fontSize(15).text(`评估报告 · ${c.subjectName}`, { width, align: 'center' });
  doc.moveDown(0.3).font('regular').fontSize(10).fillColor(MUTED).text(`${c.operatorName ? `运营机构：${c.operatorName}\u3000` : ''}状态：${c.stateName}${c.publishedOn ? `\u3000公示日期：${c.publishedOn}` : ''}`, { width, align: 'center' });

  doc.moveDown(1);
  const top = doc.y;
  const boxes = [
    { label: '综合得分', value: fmt(c.composite) },
    { label: '基础得分', value: fmt(c.total) },
    { label: '加分 / 扣分', value: `+${fmt(c.bonus)} / −${fmt(c.deduction)}` },
    { label: c.tied ? '排名（并列）' : '排名', value: `${c.rank} / ${c.subjects}` },
    { label: '等次', value: c.gradeName ?? '—' },
  ];
  const bw = width / boxes.length;
  boxes.forEach((b, i) => {
    const x = 50 + i * bw;
    doc.save().roundedRect(x + 3, top, bw - 6, 52, 4).fill('#f5f5f5').restore();
    doc.font('regular').fontSize(9).fillColor(MUTED).text(b.label, x, top + 8, { width: bw, align: 'center' });
    doc.font('bold').fontSize(15).fillColor(INK).text(b.value, x, top + 24, { width: bw, align: 'center' });
  });

  const afterRadar = drawRadar(doc, c, 50 + width / 2, top + 190, 105);

  // The dimensions in numbers.
  let y = afterRadar + 16;
  const cols = [
    { label: '维度', w: 160 },
    { label: '满分', w: 70 },
    { label: '本年度', w: 85 },
    { label: '全市平均', w: 85 },
    { label: '上一年度', w: 95 },
  ];
  const row = (cells: string[], bold = false) => {
    let x = 50;
    doc.font(bold ? 'bold' : 'regular').fontSize(10).fillColor(INK);
    cells.forEach((t, i) => {
      doc.text(t, x + 4, y, { width: cols[i].w - 8, lineBreak: false });
      x += cols[i].w;
    });
    y += 18;
    doc.save().moveTo(50, y - 4).lineTo(50 + width, y - 4).lineWidth(0.5).strokeColor(GRID).stroke().restore();
  };
  row(
    cols.map((col) => col.label),
    true,
  );
  for (const d of c.dimensions) row([d.name, fmt(d.maxPoints), fmt(d.score), fmt(d.cityMean), d.lastYear === null ? '—' : fmt(d.lastYear)]);

  // Strengths and the weakest side by side.
  const column = (title: string, items: ReportContent['strengths'], x: number, w: number, from: number) => {
    doc.font('bold').fontSize(12).fillColor(INK).text(title, x, from, { width: w });
    let yy = doc.y + 4;
    for (const i of items) {
      doc.font('regular').fontSize(10).fillColor(INK).text(`${i.code}\u3000${i.name}：${fmt(i.points)} / ${fmt(i.maxPoints)}（${Math.round(pct(i.points, i.maxPoints) * 100)}%）`, x + 8, yy, { width: w - 8 });
      yy = doc.y + 2;
    }
    return yy;
  };
  y += 10;
  const half = width / 2;
  y = Math.max(column('优势指标', c.strengths, 50, half - 10, y), column('得分率最低的指标（建议重点改进）', c.weakest, 50 + half, half, y));
  if (c.adjustments.length) {
    y += 10;
    doc.font('bold').fontSize(12).fillColor(INK).text('加减分', 50, y);
    y = doc.y + 4;
    for (const a of c.adjustments) {
      doc.font('regular').fontSize(10).text(`${a.kind === 'bonus' ? '加分' : '扣分'}：${a.name} ${a.kind === 'bonus' ? '+' : '−'}${fmt(a.points)}`, 62, y);
      y = doc.y + 2;
    }
  }
  // The footer sits in the bottom margin: writing there must not start a page of its own.
  doc.page.margins.bottom = 0;
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text(`由社治通生成于 ${c.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC。得分率 = 得分 ÷ 该维度满分；全市平均为本轮次全部受评对象的平均。`, 50, doc.page.height - 40, { width, align: 'center', lineBreak: false });
  doc.end();
  return bytes;
}
