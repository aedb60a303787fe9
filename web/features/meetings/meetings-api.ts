import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MeetingKind, ZMeeting, ZMeetingInput, ZMeetingPatch, ZProjectSummary } from '../../../contracts/projects';
import { api, formWith, type Page } from '../../app/api';
import { fetchAllPages } from '../../app/query';

export type Meeting = z.infer<typeof ZMeeting>;
export type MeetingInput = z.input<typeof ZMeetingInput>;
export type MeetingPatch = z.input<typeof ZMeetingPatch>;
export type ProjectSummary = z.infer<typeof ZProjectSummary>;

export interface MeetingFilter {
  year: number;
  kind?: MeetingKind;
}

export const meetingKeys = {
  all: ['meetings'] as const,
  list: (filter: MeetingFilter) => ['meetings', 'list', filter] as const,
  detail: (id: string) => ['meetings', 'detail', id] as const,
  projects: (year: number, q: string) => ['meetings', 'project-options', year, q] as const,
};

/** The calendar's meetings of a year (staff: published or not). */
export function useMeetings(filter: MeetingFilter) {
  return useQuery({
    queryKey: meetingKeys.list(filter),
    // A year's calendar is drawn whole: every page of it.
    queryFn: ({ signal }) => fetchAllPages<Meeting>('/meetings', { ...filter }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useMeeting(id: string | null) {
  return useQuery({ queryKey: meetingKeys.detail(id ?? ''), queryFn: ({ signal }) => api.get<Meeting>(`/meetings/${id}`, undefined, signal), enabled: Boolean(id) });
}

/** Projects to put on a meeting's agenda: one year's, searched by title on the server (at most 100). */
export function useProjectOptions(year: number, q: string, enabled: boolean) {
  return useQuery({
    queryKey: meetingKeys.projects(year, q),
    queryFn: ({ signal }) => api.get<Page<ProjectSummary>>('/projects', { limit: 100, year, q: q || undefined }, signal).then((r) => r.items),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/** The download address of a meeting file: public once the meeting is published, staff only before. */
export function meetingFileUrl(meetingId: string, attachmentId: string): string {
  return `/api/v1/meetings/${meetingId}/attachments/${attachmentId}`;
}

/** Multipart upload with the session's CSRF token and its progress; answers with the meeting, or throws a ProblemError like the JSON client. */
function uploadMeetingFile(meetingId: string, file: File, onProgress?: (percent: number) => void): Promise<Meeting> {
  return api.upload<Meeting>(`/meetings/${meetingId}/attachments`, formWith(file), { onProgress });
}

export function useMeetingMutations() {
  const client = useQueryClient();
  // Every answer is the whole meeting: put it in the drawer's cache at once and reload the calendar around it.
  const settle = (meeting: Meeting) => {
    client.setQueryData(meetingKeys.detail(meeting.id), meeting);
    void client.invalidateQueries({ queryKey: ['meetings', 'list'] });
    // The portal's copy (same browser, another tab of the app) follows a publication at once.
    void client.invalidateQueries({ queryKey: ['public', 'meetings'] });
  };
  // A refusal may mean someone else changed it (409): load the current version either way.
  const reload = (id: string) => void client.invalidateQueries({ queryKey: meetingKeys.detail(id) });
  return {
    create: useMutation({ mutationFn: (body: MeetingInput) => api.post<Meeting>('/meetings', body), onSuccess: settle }),
    update: useMutation({
      mutationFn: ({ id, ...body }: MeetingPatch & { id: string }) => api.patch<Meeting>(`/meetings/${id}`, body),
      onSuccess: settle,
      onError: (_error, { id }) => reload(id),
    }),
    upload: useMutation({
      mutationFn: ({ id, file, onProgress }: { id: string; file: File; onProgress?: (percent: number) => void }) => uploadMeetingFile(id, file, onProgress),
      onSuccess: settle,
    }),
    /** Cancels without deleting: the meeting stays, marked cancelled with the reason. */
    cancel: useMutation({
      mutationFn: ({ id, version, reason }: { id: string; version: number; reason: string }) => api.post<Meeting>(`/meetings/${id}/cancel`, { version, reason }),
      onSuccess: settle,
      onError: (_error, { id }) => reload(id),
    }),
    /** Takes a wrongly uploaded file off the meeting (kept on the server with who removed it). */
    removeFile: useMutation({
      mutationFn: ({ id, attachmentId }: { id: string; attachmentId: string }) => api.delete<Meeting>(`/meetings/${id}/attachments/${attachmentId}`),
      onSuccess: settle,
      onError: (_error, { id }) => reload(id),
    }),
  };
}
