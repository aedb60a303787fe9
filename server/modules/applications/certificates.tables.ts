import { enumChecks } from '../../platform/db/checks.js';
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CERTIFICATE_KINDS } from '../../../contracts/certificates.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { orgs } from '../orgs/tables.js';

/**
 * Electronic registration certificates (电子登记证书), issued when an establishment or filing is approved
 * and revoked when the org's deregistration is approved. The PDF is drawn from the registry on each
 * download; this row holds what makes it a certificate: its number, its dates and its verification token.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The application whose approval issued it. */
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: CERTIFICATE_KINDS }).notNull(),
    /** ASCII and sortable within a city, kind and year: 330481R2026000123. */
    serial: text('serial').notNull(),
    /** As printed: 浙海民证字第2026000123号. */
    serialText: text('serial_text').notNull(),
    /** Random, url-safe, 192 bits: the key of the public verification page the QR code links to. */
    verifyToken: text('verify_token').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
  },
  (t) => [...enumChecks('certificates', t),
    uniqueIndex('certificates_serial_uq').on(t.serial),
    uniqueIndex('certificates_verify_token_uq').on(t.verifyToken),
    index('certificates_org_idx').on(t.orgId),
    index('certificates_case_idx').on(t.caseId),
    check('certificates_kind_ck', sql`${t.kind} in ('registration', 'filing')`),
    check('certificates_revoked_ck', sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
  ],
);
