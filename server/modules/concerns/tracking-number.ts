import { randomBytes } from 'node:crypto';

/*
 * A tracking number (民情受理编号) is what a resident follows a concern by, read out over the phone or typed from a
 * slip of paper: MQ, then 10 characters of Crockford's base 32 (no I, L, O or U, so nothing reads as 1 or 0) and one
 * check character (Crockford's mod-37 check symbols), written MQ-XXXXX-XXXXX-C. 50 random bits: it cannot be guessed
 * from another concern's number, so it is the resident's proof when they rate the answer. Typed back, case,
 * spaces and hyphens do not matter and I/L read as 1, O as 0.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Crockford's check symbols: the alphabet and *~$=U for the values 32–36. */
const CHECK_SYMBOLS = `${ALPHABET}*~$=U`;
const PREFIX = 'MQ';
const BODY_LENGTH = 10;

function checkSymbol(body: string): string {
  let remainder = 0;
  for (const ch of body) remainder = (remainder * 32 + ALPHABET.indexOf(ch)) % 37;
  return CHECK_SYMBOLS[remainder];
}

/** A new tracking number from `random` (10 bytes; tests pass their own). */
export function makeTrackingNumber(random: Uint8Array = randomBytes(BODY_LENGTH)): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[random[i] & 31];
  return `${PREFIX}-${body.slice(0, 5)}-${body.slice(5)}-${checkSymbol(body)}`;
}

/**
 * The tracking number as stored, from what someone typed, or null when it is not one (wrong length, a character
 * outside the alphabet, or a check symbol that does not match — a typo caught before the database is asked).
 */
export function normalizeTrackingNumber(typed: string): string | null {
  const compact = typed
    .toUpperCase()
    .replace(/[\s\-‐‑–—_]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!compact.startsWith(PREFIX) || compact.length !== PREFIX.length + BODY_LENGTH + 1) return null;
  const body = compact.slice(PREFIX.length, PREFIX.length + BODY_LENGTH);
  // The check symbol may be U, which the body's alphabet leaves out.
  const check = compact.slice(-1);
  if ([...body].some((ch) => !ALPHABET.includes(ch))) return null;
  if (checkSymbol(body) !== check) return null;
  return `${PREFIX}-${body.slice(0, 5)}-${body.slice(5)}-${check}`;
}
