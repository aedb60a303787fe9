/*
 * The pure arithmetic of 民情统计 (issue 17 §4 charts), apart from the queries so a test can check it by hand:
 * percentiles over a weighted distribution of working days, and the histogram's buckets.
 */

/** A value and how many concerns took it (the queries group by day pairs, so a million concerns are a few thousand rows). */
export interface Weighted {
  value: number;
  count: number;
}

/**
 * The nearest-rank percentile: the least value within which at least p of the weight lies (p in (0, 1]). The median
 * of 1, 2, 3, 4 is 2 (half of them closed within 2 days), its p90 is 4. Null for an empty set.
 */
export function percentile(values: readonly Weighted[], p: number): number | null {
  const total = values.reduce((n, v) => n + v.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const v of [...values].sort((a, b) => a.value - b.value)) {
    seen += v.count;
    if (seen >= rank) return v.value;
  }
  return null;
}

export function mean(values: readonly Weighted[]): number | null {
  const total = values.reduce((n, v) => n + v.count, 0);
  if (total === 0) return null;
  return Math.round((values.reduce((s, v) => s + v.value * v.count, 0) / total) * 10) / 10;
}

/** The histogram's last bucket: it holds this many working days and more. */
export const HISTOGRAM_LAST = 15;

/** How many took 0, 1, … working days, every bucket up to the largest seen (at most HISTOGRAM_LAST, which holds the rest). */
export function histogram(values: readonly Weighted[]): { days: number; count: number }[] {
  if (!values.length) return [];
  const top = Math.min(HISTOGRAM_LAST, Math.max(...values.map((v) => v.value)));
  const out = Array.from({ length: top + 1 }, (_, days) => ({ days, count: 0 }));
  for (const v of values) out[Math.min(Math.max(0, v.value), top)].count += v.count;
  return out;
}
