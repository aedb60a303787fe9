import { APPLICATION_KIND_NAMES, type ApplicationKind } from '../../../../contracts/applications.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { openCase } from '../../../platform/cases/engine.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { sealForm } from '../application-form.js';
import { formProblems } from '../application.case.js';
import { isCounterStaff, mayFileFor, requireApplying, requireCounterReach } from '../applications.policy.js';
import { selectLiveTown, selectRegistryOrg } from '../applications.queries.js';
import { applications } from '../applications.tables.js';

/** The kinds about an organization already in the registry; the others found a new one. */
export const ORG_KINDS: ApplicationKind[] = ['change', 'deregistration', 'annualReport'];

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** The town a form names, in service; a validation error on form.townId otherwise. */
export async function townOf(tx: Tx, townId: unknown): Promise<{ id: string; path: string; name: string }> {
  const id = typeof townId === 'string' ? townId : '';
  const town = isUuid(id) ? await selectLiveTown(tx, id) : undefined;
  if (!town) throw new AppError('validation', {}, [{ path: 'form.townId', message: '请选择住所所在的镇（街道）', messageEn: 'Choose the town' }]);
  return town;
}

/** The case's title: the organization's name and the kind (as stored, in Chinese). */
export function titleOf(kind: ApplicationKind, name: string): string {
  return `${name || '（未命名）'} ${APPLICATION_KIND_NAMES[kind].zh}`;
}

/**
 * Starts an application as a draft. New organizations (establishment, filing) are filed by anyone
 * signed in as an applicant; the other kinds only by members of the organization concerned.
 */
export async function fileApplication(db: Db, ctx: RequestContext, pii: PiiCipher, input: { kind: ApplicationKind; form: Record<string, unknown>; applicantName?: string }) {
  const actor = requireApplying(ctx.actor);
  const counter = isCounterStaff(actor);
  if (input.applicantName && !counter) throw new AppError('forbidden', {}, undefined, { denied: true });
  if (counter && !input.applicantName) throw new AppError('validation', {}, [{ path: 'applicantName', message: '窗口代办请填写申请人姓名', messageEn: 'Name the applicant for a counter application' }]);
  const def = caseTypeOf('application');
  return db.transaction(async (tx) => {
    let regionPath: string;
    let townId: string | null = null;
    let orgId: string | null = null;
    let name = typeof input.form.name === 'string' ? input.form.name.trim() : '';
    if (ORG_KINDS.includes(input.kind)) {
      const id = typeof input.form.orgId === 'string' ? input.form.orgId : '';
      const org = isUuid(id) ? await selectRegistryOrg(tx, id) : undefined;
      if (!org || !mayFileFor(actor, org, counter)) throw new AppError('not_found', { entity: 'org' }, undefined, org ? { denied: true } : undefined);
      if (org.status !== 'active') throw new AppError('invalid_state', { reason: org.status === 'changing' ? '该组织有正在办理的变更，请办结后再申请。' : '该组织已注销或被撤销登记。', reasonEn: org.status === 'changing' ? 'The organization has a change in progress; apply once it is completed.' : 'The organization is deregistered or its registration was revoked.' });
      regionPath = org.regionPath;
      townId = org.townId;
      orgId = org.id;
      name = org.name;
    } else {
      const town = await townOf(tx, input.form.townId);
      regionPath = town.path;
      townId = town.id;
    }
    if (counter) requireCounterReach(actor, regionPath, ORG_KINDS.includes(input.kind) ? 'org' : 'region');
    const form = sealForm(input.form, pii);
    // The same checks as every later save: a draft is refused where a field is wrong, naming it.
    const { errors } = await formProblems(tx, pii, { kind: input.kind, orgId, regionPath, form });
    if (errors.length > 0) throw new AppError('validation', {}, errors);
    const c = await openCase(tx, ctx, def, { variant: input.kind, title: titleOf(input.kind, name), regionPath, ownerUserId: actor.userId, orgId }, 'application.apply');
    await tx.insert(applications).values({ caseId: c.id, kind: input.kind, form, orgId, townId, applicantName: counter ? input.applicantName! : actor.displayName, counter });
    return c.id;
  });
}
