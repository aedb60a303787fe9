import type { MultipartFile } from '@fastify/multipart';
import type { ConcernState } from '../../../../contracts/concerns.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { keepUpload } from '../../../platform/files/handlers.js';
import type { FileStorage } from '../../../platform/files/storage.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { countPhotos, insertPhoto, selectConcern, selectConcernByTracking } from '../concerns.queries.js';
import { normalizeTrackingNumber } from '../tracking-number.js';
import { MAX_PHOTOS } from './concern-photos.js';

/** The resident adds photos until the concern is answered: after the reply there is nothing left to show. */
const PHOTO_STATES: readonly ConcernState[] = ['submitted', 'accepted', 'handling'];

/**
 * A photo of a concern raised on the public page, bound to its tracking number (the resident's proof, as for the
 * rating): an image by its content — JPEG or PNG as `file-type` reads the bytes; a PDF or anything renamed .jpg is
 * refused —, at most six a concern, until it is answered. The photo is for the staff who handle it; the public
 * answer never shows it (a photo may show a face or a door number).
 */
export async function addPublicConcernPhoto(db: Db, storage: FileStorage, ctx: RequestContext, typed: string, part: MultipartFile) {
  const tracking = normalizeTrackingNumber(typed);
  const found = tracking ? await selectConcernByTracking(db, tracking) : undefined;
  const concern = found ? await selectConcern(db, found.caseId) : undefined;
  if (!concern) {
    part.file.resume();
    throw notFound('concern');
  }
  if (!PHOTO_STATES.includes(concern.state)) {
    part.file.resume();
    throw new AppError('invalid_state', { reason: '该民情已答复或已办结，不能再添加照片。', reasonEn: 'The concern has been answered; no more photos.' });
  }
  return keepUpload(db, storage, part, { fallbackName: '照片', uploadedBy: null }, async (tx, file) => {
    if (!file.mime.startsWith('image/')) throw new AppError('validation', {}, [{ path: 'file', message: '照片须为 JPEG 或 PNG 图片', messageEn: 'A photo must be a JPEG or PNG image' }]);
    if ((await countPhotos(tx, concern.caseId)) >= MAX_PHOTOS) throw new AppError('validation', {}, [{ path: 'file', message: `每条民情最多 ${MAX_PHOTOS} 张照片`, messageEn: `At most ${MAX_PHOTOS} photos a concern` }]);
    await insertPhoto(tx, concern.caseId, file.id, null);
    await appendAudit(tx, ctx, { action: 'concern.photo', entityType: 'case', entityId: concern.caseId, detail: { fileId: file.id, sha256: file.sha256, size: file.size, channel: 'public' } });
    return { id: file.id, fileName: file.originalName, photos: (await countPhotos(tx, concern.caseId)) };
  });
}
