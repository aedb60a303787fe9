import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CatalogTier, ZCatalog, ZCatalogCategory, ZServiceDomain } from '../../../contracts/funds';
import { api } from '../../app/api';

export type Catalog = z.infer<typeof ZCatalog>;
export type CatalogCategory = z.infer<typeof ZCatalogCategory>;
export type ServiceDomain = z.infer<typeof ZServiceDomain>;

export const catalogKeys = { all: ['catalog'] as const };

/** The 123X catalog and the service domains: reference data, so kept for a while. */
export function useCatalog() {
  return useQuery({ queryKey: catalogKeys.all, queryFn: () => api.get<Catalog>('/catalog'), staleTime: 5 * 60_000 });
}

export function useCatalogMutations() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: catalogKeys.all });
  return {
    create: useMutation({
      /** `cityId` only when the caller keeps several cities' catalogs (else the server takes the caller's city). */
      mutationFn: (body: { cityId?: string; code: string; tier: CatalogTier; name: string; description: string; sortOrder: number }) => api.post<CatalogCategory>('/catalog/categories', body),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string; version: number; name?: string; description?: string; sortOrder?: number; retired?: boolean }) => api.patch<CatalogCategory>(`/catalog/categories/${id}`, body),
      // A 409 means someone else changed it: reload either way.
      onSettled: refresh,
    }),
    /** A city's service domain: `cityId` only when the caller keeps several cities' catalogs. */
    createDomain: useMutation({
      mutationFn: (body: { cityId?: string; code: string; name: string; sortOrder: number }) => api.post<ServiceDomain>('/catalog/domains', body),
      onSuccess: refresh,
    }),
    /** `expected` is the domain as last read: the server refuses the change (409) if someone changed it since. */
    updateDomain: useMutation({
      mutationFn: ({ domain, ...body }: { domain: ServiceDomain; name?: string; sortOrder?: number; retired?: boolean }) =>
        api.patch<ServiceDomain>(`/catalog/domains/${domain.cityId}/${encodeURIComponent(domain.code)}`, { expected: { name: domain.name, sortOrder: domain.sortOrder, retired: domain.retired }, ...body }),
      onSettled: refresh,
    }),
  };
}
