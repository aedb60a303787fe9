import { and, eq } from 'drizzle-orm';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { DISCLOSED_WHERE, selectDisclosed, disclose, publishedMeetingsFor, strip } from './disclosure.shared.js';

export async function getPublicProject(db: DbOrTx, id: string, lang: Lang) {
  const [r] = await selectDisclosed(db).where(and(eq(cases.id, id), eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE));
  if (!r) throw notFound('project');
  return strip(disclose(r, await publishedMeetingsFor(db, [r.id]), lang));
}
