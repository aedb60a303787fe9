import { z } from 'zod';
import { ZId } from '../common.js';
import { MEETING_KINDS } from '../meetings.js';

/**
 * Every file of a project in one list, each with where it came from: a case attachment (sent with a
 * step, a photo of a service record, a rectification response, a checklist item, or a loose upload) or a
 * file of a meeting that had the project on its agenda. Only what the caller may open; `url` is the
 * access-checked download address.
 */
export const PROJECT_DOCUMENT_ORIGINS = ['step', 'serviceRecord', 'rectification', 'checklist', 'upload', 'meeting'] as const;
export type ProjectDocumentOrigin = (typeof PROJECT_DOCUMENT_ORIGINS)[number];
export const ZProjectDocument = z.object({
  id: ZId,
  origin: z.enum(PROJECT_DOCUMENT_ORIGINS),
  /** What it belongs to, in words: the step's name, the service record's place, the rectification item, the checklist item, the meeting's title. */
  originDetail: z.string().nullable(),
  /** When that happened (step, service day, supervision visit, meeting), ISO date or timestamp; null for a loose upload. */
  originAt: z.string().nullable(),
  /** The meeting it belongs to, for origin `meeting`. */
  meetingId: ZId.nullable(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
  uploaderName: z.string().nullable(),
  /** Replaced by a newer file for the same checklist item; kept because the history points at it. */
  superseded: z.boolean(),
  url: z.string(),
});
export const ZProjectDocuments = z.object({
  items: z.array(ZProjectDocument),
  /** The meetings that had the project on their agenda (staff: all; others: published ones), with their minutes. */
  meetings: z.array(
    z.object({
      id: ZId,
      kind: z.enum(MEETING_KINDS),
      title: z.string(),
      startsAt: z.string(),
      place: z.string(),
      minutes: z.string().nullable(),
      publishedAt: z.string().nullable(),
      cancelledAt: z.string().nullable(),
    }),
  ),
});
