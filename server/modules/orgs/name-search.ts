import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';

/**
 * Which posting list (org_name_postings, migration 0014) a name search reads. A term of one or two
 * characters is itself a gram: its list holds exactly the names that contain it. A longer term reads
 * the list of its rarest pair of neighbouring characters and ILIKE keeps the names that contain the
 * whole term; the rarer the pair, the fewer rows are read before a page is full. "Rarest" comes from
 * PostgreSQL's statistics of the gram column (its 1,000 most common values): a pair not among them is
 * rarer than every pair that is. Without statistics (a new PGlite database) the first pair is read —
 * still correct, only slower for a term whose first pair is common.
 */
export interface SearchGram {
  /** Position (0-based, in characters) and length of the gram within the term; lower-cased in SQL, as the trigger does. */
  start: number;
  length: 1 | 2;
  /** The gram alone decides (terms of one or two characters): no ILIKE needed. */
  exact: boolean;
}

interface GramStats {
  at: number;
  freq: Map<string, number>;
}

const TTL_MS = 5 * 60_000;
const cache = new WeakMap<object, Promise<GramStats>>();
const loadedAt = new WeakMap<object, number>();

/** The planner's statistics of the grams (a system view, no table of ours: raw, its row checked in hot-path-rows.test.ts). */
export type GramStatsRow = { vals: string[] | null; freqs: number[] | null };
export const GRAM_STATS_QUERY = sql`select most_common_vals::text::text[] as vals, most_common_freqs::float8[] as freqs
  from pg_stats where schemaname = current_schema() and tablename = 'org_name_postings' and attname = 'gram'`;

async function loadStats(db: DbOrTx): Promise<GramStats> {
  const found = await rows<GramStatsRow>(db, GRAM_STATS_QUERY);
  const freq = new Map<string, number>();
  const [s] = found;
  if (s?.vals && s.freqs) s.vals.forEach((v, i) => freq.set(v, Number(s.freqs![i])));
  return { at: Date.now(), freq };
}

function statsFor(db: DbOrTx): Promise<GramStats> {
  const at = loadedAt.get(db);
  let p = cache.get(db);
  if (!p || at === undefined || Date.now() - at > TTL_MS) {
    p = loadStats(db).catch(() => ({ at: Date.now(), freq: new Map<string, number>() }));
    cache.set(db, p);
    loadedAt.set(db, Date.now());
  }
  return p;
}

/** Pure choice, given the statistics: exported for tests. */
export function pickGram(term: string, freq: ReadonlyMap<string, number>): SearchGram {
  const chars = Array.from(term.toLowerCase());
  // Letters with case (Latin, say) keep ILIKE as the judge, so that its case rules decide, not ours.
  const uncased = Array.from(term).every((c) => c.toLowerCase() === c && c.toUpperCase() === c);
  if (chars.length <= 2) return { start: 0, length: chars.length === 1 ? 1 : 2, exact: uncased };
  let best = 0;
  let bestFreq = Infinity;
  for (let i = 0; i + 1 < chars.length; i++) {
    const f = freq.get(chars[i] + chars[i + 1]) ?? 0;
    if (f < bestFreq) {
      best = i;
      bestFreq = f;
    }
  }
  return { start: best, length: 2, exact: false };
}

export async function searchGram(db: DbOrTx, term: string): Promise<SearchGram> {
  if (Array.from(term).length <= 2) return pickGram(term, new Map());
  return pickGram(term, (await statsFor(db)).freq);
}
