import type { EffectResult } from '../../platform/cases/define.js';
import type { CaseRow } from '../../platform/cases/define.js';
import type { Tx } from '../../platform/db/client.js';
import type { RequestContext } from '../../platform/http/context.js';
import { holdingsOf, moveFunds } from '../funds/index.js';

/** Gives back what the project has reserved and not committed. */
export async function releaseAll(tx: Tx, ctx: RequestContext, caseId: string, why: string) {
  for (const h of await holdingsOf(tx, caseId)) {
    if (h.reservedFen > 0) await moveFunds(tx, ctx, { allocationId: h.allocationId, kind: 'release', amountFen: h.reservedFen, projectId: caseId, caseId, note: why });
  }
}

/** Gives back what the project has committed and not paid (a terminated contract, a forfeited final payment). */
export async function decommitAll(tx: Tx, ctx: RequestContext, caseId: string, why: string) {
  for (const h of await holdingsOf(tx, caseId)) {
    if (h.committedFen > 0) await moveFunds(tx, ctx, { allocationId: h.allocationId, kind: 'decommit', amountFen: h.committedFen, projectId: caseId, caseId, note: why });
  }
}

/** Effect of `terminate`: the contract is dissolved; whatever is unpaid or unspent goes back to the fund. */
export async function terminateContract(tx: Tx, ctx: RequestContext, c: CaseRow): Promise<EffectResult> {
  await decommitAll(tx, ctx, c.id, `合同解除，释放未付合同款 ${c.number}`);
  await releaseAll(tx, ctx, c.id, `项目终止，释放预留 ${c.number}`);
  return { outcome: 'terminated' };
}

/** Effect of `cancel` (before a contract): the reservation goes back to the fund. */
export async function cancelProject(tx: Tx, ctx: RequestContext, c: CaseRow): Promise<EffectResult> {
  await releaseAll(tx, ctx, c.id, `项目终止，释放预留 ${c.number}`);
  return { outcome: 'cancelled' };
}
