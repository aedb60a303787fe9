import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { holdsPermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { findFile } from '../../../platform/files/files.js';
import { keepUpload, sendStoredFile } from '../../../platform/files/handlers.js';
import type { FileStorage } from '../../../platform/files/storage.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { countPhotos, insertPhoto, selectPhotos } from '../concerns.queries.js';

export const MAX_PHOTOS = 6;

/**
 * A photo of a concern, by someone on it (its collector, its handlers) while it is open: an image by its content
 * (JPEG or PNG — a PDF or anything renamed .jpg is refused), at most six, kept with the file platform's checks.
 */
export async function addConcernPhoto(db: Db, storage: FileStorage, ctx: RequestContext, caseId: string, part: MultipartFile) {
  const { c } = await loadVisibleCase(db, ctx.actor, caseId);
  const actor = ctx.actor!;
  if (c.caseType !== 'concern') throw notFound('concern');
  if (!holdsPermission(actor, 'concern.raise') && !holdsPermission(actor, 'concern.handle')) throw new AppError('forbidden', {}, undefined, { denied: true });
  if (c.closedAt) throw new AppError('invalid_state', { reason: '民情已办结，不能再添加照片。', reasonEn: 'The concern is closed; no more photos.' });
  return keepUpload(db, storage, part, { fallbackName: '照片', uploadedBy: actor.userId }, async (tx, file) => {
    if (!file.mime.startsWith('image/')) throw new AppError('validation', {}, [{ path: 'file', message: '照片须为 JPEG 或 PNG 图片', messageEn: 'A photo must be a JPEG or PNG image' }]);
    if ((await countPhotos(tx, caseId)) >= MAX_PHOTOS) throw new AppError('validation', {}, [{ path: 'file', message: `每条民情最多 ${MAX_PHOTOS} 张照片`, messageEn: `At most ${MAX_PHOTOS} photos a concern` }]);
    await insertPhoto(tx, caseId, file.id, actor.userId);
    await appendAudit(tx, ctx, { action: 'concern.photo', permission: 'concern.raise', entityType: 'case', entityId: caseId, detail: { fileId: file.id, sha256: file.sha256, size: file.size } });
    return { id: file.id, fileName: file.originalName, url: `/api/v1/concerns/${caseId}/photos/${file.id}` };
  });
}

/** A photo for whoever may see the concern. */
export async function sendConcernPhoto(db: Db, storage: FileStorage, ctx: RequestContext, caseId: string, fileId: string, request: FastifyRequest, reply: FastifyReply) {
  await loadVisibleCase(db, ctx.actor, caseId);
  if (!(await selectPhotos(db, caseId)).some((p) => p.fileId === fileId)) throw notFound('file');
  const file = await findFile(db, fileId);
  if (!file) throw notFound('file');
  return sendStoredFile(request, reply, storage, file);
}
