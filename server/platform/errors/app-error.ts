import { PROBLEMS, type ProblemCode } from './messages.js';

export interface FieldError {
  path: string;
  message: string;
  /** Message in the other language, filled by the error handler when it knows both. */
  messageEn?: string;
}

/** The one error type use cases throw; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly params: Record<string, unknown> = {},
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
