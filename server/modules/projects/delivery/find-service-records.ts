import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows, toIso } from '../../../platform/db/sql.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage, timestampKey } from '../../../platform/http/paging.js';
import { projectFor } from '../project.policy.js';

interface Row {
  id: string;
  served_on: string;
  place: string;
  activity: string;
  participants: number;
  beneficiaries: number;
  progress: { indicator: number; value: number }[];
  attachment_ids: string[];
  recorded_by_name: string;
  recorded_at: Date | string;
  recorded_key: string;
}

/** A project's service records, the latest service first (then the latest recorded), in keyset pages: a record a week or more for the whole term. */
export async function findServiceRecords(db: DbOrTx, ctx: RequestContext, projectId: string, input: { limit: number; cursor?: string }) {
  await projectFor(db, ctx, projectId);
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.timestamp, cursorPart.uuid]));
  const keyset = keysetAfter('desc', [sql`r.served_on`, sql`r.recorded_at`, sql`r.id`], after && [sql`${after[0]}::date`, sql`${after[1]}::timestamptz`, sql`${after[2]}::uuid`]);
  const found = await rows<Row>(
    db,
    sql`select r.id, r.served_on::text, r.place, r.activity, r.participants, r.beneficiaries, r.progress,
               array(select x.attachment_id::text from service_record_attachments x join case_attachments a on a.id = x.attachment_id where x.record_id = r.id order by a.created_at, a.id) as attachment_ids,
               u.display_name as recorded_by_name, r.recorded_at, ${timestampKey(sql`r.recorded_at`)} as recorded_key
        from service_records r join users u on u.id = r.recorded_by
        where r.project_id = ${projectId} and ${keyset ?? sql`true`}
        order by r.served_on desc, r.recorded_at desc, r.id desc
        limit ${input.limit + 1}`,
  );
  const { items, nextCursor } = keysetPage(found, input.limit, (r) => [r.served_on, r.recorded_key, r.id]);
  return {
    nextCursor,
    items: items.map((r) => ({ id: r.id, servedOn: r.served_on, place: r.place, activity: r.activity, participants: r.participants, beneficiaries: r.beneficiaries, progress: r.progress, attachmentIds: r.attachment_ids, recordedByName: r.recorded_by_name, recordedAt: toIso(r.recorded_at)! })),
  };
}
