import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { Db, Tx } from '../db/client.js';
import { notFound } from '../errors/app-error.js';
import { contentDisposition, receiveFile, recordFile, type FileRow } from './files.js';
import type { FileStorage } from './storage.js';

/**
 * The one way an upload route keeps a file: the bytes are received (type checked by content, size capped,
 * hashed) into the store, then the file row and the route's own rows are written in one transaction. If the
 * transaction fails — the case moved on, a meeting was cancelled while the file streamed in — the bytes are
 * removed again, so the store never holds a file no row names.
 */
export async function keepUpload<T>(
  db: Db,
  storage: FileStorage,
  part: MultipartFile,
  input: { fallbackName: string; /** Null for a resident without an account (the public concern page). */ uploadedBy: string | null },
  write: (tx: Tx, file: FileRow) => Promise<T>,
): Promise<T> {
  const received = await receiveFile(storage, part.file, part.filename || input.fallbackName);
  try {
    return await db.transaction(async (tx) => write(tx, await recordFile(tx, received, input.uploadedBy)));
  } catch (err) {
    await storage.remove(received.key);
    throw err;
  }
}

/**
 * The one way a download route answers with a stored file: as an attachment under its original name, never
 * rendered as a page (nosniff, a sandboxing CSP), cached only when the caller says the file is public. A file
 * whose row exists but whose bytes are gone answers 404 and is logged as an error: something removed data.
 */
export async function sendStoredFile(request: FastifyRequest, reply: FastifyReply, storage: FileStorage, file: FileRow, options: { public?: boolean } = {}) {
  let stream;
  try {
    stream = await storage.open(file.storageKey);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
    request.log.error({ fileId: file.id, sha256: file.sha256 }, 'stored file is missing from the file store');
    throw notFound('file');
  }
  reply
    .type(file.mime)
    .header('content-length', String(file.size))
    .header('content-disposition', contentDisposition(file.originalName))
    .header('cache-control', options.public ? 'public, max-age=3600' : 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    // Even if a browser rendered it, the file could run nothing and reach nothing.
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-file-sha256', file.sha256);
  return reply.send(stream);
}
