import { useQuery } from '@tanstack/react-query';
import { Fragment, useCallback, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import type { ZPublicCity } from '../../../contracts/cities';
import { api } from '../../app/api';

export type PublicCity = z.infer<typeof ZPublicCity>;

/** What the server takes as a city (contracts/portal.ts): its 6-digit division code. */
const CITY_CODE = /^\d{6}$/;

/**
 * The city the portal shows, from its address (`?city=330483`), so that a link or a bookmark opens the same city's
 * pages; every public list is asked for it. None: every city's records, as the server answers without one.
 */
export function usePortalCityCode(): string | undefined {
  const [params] = useSearchParams();
  const code = params.get('city');
  return code && CITY_CODE.test(code) ? code : undefined;
}

/** A portal path that keeps the city chosen (links between public pages). */
export function useCityPath(): (path: string) => string {
  const code = usePortalCityCode();
  return useCallback((path: string) => (code ? `${path}${path.includes('?') ? '&' : '?'}city=${code}` : path), [code]);
}

/** The cities the installation serves, each with its portal's name and contacts (no login). */
export function usePublicCities() {
  return useQuery({
    queryKey: ['public', 'cities'],
    queryFn: ({ signal }) => api.get<{ items: PublicCity[] }>('/public/cities', undefined, signal).then((r) => r.items),
    staleTime: 300_000,
  });
}

/**
 * The portal's city with what it shows (its portal name, contacts): the one chosen, else the only one. With several
 * cities and none chosen, no city: the portal shows every city's records under the platform's name.
 */
export function usePortalCity(): { cities: PublicCity[]; city: PublicCity | undefined; code: string | undefined } {
  const code = usePortalCityCode();
  const { data: cities = [] } = usePublicCities();
  const city = code ? cities.find((c) => c.code === code) : cities.length === 1 ? cities[0] : undefined;
  return { cities, city, code };
}

/** A public page starts afresh in another city: its filters (a town, a search) were the other city's. */
export function PerCity({ children }: { children: ReactNode }) {
  const code = usePortalCityCode();
  return <Fragment key={code ?? ''}>{children}</Fragment>;
}
