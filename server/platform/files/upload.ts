import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { AppError } from '../errors/app-error.js';
import { inspectInput } from '../http/input-guard.js';

/**
 * A broken multipart body (no boundary, cut off, a part header that never ends) is the client's mistake:
 * busboy reports it as a plain Error, which would answer 500. Errors that already carry a 4xx status
 * (@fastify/multipart's limits, a premature close) and our own pass through unchanged.
 */
export function uploadError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; statusCode?: number };
  if (e?.code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('file_too_large', { limit: '20 MB' });
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return err;
  return new AppError('bad_multipart');
}

/**
 * The upload routes' one way to read their file: multipart/form-data with a file part. The fields sent
 * before the file pass the same check as every JSON string (input-guard.ts): no U+0000, no lone surrogates.
 * Errors while the file itself streams in go through `uploadError` in receiveFile.
 */
export async function readUpload(request: FastifyRequest, notMultipart = { zh: '请以 multipart/form-data 上传文件。', en: 'Upload the file as multipart/form-data.' }): Promise<MultipartFile> {
  if (!request.isMultipart()) throw new AppError('bad_request', { reason: notMultipart.zh, reasonEn: notMultipart.en });
  let part: MultipartFile | undefined;
  try {
    part = await request.file();
  } catch (err) {
    throw uploadError(err);
  }
  if (!part) throw new AppError('bad_request', { reason: '没有收到文件。', reasonEn: 'The request carries no file.' });
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(part.fields)) {
    const values = [field].flat().filter((f) => f && f.type === 'field');
    fields[name] = values.map((f) => (f as { value: unknown }).value);
  }
  const problem = inspectInput(fields, 'body');
  if (problem) {
    part.file.resume();
    throw new AppError('validation', {}, [{ ...problem, path: problem.path.replace(/\.\d+$/, '') }]);
  }
  return part;
}
