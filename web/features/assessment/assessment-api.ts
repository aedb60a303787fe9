import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  RubricInput,
  RubricKind,
  ZAdjustmentEntryInput,
  ZAppeal,
  ZAppealAnswer,
  ZAppealInput,
  ZDeclarationInput,
  ZPanelInput,
  ZPanelMember,
  ZReview,
  ZReviewListItem,
  ZReviewSheet,
  ZRound,
  ZRoundInput,
  ZRoundResults,
  ZRoundSubject,
  ZRubric,
  ZSelfInput,
  ZSelfSheet,
  ZSheetInput,
  ZStation,
  ZSubjectTrace,
} from '../../../contracts/assessment';
import type { ZCase } from '../../../contracts/cases';
import { api, formWith } from '../../app/api';

export type Rubric = z.infer<typeof ZRubric>;
export type Round = z.infer<typeof ZRound>;
export type RoundSubject = z.infer<typeof ZRoundSubject>;
export type RoundResults = z.infer<typeof ZRoundResults>;
export type RoundResult = RoundResults['items'][number];
export type PanelMember = z.infer<typeof ZPanelMember>;
export type SubjectTrace = z.infer<typeof ZSubjectTrace>;
export type Appeal = z.infer<typeof ZAppeal>;
export type Station = z.infer<typeof ZStation>;
export type Review = z.infer<typeof ZReview>;
export type ReviewListItem = z.infer<typeof ZReviewListItem>;
export type ReviewSheet = z.infer<typeof ZReviewSheet>;
export type SelfSheet = z.infer<typeof ZSelfSheet>;
export type SheetIndicator = SelfSheet['indicators'][number];
export type EvidenceFile = SheetIndicator['evidence'][number];
export type CaseFile = z.infer<typeof ZCase>;
/** `mayAct`: the caller fills it in (its own people); otherwise they follow it read-only (a town's staff, their station). */
export type MySubject = { id: string; name: string; code: string; selfSubmittedAt: string | null; mayAct: boolean };

/** The rounds list's filters as the address keeps them. */
export interface RoundFilter {
  kind?: RubricKind;
  year?: number;
}

const items = <T>(path: string, query?: Record<string, string | number | undefined>) => api.get<{ items: T[] }>(path, query).then((r) => r.items);

export const assessmentKeys = {
  all: ['assessment'] as const,
  rounds: (filter: RoundFilter) => ['assessment', 'rounds', filter] as const,
  round: (id: string) => ['assessment', 'round', id] as const,
  roundPart: (id: string, part: string) => ['assessment', 'round', id, part] as const,
  caseFile: (id: string) => ['assessment', 'case', id] as const,
  trace: (id: string, subjectId: string) => ['assessment', 'round', id, 'trace', subjectId] as const,
  rubrics: (kind: RubricKind | undefined, state: 'published' | 'all') => ['assessment', 'rubrics', kind ?? '', state] as const,
  rubric: (id: string) => ['assessment', 'rubric', id] as const,
  formulas: ['assessment', 'formulas'] as const,
  stations: ['assessment', 'stations'] as const,
  reviews: ['assessment', 'reviews'] as const,
  review: (id: string) => ['assessment', 'reviews', id] as const,
  sheet: (id: string, label: string) => ['assessment', 'reviews', id, label] as const,
  mine: (id: string) => ['assessment', 'round', id, 'mine'] as const,
  self: (id: string, subjectId: string) => ['assessment', 'round', id, 'self', subjectId] as const,
};

export const useRounds = (filter: RoundFilter, enabled = true) => useQuery({ queryKey: assessmentKeys.rounds(filter), queryFn: () => items<Round>('/assessment/rounds', { kind: filter.kind, year: filter.year }), enabled });
export const useRound = (id: string) => useQuery({ queryKey: assessmentKeys.round(id), queryFn: () => api.get<Round>(`/assessment/rounds/${id}`), retry: false });
/** The case engine's file of the round: its steps (the timeline) and the events this user may fire. */
export const useRoundCase = (id: string) => useQuery({ queryKey: assessmentKeys.caseFile(id), queryFn: () => api.get<CaseFile>(`/cases/${id}`), retry: false });
export const useSubjects = (id: string) => useQuery({ queryKey: assessmentKeys.roundPart(id, 'subjects'), queryFn: () => items<RoundSubject>(`/assessment/rounds/${id}/subjects`) });
export const usePanel = (id: string) => useQuery({ queryKey: assessmentKeys.roundPart(id, 'panel'), queryFn: () => items<PanelMember>(`/assessment/rounds/${id}/panel`) });
export const useResults = (id: string | undefined) =>
  useQuery({ queryKey: assessmentKeys.roundPart(id ?? '', 'results'), queryFn: () => api.get<RoundResults>(`/assessment/rounds/${id}/results`), enabled: !!id, retry: false });
