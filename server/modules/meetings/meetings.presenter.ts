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
    startsAt: toIso(m.starts_at)!,
    place: m.place,
    projects: m.project_ids.map((id) => projects.find((p) => p.id === id)).filter((p): p is AgendaProject => !!p),
    attendees: m.attendees,
    minutes: m.minutes,
    attachments: files.filter((f) => f.meeting_id === m.id).map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size })),
    publishedAt: toIso(m.published_at),
    cancelledAt: toIso(m.cancelled_at),
    cancelReason: m.cancel_reason,
    version: m.version,
  }));
}
