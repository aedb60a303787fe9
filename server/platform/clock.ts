/**
 * The time of the platform's business: today's date in China (deadlines, case and certificate numbers, a fund's
 * year) and the instant recorded for an act (paid at, decided at). Use cases ask this clock, never `Date.now()`,
 * so a test can run the demo across midnight of 31 December, a working-day deadline across a holiday, or a notice
 * period to its end, without waiting. Technical time — session expiry, rate limits, caches, timings of a backup —
 * stays on the system clock, and rows' `created_at` defaults are the database's.
 */
let offsetMs = 0;
let fixedMs: number | null = null;

/** Milliseconds since the epoch on the business clock. */
export function clockNowMs(): number {
  return fixedMs ?? Date.now() + offsetMs;
}

/** The instant on the business clock. */
export function clockNow(): Date {
  return new Date(clockNowMs());
}

/**
 * Sets the business clock (tests only): `at` freezes it at that instant, `shiftMs` runs it ahead of (or behind)
 * the system clock. Returns the function that puts it back.
 */
export function setClock(setting: { at: Date | string } | { shiftMs: number }): () => void {
  const before = { offsetMs, fixedMs };
  if ('at' in setting) {
    fixedMs = new Date(setting.at).getTime();
    offsetMs = 0;
  } else {
    fixedMs = null;
    offsetMs = setting.shiftMs;
  }
  return () => {
    offsetMs = before.offsetMs;
    fixedMs = before.fixedMs;
  };
}
