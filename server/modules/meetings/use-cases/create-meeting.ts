import type { z } from 'zod';
import { MEETING_KIND_NAMES, type ZMeetingInput } from '../../../../contracts/meetings.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { requireMeetingsManage } from '../meetings.policy.js';
import { selectProviders } from '../meetings.queries.js';
import { projectMeetings } from '../meetings.tables.js';
import { getMeeting } from './get-meeting.js';
import { checkProjects, setAgenda } from './set-agenda.js';

export async function createMeeting(db: Db, ctx: RequestContext, input: z.infer<typeof ZMeetingInput>) {
  requireMeetingsManage(ctx.actor);
  return db.transaction(async (tx) => {
    await checkProjects(tx, input.projectIds);
    const [m] = await tx
      .insert(projectMeetings)
      .values({ kind: input.kind, title: input.title, startsAt: new Date(input.startsAt), place: input.place, attendees: input.attendees, createdBy: ctx.actor!.userId })
      .returning();
    await setAgenda(tx, m.id, input.projectIds);
    await appendAudit(tx, ctx, { action: 'meeting.create', permission: 'project.manage', entityType: 'meeting', entityId: m.id, detail: { kind: input.kind, title: input.title, startsAt: input.startsAt, projects: input.projectIds.length } });
    // The providers of the projects on the agenda are told when and where, with a link to their own project.
    const providers = await selectProviders(tx, input.projectIds);
    for (const p of providers) {
      await notifyUsers(tx, [p.userId], {
        kind: 'meeting',
        title: `会议通知：${input.title}`,
        body: `${MEETING_KIND_NAMES[input.kind].zh}定于 ${input.startsAt.slice(0, 16).replace('T', ' ')} 在${input.place}召开，您承接的项目“${p.title}”在议程中。`,
        link: `/projects/${p.caseId}`,
        caseId: p.caseId,
      });
    }
    return getMeeting(tx, ctx, m.id);
  });
}
