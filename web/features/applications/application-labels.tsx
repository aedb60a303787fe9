import { Tag } from 'antd';
import type { ApplicationState } from '../../../contracts/application-kinds';
import { APPLICATION_STATE_NAMES } from '../../../contracts/application-kinds';
import { useI18n, useT, type MessageKey } from '../../app/i18n';

/** One colour per state, used wherever an application's state is shown. */
const STATE_COLORS: Record<ApplicationState, string> = {
  draft: 'default',
  submitted: 'processing',
  supplementRequested: 'warning',
  reviewing: 'processing',
  deciding: 'purple',
  completed: 'success',
  withdrawn: 'default',
};

export function StateTag({ state, outcome }: { state: string; outcome?: string | null }) {
  const t = useT();
  const { locale } = useI18n();
  const s = state as ApplicationState;
  if (s === 'completed' && outcome === 'rejected') return <Tag color="error">{t('application.outcome.rejected')}</Tag>;
  if (s === 'completed' && outcome === 'approved') return <Tag color="success">{t('application.outcome.approved')}</Tag>;
  const names = APPLICATION_STATE_NAMES[s];
  return <Tag color={STATE_COLORS[s] ?? 'default'}>{names ? (locale === 'en-US' ? names.en : names.zh) : state}</Tag>;
}

export { DeadlineText } from '../../components/deadline-text';

/** The order of the happy path, for the Steps bar. */
export const PATH: { key: ApplicationState; title: MessageKey }[] = [
  { key: 'draft', title: 'application.path.draft' },
  { key: 'submitted', title: 'application.path.submitted' },
  { key: 'reviewing', title: 'application.path.reviewing' },
  { key: 'deciding', title: 'application.path.deciding' },
  { key: 'completed', title: 'application.path.completed' },
];
