/**
 * What the log may keep of an error. Database errors carry the values that failed — Drizzle's message lists a
 * query's parameters, PostgreSQL's `detail` says `Key (credit_code)=(…)` and its messages quote the bad input —
 * and an application form's names and addresses must never reach the log (docs/SECURITY.md). So the log keeps
 * the statement's text without literals, the SQLSTATE, the routine and the constraint: enough to find the fault,
 * nothing a reader of the log could learn a person from.
 */

/** PostgreSQL error fields that name the fault, never the data. */
const SAFE_DB_FIELDS = ['code', 'severity', 'routine', 'constraint', 'table', 'column', 'schema', 'dataType'] as const;
const MAX_STATEMENT = 500;
const CAUSE_DEPTH = 5;

interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  cause?: unknown;
  [key: string]: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string' && typeof (value as ErrorLike).stack === 'string');
}

/** SQLSTATE codes are five characters of digits and capitals. */
function isDatabaseError(err: ErrorLike): boolean {
  return typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) && ('severity' in err || 'routine' in err || 'table' in err || 'constraint' in err);
}

function carriesQuery(err: ErrorLike): boolean {
  return typeof err.query === 'string' || 'params' in err;
}

/** Quoted input and key tuples out of a message; the wording and the names of things stay. */
export function redactMessage(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|'')*'/g, "'…'")
    .replace(/\)=\((?:[^)]*)\)/g, ')=(…)');
}

/** A statement's text as the log may keep it: string literals out, whitespace folded, bounded. */
export function redactStatement(statement: string): string {
  const folded = statement.replace(/'(?:[^']|'')*'/g, "'…'").replace(/\s+/g, ' ').trim();
  return folded.length > MAX_STATEMENT ? `${folded.slice(0, MAX_STATEMENT)}…` : folded;
}

/** The stack without its first line(s), which repeat the message. */
function frames(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const at = stack.indexOf('\n    at ');
  return at < 0 ? undefined : stack.slice(at + 1);
}

function causes(err: ErrorLike): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = err.cause;
  while (isErrorLike(current) && chain.length < CAUSE_DEPTH) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

function needsRedaction(err: ErrorLike): boolean {
  return [err, ...causes(err)].some((e) => isDatabaseError(e) || carriesQuery(e));
}

function safeDatabaseFields(err: ErrorLike): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SAFE_DB_FIELDS) if (typeof err[key] === 'string') out[key] = err[key];
  return out;
}

/**
 * pino's `err` serializer: ordinary errors as pino-std-serializers would write them (type, message, stack,
 * own fields), errors that touched the database with their values removed.
 */
export function serializeError(value: unknown): unknown {
  if (!isErrorLike(value)) return value;
  if (!needsRedaction(value)) return standard(value);
  const chain = [value, ...causes(value)];
  const database = chain.find(isDatabaseError);
  const statement = chain.map((e) => e.query).find((q): q is string => typeof q === 'string');
  const type = value.constructor?.name ?? value.name ?? 'Error';
  const messages = chain.map((e) => (e === value && typeof e.query === 'string' ? 'Failed query' : redactMessage(e.message ?? '')));
  return {
    type,
    message: messages.join(': '),
    ...(database ? safeDatabaseFields(database) : {}),
    ...(statement ? { statement: redactStatement(statement) } : {}),
    stack: frames(value.stack),
  };
}

function standard(err: ErrorLike): Record<string, unknown> {
  const chain = [err, ...causes(err)];
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name ?? 'Error',
    message: chain.map((e) => e.message ?? '').join(': '),
    stack: chain.map((e, i) => (i === 0 ? e.stack : `caused by: ${e.stack ?? e.message}`)).join('\n'),
  };
  for (const key of Object.keys(err)) {
    if (key === 'cause' || key in out) continue;
    const v = err[key];
    out[key] = isErrorLike(v) ? serializeError(v) : v;
  }
  return out;
}
