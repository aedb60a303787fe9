/**
 * LIKE patterns from what a user typed: `%`, `_` and `\` in the text match themselves (PostgreSQL's default escape
 * character is the backslash), so a search for "100%" or "a_b" finds those words and never everything.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Matches values containing `text` (for `ilike`/`like`). */
export function containing(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** Matches values starting with `text`. */
export function startingWith(text: string): string {
  return `${escapeLike(text)}%`;
}
