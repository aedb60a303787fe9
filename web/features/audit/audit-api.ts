import { useMutation } from '@tanstack/react-query';
import type { AuditEventDto } from '../../../contracts/audit';
import { api } from '../../app/api';
import { usePagedList } from '../../app/query';

export type AuditEvent = AuditEventDto;
export type Outcome = AuditEvent['outcome'];

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: Outcome;
  from?: string;
  to?: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; reason: string } | null;
}

export function useAuditEvents(filter: AuditFilter) {
  return usePagedList<AuditEvent>(['audit', 'events'], '/audit/events', { ...filter });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<VerifyResult>('/audit/verify') });
}
