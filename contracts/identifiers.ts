/**
 * Check characters of Chinese identifiers. Pure functions, shared by server validation and web forms,
 * so a form can say exactly which character is wrong before anything is sent.
 */

export interface IdentifierProblem {
  /** 1-based position of the offending character, when one character is to blame. */
  position?: number;
  /** For a wrong check character: the character that belongs at `position`. */
  expected?: string;
  zh: string;
  en: string;
}

/** GB 32100-2015: the 31 characters a unified social credit code may use (no I, O, S, V, Z). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_CHARS = new Set(CREDIT_CODE_ALPHABET);
/** 3^i mod 31 for positions 1–17 (GB 32100-2015 §4.2). */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714-1997 weights for the 8-character body of an organization code. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714: value of a character is its digit, or 10–35 for A–Z. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += v * ORG_CODE_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** null when valid; otherwise what is wrong and, for a check character, what was expected. */
export function checkCreditCode(raw: string): IdentifierProblem | null {
  // By code point, so a pasted emoji or CJK character counts and is quoted as one character.
  const code = Array.from(raw.trim(), (c) => c.toUpperCase());
  if (code.length !== 18) return { zh: `统一社会信用代码应为 18 位，当前为 ${code.length} 位。`, en: `A unified social credit code has 18 characters, not ${code.length}.` };
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARS.has(code[i])) {
      return { position: i + 1, zh: `第 ${i + 1} 位“${code[i]}”不是统一社会信用代码允许的字符（不含 I、O、S、V、Z）。`, en: `Character ${i + 1} ("${code[i]}") is not allowed in a credit code (no I, O, S, V, Z).` };
    }
  }
  const text = code.join('');
  if (!/^\d{6}$/.test(text.slice(2, 8))) return { position: 3, zh: '第 3–8 位应为 6 位数字的行政区划码。', en: 'Characters 3–8 must be a 6-digit division code.' };
  const orgCheck = orgCodeCheckChar(text.slice(8, 16));
  if (text[16] !== orgCheck) {
    return { position: 17, expected: orgCheck, zh: `第 17 位（组织机构代码校验码）应为 ${orgCheck}，实际为 ${text[16]}。`, en: `Character 17 (organization-code check) should be ${orgCheck}, not ${text[16]}.` };
  }
  const check = creditCodeCheckChar(text.slice(0, 17));
  if (text[17] !== check) {
    return { position: 18, expected: check, zh: `第 18 位校验码应为 ${check}，实际为 ${text[17]}。`, en: `Character 18 (check character) should be ${check}, not ${text[17]}.` };
  }
  return null;
}

/**
 * A valid code for demo and test data: registration authority 5 (civil affairs), category
 * 1 association / 2 service agency / 3 foundation / 9 other, the given division code, and a body
 * taken from `seed` (any non-negative integer) so that generated data is reproducible.
 */
export function makeCreditCode(category: '1' | '2' | '3' | '9', divisionCode: string, seed: number): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new RangeError('division code must have 6 digits');
  const body = String(Math.abs(Math.trunc(seed)) % 100_000_000).padStart(8, '0');
  const first17 = `5${category}${divisionCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** GB 11643-1999 weights and check characters for resident identity numbers. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function checkResidentId(raw: string): IdentifierProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { zh: '公民身份号码应为 18 位：前 17 位为数字，最后一位为数字或 X。', en: 'A resident ID number has 17 digits followed by a digit or X.' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now()) {
    return { position: 7, zh: `第 7–14 位出生日期 ${id.slice(6, 14)} 不是有效日期。`, en: `Characters 7–14 (${id.slice(6, 14)}) are not a valid birth date.` };
  }
  const check = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== check) return { position: 18, zh: `第 18 位校验码应为 ${check}，实际为 ${id[17]}。`, en: `Character 18 should be ${check}, not ${id[17]}.` };
  return null;
}

/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export function checkMobile(raw: string): IdentifierProblem | null {
  return /^1[3-9]\d{9}$/.test(raw.trim()) ? null : { zh: '手机号码应为 11 位，以 13–19 开头。', en: 'A mobile number has 11 digits starting with 13–19.' };
}
