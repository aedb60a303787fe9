/**
 * The one HTTP client of the web app: JSON in and out, the session cookie, the CSRF header on every
 * write, the UI language, and RFC 9457 problem+json turned into a typed `ProblemError`.
 */

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  /** The problem's other members (remainingAttempts, captchaRequired, lockedUntil …), as the server sent them. */
  readonly extensions: Record<string, unknown>;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
    this.extensions = problem as unknown as Record<string, unknown>;
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

const BASE = '/api/v1';
/** Calls whose 401 means "wrong password" or "not signed in yet", not "your session ended". */
const NO_SESSION_REDIRECT = new Set(['/auth/login', '/auth/me']);

let csrfToken: string | null = null;
let acceptLanguage = 'zh-CN';
let sessionEndedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(language: 'zh-CN' | 'en'): void {
  acceptLanguage = language;
}
/** Called when any call (but login and me) answers 401: the session ended, so go to the login page. */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEndedHandler = handler;
}

export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': acceptLanguage, ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && path !== '/auth/login' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`${BASE}${path}${toQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ProblemError({ type: 'about:blank', title: 'network', status: 0, code: 'network', detail: '' });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;

  if (!response.ok) {
    const problem = isProblem(data)
      ? data
      : { type: 'about:blank', title: response.statusText, status: response.status, code: `http_${response.status}`, detail: '' };
    if (response.status === 401 && !NO_SESSION_REDIRECT.has(path)) sessionEndedHandler?.();
    throw new ProblemError(problem);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value;
}

/** RFC 7240: ask for no body where the page reloads what changed anyway (a transition answers 204). */
export const RETURN_MINIMAL: Record<string, string> = { Prefer: 'return=minimal' };

/**
 * A multipart upload through the same client as every JSON call: the session's CSRF token, the page's language,
 * problem+json answers as ProblemError, a 401 ending the session. XMLHttpRequest rather than fetch, because only it
 * reports upload progress (`onProgress`, 0–100).
 */
function upload<T>(path: string, form: FormData, options: { onProgress?: (percent: number) => void; signal?: AbortSignal } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}${path}`);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Accept-Language', acceptLanguage);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      const data = xhr.responseText ? safeJson(xhr.responseText) : undefined;
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data as T);
        return;
      }
      if (xhr.status === 401) sessionEndedHandler?.();
      reject(new ProblemError(isProblem(data) ? data : { type: 'about:blank', title: xhr.statusText, status: xhr.status, code: `http_${xhr.status}`, detail: '' }));
    };
    xhr.onerror = () => reject(new ProblemError({ type: 'about:blank', title: 'network', status: 0, code: 'network', detail: '' }));
    xhr.onabort = () => reject(new DOMException('The upload was aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

/** A file (and optional text fields, sent first) as multipart/form-data: the shape every upload route reads. */
export function formWith(file: File, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  return form;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  /** Multipart upload (see `upload`); `formWith(file, fields)` builds the body. */
  upload,
  /** `headers`: extra request headers, e.g. `Idempotency-Key` on a payment. */
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body: body ?? {}, headers }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
