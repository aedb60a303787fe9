import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZInboxItem } from '../../../contracts/cases';
import type { ZWorkbench } from '../../../contracts/workbench';
import { api } from '../../app/api';
import { usePagedList } from '../../app/query';

export type Workbench = z.infer<typeof ZWorkbench>;
export type InboxItem = z.infer<typeof ZInboxItem>;

/** Shares the inbox's key prefix, so whatever refreshes the inbox after an act refreshes the workbench too. */
export const workbenchKeys = { workbench: ['inbox', 'workbench'] as const, inbox: ['inbox'] as const };

export function useWorkbench() {
  return useQuery({ queryKey: workbenchKeys.workbench, queryFn: ({ signal }) => api.get<Workbench>('/workbench', undefined, signal), staleTime: 30_000 });
}

export function useInbox(overdueOnly = false) {
  return usePagedList<InboxItem>(workbenchKeys.inbox, '/inbox', { overdueOnly: overdueOnly || undefined });
}
