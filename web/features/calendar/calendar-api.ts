import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';

export type DayKind = 'holiday' | 'workday';
export interface CalendarDay {
  date: string;
  kind: DayKind;
  name: string | null;
  source: 'official' | 'manual';
}
export interface CalendarYear {
  year: number;
  known: boolean;
  days: CalendarDay[];
}

const yearKey = (year: number) => ['calendar', year] as const;

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: yearKey(year), queryFn: () => api.get<CalendarYear>('/calendar', { year }) });
}

export function useCalendarDayMutations(year: number) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: yearKey(year) });
  return {
    set: useMutation({
      mutationFn: ({ date, kind, name }: { date: string; kind: DayKind; name: string | null }) => api.put<unknown>(`/calendar/days/${date}`, { kind, name }),
      onSuccess: refresh,
    }),
    clear: useMutation({
      mutationFn: (date: string) => api.delete<void>(`/calendar/days/${date}`),
      onSuccess: refresh,
    }),
  };
}

export function useWorkingDays() {
  return useMutation({
    mutationFn: ({ from, add }: { from: string; add: number }) => api.get<{ from: string; add: number; date: string }>('/calendar/working-days', { from, add }),
  });
}
