import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ZProcurementBandForAmount, ZRubricSettings, ZStandardSettings } from '../../../contracts/projects/settings';
import type {
  ProjectProposal,
  ProjectState,
  ZBid,
  ZContract,
  ZEvaluation,
  ZExpert,
  ZIndicatorProgress,
  ZMilestoneCondition,
  ZMonthlyReport,
  ZMonthlyReportInput,
  ZObjection,
  ZPayment,
  ZProject,
  ZProjectDocuments,
  ZProjectSummary,
  ZRanking,
  ZRectification,
  ZServiceRecord,
  ZServiceRecordInput,
  ZSupervisionInput,
  ZSupervisionVisit,
} from '../../../contracts/projects';
import type { ZAttachment } from '../../../contracts/cases';
import { api, ProblemError } from '../../app/api';
import { usePagedList } from '../../app/query';
import { caseAttachmentUrl, uploadCaseFile } from '../cases/cases-api';

export type Project = z.infer<typeof ZProject>;
export type ProjectSummary = z.infer<typeof ZProjectSummary>;
export type Bid = z.infer<typeof ZBid>;
export type Expert = z.infer<typeof ZExpert>;
export type Ranking = z.infer<typeof ZRanking>;
export type Objection = z.infer<typeof ZObjection>;
export type Contract = z.infer<typeof ZContract>;
export type Milestone = Contract['milestones'][number];
export type Payment = z.infer<typeof ZPayment>;
export type MilestoneConditionStatus = z.infer<typeof ZMilestoneCondition>;
export type ProjectDocuments = z.infer<typeof ZProjectDocuments>;
export type ProjectDocument = ProjectDocuments['items'][number];
export type ProjectMeetingNote = ProjectDocuments['meetings'][number];
export type ServiceRecord = z.infer<typeof ZServiceRecord>;
export type ServiceRecordInput = z.input<typeof ZServiceRecordInput>;
export type IndicatorProgress = z.infer<typeof ZIndicatorProgress>;
export type MonthlyReport = z.infer<typeof ZMonthlyReport>;
export type MonthlyReportInput = z.input<typeof ZMonthlyReportInput>;
export type SupervisionVisit = z.infer<typeof ZSupervisionVisit>;
export type SupervisionInput = z.input<typeof ZSupervisionInput>;
export type Rectification = z.infer<typeof ZRectification>;
export type Evaluation = z.infer<typeof ZEvaluation>;
export type EvaluationStandard = z.infer<typeof ZStandardSettings>;
export type Rubric = z.infer<typeof ZRubricSettings>;
export type ProcurementBandForAmount = z.infer<typeof ZProcurementBandForAmount>;
export type Attachment = z.infer<typeof ZAttachment>;

export interface ProjectFilter {
  state?: ProjectState;
  /** One city's, for whoever reaches several. */
  cityId?: string;
  departmentId?: string;
  catalogCategoryId?: string;
  townId?: string;
  year?: number;
  overdueOnly?: boolean;
  q?: string;
}

/** Everything about projects lives under ['projects'], so one invalidation after an act refreshes every view of it. */
export const projectKeys = {
  all: ['projects'] as const,
  list: ['projects', 'list'] as const,
  detail: (id: string) => ['projects', 'detail', id] as const,
  part: (id: string, part: string) => ['projects', 'detail', id, part] as const,
  evaluators: ['projects', 'evaluators'] as const,
  standard: ['projects', 'evaluation-standard'] as const,
  rubric: ['projects', 'scoring-rubric'] as const,
  procurementBand: (amountFen: number) => ['projects', 'procurement-band', amountFen] as const,
};

export function useProjects(filter: ProjectFilter) {
  return usePagedList<ProjectSummary>(projectKeys.list, '/projects', { ...filter });
}

export function useProject(id: string) {
  return useQuery({ queryKey: projectKeys.detail(id), queryFn: ({ signal }) => api.get<Project>(`/projects/${id}`, undefined, signal), enabled: id !== '' });
}

/** A part that exists only from some stage on (the contract, the evaluation): a 404 means "not yet", not an error. */
async function orNull<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) return null;
    throw error;
  }
}

