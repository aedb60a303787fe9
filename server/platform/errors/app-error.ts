import { PROBLEMS, type ProblemCode } from './messages.js';

export interface FieldError {
  path: string;
  message: string;
  /** Message in the other language, filled by the error handler when it knows both. */
  messageEn?: string;
}

/**
 * What fills a problem's `{name}` placeholders. A `reason` is the thrower's own words, so it comes with its
 * English twin: the en detail of invalid_state, bad_request, weak_password… is `{reasonEn}`.
 */
export type ProblemParams = Record<string, unknown> & ({ reason?: undefined; reasonEn?: undefined } | { reason: string; reasonEn: string });

/** The one error type use cases throw; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly params: ProblemParams = {},
    readonly fieldErrors?: FieldError[],
    /** Extra members for the problem document (e.g. the current state on a 409). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(code);
    this.status = PROBLEMS[code].status;
  }
}

export const notFound = (entity: string) => new AppError('not_found', { entity });
export const conflict = (currentVersion: number, extra?: Record<string, unknown>) =>
  new AppError('conflict', { currentVersion }, undefined, { currentVersion, ...extra });
export const fieldError = (path: string, zh: string, en: string) =>
  new AppError('validation', {}, [{ path, message: zh, messageEn: en }]);
