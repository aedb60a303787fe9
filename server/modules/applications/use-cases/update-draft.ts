import { clockNow } from '../../../platform/clock.js';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZNoticeExplanation } from '../../../../contracts/applications.js';
import { diff } from '../../../platform/audit/audit.js';
import { editCaseDetails } from '../../../platform/cases/engine.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { mergeDraft } from '../application-form.js';
import { formProblems } from '../application.case.js';
import { mayEditForm, requireApplying } from '../applications.policy.js';
import { formOf, selectApplication, selectLatestNoticeItems } from '../applications.queries.js';
import { applicationNoticeItems, applications } from '../applications.tables.js';
import { ORG_KINDS, titleOf, townOf } from './file-application.js';

type Explanation = z.infer<typeof ZNoticeExplanation>;

/**
 * Saves the form of a draft (or of an application answering a one-time notice): every check of the form runs here,
 * each refusal naming its field, so a wrong ID number is refused where it is typed rather than at submission.
 * While a notice is open the applicant may also explain, item by item, why a field or a material is right as it is.
 * The engine checks the version and the state.
 */
export async function updateDraft(db: Db, ctx: RequestContext, pii: PiiCipher, caseId: string, input: { version: number; form: Record<string, unknown>; explanations?: Explanation[] }) {
  const actor = requireApplying(ctx.actor);
  return editCaseDetails(db, ctx, caseId, {
    caseType: 'application',
    version: input.version,
    entity: 'application',
    mayEdit: (_tx, c) => mayEditForm(actor, c),
    edit: async (tx, c) => {
      const a = await selectApplication(tx, caseId);
      if (!a) throw notFound('application');
      const before = formOf(a.form);
      const form = mergeDraft(before, input.form, pii);
      if (ORG_KINDS.includes(a.kind) && form.orgId !== a.orgId) throw new AppError('validation', {}, [{ path: 'form.orgId', message: '不能更换申请所涉的组织', messageEn: 'The organization cannot change' }]);
      let regionPath = c.regionPath;
      let townId = a.townId;
      if (!ORG_KINDS.includes(a.kind) && form.townId !== a.townId) {
        const town = await townOf(tx, form.townId);
        regionPath = town.path;
        townId = town.id;
      }
      const { errors } = await formProblems(tx, pii, { kind: a.kind, orgId: a.orgId, regionPath, form });
      const explained = input.explanations?.length ? await explain(tx, caseId, c.state, input.explanations, actor.userId) : [];
      if (errors.length > 0) throw new AppError('validation', {}, errors);
      await tx.update(applications).set({ form, townId }).where(eq(applications.caseId, caseId));
      const name = typeof form.name === 'string' ? form.name : null;
      return {
        regionPath,
        ...(name && !ORG_KINDS.includes(a.kind) ? { title: titleOf(a.kind, name) } : {}),
        audit: {
          action: 'application.updateDraft',
          permission: 'application.apply',
          changes: {
            ...diff(before, form, Object.keys({ ...before, ...form }).filter((k) => !k.endsWith('Sealed'))),
            ...(explained.length ? { noticeExplanations: { before: null, after: explained } } : {}),
          },
        },
      };
    },
  });
}

/** Records the applicant's explanations on the open notice's items; an item number the notice does not have is refused. */
async function explain(tx: Tx, caseId: string, state: string, explanations: Explanation[], userId: string) {
  if (state !== 'supplementRequested') {
    throw new AppError('validation', {}, [{ path: 'explanations', message: '没有待补正的一次性告知，无需说明', messageEn: 'There is no open one-time notice to answer' }]);
  }
  const items = await selectLatestNoticeItems(tx, caseId);
  const notice = items[0]?.notice;
  const out: { no: number; explanation: string | null }[] = [];
  for (const [k, e] of explanations.entries()) {
    if (!items.some((i) => i.no === e.no)) throw new AppError('validation', {}, [{ path: `explanations.${k}.no`, message: `一次性告知没有第 ${e.no} 项`, messageEn: `The notice has no item ${e.no}` }]);
    await tx
      .update(applicationNoticeItems)
      .set({ explanation: e.explanation, explainedAt: e.explanation ? clockNow() : null, explainedBy: e.explanation ? userId : null })
      .where(and(eq(applicationNoticeItems.applicationId, caseId), eq(applicationNoticeItems.notice, notice), eq(applicationNoticeItems.no, e.no)));
    out.push({ no: e.no, explanation: e.explanation });
  }
  return out;
}
