import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page, ZId } from '../../../contracts/common.js';
import { ZMeeting, ZMeetingAttachmentParams, ZMeetingCancel, ZMeetingInput, ZMeetingPatch, ZMeetingQuery, ZPublicMeetingQuery } from '../../../contracts/meetings.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { lookupSession, SESSION_COOKIE } from '../../platform/auth/sessions.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/errors/app-error.js';
import { findFile } from '../../platform/files/files.js';
import { readUpload } from '../../platform/files/upload.js';
import { keepUpload, sendStoredFile } from '../../platform/files/handlers.js';
import { cancelledError, isPublicFile, requireMeetingsManage, requireMeetingsRead } from './meetings.policy.js';
import { meetingCancellation, selectAttachmentForDownload } from './meetings.queries.js';
import { meetingAttachments } from './meetings.tables.js';
import { cancelMeeting } from './use-cases/cancel-meeting.js';
import { createMeeting } from './use-cases/create-meeting.js';
import { listMeetings, listPublicMeetings } from './use-cases/find-meetings.js';
import { getMeeting } from './use-cases/get-meeting.js';
import { removeMeetingAttachment } from './use-cases/remove-meeting-attachment.js';
import { updateMeeting } from './use-cases/update-meeting.js';

export async function meetingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['meetings'];
  const list = page(ZMeeting);

  app.get('/api/v1/meetings', { config: { permission: 'project.read' }, schema: { tags, summary: '三会日程 / Meetings', querystring: ZMeetingQuery, response: { 200: list } } }, (req) =>
    listMeetings(db, req.ctx, req.query),
  );
  app.post('/api/v1/meetings', { config: { permission: 'project.manage' }, schema: { tags, summary: '安排会议 / Schedule a meeting', body: ZMeetingInput, response: { 201: ZMeeting } } }, async (req, reply) =>
    reply.code(201).send(await createMeeting(db, req.ctx, req.body)),
  );
  app.get('/api/v1/meetings/:id', { config: { permission: 'project.read' }, schema: { tags, summary: '会议 / Meeting', params: ZIdParams, response: { 200: ZMeeting } } }, (req) => getMeeting(db, req.ctx, req.params.id));
  app.patch('/api/v1/meetings/:id', { config: { permission: 'project.manage' }, schema: { tags, summary: '修改会议、纪要、发布 / Edit, minutes, publish', params: ZIdParams, body: ZMeetingPatch, response: { 200: ZMeeting } } }, (req) =>
    updateMeeting(db, req.ctx, req.params.id, req.body),
  );
  app.post('/api/v1/meetings/:id/cancel', { config: { permission: 'project.manage' }, schema: { tags, summary: '取消会议（保留记录）/ Cancel a meeting', params: ZIdParams, body: ZMeetingCancel, response: { 200: ZMeeting } } }, (req) =>
    cancelMeeting(db, req.ctx, req.params.id, req.body),
  );
  app.delete('/api/v1/meetings/:id/attachments/:attachmentId', { config: { permission: 'project.manage' }, schema: { tags, summary: '删除误传的会议材料（保留记录）/ Remove a meeting file', params: ZMeetingAttachmentParams, response: { 200: ZMeeting } } }, (req) =>
    removeMeetingAttachment(db, req.ctx, req.params.id, req.params.attachmentId),
  );
  app.get(
    '/api/v1/public/meetings',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '已发布的会议（无需登录）/ Published meetings',
        description: 'city：城市的 6 位行政区划代码，只列议程含该城市项目的会议；不填则列全部城市。/ city: a city’s 6-digit division code, for meetings on its projects only; without it, every city’s.',
        querystring: ZPublicMeetingQuery,
        response: { 200: list },
      },
    },
    (req) => listPublicMeetings(db, req.ctx, req.query),
  );

  app.post(
    '/api/v1/meetings/:id/attachments',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '上传会议材料（multipart）/ Attach a file', params: ZIdParams, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const actor = requireMeetingsManage(req.ctx.actor);
      const m = await meetingCancellation(db, req.params.id);
      if (!m) throw notFound('meeting');
      if (m.cancelledAt) throw cancelledError();
      const part = await readUpload(req);
      await keepUpload(db, app.storage, part, { fallbackName: '会议材料', uploadedBy: actor.userId }, async (tx, file) => {
        // Checked again under the row lock: a cancel may have landed while the file was streaming in.
        const locked = await meetingCancellation(tx, m.id, { lock: true });
        if (locked?.cancelledAt) throw cancelledError();
        await tx.insert(meetingAttachments).values({ meetingId: m.id, fileId: file.id, uploadedBy: actor.userId });
        await appendAudit(tx, req.ctx, { action: 'meeting.attach', permission: 'project.manage', entityType: 'meeting', entityId: m.id, detail: { fileId: file.id, sha256: file.sha256 } });
      });
      return reply.code(201).send(await getMeeting(db, req.ctx, m.id));
    },
  );

  // Files of a published meeting are public like its minutes; before publication only staff may fetch them.
  app.get(
    '/api/v1/meetings/:id/attachments/:attachmentId',
    { config: { permission: 'public' }, schema: { tags, summary: '下载会议材料 / Download a meeting file', params: z.strictObject({ id: ZId, attachmentId: ZId }) } },
    async (req, reply) => {
      const a = await selectAttachmentForDownload(db, req.params.id, req.params.attachmentId);
      if (!a) throw notFound('file');
      // A cancelled meeting stays on the portal with its reason but without its files: staff only, like a draft.
      const published = isPublicFile(a);
      if (!published) {
        const token = req.cookies?.[SESSION_COOKIE];
        const found = token ? await lookupSession(db, token, app.sessionSettings, app.sessionCache) : null;
        if (found?.status !== 'valid') throw notFound('file');
        requireMeetingsRead(found.actor);
      }
      const file = await findFile(db, a.fileId);
      if (!file) throw notFound('file');
      return sendStoredFile(req, reply, app.storage, file, { public: published });
    },
  );
}
