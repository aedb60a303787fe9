import { clockNow } from '../clock.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ZCase, ZComment, ZCommentBody, ZFireBody, ZInboxItem, ZInboxQuery, ZNotification, ZAttachment } from '../../../contracts/cases.js';
import { page, ZCursor, ZId } from '../../../contracts/common.js';
import { appendAudit } from '../audit/audit.js';
import { toIso } from '../db/sql.js';
import { AppError, notFound } from '../errors/app-error.js';
import { findFile } from '../files/files.js';
import { readUpload } from '../files/upload.js';
import { keepUpload, sendStoredFile } from '../files/handlers.js';
import { notifications } from '../notify/notify.tables.js';
import { attachVerdict, mayCommentInternal, type AttachVerdict } from './case-access.js';
import { caseAttachments, caseComments, cases } from './cases.tables.js';
import { fireTransition, loadVisibleCase } from './engine.js';
import { findInbox } from './inbox.js';
import { findNotifications } from '../notify/find-notifications.js';
import { loadCaseFile } from './present.js';

const ZCaseParams = z.strictObject({ id: ZId });

/** The engine's routes, shared by every case type: read, act, comment, attach, inbox, messages. */
export async function caseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['cases'];

  app.get('/api/v1/cases/:id', { config: { permission: 'authenticated' }, schema: { tags, summary: '案件详情 / Case file', params: ZCaseParams, response: { 200: ZCase } } }, async (req) => {
    return loadCaseFile(db, req.ctx.actor, req.params.id, req.ctx.lang);
  });

  app.post(
    '/api/v1/cases/:id/transitions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '办理（触发流转）/ Fire a transition',
        description:
          'Answers with the case file as it now stands. With `Prefer: return=minimal` (RFC 7240) it answers 204 with the new version in `ETag` instead: for clients that reload the case anyway, as the web app does.',
        params: ZCaseParams,
        body: ZFireBody,
        response: { 200: ZCase, 204: z.null().describe('return=minimal: no body; ETag holds the case version') },
      },
    },
    async (req, reply) => {
      const { caseRow } = await fireTransition(db, req.ctx, req.params.id, req.body);
      // Reading the whole file back (history, files, comments, abilities) was a fifth of a transition's cost.
      if (prefersMinimal(req.headers.prefer)) return reply.code(204).header('preference-applied', 'return=minimal').header('etag', `"${caseRow.version}"`).send(null);
      return loadCaseFile(db, req.ctx.actor, req.params.id, req.ctx.lang);
    },
  );

  app.get('/api/v1/inbox', { config: { permission: 'authenticated' }, schema: { tags, summary: '我的待办 / My inbox', querystring: ZInboxQuery, response: { 200: page(ZInboxItem) } } }, (req) =>
    findInbox(db, req.ctx.actor!, req.query, req.ctx.lang),
  );

  app.post(
    '/api/v1/cases/:id/comments',
    // case.comment: a role that may comment; the case decides where (only on a case one sees, i.e. takes part in).
    { config: { permission: 'case.comment' }, schema: { tags, summary: '留言 / Comment', params: ZCaseParams, body: ZCommentBody, response: { 201: ZComment } } },
    async (req, reply) => {
      const actor = req.ctx.actor!;
      const row = await db.transaction(async (tx) => {
        const { c, def, assignments } = await loadVisibleCase(tx, actor, req.params.id);
        if (c.closedAt) throw new AppError('invalid_state', { reason: '案件已办结，不能再留言。', reasonEn: 'The case is closed; no more comments can be added.' }, undefined, { currentState: c.state });
        if (req.body.visibility === 'staff' && !mayCommentInternal(actor, def, c, assignments)) throw new AppError('forbidden', {}, undefined, { denied: true });
        const [m] = await tx.insert(caseComments).values({ caseId: c.id, authorUserId: actor.userId, authorName: actor.displayName, body: req.body.body, visibility: req.body.visibility }).returning();
        await appendAudit(tx, req.ctx, { action: 'case.comment', permission: m.visibility === 'staff' ? 'case.commentInternal' : 'case.comment', entityType: 'case', entityId: c.id, detail: { number: c.number, visibility: m.visibility } });
        return m;
      });
      reply.code(201);
      return { id: row.id, authorName: row.authorName, body: row.body, visibility: row.visibility, createdAt: toIso(row.createdAt)! };
    },
  );

  app.post(
    '/api/v1/cases/:id/attachments',
    {
      config: { permission: 'case.attach' },
      schema: {
        tags,
        summary: '上传材料（multipart，≤20 MiB，PDF/JPG/PNG/DOCX/XLSX）/ Attach a file',
        description:
          'The owner (applicant or the organization’s members) attaches to their checklist (`item`) or loose, in the states the case type declares; staff on the case attach loose files only where it declares they may. A file for an `item` replaces the owner’s current one.',
        params: ZCaseParams,
        consumes: ['multipart/form-data'],
        response: { 201: ZAttachment },
      },
    },
    async (req, reply) => {
      const actor = req.ctx.actor!;
      // Check access before reading a byte of the upload: may this caller attach anything here now?
      const { c, def, assignments } = await loadVisibleCase(db, actor, req.params.id);
      const refuse = (verdict: AttachVerdict, state = c.state) => {
        if (verdict.ok) return;
        if (verdict.why === 'role') throw new AppError('forbidden', {}, undefined, { denied: true });
        const reason = verdict.why === 'closed' ? '案件已办结，不能再上传材料。' : `案件当前为“${def.stateNames[state]?.zh ?? state}”，此时不能上传材料。`;
        const reasonEn = verdict.why === 'closed' ? 'The case is closed; no more files can be uploaded.' : `Files cannot be uploaded while the case is "${def.stateNames[state]?.en ?? state}".`;
        throw new AppError('invalid_state', { reason, reasonEn }, undefined, { currentState: state });
      };
      refuse(attachVerdict(actor, def, c, assignments, null));
      const part = await readUpload(req);
      const itemField = part.fields.item as { value?: unknown } | undefined;
      const item = typeof itemField?.value === 'string' && itemField.value.trim() ? itemField.value.trim().slice(0, 64) : null;
      // A checklist item is the owner's: staff (and anyone else) may not replace the owner's file.
      const forItem = attachVerdict(actor, def, c, assignments, item);
      if (!forItem.ok) part.file.resume();
      refuse(forItem);
      const result = await keepUpload(db, app.storage, part, { fallbackName: '附件', uploadedBy: actor.userId }, async (tx, file) => {
        // The case may have moved on while the file arrived (submitted, say): ask again, holding it still.
        const [now] = await tx.select({ state: cases.state, closedAt: cases.closedAt }).from(cases).where(eq(cases.id, c.id)).for('share');
        refuse(attachVerdict(actor, def, { ...c, ...now }, assignments, item), now.state);
        // A new file for the same checklist item replaces the old one in the current list.
        if (item) await tx.update(caseAttachments).set({ supersededAt: clockNow() }).where(and(eq(caseAttachments.caseId, c.id), eq(caseAttachments.item, item), isNull(caseAttachments.supersededAt)));
        const [a] = await tx.insert(caseAttachments).values({ caseId: c.id, fileId: file.id, item, uploadedBy: actor.userId }).returning();
        await appendAudit(tx, req.ctx, { action: 'case.attach', permission: 'case.attach', entityType: 'case', entityId: c.id, detail: { number: c.number, item, fileId: file.id, sha256: file.sha256, size: file.size, mime: file.mime } });
        return { a, file };
      });
      reply.code(201);
      return { id: result.a.id, fileId: result.file.id, item, name: result.file.originalName, mime: result.file.mime, size: result.file.size, sha256: result.file.sha256, uploadedAt: toIso(result.a.createdAt)!, current: true };
    },
  );

  app.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    { config: { permission: 'authenticated' }, schema: { tags, summary: '下载材料 / Download an attachment', params: z.strictObject({ id: ZId, attachmentId: ZId }) } },
    async (req, reply) => {
      const { c } = await loadVisibleCase(db, req.ctx.actor, req.params.id);
      const [a] = await db.select().from(caseAttachments).where(and(eq(caseAttachments.id, req.params.attachmentId), eq(caseAttachments.caseId, c.id)));
      if (!a) throw notFound('file');
      const file = await findFile(db, a.fileId);
      if (!file) throw notFound('file');
      return sendStoredFile(req, reply, app.storage, file);
    },
  );

  app.get(
    '/api/v1/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: '消息中心 / Messages',
        querystring: z.strictObject({ unreadOnly: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(100).default(30), cursor: ZCursor }),
        response: { 200: page(ZNotification).extend({ unread: z.number().int() }) },
      },
    },
    async (req) => findNotifications(db, req.ctx.actor!.userId, req.query),
  );

  app.post(
    '/api/v1/notifications/read',
    { config: { permission: 'authenticated', allowReadOnly: true }, schema: { tags, summary: '标为已读 / Mark read', body: z.strictObject({ ids: z.array(ZId).max(200).optional(), all: z.boolean().optional() }), response: { 200: z.object({ updated: z.number().int() }) } } },
    async (req) => {
      const me = req.ctx.actor!.userId;
      const ids = req.body.ids ?? [];
      if (!req.body.all && ids.length === 0) return { updated: 0 };
      const done = await db
        .update(notifications)
        .set({ readAt: clockNow() })
        .where(and(eq(notifications.userId, me), isNull(notifications.readAt), req.body.all ? undefined : sql`${notifications.id} in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`))
        .returning({ id: notifications.id });
      return { updated: done.length };
    },
  );
}

/** RFC 7240: `Prefer: return=minimal` among the header's preferences (comma-separated, case-insensitive token). */
export function prefersMinimal(prefer: string | string[] | undefined): boolean {
  const all = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return all.split(',').some((p) => p.split(';')[0].trim().toLowerCase().replace(/\s+/g, '') === 'return=minimal');
}
