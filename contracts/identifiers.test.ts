import { describe, expect, it } from 'vitest';
import { checkCreditCode, checkMobile, checkResidentId, creditCodeCheckChar, makeCreditCode, residentIdCheckChar } from './identifiers.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts a valid code and names the wrong check character with the expected one', () => {
    expect(checkCreditCode('91110108551385082Q')).toBeNull();
    expect(checkCreditCode('91110108551385082q')).toBeNull();
    const wrong = checkCreditCode('91110108551385082R');
    expect(wrong).toMatchObject({ position: 18 });
    expect(wrong!.zh).toBe('第 18 位校验码应为 Q，实际为 R。');
  });

  it('checks the embedded organization code (GB 11714), the alphabet and the length', () => {
    expect(checkCreditCode('91110108551385083Q')).toMatchObject({ position: 17 });
    expect(checkCreditCode('9111010855138508IQ')).toMatchObject({ position: 17 });
    expect(checkCreditCode('91110108551385082')!.zh).toContain('18 位');
    expect(checkCreditCode('91A10108551385082Q')).toMatchObject({ position: 3 });
  });

  it('generates valid, reproducible codes for Haining', () => {
    const codes = Array.from({ length: 500 }, (_, i) => makeCreditCode((['1', '2', '3', '9'] as const)[i % 4], '330481', i * 7919 + 13));
    for (const c of codes) expect(checkCreditCode(c), c).toBeNull();
    expect(codes[0].slice(2, 8)).toBe('330481');
    expect(makeCreditCode('2', '330481', 42)).toBe(makeCreditCode('2', '330481', 42));
    expect(creditCodeCheckChar('91110108551385082')).toBe('Q');
  });
});

describe('resident ID number (GB 11643-1999)', () => {
  const valid = (first17: string) => first17 + residentIdCheckChar(first17);
  it('accepts valid numbers, including an X check character', () => {
    expect(checkResidentId('11010519491231002X')).toBeNull();
    expect(checkResidentId(valid('33048119850615123'))).toBeNull();
  });
  it('names a wrong check character, an impossible birth date and a bad shape', () => {
    expect(checkResidentId('110105194912310021')!.zh).toBe('第 18 位校验码应为 X，实际为 1。');
    expect(checkResidentId(valid('33048119850230123'))).toMatchObject({ position: 7 });
    expect(checkResidentId('3304811985061512')).not.toBeNull();
  });
  it('checks mobile numbers', () => {
    expect(checkMobile('13812342210')).toBeNull();
    expect(checkMobile('12812342210')).not.toBeNull();
  });
});
