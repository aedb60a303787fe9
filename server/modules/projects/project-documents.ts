import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { SUPERVISION_KIND_NAMES } from '../../../contracts/projects/supervision.js';
import { type ProjectDocumentOrigin, type ZProjectDocuments } from '../../../contracts/projects/documents.js';
import { caseTypeOf } from '../../platform/cases/define.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/auth.tables.js';
import { caseAttachments, caseSteps, caseStepAttachments } from '../../platform/cases/cases.tables.js';
import { toIso } from '../../platform/db/sql.js';
import { files as storedFiles } from '../../platform/files/files.tables.js';
import { labelOf, type RequestContext } from '../../platform/http/context.js';
import { isProjectStaff, projectFor } from './project.policy.js';
import { meetingFilesOf, meetingsOfProjects } from '../meetings/index.js';
import { rectificationResponseAttachments, rectifications, serviceRecordAttachments, serviceRecords, supervisionVisits } from './projects.tables.js';

/** What carried an attachment, as the union below names it. */
type LinkKind = 'serviceRecord' | 'rectification' | 'step';
const linkKind = (kind: LinkKind) => sql<LinkKind>`${kind}::text`;

/**
 * The project's files in one list: the case's attachments (whoever sees the case sees them all, as the
 * download route allows), each tied to the step, service record or rectification response that carried it;
 * and the files of the meetings that had the project on their agenda — for its staff every meeting, for
 * others (the provider) only published ones, and no files of a cancelled one, as on the portal.
 */
export async function findProjectDocuments(db: DbOrTx, ctx: RequestContext, projectId: string): Promise<z.infer<typeof ZProjectDocuments>> {
  const { p } = await projectFor(db, ctx, projectId);
  const staff = isProjectStaff(ctx, p);
  const lang = ctx.lang;
  const def = caseTypeOf('serviceProject');
  const eventName = (e: string) => (e === 'create' ? (lang === 'zh' ? '创建' : 'Created') : (def.transitions.find((t) => t.event === e)?.names[lang] ?? e));
  const attachments = await db
    .select({
      id: caseAttachments.id,
      item: caseAttachments.item,
      createdAt: caseAttachments.createdAt,
      supersededAt: caseAttachments.supersededAt,
      name: storedFiles.originalName,
      mime: storedFiles.mime,
      size: storedFiles.size,
      uploaderName: users.displayName,
    })
    .from(caseAttachments)
    .innerJoin(storedFiles, eq(storedFiles.id, caseAttachments.fileId))
    .leftJoin(users, eq(users.id, caseAttachments.uploadedBy))
    .where(eq(caseAttachments.caseId, projectId))
    .orderBy(asc(caseAttachments.createdAt));
  // What carried each attachment: a service record's photos, a rectification response, a step of the case.
  const links = attachments.length
    ? await db
        .select({ kind: linkKind('serviceRecord'), detail: serviceRecords.place, extra: sql<string | null>`null::text`, at: sql<string>`${serviceRecords.servedOn}::text`, attachmentId: serviceRecordAttachments.attachmentId })
        .from(serviceRecords)
        .innerJoin(serviceRecordAttachments, eq(serviceRecordAttachments.recordId, serviceRecords.id))
        .where(eq(serviceRecords.projectId, projectId))
        .unionAll(
          db
            .select({ kind: linkKind('rectification'), detail: rectifications.item, extra: sql<string | null>`${supervisionVisits.kind}`, at: sql<string>`${supervisionVisits.visitedOn}::text`, attachmentId: rectificationResponseAttachments.attachmentId })
            .from(rectifications)
            .innerJoin(rectificationResponseAttachments, eq(rectificationResponseAttachments.rectificationId, rectifications.id))
            .innerJoin(supervisionVisits, eq(supervisionVisits.id, rectifications.visitId))
            .where(eq(rectifications.projectId, projectId)),
        )
        .unionAll(
          db
            .select({
              kind: linkKind('step'),
              detail: caseSteps.event,
              extra: sql<string | null>`null::text`,
              at: sql<string>`to_char(${caseSteps.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
              attachmentId: caseStepAttachments.attachmentId,
            })
            .from(caseSteps)
            .innerJoin(caseStepAttachments, eq(caseStepAttachments.stepId, caseSteps.id))
            .where(eq(caseSteps.caseId, projectId)),
        )
    : [];
  // A file sent with a step and also named by a record is shown by the more specific record.
  const rank = { serviceRecord: 0, rectification: 1, step: 2 } as const;
  const linkOf = new Map<string, (typeof links)[number]>();
  for (const l of links) {
    const had = linkOf.get(l.attachmentId);
    if (!had || rank[l.kind] < rank[had.kind]) linkOf.set(l.attachmentId, l);
  }
  const items: z.infer<typeof ZProjectDocuments>['items'] = attachments.map((a) => {
    const l = linkOf.get(a.id);
    const origin: ProjectDocumentOrigin = l?.kind ?? (a.item ? 'checklist' : 'upload');
    const detail = !l
      ? a.item
      : l.kind === 'step'
        ? eventName(l.detail)
        : l.kind === 'rectification' && l.extra
          ? `${labelOf((SUPERVISION_KIND_NAMES as Record<string, { zh: string; en: string } | undefined>)[l.extra], lang) ?? l.extra}${lang === 'zh' ? '：' : ': '}${l.detail}`
          : l.detail;
    return {
      id: a.id,
      origin,
      originDetail: detail,
      originAt: l ? String(l.at) : null,
      meetingId: null,
      name: a.name,
      mime: a.mime,
      size: a.size,
      uploadedAt: toIso(a.createdAt)!,
      uploaderName: a.uploaderName,
      superseded: a.supersededAt !== null,
      url: `/api/v1/cases/${projectId}/attachments/${a.id}`,
    };
  });

  const meetings = await meetingsOfProjects(db, [projectId], { publishedOnly: !staff });
  const open = meetings.filter((m) => staff || !m.cancelledAt);
  const files = await meetingFilesOf(db, open.map((m) => m.id));
  for (const f of files) {
    const m = open.find((x) => x.id === f.meetingId)!;
    items.push({
      id: f.id,
      origin: 'meeting',
      originDetail: m.title,
      originAt: toIso(m.startsAt),
      meetingId: m.id,
      name: f.name,
      mime: f.mime,
      size: f.size,
      uploadedAt: toIso(f.createdAt)!,
      uploaderName: f.uploaderName,
      superseded: false,
      url: `/api/v1/meetings/${m.id}/attachments/${f.id}`,
    });
  }
  return {
    items,
    meetings: meetings.map((m) => ({ id: m.id, kind: m.kind, title: m.title, startsAt: toIso(m.startsAt)!, place: m.place, minutes: m.minutes, publishedAt: toIso(m.publishedAt), cancelledAt: toIso(m.cancelledAt) })),
  };
}
