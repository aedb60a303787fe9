import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors/app-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A route whose body is a batch may take more values than MAX_JSON_VALUES (the field records' sync: 500 records of
     * about 30 values each); its schema still bounds the batch.
     */
    maxJsonValues?: number;
  }
}

/** Objects and arrays nested deeper than this are refused; the deepest real body (a contract's milestones) is 4. */
export const MAX_JSON_DEPTH = 32;
/** Values (objects, arrays, strings, numbers…) in one body or query; a year's calendar, the largest body, has ~2,000. */
export const MAX_JSON_VALUES = 10_000;

const NUL = /\u0000/;
// Without the u flag a regex sees UTF-16 code units: a high surrogate not followed by a low one, or a low one
// not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// One scan that clears almost every string: no NUL and no surrogate at all (Chinese text is in the BMP).
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

type Problem = 'nul' | 'surrogate';

/** What is wrong with a string that PostgreSQL could not store: U+0000 (text and jsonb refuse it) or a lone surrogate (not UTF-8). */
export function badCharacterIn(s: string): Problem | null {
  if (!SUSPECT.test(s)) return null;
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

/** A value still to look at; its path is kept as a link to its parent and built only for an error. */
interface Pending {
  value: unknown;
  key: string | number | null;
  parent: Pending | null;
  depth: number;
}

function pathOf(at: Pending | null): (string | number)[] {
  const path: (string | number)[] = [];
  for (let p = at; p && p.key !== null; p = p.parent) path.push(p.key);
  return path.reverse();
}

function fieldError(at: Pending | null, part: string, problem: keyof typeof MESSAGES): FieldError {
  const shown = pathOf(at)
    .map((p) => (typeof p === 'string' && p.length > 64 ? `${p.slice(0, 64)}…` : String(p)))
    .join('.');
  const [message, messageEn] = MESSAGES[problem];
  return { path: (shown || part).slice(0, 200), message, messageEn };
}

/**
 * The first thing wrong in a parsed request part (query, params or JSON body), or null: a string or key
 * with U+0000 or a lone surrogate, nesting deeper than MAX_JSON_DEPTH, or more than MAX_JSON_VALUES values.
 * Iterative, so a body nested 100,000 deep is refused here rather than overflowing the stack. Depth first, in
 * document order, so the field named is the first bad one a reader would find.
 */
export function inspectInput(value: unknown, part: string, maxValues = MAX_JSON_VALUES): FieldError | null {
  const stack: Pending[] = [{ value, key: null, parent: null, depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const at = stack.pop()!;
    const v = at.value;
    if (++values > maxValues) return fieldError(null, part, 'size');
    if (typeof v === 'string') {
      const problem = badCharacterIn(v);
      if (problem) return fieldError(at, part, problem);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (at.depth >= MAX_JSON_DEPTH) return fieldError(at, part, 'depth');
    const depth = at.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: at, depth });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (badCharacterIn(key)) return fieldError(at, part, 'key');
      stack.push({ value: (v as Record<string, unknown>)[key], key, parent: at, depth });
    }
  }
  return null;
}

/**
 * The first problem in a request's path parameters, query and parsed body (JSON or text), cheapest checks first:
 * most requests are GETs whose only input is a path parameter or two, and those need no walk.
 */
export function inspectRequest(request: Pick<FastifyRequest, 'params' | 'query' | 'body' | 'url'>, maxBodyValues = MAX_JSON_VALUES): FieldError | null {
  // The router's parameters: a flat record of decoded strings. Walked only when one of them looks suspect.
  const params = request.params as Record<string, unknown> | undefined;
  if (params) {
    for (const key in params) {
      const v = params[key];
      if (typeof v !== 'string' || badCharacterIn(v)) return inspectInput(params, 'params');
    }
  }
  // Without a `?` the query is empty: nothing to look at.
  if (request.url.includes('?')) {
    const problem = inspectInput(request.query, 'querystring');
    if (problem) return problem;
  }
  const body = request.body;
  if (body !== undefined && body !== null && !Buffer.isBuffer(body)) return inspectInput(body, 'body', maxBodyValues);
  return null;
}

/**
 * Bad input is the client's mistake, so it must answer 4xx — never a 500 from PostgreSQL or a stack overflow.
 * One check for every route, after the access hook (an outsider learns nothing about a body) and before the
 * route's schema: the path parameters, the query and a parsed body (JSON or text). Multipart fields are read
 * by the upload helper (files/upload.ts), which applies the same check.
 */
export function installInputGuard(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request and finds nothing on almost all of them, so it
  // should cost no promise.
  app.addHook('preValidation', (request, _reply, done) => {
    const problem = inspectRequest(request, request.routeOptions.config.maxJsonValues ?? MAX_JSON_VALUES);
    done(problem ? new AppError('validation', {}, [problem]) : undefined);
  });
}
