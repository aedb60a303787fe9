import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';
import { maskIdNumber, maskPhone } from '../../platform/pii/mask.js';

/**
 * Writes the masked forms (migration 0015) for organizations sealed before they were stored, in batches,
 * once at startup; afterwards every write stores them and the loop finds nothing. Returns how many rows.
 */
export async function fillMaskedPersonalData(db: Db, pii: PiiCipher, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const found = await rows<{ id: string; id_sealed: string | null; phone_sealed: string | null; contact_sealed: string | null }>(
      db,
      sql`select id, legal_rep_id_sealed as id_sealed, legal_rep_phone_sealed as phone_sealed, contact_phone_sealed as contact_sealed from orgs
          where (legal_rep_id_sealed is not null and legal_rep_id_masked is null)
             or (legal_rep_phone_sealed is not null and legal_rep_phone_masked is null)
             or (contact_phone_sealed is not null and contact_phone_masked is null)
          limit ${batch}`,
    );
    if (found.length === 0) return done;
    await db.transaction(async (tx) => {
      for (const r of found) {
        const m = (sealed: string | null, mask: (v: string) => string) => (sealed ? mask(pii.decrypt(sealed)) : null);
        await tx.execute(sql`update orgs set legal_rep_id_masked = ${m(r.id_sealed, maskIdNumber)}, legal_rep_phone_masked = ${m(r.phone_sealed, maskPhone)},
          contact_phone_masked = ${m(r.contact_sealed, maskPhone)} where id = ${r.id}`);
      }
    });
    done += found.length;
  }
}