const items = <T>(path: string, signal?: AbortSignal) => api.get<{ items: T[] }>(path, undefined, signal).then((r) => r.items);

export function useBids(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'bids'), queryFn: ({ signal }) => api.get<{ items: Bid[]; sealedCount: number }>(`/projects/${projectId}/bids`, undefined, signal), enabled });
}

export function useExperts(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'experts'), queryFn: ({ signal }) => items<Expert>(`/projects/${projectId}/experts`, signal), enabled });
}

export function useEvaluators(enabled = true) {
  return useQuery({ queryKey: projectKeys.evaluators, queryFn: ({ signal }) => items<{ id: string; name: string }>('/evaluators', signal), enabled, staleTime: 5 * 60_000 });
}

export function useRanking(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'ranking'), queryFn: ({ signal }) => api.get<Ranking>(`/projects/${projectId}/ranking`, undefined, signal), enabled });
}

export function useObjections(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'objections'), queryFn: ({ signal }) => items<Objection>(`/projects/${projectId}/objections`, signal), enabled });
}

export function useContract(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'contract'), queryFn: ({ signal }) => orNull(api.get<Contract>(`/projects/${projectId}/contract`, undefined, signal)), enabled });
}

export function usePayments(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'payments'), queryFn: ({ signal }) => items<Payment>(`/projects/${projectId}/payments`, signal), enabled });
}

/** Whether each milestone's payment condition holds now, and why (the server's own check). */
export function useMilestoneConditions(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'milestone-conditions'), queryFn: ({ signal }) => items<MilestoneConditionStatus>(`/projects/${projectId}/milestone-conditions`, signal), enabled });
}

/** Every file of the project the caller may open (case attachments with their origin, meeting files) and the meetings' minutes. */
export function useProjectDocuments(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'documents'), queryFn: ({ signal }) => api.get<ProjectDocuments>(`/projects/${projectId}/documents`, undefined, signal), enabled });
}

/** The latest service first, in pages (the delivery tab's LoadMore). */
export function useServiceRecords(projectId: string, enabled = true) {
  return usePagedList<ServiceRecord>(projectKeys.part(projectId, 'records'), `/projects/${projectId}/service-records`, {}, { enabled });
}

export function useIndicatorProgress(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'indicators'), queryFn: ({ signal }) => items<IndicatorProgress>(`/projects/${projectId}/indicators`, signal), enabled });
}

export function useMonthlyReports(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'reports'), queryFn: ({ signal }) => items<MonthlyReport>(`/projects/${projectId}/reports`, signal), enabled });
}

/** The latest visit first, each with its rectification items, in pages (the supervision tab's LoadMore). */
export function useSupervision(projectId: string, enabled = true) {
  return usePagedList<SupervisionVisit>(projectKeys.part(projectId, 'supervision'), `/projects/${projectId}/supervision`, {}, { enabled });
}

export function useEvaluation(projectId: string, enabled = true) {
  return useQuery({ queryKey: projectKeys.part(projectId, 'evaluation'), queryFn: ({ signal }) => orNull(api.get<Evaluation>(`/projects/${projectId}/evaluation`, undefined, signal)), enabled });
}

/** The final-evaluation standard (criteria and grade bands): data the office edits. */
export function useEvaluationStandard(enabled = true) {
  return useQuery({ queryKey: projectKeys.standard, queryFn: ({ signal }) => api.get<EvaluationStandard>('/evaluation-standard', undefined, signal), enabled, staleTime: 5 * 60_000 });
}

/** The procurement rubric: criteria, how many experts a panel needs, how long the award notice lasts. */
export function useRubric(enabled = true) {
  return useQuery({ queryKey: projectKeys.rubric, queryFn: ({ signal }) => api.get<Rubric>('/scoring-rubric', undefined, signal), enabled, staleTime: 5 * 60_000 });
}

/** The city's procurement method band for a budget (the call's default method, and whether it binds); null: none set. */
export function useProcurementBand(amountFen: number) {
  return useQuery({
    queryKey: projectKeys.procurementBand(amountFen),
    queryFn: ({ signal }) => api.get<ProcurementBandForAmount>('/procurement-bands/for-amount', { amountFen }, signal).then((r) => r.band),
    staleTime: 5 * 60_000,
  });
}

