import { CHECKLISTS, type ApplicationKind } from '../../../contracts/applications.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { selectChecklistRows } from './applications.queries.js';

/** One material a kind asks for in a city; a retired one is off the list but still names what older applications attached. */
export interface ChecklistItem {
  key: string;
  name: string;
  nameEn: string;
  required: boolean;
  retired: boolean;
}

/** The materials of a kind every city asks for until its office changes the list. */
export const defaultChecklist = (kind: ApplicationKind): ChecklistItem[] => CHECKLISTS[kind].map((i) => ({ ...i, retired: false }));

type Row = Awaited<ReturnType<typeof selectChecklistRows>>[number];

const itemOf = (r: Row): ChecklistItem => ({ key: r.key, name: r.name, nameEn: r.nameEn, required: r.required, retired: r.retiredAt !== null });

/**
 * A city's checklist for a kind, in order, retired items last (they never count toward what is required). A city
 * that has not saved its own asks for the defaults; so does a place that lies in no city (the guide before any
 * city exists).
 */
export async function checklistOf(db: DbOrTx, cityId: string | null, kind: ApplicationKind): Promise<ChecklistItem[]> {
  if (!cityId) return defaultChecklist(kind);
  const rows = await selectChecklistRows(db, [cityId], kind);
  return rows.length ? ordered(rows.map(itemOf)) : defaultChecklist(kind);
}

/** Every kind's checklist of each city, as checklistOf reads one: for the settings page, in one query. */
export async function checklistsOf(db: DbOrTx, cityIds: readonly string[]): Promise<(cityId: string, kind: ApplicationKind) => { items: ChecklistItem[]; isDefault: boolean }> {
  const rows = await selectChecklistRows(db, cityIds);
  const kept = new Map<string, ChecklistItem[]>();
  for (const r of rows) {
    const k = `${r.cityId}/${r.kind}`;
    kept.set(k, [...(kept.get(k) ?? []), itemOf(r)]);
  }
  return (cityId, kind) => {
    const own = kept.get(`${cityId}/${kind}`);
    return own ? { items: ordered(own), isDefault: false } : { items: defaultChecklist(kind), isDefault: true };
  };
}

const ordered = (items: ChecklistItem[]) => [...items.filter((i) => !i.retired), ...items.filter((i) => i.retired)];

/** The items an applicant is asked for now. */
export const liveItems = (items: readonly ChecklistItem[]) => items.filter((i) => !i.retired);
