import type { z } from 'zod';
import type { ZCertificateSummary } from '../../../../contracts/certificates.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { renderCertificatePdf } from '../certificate-pdf.js';
import { loadCertificateCase } from '../applications.policy.js';
import { certificateFileName, presentCertificateContent, presentCertificateSummary } from '../applications.presenter.js';
import { citySettingsOf } from '../../cities/index.js';
import { cityOfOrg, selectCaseCertificate, selectCertificateOrg, type CertificateRow } from '../applications.queries.js';

export const noCertificate = () => new AppError('not_found', { entity: 'record' });

/** The certificate an application's approval issued; 404 when the caller may not see the application. */
async function loadCaseCertificate(db: Db, ctx: RequestContext, caseId: string): Promise<CertificateRow> {
  const c = await loadCertificateCase(db, ctx.actor, caseId);
  const cert = await selectCaseCertificate(db, c.id);
  if (!cert) throw noCertificate();
  return cert;
}

export async function getApplicationCertificate(db: Db, ctx: RequestContext, caseId: string): Promise<z.infer<typeof ZCertificateSummary>> {
  return presentCertificateSummary(await loadCaseCertificate(db, ctx, caseId));
}

/**
 * The certificate as a PDF, drawn from the registry's current record; a revoked one carries 已注销.
 * `origin` is where the verification page is reached (PUBLIC_ORIGIN, else the request's).
 */
export async function renderApplicationCertificate(db: Db, ctx: RequestContext, caseId: string, origin: string): Promise<{ pdf: Buffer; fileName: string }> {
  const cert = await loadCaseCertificate(db, ctx, caseId);
  const org = await selectCertificateOrg(db, cert.orgId);
  if (!org) throw new Error(`certificate ${cert.serial} names no organization`);
  const city = await cityOfOrg(db, cert.orgId);
  const content = presentCertificateContent(cert, org, (await citySettingsOf(db, city.id)).registrationAuthority, `${origin}/verify/${cert.verifyToken}`);
  const pdf = await renderCertificatePdf(content);
  return { pdf, fileName: certificateFileName(org.name, content.title, !!cert.revokedAt) };
}
