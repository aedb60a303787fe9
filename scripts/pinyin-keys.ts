/**
 * Writes the per-character pinyin sort keys of the CJK Unified Ideographs (U+4E00–U+9FFF) as SQL VALUES rows:
 * `npx tsx scripts/pinyin-keys.ts > /tmp/keys.sql`. Their output is the pinyin_chars table of migration 0033
 * (the directory's pinyin order, docs/adr/0008-pinyin-order.md); pinyin-pro is a dev dependency for this alone.
 * A key is the syllable (ü as v) and its tone as a digit (0 neutral … 4): "hai3". Keys concatenate without a
 * separator and still sort by syllable, because digits sort before letters: 西安 "xi1an1" < 先 "xian1".
 */
import { pinyin } from 'pinyin-pro';

const rows: string[] = [];
for (let cp = 0x4e00; cp <= 0x9fff; cp++) {
  const ch = String.fromCodePoint(cp);
  const [key] = pinyin(ch, { toneType: 'num', type: 'array', v: true });
  if (key && /^[a-z]+[0-4]$/.test(key)) rows.push(`('${ch}','${key}')`);
}
process.stdout.write(`INSERT INTO "pinyin_chars" ("ch", "sort_key") VALUES\n${rows.join(',\n')};`);
