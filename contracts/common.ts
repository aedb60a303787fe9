import { z } from 'zod';
import { checkMobile, checkResidentId } from './identifiers.js';

export const ZId = z.uuid({ error: '编号格式不正确' });
export const ZLimit = z.coerce.number().int().min(1).max(100).default(50);
/**
 * A cursor carries the last row's sort key, names included: a 100-character Chinese name is some 400 characters
 * of base64url. Its parts are checked when decoded (decodeCursor); this bound only keeps requests small.
 */
export const ZCursor = z.string().max(1024).optional();

export const ZPageQuery = z.strictObject({ limit: ZLimit, cursor: ZCursor });

export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** A list answered whole, for lists bounded by nature (one project's indicators, a city's rules); a list that can grow is a `page`. */
export const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Keyset cursors are opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

// U+0000 and lone surrogates: PostgreSQL cannot store them, so a cursor part holding one is tampered with.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The parts a cursor may hold, each as narrow as the column it is compared with: a tampered cursor must be
 * refused when it is decoded (422), not fail as a 500 when PostgreSQL casts it.
 */
export const cursorPart = {
  text: z.string().max(1000).refine((s) => !UNSTORABLE.test(s)),
  uuid: z.uuid(),
  /** An int4 column (a name's length). */
  int: z.number().int().min(0).max(2_147_483_647),
  /** A bigint sequence number, within what a JSON number holds exactly. */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** A timestamptz as toISOString() wrote it. */
  timestamp: z.iso.datetime({ offset: true }).refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }),
};

/**
 * A cursor's sort key, checked against the list's own shape (`z.tuple([cursorPart.text, cursorPart.uuid])`);
 * null when it is not base64url JSON of exactly that shape.
 */
export function decodeCursor<T extends z.ZodTuple>(cursor: string, shape: T): z.output<T> | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = shape.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A resident ID number (公民身份号码): 18 characters with a valid check digit, an x read as X. */
export const ZResidentId = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const p = checkResidentId(v);
    if (p) ctx.addIssue({ code: 'custom', message: p.zh });
  });

/** A mainland mobile number. */
export const ZMobile = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const p = checkMobile(v);
    if (p) ctx.addIssue({ code: 'custom', message: p.zh });
  });
