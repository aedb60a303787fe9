import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { rows } from '../db/sql.js';
import type { PiiCipher } from './cipher.js';

/** What a sealed value looks like (cipher.ts): `v1.<algorithm>.<iv>.<tag>.<ciphertext>`, base64url parts. */
export const SEALED_VALUE = /^v1\.(aes|sm4)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Tables never rewritten: append-only by trigger, and hash-chained (a changed row would break the chain). */
const APPEND_ONLY = new Set(['audit_events', 'fund_movements']);

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface RekeyCount {
  /** Sealed values opened with the old key and sealed again with the new one. */
  resealed: number;
  /** Lookup hashes computed again under the new key. */
  rehashed: number;
}

/**
 * Re-seals every sealed personal-data value under another key and recomputes the keyed lookup hashes, in the
 * caller's transaction. Where sealed values live, by the conventions every module follows:
 * - text columns named `*_sealed` (as key-guard.ts finds them), with `X_hash` beside `X_sealed` holding the
 *   lookup hash of the same value;
 * - inside json/jsonb columns, string values under keys ending in `Sealed` (application forms: application-form.ts).
 * A value that does not open with `from` stops the whole re-key (nothing is half-done: the caller's transaction
 * rolls back). Rows are addressed by ctid: the re-key runs alone (at the first start, before the server listens).
 * Used to adopt the prebuilt demo database (server/seed/demo-image.ts); it would serve a key rotation as well.
 */
export async function resealPersonalData(tx: DbOrTx, from: PiiCipher, to: PiiCipher): Promise<RekeyCount> {
  const columns = await rows<{ table_name: string; column_name: string; data_type: string }>(
    tx,
    sql`select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = current_schema()
          and ((right(c.column_name, 7) = '_sealed' and c.data_type = 'text') or c.data_type in ('json', 'jsonb')
               or (right(c.column_name, 5) = '_hash' and c.data_type = 'text'))
        order by 1, 2`,
  );
  const byTable = new Map<string, { sealed: string[]; json: { name: string; type: string }[]; hashes: Set<string> }>();
  for (const c of columns) {
    if (APPEND_ONLY.has(c.table_name)) continue;
    const t = byTable.get(c.table_name) ?? { sealed: [], json: [], hashes: new Set<string>() };
    byTable.set(c.table_name, t);
    if (c.data_type === 'json' || c.data_type === 'jsonb') t.json.push({ name: c.column_name, type: c.data_type });
    else if (c.column_name.endsWith('_sealed')) t.sealed.push(c.column_name);
    else t.hashes.add(c.column_name);
  }

  const count: RekeyCount = { resealed: 0, rehashed: 0 };
  const reseal = (value: string) => {
    count.resealed++;
    return to.encrypt(from.decrypt(value));
  };
  const resealJson = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resealJson);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k.endsWith('Sealed') && typeof v === 'string' && SEALED_VALUE.test(v) ? reseal(v) : resealJson(v)]),
    );
  };

  for (const [table, t] of byTable) {
    // Only the `X_hash` columns that have an `X_sealed` beside them are lookup hashes (not password_hash, prev_hash…).
    const pairs = t.sealed.map((s) => ({ sealed: s, hash: `${s.slice(0, -'_sealed'.length)}_hash` })).map((p) => ({ ...p, hash: t.hashes.has(p.hash) ? p.hash : null }));
    const wanted = [...t.sealed, ...pairs.flatMap((p) => (p.hash ? [p.hash] : [])), ...t.json.map((j) => j.name)];
    if (wanted.length === 0) continue;
    const conditions = [...t.sealed.map((c) => `${quote(c)} is not null`), ...t.json.map((j) => `${quote(j.name)}::text like '%Sealed"%'`)];
    const found = await rows<Record<string, unknown>>(
      tx,
      sql.raw(`select ctid::text as "__ctid", ${wanted.map((c) => `${quote(c)}${t.json.some((j) => j.name === c) ? '::text' : ''} as ${quote(c)}`).join(', ')}
               from ${quote(table)} where ${conditions.join(' or ')}`),
    );
    if (found.length === 0) continue;
    const updated = found.map((row) => {
      const next: Record<string, string | null> = {};
      for (const p of pairs) {
        const value = row[p.sealed] as string | null;
        if (value === null) {
          // A lookup hash without its sealed value could not be recomputed: it would be left under the old key.
          if (p.hash && row[p.hash] !== null) throw new Error(`${table}.${p.hash} is set where ${p.sealed} is not: cannot recompute it`);
          next[p.sealed] = null;
          if (p.hash) next[p.hash] = null;
          continue;
        }
        const plain = from.decrypt(value);
        count.resealed++;
        next[p.sealed] = to.encrypt(plain);
        if (p.hash) {
          count.rehashed++;
          next[p.hash] = to.lookupHash(plain);
        }
      }
      for (const j of t.json) {
        const text = row[j.name] as string | null;
        next[j.name] = text === null || !text.includes('Sealed"') ? text : JSON.stringify(resealJson(JSON.parse(text)));
      }
      return { ctid: row.__ctid as string, next };
    });
    // One statement per table: the new values as one JSON parameter, joined back on ctid.
    const names = Object.keys(updated[0].next);
    const typeOf = (c: string) => t.json.find((j) => j.name === c)?.type ?? 'text';
    const batch = JSON.stringify(updated.map((u) => ({ ctid: u.ctid, ...Object.fromEntries(names.map((c, i) => [`c${i}`, u.next[c]])) })));
    const setList = names.map((c, i) => `${quote(c)} = v.c${i}${typeOf(c) === 'text' ? '' : `::${typeOf(c)}`}`).join(', ');
    const recordType = ['ctid text', ...names.map((_, i) => `c${i} text`)].join(', ');
    await tx.execute(
      sql`update ${sql.raw(quote(table))} t set ${sql.raw(setList)}
          from json_to_recordset(${batch}::json) as v(${sql.raw(recordType)}) where t.ctid = v.ctid::tid`,
    );
  }
  return count;
}
