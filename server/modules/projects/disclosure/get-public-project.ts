import { and, eq } from 'drizzle-orm';
import { portalCity } from '../../../platform/access/portal-city.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { DISCLOSED_WHERE, selectDisclosed, disclose, publishedMeetingsFor, strip } from './disclosure.shared.js';

/**
 * One disclosed project. With `city` (the portal's city, its division code) only one of that city's: another city's
 * answers 404 as a missing one does, so a page of one city's portal never shows another's project (issue 16 §3).
 */
export async function getPublicProject(db: DbOrTx, id: string, lang: Lang, cityCode?: string) {
  const city = await portalCity(db, cityCode);
  const [r] = await selectDisclosed(db).where(and(eq(cases.id, id), eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE, city ? inSubtree(cases.regionPath, city.path) : undefined));
  if (!r) throw notFound('project');
  return strip(disclose(r, await publishedMeetingsFor(db, [r.id]), lang));
}
