import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CertificateKind, ZCertificateSummary, ZCertificateVerification } from '../../../../contracts/certificates.js';
import { ORG_TYPE_NAMES, type ORG_TYPES } from '../../../../contracts/org-kinds.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { renderCertificatePdf } from '../certificate-pdf.js';
import { cityOfOrg, issuingAuthorityOf } from './issue-certificate.js';

type OrgType = (typeof ORG_TYPES)[number];

interface CertificateRow {
  id: string;
  case_id: string;
  org_id: string;
  kind: CertificateKind;
  serial: string;
  serial_text: string;
  verify_token: string;
  issued_at: Date | string;
  revoked_at: Date | string | null;
  revoke_reason: string | null;
}

const TITLES: Record<OrgType, string> = {
  association: '社会团体法人登记证书',
  serviceAgency: '社会服务机构登记证书',
  foundation: '基金会法人登记证书',
  communityOrg: '社区社会组织登记证书',
};

const statusOf = (c: CertificateRow) => (c.revoked_at ? ('revoked' as const) : ('current' as const));
const noCertificate = () => new AppError('not_found', { entity: 'record' });

/** The certificate an application's approval issued; 404 when the caller may not see the application. */
async function loadCaseCertificate(db: Db, ctx: RequestContext, caseId: string): Promise<CertificateRow> {
  const { c } = await loadVisibleCase(db, ctx.actor, caseId);
  const [cert] = await rows<CertificateRow>(db, sql`select * from certificates where case_id = ${c.id} order by issued_at desc limit 1`);
  if (!cert) throw noCertificate();
  return cert;
}

export async function getApplicationCertificate(db: Db, ctx: RequestContext, caseId: string): Promise<z.infer<typeof ZCertificateSummary>> {
  const cert = await loadCaseCertificate(db, ctx, caseId);
  return {
    kind: cert.kind,
    serial: cert.serial,
    serialText: cert.serial_text,
    status: statusOf(cert),
    issuedAt: toIso(cert.issued_at)!,
    revokedAt: toIso(cert.revoked_at),
    verifyPath: `/verify/${cert.verify_token}`,
    pdfPath: `/api/v1/applications/${cert.case_id}/certificate.pdf`,
  };
}

/**
 * The certificate as a PDF, drawn from the registry's current record; a revoked one carries 已注销.
 * `origin` is where the verification page is reached (PUBLIC_ORIGIN, else the request's).
 */
export async function renderApplicationCertificate(db: Db, ctx: RequestContext, caseId: string, origin: string): Promise<{ pdf: Buffer; fileName: string }> {
  const cert = await loadCaseCertificate(db, ctx, caseId);
  const [org] = await rows<{
    name: string;
    credit_code: string | null;
    type: OrgType;
    address: string;
    legal_rep_name: string;
    business_scope: string;
    registered_capital_fen: number | string;
    supervisor: string | null;
  }>(
    db,
    sql`select o.name, o.credit_code, o.type, o.address, o.legal_rep_name, o.business_scope, o.registered_capital_fen, d.name as supervisor
        from org_directory o left join departments d on d.id = o.supervising_unit_id where o.id = ${cert.org_id}`,
  );
  const city = await cityOfOrg(db, cert.org_id);
  const issuedAt = new Date(cert.issued_at);
  const title = cert.kind === 'filing' ? '社区社会组织备案证明' : TITLES[org.type];
  const pdf = await renderCertificatePdf({
    title,
    serialText: cert.serial_text,
    orgName: org.name,
    creditCode: org.credit_code,
    typeName: ORG_TYPE_NAMES[org.type].zh,
    address: org.address,
    representativeLabel: cert.kind === 'filing' ? '负　责　人' : '法定代表人',
    representativeName: org.legal_rep_name,
    businessScope: org.business_scope,
    supervisingUnit: org.supervisor,
    registeredCapitalFen: Number(org.registered_capital_fen),
    issuingAuthority: issuingAuthorityOf(city.name),
    issuedOn: todayInChina(issuedAt.getTime()),
    issuedAt,
    verifyUrl: `${origin}/verify/${cert.verify_token}`,
    revoked: cert.revoked_at ? { on: todayInChina(new Date(cert.revoked_at).getTime()), reason: cert.revoke_reason ?? '' } : null,
  });
  return { pdf, fileName: `${org.name}-${title}${cert.revoked_at ? '（已注销）' : ''}.pdf` };
}

/** Public verification by the token in the QR code: public registry fields only, 404 for unknown tokens. */
export async function verifyCertificate(db: Db, token: string, lang: Lang): Promise<z.infer<typeof ZCertificateVerification>> {
  const [found] = await rows<CertificateRow & { org_name: string; credit_code: string | null; org_type: OrgType; org_status: string }>(
    db,
    sql`select c.*, o.name as org_name, o.credit_code, o.type as org_type, o.status as org_status
        from certificates c join org_directory o on o.id = c.org_id where c.verify_token = ${token}`,
  );
  if (!found) throw noCertificate();
  const city = await cityOfOrg(db, found.org_id);
  const status = statusOf(found);
  return {
    valid: status === 'current' && (found.org_status === 'active' || found.org_status === 'changing'),
    status,
    kind: found.kind,
    orgName: found.org_name,
    creditCode: found.credit_code,
    type: found.org_type,
    typeName: labelOf(ORG_TYPE_NAMES[found.org_type], lang),
    issuingAuthority: issuingAuthorityOf(city.name),
    issuedAt: toIso(found.issued_at)!,
    revokedAt: toIso(found.revoked_at),
    serial: found.serial,
    serialText: found.serial_text,
  };
}