export const useAppeals = (id: string) => useQuery({ queryKey: assessmentKeys.roundPart(id, 'appeals'), queryFn: () => items<Appeal>(`/assessment/rounds/${id}/appeals`) });
export const useTrace = (id: string, subjectId: string | null) =>
  useQuery({ queryKey: assessmentKeys.trace(id, subjectId ?? ''), queryFn: () => api.get<SubjectTrace>(`/assessment/rounds/${id}/subjects/${subjectId}/trace`), enabled: !!subjectId });
export const useRubrics = (kind: RubricKind | undefined, state: 'published' | 'all' = 'published', enabled = true) =>
  useQuery({ queryKey: assessmentKeys.rubrics(kind, state), queryFn: () => items<Rubric>('/assessment/rubrics', { kind, state }), enabled });
export const useRubric = (id: string) => useQuery({ queryKey: assessmentKeys.rubric(id), queryFn: () => api.get<Rubric>(`/assessment/rubrics/${id}`), retry: false });
/** The formulas a computed indicator may name, each registered by the module that owns its data. */
export type Formula = { name: string; label: { zh: string; en: string }; description: string; subjectTypes: string[] };
export const useFormulas = () => useQuery({ queryKey: assessmentKeys.formulas, queryFn: () => items<Formula>('/assessment/formulas'), staleTime: 10 * 60_000 });
/** The city's social work stations with their towns, operating agencies and contracts. */
export const useStations = () => useQuery({ queryKey: assessmentKeys.stations, queryFn: () => items<Station>('/assessment/stations') });

/** The evaluators' pool (the procurement's, GET /evaluators; the same cache as the projects' panel). */
export const useEvaluatorPool = (enabled = true) =>
  useQuery({ queryKey: ['projects', 'evaluators'], queryFn: () => items<{ id: string; name: string }>('/evaluators'), enabled, staleTime: 5 * 60_000 });

export const useMyReviews = () => useQuery({ queryKey: assessmentKeys.reviews, queryFn: () => items<ReviewListItem>('/assessment/reviews') });
export const useReview = (id: string) => useQuery({ queryKey: assessmentKeys.review(id), queryFn: () => api.get<Review>(`/assessment/reviews/${id}`), retry: false });
export const useSheet = (id: string, label: string) => useQuery({ queryKey: assessmentKeys.sheet(id, label), queryFn: () => api.get<ReviewSheet>(`/assessment/reviews/${id}/subjects/${label}`), retry: false });
/** A station's residents' survey: its public link, the QR code (SVG) and the answers so far (the office's). */
export const useSurveyLink = (id: string, subjectId: string, enabled: boolean) =>
  useQuery({ queryKey: [...assessmentKeys.trace(id, subjectId), 'survey'], queryFn: () => api.get<{ url: string; qrSvg: string; answers: number; mean: number | null; open: boolean }>(`/assessment/rounds/${id}/subjects/${subjectId}/survey`), enabled, retry: false });
export const useMySubjects = (id: string | undefined) => useQuery({ queryKey: assessmentKeys.mine(id ?? ''), queryFn: () => items<MySubject>(`/assessment/rounds/${id}/mine`), enabled: !!id });
export const useSelfSheet = (id: string, subjectId: string) =>
  useQuery({ queryKey: assessmentKeys.self(id, subjectId), queryFn: () => api.get<SelfSheet>(`/assessment/rounds/${id}/subjects/${subjectId}/self`), retry: false });

/** Results of several rounds at once (a town's trend across the years). */
export const useManyResults = (ids: readonly string[]) =>
  useQueries({ queries: ids.map((id) => ({ queryKey: assessmentKeys.roundPart(id, 'results'), queryFn: () => api.get<RoundResults>(`/assessment/rounds/${id}/results`), retry: false })) });

/** Reloads everything of one round (after any act on it, a refused one too). */
export function useRefreshRound(id: string) {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: assessmentKeys.round(id) }), client.invalidateQueries({ queryKey: assessmentKeys.caseFile(id) }), client.invalidateQueries({ queryKey: ['assessment', 'rounds'] })]);
}

