import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { loadOrgRow } from './find-orgs.js';
import { requirePersonalDataInReach, requirePersonalDataReveal } from '../orgs.policy.js';

type Field = 'legalRepIdNumber' | 'legalRepPhone' | 'contactPhone';

/**
 * Shows personal data in clear to a holder of pii.reveal within reach of the org. The reason and the
 * fields shown (never the values) go to the audit trail in the same transaction; no audit, no reveal.
 */
export async function revealPersonalData(db: Db, ctx: RequestContext, pii: PiiCipher, id: string, input: { fields: Field[]; reason: string }) {
  requirePersonalDataReveal(ctx.actor);
  const row = await loadOrgRow(db, id);
  if (!row) throw notFound('org');
  requirePersonalDataInReach(ctx.actor, row);
  const sealed: Record<Field, string | null> = { legalRepIdNumber: row.legal_rep_id_sealed, legalRepPhone: row.legal_rep_phone_sealed, contactPhone: row.contact_phone_sealed };
  const fields = [...new Set(input.fields)];
  const out: Partial<Record<Field, string | null>> = {};
  for (const f of fields) out[f] = sealed[f] ? pii.decrypt(sealed[f]) : null;
  await db.transaction((tx) =>
    appendAudit(tx, ctx, { action: 'org.revealPersonalData', permission: 'pii.reveal', entityType: 'org', entityId: id, detail: { fields, reason: input.reason } }),
  );
  return out;
}
