import type { z } from 'zod';
import type { ZCertificateVerification } from '../../../../contracts/certificates.js';
import type { Db } from '../../../platform/db/client.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { presentCertificateVerification } from '../applications.presenter.js';
import { cityOfOrg, selectCertificateByToken } from '../applications.queries.js';
import { noCertificate } from './get-certificate.js';

/** Public verification by the token in the QR code: public registry fields only, 404 for unknown tokens (applications.policy.ts). */
export async function verifyCertificate(db: Db, token: string, lang: Lang): Promise<z.infer<typeof ZCertificateVerification>> {
  const found = await selectCertificateByToken(db, token);
  if (!found) throw noCertificate();
  const city = await cityOfOrg(db, found.cert.orgId);
  return presentCertificateVerification(found, city.name, lang);
}