export function useOfficeMutations(roundId: string) {
  const client = useQueryClient();
  const reload = () => void client.invalidateQueries({ queryKey: assessmentKeys.round(roundId) });
  return {
    assignPanel: useMutation({ mutationFn: (body: z.input<typeof ZPanelInput>) => api.post<{ items: PanelMember[] }>(`/assessment/rounds/${roundId}/panel`, body), onSuccess: reload }),
    refreshComputed: useMutation({ mutationFn: () => api.post<{ refreshed: number }>(`/assessment/rounds/${roundId}/computed`, {}), onSuccess: reload }),
    addAdjustment: useMutation({
      mutationFn: ({ subjectId, ...body }: z.input<typeof ZAdjustmentEntryInput> & { subjectId: string }) => api.post<SubjectTrace>(`/assessment/rounds/${roundId}/subjects/${subjectId}/adjustments`, body),
      onSuccess: reload,
    }),
    removeAdjustment: useMutation({
      mutationFn: ({ subjectId, entryId }: { subjectId: string; entryId: string }) => api.delete<SubjectTrace>(`/assessment/rounds/${roundId}/subjects/${subjectId}/adjustments/${entryId}`),
      onSuccess: reload,
    }),
    answerAppeal: useMutation({ mutationFn: ({ id, ...body }: z.input<typeof ZAppealAnswer> & { id: string }) => api.post<Appeal>(`/assessment/appeals/${id}/answer`, body), onSettled: reload }),
  };
}

export function useRoundMutations() {
  const client = useQueryClient();
  return {
    openRound: useMutation({ mutationFn: (body: z.input<typeof ZRoundInput>) => api.post<Round>('/assessment/rounds', body), onSuccess: () => void client.invalidateQueries({ queryKey: ['assessment', 'rounds'] }) }),
    draftRubric: useMutation({ mutationFn: (body: RubricInput) => api.post<Rubric>('/assessment/rubrics', body), onSuccess: () => void client.invalidateQueries({ queryKey: ['assessment', 'rubrics'] }) }),
    publishRubric: useMutation({
      mutationFn: ({ id, rowVersion }: { id: string; rowVersion: number }) => api.post<Rubric>(`/assessment/rubrics/${id}/publish`, { rowVersion }),
      onSettled: () => void client.invalidateQueries({ queryKey: ['assessment', 'rubrics'] }),
    }),
  };
}

/** A draft's whole tree replaced against the row version read; the saved copy goes into the caches at once. */
export function useRubricMutations() {
  const client = useQueryClient();
  return {
    updateRubric: useMutation({
      mutationFn: ({ id, body }: { id: string; body: RubricInput & { rowVersion: number } }) => api.put<Rubric>(`/assessment/rubrics/${id}`, body),
      onSuccess: (saved) => {
        client.setQueryData(assessmentKeys.rubric(saved.id), saved);
        void client.invalidateQueries({ queryKey: ['assessment', 'rubrics'] });
      },
    }),
  };
}

export function useReviewMutations(roundId: string) {
  const client = useQueryClient();
  return {
    declare: useMutation({
      mutationFn: (body: z.input<typeof ZDeclarationInput>) => api.post<Review>(`/assessment/reviews/${roundId}/declaration`, body),
      onSuccess: (review) => {
        client.setQueryData(assessmentKeys.review(roundId), review);
        void client.invalidateQueries({ queryKey: assessmentKeys.reviews });
      },
    }),
    save: useMutation({
      mutationFn: ({ label, ...body }: z.input<typeof ZSheetInput> & { label: string }) => api.put<ReviewSheet>(`/assessment/reviews/${roundId}/subjects/${label}`, body),
      onSuccess: (sheet) => {
        client.setQueryData(assessmentKeys.sheet(roundId, sheet.label), sheet);
        void client.invalidateQueries({ queryKey: assessmentKeys.review(roundId) });
        void client.invalidateQueries({ queryKey: assessmentKeys.reviews });
      },
    }),
  };
}

export function useSelfMutations(roundId: string, subjectId: string) {
  const client = useQueryClient();
  const key = assessmentKeys.self(roundId, subjectId);
  return {
    save: useMutation({
      mutationFn: (body: z.input<typeof ZSelfInput>) => api.put<SelfSheet>(`/assessment/rounds/${roundId}/subjects/${subjectId}/self`, body),
      onSuccess: (sheet) => {
        client.setQueryData(key, sheet);
        void client.invalidateQueries({ queryKey: assessmentKeys.mine(roundId) });
      },
    }),
    appeal: useMutation({ mutationFn: (body: z.input<typeof ZAppealInput>) => api.post<Appeal>(`/assessment/rounds/${roundId}/subjects/${subjectId}/appeals`, body), onSuccess: () => void client.invalidateQueries({ queryKey: key }) }),
    reload: () => client.invalidateQueries({ queryKey: key }),
  };
}

/** One evidence file for one indicator, through the shared client (CSRF, language, progress). */
export const uploadEvidence = (roundId: string, subjectId: string, indicator: string, file: File, onProgress: (percent: number) => void) =>
  api.upload<EvidenceFile>(`/assessment/rounds/${roundId}/subjects/${subjectId}/evidence?indicator=${encodeURIComponent(indicator)}`, formWith(file), { onProgress });
