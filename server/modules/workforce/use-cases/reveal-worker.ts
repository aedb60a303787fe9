import type { z } from 'zod';
import type { ZWorkerRevealBody } from '../../../../contracts/workforce.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { requireWorkerReveal } from '../workforce.policy.js';
import { selectWorker } from '../workforce.queries.js';

/**
 * A person's ID number or phone in clear, to a holder of pii.reveal within reach of them; the reason and the fields
 * (never the values) go to the audit trail in the same transaction: no audit, no reveal.
 */
export async function revealWorker(db: Db, ctx: RequestContext, pii: PiiCipher, id: string, input: z.infer<typeof ZWorkerRevealBody>) {
  const row = await selectWorker(db, id);
  if (!row) throw notFound('worker');
  requireWorkerReveal(ctx.actor, row);
  const fields = [...new Set(input.fields)];
  const sealed = { idNumber: row.idSealed, phone: row.phoneSealed };
  const out: Partial<Record<'idNumber' | 'phone', string | null>> = {};
  for (const f of fields) out[f] = sealed[f] ? pii.decrypt(sealed[f]) : null;
  await db.transaction((tx) => appendAudit(tx, ctx, { action: 'workforce.revealPersonalData', permission: 'pii.reveal', entityType: 'worker', entityId: id, detail: { fields, reason: input.reason } }));
  return out;
}
