import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { SUPERVISION_KIND_NAMES } from '../../../contracts/projects/supervision.js';
import { type ProjectDocumentOrigin, type ZProjectDocuments } from '../../../contracts/projects/documents.js';
import { caseTypeOf } from '../../platform/cases/define.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { rows, toIso } from '../../platform/db/sql.js';
import { labelOf, type RequestContext } from '../../platform/http/context.js';
import { isProjectStaff, projectFor } from './project.policy.js';
import { meetingFilesOf, meetingsOfProjects } from '../meetings/index.js';

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
  const attachments = await rows<{ id: string; item: string | null; created_at: Date | string; superseded_at: Date | string | null; name: string; mime: string; size: number; uploader_name: string | null }>(
    db,
    sql`select a.id, a.item, a.created_at, a.superseded_at, f.original_name as name, f.mime, f.size::int as size, u.display_name as uploader_name
        from case_attachments a join files f on f.id = a.file_id left join users u on u.id = a.uploaded_by
        where a.case_id = ${projectId} order by a.created_at`,
  );
  // What carried each attachment: a service record's photos, a rectification response, a step of the case.
  const links = attachments.length
    ? await rows<{ kind: 'serviceRecord' | 'rectification' | 'step'; detail: string; extra: string | null; at: string; attachment_id: string }>(
        db,
        sql`select 'serviceRecord' as kind, r.place as detail, null as extra, r.served_on::text as at, ra.attachment_id::text as attachment_id
              from service_records r join service_record_attachments ra on ra.record_id = r.id where r.project_id = ${projectId}
            union all
            select 'rectification', x.item, v.kind, v.visited_on::text, xa.attachment_id::text
              from rectifications x join rectification_response_attachments xa on xa.rectification_id = x.id join supervision_visits v on v.id = x.visit_id where x.project_id = ${projectId}
            union all
            select 'step', s.event, null, to_char(s.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), sa.attachment_id::text
              from case_steps s join case_step_attachments sa on sa.step_id = s.id where s.case_id = ${projectId}`,
      )
    : [];
  // A file sent with a step and also named by a record is shown by the more specific record.
  const rank = { serviceRecord: 0, rectification: 1, step: 2 } as const;
  const linkOf = new Map<string, (typeof links)[number]>();
  for (const l of links) {
    const had = linkOf.get(l.attachment_id);
    if (!had || rank[l.kind] < rank[had.kind]) linkOf.set(l.attachment_id, l);
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
      uploadedAt: toIso(a.created_at)!,
      uploaderName: a.uploader_name,
      superseded: a.superseded_at !== null,
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
