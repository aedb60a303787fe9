import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZReview, ZReviewSummary } from '../../../contracts/projects';
import { api } from '../../app/api';
import { usePagedList } from '../../app/query';

export type Review = z.infer<typeof ZReview>;
export type ReviewSummary = z.infer<typeof ZReviewSummary>;
export type ReviewBid = Review['bids'][number];

export const reviewKeys = {
  all: ['reviews'] as const,
  list: ['reviews', 'list'] as const,
  detail: (projectId: string) => ['reviews', 'detail', projectId] as const,
};

/** The expert's own assignments, in pages: those still to score (the project procuring) first, then the latest assigned. */
export function useMyReviews() {
  return usePagedList<ReviewSummary>(reviewKeys.list, '/reviews', {});
}

/** One assignment: the rubric, and — once no conflict is declared — the bids with the expert's own scores. */
export function useReview(projectId: string) {
  return useQuery({ queryKey: reviewKeys.detail(projectId), queryFn: ({ signal }) => api.get<Review>(`/reviews/${projectId}`, undefined, signal), enabled: projectId !== '' });
}

export function useReviewMutations(projectId: string) {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: reviewKeys.all });
    void client.invalidateQueries({ queryKey: ['projects'] });
  };
  return {
    declare: useMutation({
      mutationFn: (body: { hasConflict: boolean; note?: string }) => api.post<{ state: 'declared' | 'recused' }>(`/reviews/${projectId}/declaration`, body),
      onSettled: refresh,
    }),
    score: useMutation({
      mutationFn: ({ bidId, ...body }: { bidId: string; scores: Record<string, number>; comment?: string }) => api.put<{ bidId: string; total: number }>(`/bids/${bidId}/scores`, body),
      onSuccess: refresh,
    }),
  };
}
