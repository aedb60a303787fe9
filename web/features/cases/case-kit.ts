import type { z } from 'zod';
import type { ZCase } from '../../../contracts/cases';
import { ProblemError } from '../../app/api';

/**
 * The case UI kit's rules, apart from its rendering (case-actions.tsx, case-attachments.tsx) so a test can read
 * them: which buttons a case shows, when an act asks first and when it needs a comment, how a file's size reads,
 * and which files are refused before they are sent.
 */

export type CaseEvent = z.infer<typeof ZCase>['abilities']['events'][number];
export type CaseAttachment = z.infer<typeof ZCase>['attachments'][number];

/** How a feature dresses one of its events; everything is optional, an event the feature does not know still shows. */
export interface EventLook {
  /** primary: moves the case forward; danger: ends it or takes it back. */
  tone?: 'primary' | 'danger';
  /** The event's dialog has fields of its own (an input), or a text explaining what happens. */
  form?: boolean;
  /** false: no comment box (the event's own fields say it all, e.g. a supplement notice's items). */
  comment?: boolean;
}

export interface ActionButton {
  event: string;
  name: string;
  tone: 'primary' | 'danger' | 'default';
  /** Opens the dialog rather than firing at once. */
  asks: boolean;
  commentRequired: boolean;
}

/**
 * The buttons of the action panel: exactly the events the server says this user may fire now, in the server's
 * order and words (the page never decides who may act). An event asks first when `askAlways` (projects: every act
 * is confirmed), when it has a form, or when the server requires a comment; otherwise it fires at once.
 */
export function actionButtons(events: readonly CaseEvent[], looks: Readonly<Record<string, EventLook>>, askAlways = false): ActionButton[] {
  return events.map((e) => {
    const look = looks[e.event] ?? {};
    return {
      event: e.event,
      name: e.name,
      tone: look.tone ?? 'default',
      asks: askAlways || !!look.form || e.commentRequired,
      commentRequired: e.commentRequired && look.comment !== false,
    };
  });
}

/** Whether the dialog shows a comment box, and whether it must be filled: the server's `commentRequired` decides. */
export function commentRule(event: CaseEvent | undefined, look: EventLook | undefined): { shown: boolean; required: boolean } {
  if (!event) return { shown: false, required: false };
  // A required comment is always asked for, whatever the feature's look says: the server would refuse the act without it.
  if (event.commentRequired) return { shown: true, required: true };
  return { shown: look?.comment !== false, required: false };
}

/** Someone else acted on the case first (409: the version the page sent is no longer the case's). */
export function actedFirst(error: unknown): boolean {
  return error instanceof ProblemError && (error.status === 409 || error.code === 'conflict');
}

/** A file's size as people read it: bytes under 1 KB, KB under 1 MB, then MB with one decimal. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What the server accepts per file (platform/files: 20 MB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Why a file is refused before it is sent: empty, or over the limit; null when it may go. */
export function uploadRefusal(file: { size: number }, maxBytes = MAX_UPLOAD_BYTES): 'empty' | 'tooLarge' | null {
  if (file.size === 0) return 'empty';
  if (file.size > maxBytes) return 'tooLarge';
  return null;
}

/** The files shown under a checklist item (or the case's files without an item), current versions only. */
export function filesOf(attachments: readonly CaseAttachment[], item: string | null): CaseAttachment[] {
  return attachments.filter((a) => a.current && (item === null ? true : a.item === item));
}
