import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { fenToYuan, MAX_EXACT_FEN, ocidOf, parseOcid } from './ocds-mapping.js';

describe('fen to OCDS amounts', () => {
  it('turns integer fen into exact yuan numbers', () => {
    expect(fenToYuan(4_500_000)).toBe(45000);
    expect(fenToYuan(123)).toBe(1.23);
    expect(fenToYuan(1)).toBe(0.01);
    expect(fenToYuan(0)).toBe(0);
    expect(fenToYuan(1_000_000_000_07)).toBe(1000000000.07);
    expect(JSON.stringify({ amount: fenToYuan(110) })).toBe('{"amount":1.1}');
    expect(fenToYuan(MAX_EXACT_FEN)).toBe(9999999999999.99);
    expect(() => fenToYuan(1.5)).toThrow();
    expect(() => fenToYuan(MAX_EXACT_FEN + 1)).toThrow(RangeError);
  });

  it('writes in JSON exactly the decimal digits of the amount, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_EXACT_FEN }), (fen) => {
        const whole = Math.floor(fen / 100).toString();
        const cents = (fen % 100).toString().padStart(2, '0').replace(/0+$/, '');
        expect(JSON.stringify(fenToYuan(fen))).toBe(cents ? `${whole}.${cents}` : whole);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ocids', () => {
  it('joins the prefix, the city’s code and the case number, and reads only our own back', () => {
    expect(ocidOf('ocds-shezhi', '330481', 'XM202600001')).toBe('ocds-shezhi-330481-XM202600001');
    expect(parseOcid('ocds-shezhi', 'ocds-shezhi-330481-XM202600001')).toEqual({ cityCode: '330481', number: 'XM202600001' });
    expect(parseOcid('ocds-shezhi', 'ocds-213czf-330481-XM202600001')).toBeNull();
    expect(parseOcid('ocds-shezhi', 'ocds-shezhi-')).toBeNull();
    expect(parseOcid('ocds-shezhi', 'ocds-shezhi-330481-')).toBeNull();
    expect(parseOcid('ocds-shezhi', 'ocds-shezhi-33048-XM202600001')).toBeNull();
    expect(parseOcid('ocds-shezhi', "ocds-shezhi-330481-XM2026' or 1=1")).toBeNull();
  });

  it('still reads the ocids published before cities, without a city code', () => {
    expect(parseOcid('ocds-shezhi', 'ocds-shezhi-XM202600001')).toEqual({ cityCode: null, number: 'XM202600001' });
    expect(parseOcid('ocds-shezhi', 'ocds-213czf-XM202600001')).toBeNull();
    expect(parseOcid('ocds-shezhi', "ocds-shezhi-XM2026' or 1=1")).toBeNull();
  });

  it('takes the prefix from OCDS_PREFIX, a registered-looking one only', () => {
    expect(loadConfig({}).OCDS_PREFIX).toBe('ocds-shezhi');
    expect(loadConfig({ OCDS_PREFIX: 'ocds-213czf' }).OCDS_PREFIX).toBe('ocds-213czf');
    expect(() => loadConfig({ OCDS_PREFIX: 'shezhi' })).toThrow(/OCDS_PREFIX/);
    expect(() => loadConfig({ OCDS_PREFIX: 'ocds-TOOLONG1' })).toThrow(/OCDS_PREFIX/);
  });
});
