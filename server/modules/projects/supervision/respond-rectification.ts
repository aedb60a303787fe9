import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZRectificationResponse } from '../../../../contracts/projects/supervision.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { rectificationResponseAttachments, rectifications } from '../projects.tables.js';
import { caseAttachments } from '../../../platform/cases/cases.tables.js';
import { projectFor } from '../project.policy.js';
import { listVisits, rectificationForUpdate, supervisorIdsOf } from './supervision.shared.js';

/** The provider says what it fixed; the item waits for the supervisor's review. */
export async function respondRectification(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZRectificationResponse>) {
  return db.transaction(async (tx) => {
    const [ref] = await tx.select({ projectId: rectifications.projectId }).from(rectifications).where(eq(rectifications.id, id));
    if (!ref) throw notFound('rectification');
    const { c, provider } = await projectFor(tx, ctx, ref.projectId, tx);
    if (!provider) throw new AppError('forbidden', {}, undefined, { denied: true });
    const r = await rectificationForUpdate(tx, id);
    if (r.version !== input.version) throw conflict(r.version);
    if (r.state !== 'open') throw new AppError('invalid_state', { reason: r.state === 'closed' ? '该整改事项已销号。' : '整改情况已提交，等待督导审核。', reasonEn: r.state === 'closed' ? 'This rectification is already closed.' : 'The rectification has been reported and awaits the supervisor\'s review.' });
    if (input.attachmentIds.length) {
      const [n] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(caseAttachments)
        .where(and(eq(caseAttachments.caseId, ref.projectId), inArray(caseAttachments.id, input.attachmentIds)));
      if (n.n !== new Set(input.attachmentIds).size) throw new AppError('validation', {}, [{ path: 'attachmentIds', message: '附件须先上传到本项目', messageEn: 'Attachments must belong to this project' }]);
    }
    await tx.update(rectifications).set({ state: 'submitted', response: input.response, version: r.version + 1 }).where(eq(rectifications.id, id));
    // A response sent back is answered again: the new answer's files replace the earlier ones.
    await tx.delete(rectificationResponseAttachments).where(eq(rectificationResponseAttachments.rectificationId, id));
    const files = [...new Set(input.attachmentIds)];
    if (files.length) await tx.insert(rectificationResponseAttachments).values(files.map((attachmentId) => ({ rectificationId: id, attachmentId })));
    await appendAudit(tx, ctx, { action: 'project.rectify', permission: 'project.deliver', entityType: 'case', entityId: ref.projectId, detail: { rectificationId: id } });
    const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' });
    const reviewers = new Set([...office, ...(await supervisorIdsOf(tx, ref.projectId))]);
    await notifyUsers(tx, reviewers, { kind: 'project.rectification', title: `整改已提交：${c.title}`, body: `整改事项“${r.item}”已提交整改情况，请审核销号。`, link: `/projects/${ref.projectId}`, caseId: ref.projectId });
    return (await listVisits(tx, ctx, ref.projectId)).flatMap((v) => v.rectifications).find((x) => x.id === id)!;
  });
}
