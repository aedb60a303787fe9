import type { z } from 'zod';
import { decodeCursor } from '../../../contracts/common.js';
import { AppError } from '../errors/app-error.js';

/**
 * A list's `cursor` query parameter as its sort key, or null without one. A cursor that is not exactly the
 * list's shape (altered by hand, or from another list) is refused with 422 `bad_cursor` naming the field.
 */
export function readCursor<T extends z.ZodTuple>(cursor: string | undefined, shape: T): z.output<T> | null {
  if (!cursor) return null;
  const key = decodeCursor(cursor, shape);
  if (!key) throw new AppError('bad_cursor', {}, [{ path: 'cursor', message: '翻页游标无效或已被改动', messageEn: 'The page cursor is invalid or was altered' }]);
  return key;
}
