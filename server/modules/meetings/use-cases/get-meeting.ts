import type { DbOrTx } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { meetingScope, PUBLISHED_MEETINGS, requireMeetingsRead } from '../meetings.policy.js';
import { presentMeetings } from '../meetings.presenter.js';
import { selectMeeting, selectMeetingParts } from '../meetings.queries.js';

export async function getMeeting(db: DbOrTx, ctx: RequestContext, id: string, publicOnly = false) {
  if (!publicOnly) requireMeetingsRead(ctx.actor);
  const m = await selectMeeting(db, id, publicOnly ? PUBLISHED_MEETINGS : meetingScope(ctx.actor));
  if (!m) throw notFound('meeting');
  return presentMeetings([m], await selectMeetingParts(db, [m]), ctx.lang)[0];
}
