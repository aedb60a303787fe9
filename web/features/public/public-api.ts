import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MeetingKind, ZCall, ZMeeting, ZProjectDisclosure } from '../../../contracts/projects';
import { api } from '../../app/api';
import { fetchAllPages, usePagedList } from '../../app/query';

export type Disclosure = z.infer<typeof ZProjectDisclosure>;
export type PublicCall = z.infer<typeof ZCall>;
export type PublicMeeting = z.infer<typeof ZMeeting>;

/** Disclosed projects, newest first, 20 a page (no login). */
export function usePublicProjects(filter: { year?: number; q?: string }) {
  return usePagedList<Disclosure>(['public', 'projects'], '/public/projects', { ...filter }, { pageSize: 20 });
}

export function usePublicProject(id: string) {
  return useQuery({ queryKey: ['public', 'project', id], queryFn: ({ signal }) => api.get<Disclosure>(`/public/projects/${id}`, undefined, signal), enabled: id !== '' });
}

/** Calls open for bids today. */
export function usePublicCalls() {
  return usePagedList<PublicCall>(['public', 'calls'], '/public/calls', {});
}

/** Published meetings of a year, newest first. */
export function usePublicMeetings(filter: { year: number; kind?: MeetingKind }) {
  return useQuery({
    queryKey: ['public', 'meetings', filter],
    queryFn: ({ signal }) => fetchAllPages<PublicMeeting>('/public/meetings', { ...filter }, signal),
    placeholderData: (previous) => previous,
  });
}
