import type { z } from 'zod';
import { CERTIFICATE_LEVEL_NAMES, WORKER_KIND_NAMES, WORKER_STATUS_NAMES, type ResourceKind, type RotationRole, type ZRotationProfile, type ZWorker } from '../../../contracts/workforce.js';
import { toIso } from '../../platform/db/sql.js';
import { labelOf, type Actor } from '../../platform/http/context.js';
import type { Lang } from '../../platform/errors/messages.js';
import { mayManageWorker, mayRevealWorker } from './workforce.policy.js';
import type { ProfileRow, WorkerRow } from './workforce.queries.js';

/** code → name of each city's service domains. */
export type DomainNames = ReadonlyMap<string, string>;
const domainKey = (cityId: string, code: string) => `${cityId}/${code}`;
export const domainNamesOf = (domains: readonly { cityId: string; code: string; name: string }[]): DomainNames => new Map(domains.map((d) => [domainKey(d.cityId, d.code), d.name]));
const domainsOf = (cityId: string, codes: readonly string[], names: DomainNames) => codes.map((code) => ({ code, name: names.get(domainKey(cityId, code)) ?? code }));

/** A person as the list and the record show them: personal data masked; the abilities this caller has on them. */
export function presentWorker(r: WorkerRow, names: DomainNames, actor: Actor | null, lang: Lang): z.infer<typeof ZWorker> {
  return {
    id: r.id,
    cityId: r.cityId,
    kind: r.kind,
    kindName: labelOf(WORKER_KIND_NAMES[r.kind], lang),
    name: r.name,
    gender: r.gender,
    idNumber: r.idMasked,
    phone: r.phoneMasked,
    certificateLevel: r.certificateLevel,
    certificateLevelName: r.certificateLevel ? labelOf(CERTIFICATE_LEVEL_NAMES[r.certificateLevel], lang) : null,
    certificateNo: r.certificateNo,
    employerOrg: r.employerOrgId ? { id: r.employerOrgId, name: r.employerName ?? '—' } : null,
    department: r.departmentId ? { id: r.departmentId, name: r.departmentName ?? '—' } : null,
    homeTown: { id: r.townId, name: r.townName },
    serviceDomains: domainsOf(r.cityId, r.serviceDomains, names),
    status: r.status,
    statusName: labelOf(WORKER_STATUS_NAMES[r.status], lang),
    note: r.note,
    version: r.version,
    updatedAt: toIso(r.updatedAt)!,
    abilities: { edit: mayManageWorker(actor, r.regionPath), reveal: mayRevealWorker(actor, r.regionPath) },
  };
}

/** A profile, or — for a resource without one — what it would start from (version 0). */
export function presentProfile(
  resource: { kind: ResourceKind; id: string; name: string; cityId: string },
  profile: ProfileRow | undefined,
  fallback: { serviceDomains: readonly string[]; homeTown: { id: string; name: string } | null },
  names: DomainNames,
): z.infer<typeof ZRotationProfile> {
  return {
    resourceKind: resource.kind,
    resourceId: resource.id,
    resourceName: resource.name,
    cityId: resource.cityId,
    serviceDomains: domainsOf(resource.cityId, profile?.serviceDomains ?? fallback.serviceDomains, names),
    homeTown: profile ? (profile.homeTownId ? { id: profile.homeTownId, name: profile.homeTownName ?? '—' } : null) : fallback.homeTown,
    seasons: profile ? [...profile.seasons].sort() : [1, 2, 3, 4],
    capacity: profile?.capacity ?? (resource.kind === 'org' ? 3 : 2),
    roles: (profile?.roles as RotationRole[] | undefined) ?? ['policyExplainer', 'resourceLinker', 'charityPromoter', 'concernCollector'],
    active: profile?.active ?? true,
    version: profile?.version ?? 0,
    updatedAt: profile ? toIso(profile.updatedAt) : null,
  };
}
