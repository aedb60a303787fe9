import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { caseAttachments } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { projectFor } from '../project.policy.js';
import { serviceRecordAttachments, serviceRecords } from '../projects.tables.js';

/** A project's service records, the latest service first (then the latest recorded), in keyset pages: a record a week or more for the whole term. */
export async function findServiceRecords(db: DbOrTx, ctx: RequestContext, projectId: string, input: { limit: number; cursor?: string }) {
  await projectFor(db, ctx, projectId);
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.timestamp, cursorPart.uuid]));
  const keyset = keysetAfter('desc', [serviceRecords.servedOn, serviceRecords.recordedAt, serviceRecords.id], after && [sql`${after[0]}::date`, sql`${after[1]}::timestamptz`, sql`${after[2]}::uuid`]);
  // Selected over service_records joined to users, so the correlated array's outer column prints qualified.
  const found = await db
    .select({
      id: serviceRecords.id,
      servedOn: serviceRecords.servedOn,
      place: serviceRecords.place,
      activity: serviceRecords.activity,
      participants: serviceRecords.participants,
      beneficiaries: serviceRecords.beneficiaries,
      progress: serviceRecords.progress,
      attachmentIds: sql<string[]>`array(select ${serviceRecordAttachments.attachmentId}::text from ${serviceRecordAttachments} join ${caseAttachments} on ${caseAttachments.id} = ${serviceRecordAttachments.attachmentId} where ${serviceRecordAttachments.recordId} = ${serviceRecords.id} order by ${caseAttachments.createdAt}, ${caseAttachments.id})`,
      recordedByName: users.displayName,
      recordedAt: serviceRecords.recordedAt,
      recordedKey: timestampKey(serviceRecords.recordedAt),
    })
    .from(serviceRecords)
    .innerJoin(users, eq(users.id, serviceRecords.recordedBy))
    .where(and(eq(serviceRecords.projectId, projectId), keyset))
    .orderBy(desc(serviceRecords.servedOn), desc(serviceRecords.recordedAt), desc(serviceRecords.id))
    .limit(input.limit + 1);
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.servedOn, r.recordedKey, r.id]);
  return {
    nextCursor,
    // progress holds what ZServiceRecordInput accepted.
    items: items.map((r) => ({ id: r.id, servedOn: r.servedOn, place: r.place, activity: r.activity, participants: r.participants, beneficiaries: r.beneficiaries, progress: r.progress as { indicator: number; value: number }[], attachmentIds: r.attachmentIds, recordedByName: r.recordedByName, recordedAt: toIso(r.recordedAt)! })),
  };
}
