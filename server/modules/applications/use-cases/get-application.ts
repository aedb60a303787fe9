import type { z } from 'zod';
import type { ZApplication } from '../../../../contracts/applications.js';
import { todayInChina, workingDaysLeft } from '../../../platform/calendar/calendar.js';
import { presentCase } from '../../../platform/cases/present.js';
import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { loadOrgSnapshot } from '../../orgs/index.js';
import { maskForm, unsealForm } from '../application-form.js';
import { canEditForm, loadVisibleApplication } from '../applications.policy.js';
import { presentApplicationSummary, presentChangeDiff, presentChecklist, presentDecision, presentReviewDepartments, presentSupplementNotice } from '../applications.presenter.js';
import { departmentShortNames, selectApplicationDetail, selectOpinionsSince } from '../applications.queries.js';
import { checklistOfApplication, noticeItemsWithAnswers, supplementOverdueRuleOf } from '../application.case.js';

/** One application as its case view shows it: the form (masked), the checklist, the one-time notice, the joint review's opinions and, for a change, the diff. */
export async function getApplication(db: Db, ctx: RequestContext, pii: PiiCipher, caseId: string): Promise<z.infer<typeof ZApplication>> {
  const { c, def, assignments } = await loadVisibleApplication(db, ctx.actor, caseId);
  const r = await selectApplicationDetail(db, caseId);
  if (!r) throw new Error(`application ${caseId} has a case but no details`);
  const today = todayInChina();
  const left = await workingDaysLeft(db, [r.closedAt ? null : r.dueOn], today);
  const caseView = await presentCase(db, ctx.actor, c, def, assignments, ctx.lang);
  const provided = new Set(caseView.attachments.filter((a) => a.current && a.item).map((a) => a.item!));

  let diff: ReturnType<typeof presentChangeDiff> | null = null;
  if (r.kind === 'change' && r.applicationOrgId) {
    const orgId = r.applicationOrgId;
    const snapshot = await db.transaction((tx) => loadOrgSnapshot(tx, pii, orgId));
    const changes = ((unsealForm(r.form, pii).changes ?? {}) as Record<string, unknown>) ?? {};
    diff = presentChangeDiff(changes, snapshot?.fields, ctx.lang);
  }

  const lastAccept = Math.max(0, ...caseView.steps.filter((s) => s.event === 'accept').map((s) => s.seq));
  const opinions = await selectOpinionsSince(db, caseId, lastAccept);
  const names = await departmentShortNames(db, r.reviewDepartmentIds);
  const noticeItems = await noticeItemsWithAnswers(db, pii, caseId, r.form);
  const rule = noticeItems.length ? await supplementOverdueRuleOf(db, c.regionPath, r.kind) : 'lapse';
  const noticeOpen = c.state === 'supplementRequested';
  const checklist = await checklistOfApplication(db, c.regionPath, r.kind);

  return {
    ...presentApplicationSummary(r, left, today, ctx.lang),
    form: maskForm(r.form, pii),
    diff,
    checklist: presentChecklist(checklist, provided, ctx.lang),
    supplementNotice: presentSupplementNotice(r.kind, checklist, noticeItems, { open: noticeOpen, dueOn: caseView.dueOn, workingDaysLeft: caseView.workingDaysLeft, today, sentAt: [...caseView.steps].reverse().find((s) => s.event === 'requestSupplement')?.occurredAt ?? null }, rule, ctx.lang),
    decision: r.closedAt ? presentDecision(r.kind, caseView.steps, ctx.lang) : null,
    reviewDepartments: presentReviewDepartments(r.reviewDepartmentIds, opinions, names),
    case: caseView,
    abilities: { edit: canEditForm(c.state, caseView.abilities.events) },
  };
}
