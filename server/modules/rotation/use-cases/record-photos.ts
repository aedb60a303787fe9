import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { findFile } from '../../../platform/files/files.js';
import { keepUpload, sendStoredFile } from '../../../platform/files/handlers.js';
import type { FileStorage } from '../../../platform/files/storage.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { selectPhotoUploadByKey } from '../rotation-records.queries.js';
import { rotationRecordPhotos, rotationServiceRecords } from '../rotation-records.tables.js';
import { mayReadRecord } from './field-records.js';

const ZPhotoKey = z.uuid({ error: '照片标识须为手机生成的 UUID' });

/**
 * A photo for a field record, uploaded before the record syncs: an image by its content (a PDF, or anything renamed
 * .jpg, is refused), kept by the files platform. With the phone's `clientKey` field (sent before the file) a retried
 * upload answers the file kept the first time (200) instead of keeping a second copy.
 */
export async function uploadRecordPhoto(db: Db, storage: FileStorage, ctx: RequestContext, part: MultipartFile) {
  const actor = requirePermission(ctx.actor, 'rotation.record');
  const field = part.fields.clientKey;
  const rawKey = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : undefined;
  let clientKey: string | null = null;
  if (rawKey !== undefined) {
    const parsed = ZPhotoKey.safeParse(rawKey);
    if (!parsed.success) {
      part.file.resume();
      throw new AppError('validation', {}, [{ path: 'clientKey', message: parsed.error.issues[0].message, messageEn: 'clientKey must be a UUID made by the phone' }]);
    }
    clientKey = parsed.data;
    const kept = await selectPhotoUploadByKey(db, actor.userId, clientKey);
    if (kept) {
      part.file.resume();
      return { created: false, photo: { id: kept.fileId, fileName: kept.fileName, size: kept.size, alreadyUploaded: true } };
    }
  }
  try {
    const photo = await keepUpload(db, storage, part, { fallbackName: '照片', uploadedBy: actor.userId }, async (tx, file) => {
      if (!file.mime.startsWith('image/')) throw new AppError('validation', {}, [{ path: 'file', message: '照片须为 JPEG 或 PNG 图片', messageEn: 'A photo must be a JPEG or PNG image' }]);
      await tx.insert(rotationRecordPhotos).values({ fileId: file.id, uploadedBy: actor.userId, clientKey });
      await appendAudit(tx, ctx, { action: 'rotation.recordPhoto', permission: 'rotation.record', entityType: 'file', entityId: file.id, detail: { sha256: file.sha256, size: file.size } });
      return { id: file.id, fileName: file.originalName, size: file.size, alreadyUploaded: false };
    });
    return { created: true, photo };
  } catch (err) {
    // The same key uploading twice at once: the second answers the first's file.
    if (clientKey && pgErrorOf(err)?.constraint === 'rotation_record_photos_client_key_uq') {
      const kept = await selectPhotoUploadByKey(db, actor.userId, clientKey);
      if (kept) return { created: false, photo: { id: kept.fileId, fileName: kept.fileName, size: kept.size, alreadyUploaded: true } };
    }
    throw err;
  }
}

/** A record's photo, for whoever may read the record. */
export async function sendRecordPhoto(db: Db, storage: FileStorage, ctx: RequestContext, recordId: string, fileId: string, request: FastifyRequest, reply: FastifyReply) {
  const [record] = await db.select().from(rotationServiceRecords).where(eq(rotationServiceRecords.id, recordId));
  if (!record || !(await mayReadRecord(db, ctx.actor, record))) throw notFound('record');
  const [photo] = await db.select({ fileId: rotationRecordPhotos.fileId }).from(rotationRecordPhotos).where(and(eq(rotationRecordPhotos.recordId, recordId), eq(rotationRecordPhotos.fileId, fileId)));
  const file = photo ? await findFile(db, fileId) : null;
  if (!file) throw notFound('file');
  return sendStoredFile(request, reply, storage, file);
}
