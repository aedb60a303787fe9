import { useMutation } from '@tanstack/react-query';
import { api, formWith, RETURN_MINIMAL } from '../../app/api';
import type { CaseAttachment } from './case-kit';

/** What a transition sends: the event, the case version the page showed (a stale one answers 409), and its words. */
export interface TransitionBody {
  event: string;
  version: number;
  comment?: string;
  input?: Record<string, unknown>;
}

/**
 * Fires an event on a case. `Prefer: return=minimal`: the page reloads the case after any act (`onSettled`, also
 * after a refusal, so a 409 shows what the other person did), so the answer need not carry the case file too.
 */
export function useTransition(caseId: string, onSettled: () => unknown) {
  return useMutation({
    mutationFn: (body: TransitionBody) => api.post<void>(`/cases/${caseId}/transitions`, body, RETURN_MINIMAL),
    onSettled: () => void onSettled(),
  });
}

/** A file for the case (optionally for one checklist item), through the shared client: CSRF, language, progress 0–100. */
export function uploadCaseFile(caseId: string, file: File, options: { item?: string; onProgress?: (percent: number) => void; signal?: AbortSignal } = {}): Promise<CaseAttachment> {
  return api.upload<CaseAttachment>(`/cases/${caseId}/attachments`, formWith(file, options.item ? { item: options.item } : {}), { onProgress: options.onProgress, signal: options.signal });
}

export function caseAttachmentUrl(caseId: string, attachmentId: string): string {
  return `/api/v1/cases/${caseId}/attachments/${attachmentId}`;
}
