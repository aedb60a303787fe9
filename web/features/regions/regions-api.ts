import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Region, RegionKind, RegionLevel } from '../../../contracts/regions';
import type { AuditEventDto } from '../../../contracts/audit';
import { usePagedList } from '../../app/query';
import { api, type Page } from '../../app/api';

export type { Region, RegionKind, RegionLevel } from '../../../contracts/regions';

export const regionKeys = {
  all: ['regions'] as const,
  roots: () => ['regions', 'roots'] as const,
  children: (id: string, includeRetired: boolean) => ['regions', 'children', id, includeRetired] as const,
  detail: (id: string) => ['regions', 'detail', id] as const,
  history: (id: string) => ['regions', 'history', id] as const,
  search: (q: string, includeRetired: boolean) => ['regions', 'search', q, includeRetired] as const,
};

/** Every child of a node, following `nextCursor` (a community has a handful of grids; a town a few dozen communities). */
export async function fetchAllChildren(id: string, includeRetired: boolean): Promise<Region[]> {
  const items: Region[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const result: Page<Region> = await api.get<Page<Region>>(`/regions/${id}/children`, { includeRetired, limit: 100, cursor });
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export function useRegionRoots() {
  return useQuery({ queryKey: regionKeys.roots(), queryFn: () => api.get<{ items: Region[] }>('/regions/roots').then((r) => r.items) });
}

export function useRegion(id: string | null | undefined) {
  return useQuery({ queryKey: regionKeys.detail(id ?? ''), queryFn: () => api.get<Region>(`/regions/${id}`), enabled: Boolean(id) });
}

/** A region's history, newest first, a page at a time. */
export function useRegionHistory(id: string) {
  return usePagedList<AuditEventDto>(regionKeys.history(id), `/regions/${id}/history`, {});
}

/** All regions of one level the user may see (towns: at most a dozen or so), for filters. */
export function useRegionsAtLevel(level: RegionLevel) {
  return useQuery({
    queryKey: ['regions', 'level', level],
    queryFn: () => api.get<Page<Region>>('/regions', { level, limit: 100 }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useRegionSearch(q: string, includeRetired: boolean) {
  return useQuery({
    queryKey: regionKeys.search(q, includeRetired),
    queryFn: () => api.get<Page<Region>>('/regions', { q, includeRetired, limit: 100 }),
    enabled: q.length > 0,
  });
}

export interface CreateRegionInput {
  /** Absent: a city of its own, a root of the tree. */
  parentId?: string;
  name: string;
  code: string;
  kind: RegionKind;
}
export interface UpdateRegionInput {
  version: number;
  name?: string;
  code?: string;
  parentId?: string;
}

/**
 * Writes on one region. Each success puts the returned region in the cache and marks the tree lists stale;
 * the tree reloads the parents it was told about via `onChanged`.
 */
export function useRegionMutations(onChanged: (region: Region, previousParentId: string | null) => void) {
  const client = useQueryClient();
  const settle = (region: Region, previousParentId: string | null) => {
    client.setQueryData(regionKeys.detail(region.id), region);
    void client.invalidateQueries({ queryKey: regionKeys.history(region.id) });
    void client.invalidateQueries({ queryKey: ['regions', 'search'] });
    if (region.parentId) void client.invalidateQueries({ queryKey: regionKeys.detail(region.parentId) });
    if (previousParentId && previousParentId !== region.parentId) void client.invalidateQueries({ queryKey: regionKeys.detail(previousParentId) });
    onChanged(region, previousParentId);
  };
  return {
    create: useMutation({
      mutationFn: (input: CreateRegionInput) => api.post<Region>('/regions', input),
      onSuccess: (region) => settle(region, region.parentId),
    }),
    update: useMutation({
      mutationFn: ({ id, ...input }: UpdateRegionInput & { id: string; previousParentId: string | null }) =>
        api.patch<Region>(`/regions/${id}`, { version: input.version, name: input.name, code: input.code, parentId: input.parentId }),
      onSuccess: (region, input) => settle(region, input.previousParentId),
    }),
    retire: useMutation({
      mutationFn: ({ id, version, reason }: { id: string; version: number; reason: string }) => api.post<Region>(`/regions/${id}/retire`, { version, reason }),
      onSuccess: (region) => settle(region, region.parentId),
    }),
    restore: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) => api.post<Region>(`/regions/${id}/restore`, { version }),
      onSuccess: (region) => settle(region, region.parentId),
    }),
  };
}

/** The tree's grammar (mirrors contracts/regions.ts, kept here so the web bundle does not pull in zod). */
export const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = { province: 'prefecture', prefecture: 'city', city: 'town', town: 'community', community: 'grid', grid: null };
export const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = { province: null, prefecture: 'province', city: 'prefecture', town: 'city', community: 'town', grid: 'community' };
export const KINDS_BY_LEVEL: Record<RegionLevel, readonly RegionKind[]> = {
  province: ['province'],
  prefecture: ['prefecture'],
  city: ['city'],
  town: ['town', 'subdistrict'],
  community: ['village', 'community'],
  grid: ['grid'],
};
