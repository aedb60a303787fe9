import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MeetingKind, ZCall, ZMeeting, ZProjectDisclosure } from '../../../contracts/projects';
import { api } from '../../app/api';
import { fetchAllPages, usePagedList } from '../../app/query';
import { usePortalCityCode } from './portal-city';

export type Disclosure = z.infer<typeof ZProjectDisclosure>;
export type PublicCall = z.infer<typeof ZCall>;
export type PublicMeeting = z.infer<typeof ZMeeting>;

/** Disclosed projects of the portal's city (every city's without one), newest first, 20 a page (no login). */
export function usePublicProjects(filter: { year?: number; q?: string }) {
  const city = usePortalCityCode();
  return usePagedList<Disclosure>(['public', 'projects'], '/public/projects', { ...filter, city }, { pageSize: 20 });
}

/** One disclosed project, in the portal's city: another city's answers 404, as on its lists. */
export function usePublicProject(id: string) {
  const city = usePortalCityCode();
  return useQuery({ queryKey: ['public', 'project', id, city], queryFn: ({ signal }) => api.get<Disclosure>(`/public/projects/${id}`, { city }, signal), enabled: id !== '' });
}

/** Calls open for bids today, in the portal's city. */
export function usePublicCalls() {
  const city = usePortalCityCode();
  return usePagedList<PublicCall>(['public', 'calls'], '/public/calls', { city });
}

/** Published meetings of a year on the portal's city's projects, newest first. */
export function usePublicMeetings(filter: { year: number; kind?: MeetingKind }) {
  const city = usePortalCityCode();
  return useQuery({
    queryKey: ['public', 'meetings', filter, city],
    queryFn: ({ signal }) => fetchAllPages<PublicMeeting>('/public/meetings', { ...filter, city }, signal),
    placeholderData: (previous) => previous,
  });
}
