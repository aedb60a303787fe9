import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CertificateKind } from '../../../../contracts/certificates.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { Tx } from '../../../platform/db/client.js';
import { citySettingsOf } from '../../cities/index.js';
import { cityOfOrg, selectLastSerial } from '../applications.queries.js';
import { certificates } from '../certificates.tables.js';

/**
 * Issues the certificate of a newly registered (or filed) org, in the approval's transaction.
 * Numbers run per city, kind and year: 330481R2026000123, printed 浙海民证字第2026000123号
 * (the city's prefix from its settings, 证 for registration, 备 for filing).
 */
export async function issueCertificate(tx: Tx, input: { orgId: string; caseId: string; kind: CertificateKind }): Promise<{ id: string; serial: string }> {
  const city = await cityOfOrg(tx, input.orgId);
  const year = todayInChina().slice(0, 4);
  const prefix = `${city.code}${input.kind === 'registration' ? 'R' : 'F'}${year}`;
  const word = input.kind === 'registration' ? '证' : '备';
  // Serialize numbering per prefix; the unique index is the backstop.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`certificate-serial:${prefix}`}))`);
  const last = await selectLastSerial(tx, prefix);
  const sequence = String(last ? Number(last.slice(prefix.length)) + 1 : 1).padStart(6, '0');
  // 浙海民证字: the city's prefix as its settings name it (by default the province's and the city's abbreviation).
  const { certPrefix } = await citySettingsOf(tx, city.id);
  const [row] = await tx
    .insert(certificates)
    .values({
      orgId: input.orgId,
      caseId: input.caseId,
      kind: input.kind,
      serial: `${prefix}${sequence}`,
      serialText: `${certPrefix}民${word}字第${year}${sequence}号`,
      verifyToken: randomBytes(24).toString('base64url'),
    })
    .returning({ id: certificates.id, serial: certificates.serial });
  return row;
}
