import { and, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orgs } from './orgs.tables.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';
import { maskIdNumber, maskPhone } from '../../platform/pii/mask.js';

/**
 * Writes the masked forms (migration 0015) for organizations sealed before they were stored, in batches,
 * once at startup; afterwards every write stores them and the loop finds nothing. Returns how many rows.
 */
export async function fillMaskedPersonalData(db: Db, pii: PiiCipher, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const found = await db
      .select({ id: orgs.id, idSealed: orgs.legalRepIdSealed, phoneSealed: orgs.legalRepPhoneSealed, contactSealed: orgs.contactPhoneSealed })
      .from(orgs)
      .where(
        or(
          and(isNotNull(orgs.legalRepIdSealed), isNull(orgs.legalRepIdMasked)),
          and(isNotNull(orgs.legalRepPhoneSealed), isNull(orgs.legalRepPhoneMasked)),
          and(isNotNull(orgs.contactPhoneSealed), isNull(orgs.contactPhoneMasked)),
        ),
      )
      .limit(batch);
    if (found.length === 0) return done;
    await db.transaction(async (tx) => {
      for (const r of found) {
        const m = (sealed: string | null, mask: (v: string) => string) => (sealed ? mask(pii.decrypt(sealed)) : null);
        await tx.execute(sql`update orgs set legal_rep_id_masked = ${m(r.idSealed, maskIdNumber)}, legal_rep_phone_masked = ${m(r.phoneSealed, maskPhone)},
          contact_phone_masked = ${m(r.contactSealed, maskPhone)} where id = ${r.id}`);
      }
    });
    done += found.length;
  }
}
