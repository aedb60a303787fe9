import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { projectFor } from '../project.policy.js';
import { presentPayments } from './payment-records.js';

export async function listPayments(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  return presentPayments(db, projectId);
}
