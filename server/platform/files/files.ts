import fs from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { AppError, fieldError } from '../errors/app-error.js';
import type { FileStorage } from './storage.js';
import { uploadError } from './upload.js';
import { files } from './files.tables.js';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** What a case may carry, recognised by content (magic numbers), never by the name or the client's type. */
export const ALLOWED_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

export type FileRow = typeof files.$inferSelect;

/**
 * Streams an upload to a temporary file while hashing and counting it, checks size and content type,
 * then moves it into the store. Nothing is kept when a check fails.
 */
export async function receiveFile(storage: FileStorage, stream: Readable, originalName: string): Promise<{ key: string; sha256: string; size: number; mime: string; extension: string; originalName: string }> {
  const temp = storage.tempPath(randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) return done(new AppError('file_too_large', { limit: '20 MB' }));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // An error of the upload itself (a body cut off mid-file) is the client's, not ours: see uploadError.
  let streamError: unknown;
  stream.once('error', (err) => (streamError = err));
  try {
    await pipeline(stream, meter, fs.createWriteStream(temp));
    if ((stream as Readable & { truncated?: boolean }).truncated) throw new AppError('file_too_large', { limit: '20 MB' });
    // An empty file is empty, not of a wrong type: say so, naming the file.
    if (size === 0) throw fieldError('file', `“${originalName}”是空文件（0 字节），请选择有内容的文件。`, `“${originalName}” is empty (0 bytes); choose a file with content.`);
    // Loaded on first upload, not at every server start (issue 14 §4).
    const { fileTypeFromFile } = await import('file-type');
    const detected = await fileTypeFromFile(temp);
    const extension = detected ? ALLOWED_TYPES[detected.mime] : undefined;
    if (!detected || !extension) throw new AppError('file_type_not_allowed', { name: originalName });
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}.${extension}`;
    await storage.put(key, temp);
    return { key, sha256: hash.digest('hex'), size, mime: detected.mime, extension, originalName: cleanName(originalName, extension) };
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    if (err instanceof Error && (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large', { limit: '20 MB' });
    // (The error may have come before the listener did: then it is the stream's `errored`.)
    if (err !== undefined && (err === streamError || err === stream.errored)) throw uploadError(err);
    throw err;
  }
}

/** A display name without path parts or control characters, ending in the detected extension. */
export function cleanName(name: string, extension: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().slice(0, 120) || '附件';
  return base.toLowerCase().endsWith(`.${extension}`) ? base : `${base.replace(/\.[^.]*$/, '')}.${extension}`;
}

export async function recordFile(tx: DbOrTx, received: Awaited<ReturnType<typeof receiveFile>>, uploadedBy: string | null): Promise<FileRow> {
  const [row] = await tx
    .insert(files)
    .values({ sha256: received.sha256, size: received.size, mime: received.mime, extension: received.extension, originalName: received.originalName, storageKey: received.key, uploadedBy })
    .returning();
  return row;
}

export async function findFile(db: DbOrTx, id: string): Promise<FileRow | null> {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row ?? null;
}

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name, always as an attachment. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
