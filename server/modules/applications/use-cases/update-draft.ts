import { eq } from 'drizzle-orm';
import { diff } from '../../../platform/audit/audit.js';
import { editCaseDetails } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { mergeDraft } from '../application-form.js';
import { mayEditForm, requireApplying } from '../applications.policy.js';
import { formOf, selectApplication } from '../applications.queries.js';
import { applications } from '../applications.tables.js';
import { ORG_KINDS, titleOf, townOf } from './file-application.js';

/** Edits a draft (or the form while a one-time notice is open); the engine checks the version and the state. */
export async function updateDraft(db: Db, ctx: RequestContext, pii: PiiCipher, caseId: string, input: { version: number; form: Record<string, unknown> }) {
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
      await tx.update(applications).set({ form, townId }).where(eq(applications.caseId, caseId));
      const name = typeof form.name === 'string' ? form.name : null;
      return {
        regionPath,
        ...(name && !ORG_KINDS.includes(a.kind) ? { title: titleOf(a.kind, name) } : {}),
        audit: { action: 'application.updateDraft', permission: 'application.apply', changes: diff(before, form, Object.keys({ ...before, ...form }).filter((k) => !k.endsWith('Sealed'))) },
      };
    },
  });
}
