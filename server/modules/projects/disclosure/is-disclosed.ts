import { and, eq } from 'drizzle-orm';
import { cases } from '../../../platform/cases/cases.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { DISCLOSED_WHERE } from './disclosure.shared.js';

/** Whether the project is one the city has disclosed (its public page exists). */
export async function isDisclosed(db: DbOrTx, id: string): Promise<boolean> {
  const [r] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.id, id), eq(cases.caseType, 'serviceProject'), DISCLOSED_WHERE));
  return !!r;
}
