import { desc, eq, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCertificateVerification } from '../../../../contracts/certificates.js';
import type { Db } from '../../../platform/db/client.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { orgDirectory } from '../../orgs/index.js';
import { presentCertificateVerification } from '../applications.presenter.js';
import { citySettingsOf } from '../../cities/index.js';
import { cityOfOrg, selectCertificateByToken } from '../applications.queries.js';
import { certificates } from '../certificates.tables.js';
import { noCertificate } from './get-certificate.js';

/** Public verification by the token in the QR code: public registry fields only, 404 for unknown tokens (applications.policy.ts). */
export async function verifyCertificate(db: Db, token: string, lang: Lang): Promise<z.infer<typeof ZCertificateVerification>> {
  const found = await selectCertificateByToken(db, token);
  if (!found) throw noCertificate();
  const city = await cityOfOrg(db, found.cert.orgId);
  return presentCertificateVerification(found, (await citySettingsOf(db, city.id)).registrationAuthority, lang);
}

/**
 * Public verification by what is printed on the certificate, typed by hand (a QR code may not scan, or a reader has
 * only a photocopy): the number as printed (浙海民证字第2026000123号), its ASCII form (330481R2026000123), or the
 * organization's credit code — then its latest certificate, a current one before a revoked one. The same public
 * fields as the QR code's page; what the number names is public registry data already (the directory).
 */
export async function verifyCertificateByNumber(db: Db, number: string, lang: Lang): Promise<z.infer<typeof ZCertificateVerification>> {
  const typed = number.replace(/\s+/g, '');
  const upper = typed.toUpperCase();
  const [found] = await db
    .select({ cert: certificates, orgName: orgDirectory.name, creditCode: orgDirectory.creditCode, orgType: orgDirectory.type, orgStatus: orgDirectory.status })
    .from(certificates)
    .innerJoin(orgDirectory, eq(orgDirectory.id, certificates.orgId))
    .where(or(eq(certificates.serial, upper), eq(certificates.serialText, typed), eq(orgDirectory.creditCode, upper)))
    .orderBy(sql`${certificates.revokedAt} is not null`, desc(certificates.issuedAt))
    .limit(1);
  if (!found) throw noCertificate();
  const city = await cityOfOrg(db, found.cert.orgId);
  return presentCertificateVerification(found, (await citySettingsOf(db, city.id)).registrationAuthority, lang);
}
