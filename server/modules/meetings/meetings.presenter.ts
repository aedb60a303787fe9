import type { z } from 'zod';
import { MEETING_KIND_NAMES, type ZMeeting } from '../../../contracts/meetings.js';
import { toIso } from '../../platform/db/sql.js';
import type { Lang } from '../../platform/errors/messages.js';
import { labelOf } from '../../platform/http/context.js';
import type { AgendaProject, MeetingAttachmentRow, MeetingRow } from './meetings.queries.js';

/** Meetings with the projects on their agendas (in agenda order) and their files. */
export function presentMeetings(list: readonly MeetingRow[], parts: { projects: readonly AgendaProject[]; files: readonly MeetingAttachmentRow[] }, lang: Lang): z.infer<typeof ZMeeting>[] {
  const { projects, files } = parts;
  return list.map((m) => ({
    id: m.id,
    kind: m.kind,
    kindName: labelOf(MEETING_KIND_NAMES[m.kind], lang),
    title: m.title,
    startsAt: toIso(m.startsAt)!,
    place: m.place,
    projects: m.projectIds.map((id) => projects.find((p) => p.id === id)).filter((p): p is AgendaProject => !!p),
    attendees: m.attendees,
    minutes: m.minutes,
    attachments: files.filter((f) => f.meetingId === m.id).map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size })),
    publishedAt: toIso(m.publishedAt),
    cancelledAt: toIso(m.cancelledAt),
    cancelReason: m.cancelReason,
    version: m.version,
  }));
}
