import { QueryClient, useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useCallback, useMemo } from 'react';
import { api, ProblemError, type Page, type Query } from './api';
import { useT, type Translate } from './i18n';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network and 5xx get two more tries.
      retry: (failureCount, error) => !(error instanceof ProblemError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

/** The sentence to show for an error: the server's localized detail, else its title, else ours. */
export function problemMessage(error: unknown, t: Translate): string {
  if (error instanceof ProblemError) {
    if (error.code === 'network') return t('error.network');
    const text = error.detail || error.title || t('error.unknown');
    // A field error the form could not show still has to reach the user.
    return error.errors.length > 0 ? `${text} ${error.errors.map((e) => e.message).join('；')}` : text;
  }
  return t('error.unknown');
}

/**
 * Puts `errors[].path` of a 422 onto the form's fields. `mapPath` renames server paths to field names
 * (e.g. `grants.0.regionId` → `scope`); it returns null to leave a path for the toast instead.
 * Returns true when at least one field got a message.
 */
export function applyProblemToForm(form: FormInstance, error: unknown, mapPath: (path: string) => string | null = (p) => p): boolean {
  if (!(error instanceof ProblemError) || error.errors.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const byField = new Map<string, string[]>();
  for (const fieldError of error.errors) {
    const name = mapPath(fieldError.path);
    if (!name || !known.has(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), fieldError.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size > 0;
}

/** Toasts for mutations: `notifyError` shows the problem's detail; with a form, field errors go to the fields. */
export function useFeedback() {
  const { message } = App.useApp();
  const t = useT();
  const notifyError = useCallback(
    (error: unknown, form?: FormInstance, mapPath?: (path: string) => string | null) => {
      const onFields = form ? applyProblemToForm(form, error, mapPath) : false;
      if (onFields && error instanceof ProblemError) {
        void message.error(error.detail || t('error.checkFields'));
        return;
      }
      void message.error(problemMessage(error, t));
    },
    [message, t],
  );
  const notifySuccess = useCallback((text: string) => void message.success(text), [message]);
  return useMemo(() => ({ notifyError, notifySuccess }), [notifyError, notifySuccess]);
}

export const PAGE_SIZE = 50;

/**
 * A cursor-paged list endpoint ({items, nextCursor}) as one infinite query; pages flatten into `items`. `P` names a
 * page that carries more than its rows (an organization's project record brings its summary with each page).
 */
export function usePagedList<T, P extends Page<T> = Page<T>>(queryKey: QueryKey, path: string, query: Query, options: { enabled?: boolean; pageSize?: number } = {}) {
  const result = useInfiniteQuery({
    queryKey: [...queryKey, query],
    queryFn: ({ pageParam, signal }) => api.get<P>(path, { ...query, limit: options.pageSize ?? PAGE_SIZE, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: options.enabled ?? true,
  });
  const items = useMemo(() => result.data?.pages.flatMap((page) => page.items) ?? [], [result.data]);
  return { ...result, items };
}

/**
 * Every row of a cursor-paged list, page after page: for the few callers that need the whole set at once (a
 * selector built from it). Lists people read page by page use usePagedList and LoadMore instead.
 */
export async function fetchAllPages<T>(path: string, query: Query, signal?: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 100, cursor: cursor ?? undefined }, signal);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
