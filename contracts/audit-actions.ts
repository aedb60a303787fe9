/**
 * The catalogue of audit actions: every audit event names one, and the UI shows its name. Collected from the
 * module manifests (contracts/<module>.manifest.ts), each module declaring the actions it writes.
 */
import type { Label } from './module.js';
import { MODULE_CONTRACTS, type DeclaredAuditAction } from './modules.js';

export type AuditAction = DeclaredAuditAction;

export const AUDIT_ACTIONS: Record<AuditAction, Label> = (() => {
  const all: Record<string, Label> = {};
  for (const c of MODULE_CONTRACTS) {
    for (const [action, label] of Object.entries(c.auditActions as Record<string, Label>)) {
      if (all[action]) throw new Error(`audit action ${action} is declared twice (the second time by ${c.module})`);
      all[action] = label;
    }
  }
  return all;
})();
