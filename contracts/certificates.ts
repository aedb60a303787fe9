import { z } from 'zod';
import { ORG_TYPES } from './org-kinds.js';

/** A registered org gets a registration certificate (登记证书); a filed community org a filing certificate (备案证明). */
export const CERTIFICATE_KINDS = ['registration', 'filing'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const CERTIFICATE_STATUSES = ['current', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** 24 random bytes in base64url: 32 characters, 192 bits. */
export const CERTIFICATE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export const ZCertificateTokenParams = z.strictObject({
  token: z.string().regex(CERTIFICATE_TOKEN_PATTERN, { error: '核验码格式不正确' }),
});

/** Verification by what is printed: the certificate number (as printed or in ASCII) or the org's credit code. */
export const ZCertificateLookupQuery = z.strictObject({
  number: z.string().trim().min(6, { error: '请输入证书编号或统一社会信用代码' }).max(40, { error: '证书编号或统一社会信用代码不超过 40 个字符' }),
});

/** The certificate of an application, for those who may see the application. */
export const ZCertificateSummary = z.object({
  kind: z.enum(CERTIFICATE_KINDS),
  /** ASCII number (330481R2026000123). */
  serial: z.string(),
  /** The number as printed (浙海民证字第2026000123号). */
  serialText: z.string(),
  status: z.enum(CERTIFICATE_STATUSES),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  /** The public verification page in the web app: /verify/<token>. */
  verifyPath: z.string(),
  /** The PDF download: /api/v1/applications/<id>/certificate.pdf. */
  pdfPath: z.string(),
});

/** What anyone holding the certificate (or its QR code) may learn: public registry fields only. */
export const ZCertificateVerification = z.object({
  /** Not revoked and the org still in existence. */
  valid: z.boolean(),
  status: z.enum(CERTIFICATE_STATUSES),
  kind: z.enum(CERTIFICATE_KINDS),
  orgName: z.string(),
  creditCode: z.string().nullable(),
  type: z.enum(ORG_TYPES),
  typeName: z.string(),
  issuingAuthority: z.string(),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  serial: z.string(),
  serialText: z.string(),
});
