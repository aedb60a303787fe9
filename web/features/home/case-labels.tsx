import { Tag, Typography } from 'antd';
import { useT } from '../../app/i18n';

/** A case's state as the server names it in the reader's language, coloured by where it stands. */
export function CaseStateTag({ stateName, outcome, closed, overdue }: { stateName: string; outcome?: string | null; closed?: boolean; overdue?: boolean }) {
  const color = overdue ? 'error' : outcome === 'rejected' ? 'error' : closed ? 'success' : 'processing';
  return <Tag color={color}>{stateName}</Tag>;
}

/** "剩 3 个工作日" / "超期 2 个工作日" with a colour a clerk reads at a glance. */
export function DeadlineText({ overdue, workingDaysLeft, dueOn }: { overdue: boolean; workingDaysLeft: number | null; dueOn: string | null }) {
  const t = useT();
  if (!dueOn || workingDaysLeft === null) return <Typography.Text type="secondary">—</Typography.Text>;
  if (overdue) return <Tag color="error" data-testid="deadline-overdue">{t('home.deadline.overdue', { days: Math.abs(workingDaysLeft) })}</Tag>;
  return <Tag color={workingDaysLeft <= 1 ? 'warning' : undefined}>{t('home.deadline.left', { days: workingDaysLeft })}</Tag>;
}
