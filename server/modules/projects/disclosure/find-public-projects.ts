import { containing } from '../../../platform/db/like.js';
import { and, desc, eq, ilike, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { portalCity } from '../../../platform/access/portal-city.js';
import { inSubtree } from '../../../platform/db/sql.js';
import type { ZPublicProjectQuery } from '../../../../contracts/projects/disclosure.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { serviceProjects } from '../projects.tables.js';
import { DISCLOSED_WHERE, selectDisclosed, disclose, publishedMeetingsFor, strip } from './disclosure.shared.js';

/** The public portal's project list: disclosed projects, newest first, keyset pages; one city's with `city` (its case lies at the city's node). */
export async function findPublicProjects(db: DbOrTx, input: z.infer<typeof ZPublicProjectQuery>, lang: Lang) {
  const city = await portalCity(db, input.city);
  const where: SQL[] = [eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE];
  if (city) where.push(inSubtree(cases.regionPath, city.path));
  if (input.year) where.push(eq(serviceProjects.year, input.year));
  if (input.q) where.push(ilike(cases.title, containing(input.q)));
  const after = readCursor(input.cursor, z.tuple([cursorPart.text]));
  if (after) where.push(lt(cases.number, after[0]));
  const found = await selectDisclosed(db)
    .where(and(...where))
    .orderBy(desc(cases.number))
    .limit(input.limit + 1);
  const page = found.slice(0, input.limit);
  const meetings = await publishedMeetingsFor(db, page.map((r) => r.id));
  const items = page.map((r) => strip(disclose(r, meetings, lang)));
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > input.limit && last ? encodeCursor([last.number]) : null };
}
