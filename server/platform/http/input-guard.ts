import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors/app-error.js';

/** Objects and arrays nested deeper than this are refused; the deepest real body (a contract's milestones) is 4. */
export const MAX_JSON_DEPTH = 32;
/** Values (objects, arrays, strings, numbers…) in one body or query; a year's calendar, the largest body, has ~2,000. */
export const MAX_JSON_VALUES = 10_000;

const NUL = /\u0000/;
// Without the u flag a regex sees UTF-16 code units: a high surrogate not followed by a low one, or a low one
// not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Problem = 'nul' | 'surrogate';

/** What is wrong with a string that PostgreSQL could not store: U+0000 (text and jsonb refuse it) or a lone surrogate (not UTF-8). */
export function badCharacterIn(s: string): Problem | null {
  if (NUL.test(s)) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return null;
}

const MESSAGES: Record<Problem | 'key' | 'depth' | 'size', [string, string]> = {
  nul: ['不能包含空字符（U+0000）', 'must not contain the NUL character (U+0000)'],
  surrogate: ['包含无效的 Unicode 字符（孤立的代理项）', 'contains invalid Unicode (a lone surrogate)'],
  key: ['字段名包含不允许的字符（U+0000 或孤立的代理项）', 'a field name contains a character that is not allowed (U+0000 or a lone surrogate)'],
  depth: [`嵌套层数超过 ${MAX_JSON_DEPTH} 层`, `nested more than ${MAX_JSON_DEPTH} levels deep`],
  size: [`包含的值超过 ${MAX_JSON_VALUES} 个`, `holds more than ${MAX_JSON_VALUES} values`],
};

function fieldError(path: (string | number)[], part: string, problem: keyof typeof MESSAGES): FieldError {
  const shown = path.map((p) => (typeof p === 'string' && p.length > 64 ? `${p.slice(0, 64)}…` : String(p))).join('.');
  const [message, messageEn] = MESSAGES[problem];
  return { path: (shown || part).slice(0, 200), message, messageEn };
}

/**
 * The first thing wrong in a parsed request part (query, params or JSON body), or null: a string or key
 * with U+0000 or a lone surrogate, nesting deeper than MAX_JSON_DEPTH, or more than MAX_JSON_VALUES values.
 * Iterative, so a body nested 100,000 deep is refused here rather than overflowing the stack.
 */
export function inspectInput(value: unknown, part: string): FieldError | null {
  const stack: { value: unknown; path: (string | number)[]; depth: number }[] = [{ value, path: [], depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (++values > MAX_JSON_VALUES) return fieldError([], part, 'size');
    if (typeof v === 'string') {
      const problem = badCharacterIn(v);
      if (problem) return fieldError(path, part, problem);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return fieldError(path, part, 'depth');
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i], depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (badCharacterIn(key)) return fieldError(path, part, 'key');
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Bad input is the client's mistake, so it must answer 4xx — never a 500 from PostgreSQL or a stack overflow.
 * One check for every route, after the access hook (an outsider learns nothing about a body) and before the
 * route's schema: the path parameters, the query and a parsed body (JSON or text). Multipart fields are read
 * by the upload helper (files/upload.ts), which applies the same check.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      if (value === undefined || Buffer.isBuffer(value)) continue;
      const problem = inspectInput(value, part);
      if (problem) throw new AppError('validation', {}, [problem]);
    }
  });
}
