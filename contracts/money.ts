/**
 * Money is an integer number of fen (分) everywhere: in the database (bigint/integer columns), in the API
 * and in arithmetic. Yuan (元) strings exist only at the edges: forms and display.
 */
export type Fen = number;

export function assertFen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number of fen: ${value}`);
  return value;
}

/** 123456 → "1,234.56"; with `symbol`, "¥1,234.56". Never goes through floating-point yuan. */
export function formatYuan(fen: Fen, options: { symbol?: boolean; grouping?: boolean } = {}): string {
  assertFen(fen);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  const grouped = options.grouping === false ? yuan : yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${options.symbol ? '¥' : ''}${grouped}.${cents}`;
}

/** "1,234.5" / "¥1234.56" / "1234" → fen; null when the text is not an amount with at most two decimals. */
export function parseYuan(text: string): Fen | null {
  const m = /^\s*(-)?\s*[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(元)?\s*$/.exec(text);
  if (!m) return null;
  const whole = Number(m[2].replace(/,/g, ''));
  const fen = whole * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] ? -fen : fen;
}

/** "1,000 万元" style for dashboards: 10,000,000 yuan → "1000 万元". */
export function formatWanYuan(fen: Fen, digits = 2): string {
  assertFen(fen);
  const wan = fen / 1_000_000;
  return `${Number(wan.toFixed(digits))} 万元`;
}

/**
 * Splits a total into parts by percentages (e.g. a 40/30/30 payment schedule) so that the parts add up
 * exactly to the total: the fen lost to rounding go to the earliest parts (largest-remainder method).
 */
export function splitByPercent(total: Fen, percents: readonly number[]): Fen[] {
  assertFen(total);
  const sum = percents.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 100) > 1e-9) throw new RangeError(`percentages add up to ${sum}, not 100`);
  const exact = percents.map((p) => (total * p) / 100);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}
