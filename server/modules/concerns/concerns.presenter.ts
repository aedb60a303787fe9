import { CONCERN_STATE_NAMES, ROUTING_TARGET_NAMES, type ConcernState, type RoutingTarget } from '../../../contracts/concerns.js';
import type { DepartmentName, RegionName } from '../../platform/access/names.js';
import { toIso } from '../../platform/db/sql.js';
import { labelOf } from '../../platform/http/context.js';
import type { Lang } from '../../platform/errors/messages.js';
import type { CategoryRow, ConcernListRow, ConcernRow } from './concerns.queries.js';

export interface Names {
  regions: ReadonlyMap<string, RegionName>;
  departments: ReadonlyMap<string, DepartmentName>;
  /** Category names by `cityId|code`. */
  categories: ReadonlyMap<string, CategoryRow>;
}

const SUMMARY_LENGTH = 60;

export function categoryName(names: Names, cityId: string, code: string, lang: Lang): string {
  const c = names.categories.get(`${cityId}|${code}`);
  if (!c) return code;
  return lang === 'en' && c.nameEn ? c.nameEn : c.name;
}

/** Who has the concern now, in words: the town, its station, or the department. */
export function responsibleName(names: Names, kind: RoutingTarget, townId: string, departmentId: string | null, lang: Lang): string {
  const town = names.regions.get(townId)?.name ?? '';
  if (kind === 'department' && departmentId) return names.departments.get(departmentId)?.name ?? labelOf(ROUTING_TARGET_NAMES.department, lang);
  if (kind === 'station') return lang === 'en' ? `${town} social work station` : `${town}社会工作站`;
  return town;
}

const summaryOf = (text: string) => ([...text].length > SUMMARY_LENGTH ? `${[...text].slice(0, SUMMARY_LENGTH).join('')}…` : text);

export function presentListItem(r: ConcernListRow, names: Names, lang: Lang) {
  return {
    id: r.caseId,
    number: r.number,
    trackingNumber: r.trackingNumber,
    state: r.state,
    stateName: labelOf(CONCERN_STATE_NAMES[r.state], lang),
    category: { code: r.categoryCode, name: categoryName(names, r.cityId, r.categoryCode, lang) },
    town: { id: r.townId, name: names.regions.get(r.townId)?.name ?? '' },
    place: { id: r.placeRegionId, name: names.regions.get(r.placeRegionId)?.name ?? '' },
    summary: summaryOf(r.description),
    channel: r.channel,
    responsible: { kind: r.responsibleKind, name: responsibleName(names, r.responsibleKind, r.townId, r.responsibleDepartmentId, lang) },
    submittedAt: toIso(r.submittedAt)!,
    dueOn: r.dueOn,
    overdue: r.overdueSince !== null,
    escalated: r.escalatedAt !== null,
  };
}

export function presentDetail(
  r: ConcernRow,
  names: Names,
  lang: Lang,
  extra: { reporterName: string | null; mergedIntoNumber: string | null; photos: { fileId: string; fileName: string }[]; events: string[] },
) {
  return {
    ...presentListItem(r, names, lang),
    cityId: r.cityId,
    description: r.description,
    publicDescription: r.publicDescription,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    reporterPhone: r.reporterPhoneMasked,
    reporterName: extra.reporterName,
    reply: r.reply,
    rating: r.rating,
    ratingComment: r.ratingComment,
    mergedInto: r.mergedIntoCaseId && extra.mergedIntoNumber ? { id: r.mergedIntoCaseId, number: extra.mergedIntoNumber } : null,
    photos: extra.photos.map((p) => ({ id: p.fileId, fileName: p.fileName, url: `/api/v1/concerns/${r.caseId}/photos/${p.fileId}` })),
    version: r.version,
    abilities: { events: extra.events },
  };
}

/** What the public sees: masked text, no phone, no name, no staff; the steps as states and times. */
export function presentPublic(r: ConcernRow, names: Names, extra: { mergedIntoNumber: string | null; steps: { toState: string; occurredAt: Date }[]; mayRate: boolean }) {
  const stateName = (s: string) => CONCERN_STATE_NAMES[s as ConcernState]?.zh ?? s;
  return {
    trackingNumber: r.trackingNumber,
    state: r.state,
    stateName: stateName(r.state),
    category: categoryName(names, r.cityId, r.categoryCode, 'zh'),
    town: names.regions.get(r.townId)?.name ?? '',
    place: names.regions.get(r.placeRegionId)?.name ?? '',
    description: r.publicDescription,
    reply: r.publicReply,
    rating: r.rating,
    submittedAt: toIso(r.submittedAt)!,
    updatedAt: toIso(r.updatedAt)!,
    dueOn: r.dueOn,
    mergedInto: extra.mergedIntoNumber,
    steps: extra.steps.map((s) => ({ stateName: stateName(s.toState), at: s.occurredAt.toISOString() })),
    mayRate: extra.mayRate,
  };
}
