import { sql } from 'drizzle-orm';
import { MILESTONE_CONDITION_NAMES, type MilestoneCondition } from '../../../../contracts/projects/delivery.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';


/** The contract, for whoever may see the project's case (staff, the buying department, the provider). */
export async function findContract(db: Db, ctx: RequestContext, projectId: string) {
  const { c } = await loadVisibleCase(db, ctx.actor, projectId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', { entity: 'project' }, undefined, err.extra);
    throw err;
  });
  const [k] = await rows<{ number: string; provider_org_id: string; provider_name: string; signed_on: string; value_fen: string; start_on: string; end_on: string }>(
    db,
    sql`select k.number, k.provider_org_id, o.name as provider_name, k.signed_on::text, k.value_fen::text, k.start_on::text, k.end_on::text
        from project_contracts k join org_directory o on o.id = k.provider_org_id where k.project_id = ${c.id}`,
  );
  if (!k) throw notFound('contract');
  const milestones = await rows<{ id: string; seq: number; name: string; due_on: string; amount_fen: string; condition: MilestoneCondition; accepted_at: Date | null; paid_at: Date | null; version: number }>(
    db,
    sql`select id, seq, name, due_on::text, amount_fen::text, condition, accepted_at, paid_at, version from contract_milestones where project_id = ${c.id} order by seq`,
  );
  return {
    projectId: c.id,
    number: k.number,
    providerOrgId: k.provider_org_id,
    providerName: k.provider_name,
    signedOn: k.signed_on,
    valueFen: Number(k.value_fen),
    startOn: k.start_on,
    endOn: k.end_on,
    milestones: milestones.map((m) => ({
      id: m.id,
      seq: m.seq,
      name: m.name,
      dueOn: m.due_on,
      amountFen: Number(m.amount_fen),
      condition: m.condition,
      conditionName: labelOf(MILESTONE_CONDITION_NAMES[m.condition], ctx.lang),
      acceptedAt: toIso(m.accepted_at),
      paidAt: toIso(m.paid_at),
      version: m.version,
    })),
  };
}
