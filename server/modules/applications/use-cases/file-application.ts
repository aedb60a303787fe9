import { eq, sql } from 'drizzle-orm';
import { APPLICATION_KIND_NAMES, type ApplicationKind } from '../../../../contracts/applications.js';
import { holdsPermission, reachesRegion, requirePermission } from '../../../platform/access/policy.js';
import { diff } from '../../../platform/audit/audit.js';
import { isOwner } from '../../../platform/cases/case-access.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { editCaseDetails, openCase } from '../../../platform/cases/engine.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { applications } from '../applications.tables.js';
import { mergeDraft, sealForm } from '../application-form.js';

const ORG_KINDS: ApplicationKind[] = ['change', 'deregistration', 'annualReport'];

async function townOf(tx: Tx, townId: unknown): Promise<{ id: string; path: string; name: string }> {
  const id = typeof townId === 'string' ? townId : '';
  const [town] = /^[0-9a-f-]{36}$/i.test(id) ? await rows<{ id: string; path: string; name: string }>(tx, sql`select id, path, name from regions where id = ${id} and level = 'town' and retired_at is null`) : [];
  if (!town) throw new AppError('validation', {}, [{ path: 'form.townId', message: '请选择住所所在的镇（街道）', messageEn: 'Choose the town' }]);
  return town;
}

function titleOf(kind: ApplicationKind, name: string): string {
  return `${name || '（未命名）'} ${APPLICATION_KIND_NAMES[kind].zh}`;
}

/**
 * Starts an application as a draft. New organizations (establishment, filing) are filed by anyone
 * signed in as an applicant; the other kinds only by members of the organization concerned.
 */
export async function fileApplication(db: Db, ctx: RequestContext, pii: PiiCipher, input: { kind: ApplicationKind; form: Record<string, unknown>; applicantName?: string }) {
  const actor = requirePermission(ctx.actor, 'application.apply');
  // Staff of the registration authority may enter an application at the counter for someone who came in
  // person; they then act for the applicant, and the case says so.
  const counter = holdsPermission(actor, 'application.handle');
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
      const [org] = /^[0-9a-f-]{36}$/i.test(id) ? await rows<{ id: string; name: string; region_path: string; town_id: string; status: string }>(tx, sql`select id, name, region_path, town_id, status from org_directory where id = ${id}`) : [];
      // Only the org's own members may file for it; anyone else is told it does not exist.
      if (!org || (!counter && !isOwner(actor, { ownerUserId: null, orgId: org.id }))) throw new AppError('not_found', { entity: 'org' }, undefined, org ? { denied: true } : undefined);
      if (org.status !== 'active') throw new AppError('invalid_state', { reason: org.status === 'changing' ? '该组织有正在办理的变更，请办结后再申请。' : '该组织已注销或被撤销登记。', reasonEn: org.status === 'changing' ? 'The organization has a change in progress; apply once it is completed.' : 'The organization is deregistered or its registration was revoked.' });
      regionPath = org.region_path;
      townId = org.town_id;
      orgId = org.id;
      name = org.name;
    } else {
      const town = await townOf(tx, input.form.townId);
      regionPath = town.path;
      townId = town.id;
    }
    if (counter && !reachesRegion(actor, 'application.handle', regionPath)) throw new AppError('not_found', { entity: ORG_KINDS.includes(input.kind) ? 'org' : 'region' }, undefined, { denied: true });
    const c = await openCase(tx, ctx, def, { variant: input.kind, title: titleOf(input.kind, name), regionPath, ownerUserId: actor.userId, orgId }, 'application.apply');
    await tx.insert(applications).values({ caseId: c.id, kind: input.kind, form: sealForm(input.form, pii), orgId, townId, applicantName: counter ? input.applicantName! : actor.displayName, counter });
    return c.id;
  });
}

/** Edits a draft (or the form while a one-time notice is open); the engine checks the version and the state. */
export async function updateDraft(db: Db, ctx: RequestContext, pii: PiiCipher, caseId: string, input: { version: number; form: Record<string, unknown> }) {
  const actor = requirePermission(ctx.actor, 'application.apply');
  return editCaseDetails(db, ctx, caseId, {
    caseType: 'application',
    version: input.version,
    entity: 'application',
    mayEdit: (_tx, c) => isOwner(actor, c),
    edit: async (tx, c) => {
      const [a] = await tx.select().from(applications).where(eq(applications.caseId, caseId));
      if (!a) throw notFound('application');
      const form = mergeDraft(a.form as Record<string, unknown>, input.form, pii);
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
        audit: { action: 'application.updateDraft', permission: 'application.apply', changes: diff(a.form as Record<string, unknown>, form, Object.keys({ ...(a.form as object), ...form }).filter((k) => !k.endsWith('Sealed'))) },
      };
    },
  });
}
