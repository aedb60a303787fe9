import { Tag } from 'antd';
import { AUDIT_ACTIONS } from '../../../contracts/audit-actions';
import { ROLE_NAMES } from '../../../contracts/roles';
import { useT, type Locale, type MessageKey } from '../../app/i18n';
import type { Outcome } from './audit-api';

/** Outcome → label and Tag colour, in one place. */
export const OUTCOME_TAG: Record<Outcome, { label: MessageKey; color: string }> = {
  success: { label: 'audit.outcome.success', color: 'success' },
  denied: { label: 'audit.outcome.denied', color: 'warning' },
  failure: { label: 'audit.outcome.failure', color: 'error' },
};

export function OutcomeTag({ outcome }: { outcome: Outcome }) {
  const t = useT();
  const look = OUTCOME_TAG[outcome];
  return <Tag color={look.color}>{t(look.label)}</Tag>;
}

/** Entity types that audit events name, as people call them. */
export const ENTITY_TYPES: Record<string, MessageKey> = {
  region: 'audit.entity.region',
  user: 'audit.entity.user',
  calendarDay: 'audit.entity.calendarDay',
  calendarYear: 'audit.entity.calendarYear',
};

/** The audit action catalogue (shared with the server) as Select options in the UI language. */
export function actionOptions(locale: Locale) {
  return Object.entries(AUDIT_ACTIONS).map(([value, names]) => ({ value, label: locale === 'zh-CN' ? names.zh : names.en }));
}

/** `actingRole` is a role key; show the role's name (the same table the server uses). */
export function roleName(role: string | null, locale: Locale): string {
  if (!role) return '—';
  const names = (ROLE_NAMES as Record<string, { zh: string; en: string } | undefined>)[role];
  return names ? (locale === 'zh-CN' ? names.zh : names.en) : role;
}
