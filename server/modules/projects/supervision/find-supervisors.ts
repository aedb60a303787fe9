import { listParticipants } from '../../../platform/cases/participants.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { projectFor } from '../project.policy.js';
import { SUPERVISE } from './supervision.shared.js';

/** Whoever may see the project may see who supervises it (the provider expects the visit). */
export async function supervisorsFor(db: DbOrTx, ctx: RequestContext, projectId: string) {
  await projectFor(db, ctx, projectId);
  return listParticipants(db, projectId, SUPERVISE);
}