/** After any act on a project: the project, its parts, lists, calls and reviews, and the inbox may all have changed. */
export function useRefreshProjects() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: projectKeys.all });
    void client.invalidateQueries({ queryKey: ['calls'] });
    void client.invalidateQueries({ queryKey: ['reviews'] });
    void client.invalidateQueries({ queryKey: ['funds'] });
    void client.invalidateQueries({ queryKey: ['inbox'] });
    void client.invalidateQueries({ queryKey: ['notifications'] });
  };
}

export function useProjectMutations() {
  const refresh = useRefreshProjects();
  return {
    propose: useMutation({ mutationFn: (body: ProjectProposal) => api.post<Project>('/projects', body), onSuccess: refresh }),
    updateDraft: useMutation({ mutationFn: ({ id, ...body }: Partial<ProjectProposal> & { id: string; version: number }) => api.patch<Project>(`/projects/${id}`, body), onSettled: refresh }),
    assignExperts: useMutation({ mutationFn: ({ projectId, userIds }: { projectId: string; userIds: string[] }) => api.post<{ items: Expert[] }>(`/projects/${projectId}/experts`, { userIds }), onSettled: refresh }),
    lodgeObjection: useMutation({ mutationFn: ({ projectId, text }: { projectId: string; text: string }) => api.post<Objection>(`/projects/${projectId}/objections`, { text }), onSettled: refresh }),
    answerObjection: useMutation({
      mutationFn: ({ id, ...body }: { id: string; answer: string; upheld: boolean; version: number }) => api.post<Objection>(`/objections/${id}/answer`, body),
      onSettled: refresh,
    }),
    requestPayment: useMutation({
      mutationFn: ({ projectId, ...body }: { projectId: string; milestoneId: string; note?: string }) => api.post<Payment>(`/projects/${projectId}/payments`, body),
      onSettled: refresh,
    }),
    /** One Idempotency-Key per click: a retry of the same request replays the first answer, never pays twice. */
    pay: useMutation({
      mutationFn: ({ id, idempotencyKey, ...body }: { id: string; voucherNo: string; version: number; idempotencyKey: string }) =>
        api.post<Payment>(`/payments/${id}/pay`, body, { 'Idempotency-Key': idempotencyKey }),
      onSettled: refresh,
    }),
    rejectPayment: useMutation({ mutationFn: ({ id, ...body }: { id: string; reason: string; version: number }) => api.post<Payment>(`/payments/${id}/reject`, body), onSettled: refresh }),
    addRecord: useMutation({ mutationFn: ({ projectId, ...body }: ServiceRecordInput & { projectId: string }) => api.post<ServiceRecord>(`/projects/${projectId}/service-records`, body), onSuccess: refresh }),
    submitReport: useMutation({ mutationFn: ({ projectId, ...body }: MonthlyReportInput & { projectId: string }) => api.post<MonthlyReport>(`/projects/${projectId}/reports`, body), onSuccess: refresh }),
    recordVisit: useMutation({ mutationFn: ({ projectId, ...body }: SupervisionInput & { projectId: string }) => api.post<SupervisionVisit>(`/projects/${projectId}/supervision`, body), onSuccess: refresh }),
    respondRectification: useMutation({
      mutationFn: ({ id, ...body }: { id: string; response: string; version: number; attachmentIds?: string[] }) => api.post<Rectification>(`/rectifications/${id}/response`, body),
      onSettled: refresh,
    }),
    reviewRectification: useMutation({
      mutationFn: ({ id, ...body }: { id: string; accept: boolean; comment?: string; version: number }) => api.post<Rectification>(`/rectifications/${id}/review`, body),
      onSettled: refresh,
    }),
  };
}

/** A photo or document for the project's case (the case kit's upload, with its progress); answers the attachment. */
export function uploadProjectFile(caseId: string, file: File, onProgress?: (percent: number) => void): Promise<Attachment> {
  return uploadCaseFile(caseId, file, { onProgress });
}

export const attachmentUrl = caseAttachmentUrl;

/** A new Idempotency-Key: a random UUID. */
export function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts; an intranet served over plain HTTP still has getRandomValues.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
