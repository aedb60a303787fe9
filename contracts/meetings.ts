import { z } from 'zod';
import { ZCursor, ZId, ZLimit } from './common.js';
import { ZPortalCityCode } from './portal.js';

/** The three public meetings of the lifecycle. */
export const MEETING_KINDS = ['launchBriefing', 'supervisionMeeting', 'evaluationBriefing'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_NAMES: Record<MeetingKind, { zh: string; en: string }> = {
  launchBriefing: { zh: '新闻发布会', en: 'Launch briefing' },
  supervisionMeeting: { zh: '督导见面会', en: 'Supervision meeting' },
  evaluationBriefing: { zh: '评估说明会', en: 'Evaluation briefing' },
};

export const ZMeetingInput = z.strictObject({
  kind: z.enum(MEETING_KINDS, { error: '请选择会议类型' }),
  title: z.string().trim().min(4, { error: '请填写会议名称' }).max(80),
  startsAt: z.iso.datetime({ offset: true, error: '请填写会议时间（ISO 8601，含时区）' }),
  place: z.string().trim().min(2, { error: '请填写会议地点' }).max(100),
  projectIds: z.array(ZId).min(1, { error: '至少关联一个项目' }).max(200),
  attendees: z.array(z.string().trim().min(1).max(60)).max(200).default([]),
});
export const ZMeetingPatch = z.strictObject({
  version: z.number().int().min(1),
  title: z.string().trim().min(4).max(80).optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  place: z.string().trim().min(2).max(100).optional(),
  projectIds: z.array(ZId).min(1).max(200).optional(),
  attendees: z.array(z.string().trim().min(1).max(60)).max(200).optional(),
  minutes: z.string().trim().max(20000).optional(),
  /** Publishing puts the meeting, its minutes and attachments on the public portal. */
  published: z.boolean().optional(),
});
export const ZMeeting = z.object({
  id: ZId,
  kind: z.enum(MEETING_KINDS),
  kindName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  place: z.string(),
  projects: z.array(z.object({ id: ZId, number: z.string(), title: z.string() })),
  attendees: z.array(z.string()),
  minutes: z.string().nullable(),
  attachments: z.array(z.object({ id: ZId, name: z.string(), mime: z.string(), size: z.number().int() })),
  publishedAt: z.string().nullable(),
  /** A cancelled meeting keeps its record; if it was published, the portal shows it as cancelled. */
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});
/** Cancelling keeps the meeting, its minutes and files; the reason is shown to staff and, once published, to the public. */
export const ZMeetingCancel = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string({ error: '请填写取消原因' }).trim().min(2, { error: '请填写取消原因（至少 2 个字）' }).max(200, { error: '取消原因不能超过 200 个字' }),
});
export const ZMeetingAttachmentParams = z.strictObject({ id: ZId, attachmentId: ZId });
export const ZMeetingQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(MEETING_KINDS).optional(),
  projectId: ZId.optional(),
  limit: ZLimit,
  cursor: ZCursor,
});

/** The portal's meetings: the calendar's filters, and one city's meetings when it names one (`?city=330483`). */
export const ZPublicMeetingQuery = ZMeetingQuery.extend({ city: ZPortalCityCode.optional() });
