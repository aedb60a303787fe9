import { eq, inArray } from 'drizzle-orm';
import { regions } from '../../../platform/access/scope.tables.js';
import type { CaseRow } from '../../../platform/cases/define.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { assessmentPanel, assessmentSubjects } from '../assessment.tables.js';

interface Message {
  title: string;
  body: string;
}

/**
 * The subjects' own people — whoever holds assessment.self over a subject's town (its staff, its station) — hear of
 * the round's steps. The round's case sits on the city, so each town is asked for by its own path.
 */
export async function notifySubjects(tx: DbOrTx, c: CaseRow, round: { caseId: string }, m: Message, onlySubjectIds?: readonly string[]): Promise<void> {
  const places = await tx
    .selectDistinct({ path: regions.path })
    .from(assessmentSubjects)
    .innerJoin(regions, eq(regions.id, assessmentSubjects.regionId))
    .where(onlySubjectIds ? inArray(assessmentSubjects.id, [...onlySubjectIds]) : eq(assessmentSubjects.roundId, round.caseId));
  const users = new Set<string>();
  for (const p of places) for (const u of await recipientsOf(tx, { ...c, regionPath: p.path }, { kind: 'permission', permission: 'assessment.self', task: '' })) users.add(u);
  await notifyUsers(tx, users, { kind: 'assessment.subject', title: m.title, body: m.body, link: `/assessment/rounds/${c.id}`, caseId: c.id });
}

/** The round's evaluators hear of its steps, with a link to their review page. */
export async function notifyPanel(tx: DbOrTx, c: CaseRow, m: Message, onlyUserIds?: readonly string[]): Promise<void> {
  const panel = onlyUserIds ?? (await tx.select({ id: assessmentPanel.evaluatorId }).from(assessmentPanel).where(eq(assessmentPanel.roundId, c.id))).map((p) => p.id);
  await notifyUsers(tx, panel, { kind: 'assessment.review', title: m.title, body: m.body, link: `/assessment/reviews/${c.id}`, caseId: c.id });
}
