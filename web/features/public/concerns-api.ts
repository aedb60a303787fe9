import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ConcernState, ZConcernCategory, ZPublicConcern, ZPublicConcernInput, ZPublicConcernReceipt, ZPublicRateInput } from '../../../contracts/concerns';
import { api, formWith } from '../../app/api';

export type PublicConcernCategory = z.infer<typeof ZConcernCategory>;
export type PublicConcern = z.infer<typeof ZPublicConcern>;
export type PublicConcernReceipt = z.infer<typeof ZPublicConcernReceipt>;
export type PublicConcernInput = z.input<typeof ZPublicConcernInput>;
export type PublicPlace = { id: string; name: string; level: string };

/** A city's categories in use (no login). */
export function useConcernCategories(city: string | undefined) {
  return useQuery({
    queryKey: ['public', 'concern-categories', city],
    queryFn: ({ signal }) => api.get<{ items: PublicConcernCategory[] }>('/public/concern-categories', { city }, signal).then((r) => r.items),
    enabled: !!city,
    staleTime: 300_000,
  });
}

/** The places to choose under a parent: the city's towns (no parent), a town's communities and villages, a community's grids. */
export function useConcernPlaces(city: string | undefined, parentId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['public', 'concern-places', city, parentId ?? null],
    queryFn: ({ signal }) => api.get<{ items: PublicPlace[] }>('/public/concern-places', { city, parentId }, signal).then((r) => r.items),
    enabled: !!city && enabled,
    staleTime: 300_000,
  });
}

export function raisePublicConcern(input: PublicConcernInput) {
  return api.post<PublicConcernReceipt>('/public/concerns', input);
}

/** A photo for the concern behind the tracking number (images only; until it is answered). */
export function uploadPublicConcernPhoto(trackingNumber: string, file: File) {
  return api.upload<{ id: string; fileName: string; photos: number }>(`/public/concerns/${encodeURIComponent(trackingNumber)}/photos`, formWith(file));
}

/** A concern by its tracking number: what anyone with it sees. */
export function usePublicConcern(trackingNumber: string) {
  return useQuery({
    queryKey: ['public', 'concern', trackingNumber],
    queryFn: ({ signal }) => api.get<PublicConcern>(`/public/concerns/${encodeURIComponent(trackingNumber)}`, undefined, signal),
    enabled: trackingNumber !== '',
  });
}

export function useRatePublicConcern(trackingNumber: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof ZPublicRateInput>) => api.post<PublicConcern>(`/public/concerns/${encodeURIComponent(trackingNumber)}/rating`, input),
    onSuccess: (data) => client.setQueryData(['public', 'concern', trackingNumber], data),
  });
}

/** One colour per state (antd preset names), as every status tag of the app. */
export const CONCERN_STATE_COLORS: Record<ConcernState, string> = {
  submitted: 'gold',
  accepted: 'cyan',
  handling: 'blue',
  replied: 'purple',
  rated: 'geekblue',
  closed: 'green',
  merged: 'default',
};

/** What the state says to the resident about the next step. */
export const CONCERN_STATES_BEFORE_REPLY: readonly ConcernState[] = ['submitted', 'accepted', 'handling'];

/** The tracking number as typed, tidied for the address (the server forgives case, spaces and hyphens). */
export function tidyTrackingNumber(typed: string): string {
  return typed.trim().toUpperCase().replace(/\s+/g, '');
}
