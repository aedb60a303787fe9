import type { z } from 'zod';
import { FIELD_RECORD_KIND_NAMES, type ZFieldRecord } from '../../../contracts/rotation-records.js';
import { ROTATION_ROLE_NAMES } from '../../../contracts/workforce.js';
import type { Lang } from '../../platform/errors/messages.js';
import type { RecordRow } from './rotation-records.queries.js';

/** A field record as staff and the phone read it. */
export function presentRecord(row: RecordRow, extra: { resourceName: string; photoIds: string[] }, lang: Lang): z.infer<typeof ZFieldRecord> {
  const r = row.r;
  return {
    id: r.id,
    clientKey: r.clientKey,
    assignmentId: r.assignmentId,
    year: r.year,
    season: r.season,
    town: { id: r.townId, name: row.townName },
    community: { id: r.communityId, name: row.communityName },
    grid: r.gridId ? { id: r.gridId, name: row.gridName ?? '—' } : null,
    resource: { kind: r.resourceKind, id: r.resourceId, name: extra.resourceName },
    role: r.role,
    roleName: ROTATION_ROLE_NAMES[r.role][lang],
    kind: r.kind,
    kindName: FIELD_RECORD_KIND_NAMES[r.kind][lang],
    checkedInAt: r.checkedInAt.toISOString(),
    location: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng, accuracy: r.accuracyM } : null,
    minutes: r.minutes,
    participants: r.participants,
    beneficiaries: r.beneficiaries,
    beneficiaryTotal: r.beneficiaryTotal,
    photos: extra.photoIds.map((id) => ({ id, url: `/api/v1/rotation/records/${r.id}/photos/${id}` })),
    note: r.note,
    recordedBy: r.recordedBy,
    syncedAt: r.createdAt.toISOString(),
  };
}

/** Minutes as hours with one decimal, what counts toward a resource's service hours. */
export const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10;
