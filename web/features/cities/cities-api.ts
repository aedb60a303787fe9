import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { City, CityTimeLimit as CityTimeLimitRow, ZCityTemplateReport } from '../../../contracts/cities';
import type { Department } from '../../../contracts/departments';
import { api } from '../../app/api';

export type { City, CitySettings } from '../../../contracts/cities';
export type { Department } from '../../../contracts/departments';
export type CityTemplateReport = z.infer<typeof ZCityTemplateReport>;
export type DepartmentKind = Department['kind'];

export interface CitySettingsInput {
  version: number;
  certPrefix: string;
  registrationAuthority: string;
  portalName: string;
  portalContact: string;
  portalAddress: string;
}

export interface DepartmentInput {
  name: string;
  shortName: string;
  kind: DepartmentKind;
  isMemberUnit: boolean;
  isServiceDepartment: boolean;
  sortOrder: number;
}

export const cityKeys = { all: ['cities'] as const };
/** Under ['departments'], so every picker that lists departments (['departments']) reloads with this list. */
export const cityDepartmentKeys = { of: (cityId: string) => ['departments', 'city', cityId] as const };

/** The cities the caller works in (all of them for the platform administrator), each with its settings; `enabled` false for someone without city.read. */
export function useCities(enabled = true) {
  return useQuery({ queryKey: cityKeys.all, queryFn: () => api.get<{ items: City[] }>('/cities').then((r) => r.items), enabled });
}

/** One city's member units and service departments, the retired ones too (the page filters them). */
export function useCityDepartments(cityId: string | undefined) {
  return useQuery({
    queryKey: cityDepartmentKeys.of(cityId ?? ''),
    queryFn: () => api.get<{ items: Department[] }>('/departments', { cityId, includeRetired: true }).then((r) => r.items),
    enabled: Boolean(cityId),
  });
}

export function useCityMutations() {
  const client = useQueryClient();
  const refreshCities = () => void client.invalidateQueries({ queryKey: cityKeys.all });
  return {
    saveSettings: useMutation({
      mutationFn: ({ cityId, ...body }: CitySettingsInput & { cityId: string }) => api.put<City>(`/cities/${cityId}/settings`, body),
      // A 409 means someone else saved first: reload either way.
      onSettled: refreshCities,
    }),
    copyTemplate: useMutation({
      mutationFn: ({ cityId, fromCityId }: { cityId: string; fromCityId: string }) => api.post<CityTemplateReport>(`/cities/${cityId}/copy-template`, { fromCityId }),
      onSuccess: () => {
        refreshCities();
        void client.invalidateQueries({ queryKey: ['departments'] });
      },
    }),
  };
}

export function useDepartmentMutations() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: ['departments'] });
  return {
    create: useMutation({
      mutationFn: (body: DepartmentInput & { cityId: string }) => api.post<Department>('/departments', body),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: Partial<DepartmentInput> & { id: string; version: number; retired?: boolean }) => api.patch<Department>(`/departments/${id}`, body),
      // A 409 means someone else changed it: reload either way.
      onSettled: refresh,
    }),
  };
}

export type { CityTimeLimit } from '../../../contracts/cities';
export const cityTimeLimitKeys = { of: (cityId: string) => ['cities', 'time-limits', cityId] as const };

export interface TimeLimitChange {
  caseType: string;
  variant: string;
  state: string;
  expectedDays: number | null;
  /** Null: back to the platform's default. */
  workingDays: number | null;
}

/** A city's step limits for every case type, its own beside the defaults. */
export function useCityTimeLimits(cityId: string) {
  return useQuery({
    queryKey: cityTimeLimitKeys.of(cityId),
    queryFn: () => api.get<{ items: CityTimeLimitRow[]; manageable: boolean }>(`/cities/${cityId}/time-limits`),
  });
}

export function useSaveTimeLimits(cityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: TimeLimitChange[]) => api.put<{ items: CityTimeLimitRow[]; manageable: boolean }>(`/cities/${cityId}/time-limits`, { changes }),
    // A 409 means someone else changed a limit first: reload either way. Application settings show the same limits.
    onSettled: () => {
      void client.invalidateQueries({ queryKey: cityTimeLimitKeys.of(cityId) });
      void client.invalidateQueries({ queryKey: ['application-settings'] });
    },
  });
}
