import type { z } from 'zod';
import type { ZWorkbench } from '../../../contracts/workbench.js';
import { countInbox, findInbox } from '../cases/inbox.js';
import { findRecentCases } from '../cases/recent.js';
import type { Db } from '../db/client.js';
import type { Lang } from '../errors/messages.js';
import { labelOf, type Actor } from '../http/context.js';
import type { WorkbenchFigure } from '../module.js';

export type Workbench = z.infer<typeof ZWorkbench>;

/** The figures for the roles the actor holds (each once, in the modules' order). */
export function figuresFor(actor: Actor, figures: readonly WorkbenchFigure[]): WorkbenchFigure[] {
  const roles = new Set(actor.grants.map((g) => g.role));
  return figures.filter((f) => f.roles.some((r) => roles.has(r)));
}

/**
 * The home page in one answer. The parts read at once: on a 2-core server the workbench costs about what its
 * slowest figure costs, not the sum.
 */
export async function loadWorkbench(db: Db, actor: Actor, lang: Lang, figures: readonly WorkbenchFigure[]): Promise<Workbench> {
  const mine = figuresFor(actor, figures);
  const [counts, first, recent, values] = await Promise.all([
    countInbox(db, actor, lang),
    findInbox(db, actor, { limit: 5 }, lang),
    findRecentCases(db, actor, lang, 6),
    Promise.all(mine.map((f) => f.value(db, actor))),
  ]);
  return {
    waiting: { ...counts, first: first.items },
    recent,
    figures: mine.map((f, i) => ({ key: f.key, label: labelOf(f.label, lang), unit: f.unit, value: values[i], link: f.link })),
  };
}
