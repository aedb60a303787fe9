import { describe, expect, it } from 'vitest';
import { formatWanYuan, formatYuan, parseYuan, splitByPercent } from './money.js';

describe('money in fen', () => {
  it('formats fen as yuan without floating point', () => {
    expect(formatYuan(123456)).toBe('1,234.56');
    expect(formatYuan(5, { symbol: true })).toBe('¥0.05');
    expect(formatYuan(-100000)).toBe('-1,000.00');
    expect(formatYuan(1_000_000_000, { grouping: false })).toBe('10000000.00');
    expect(formatWanYuan(1_000_000_000)).toBe('1000 万元');
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });

  it('parses what people type, refusing more than two decimals', () => {
    expect(parseYuan('1,234.5')).toBe(123450);
    expect(parseYuan('¥1000')).toBe(100000);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('19.99 元')).toBe(1999);
    expect(parseYuan('-3.00')).toBe(-300);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('1,23')).toBeNull();
  });

  it('splits a contract value by percentages so the parts add up exactly', () => {
    expect(splitByPercent(100_000, [40, 30, 30])).toEqual([40_000, 30_000, 30_000]);
    const parts = splitByPercent(100_001, [40, 30, 30]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100_001);
    expect(splitByPercent(1, [50, 50])).toEqual([1, 0]);
    expect(() => splitByPercent(100, [40, 40])).toThrow(RangeError);
  });
});
