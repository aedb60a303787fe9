import { Tag, Typography } from 'antd';
import { useT } from '../app/i18n';

/** "剩 3 个工作日" / "超期 2 个工作日" with a colour a clerk reads at a glance; a dash without a deadline. */
export function DeadlineText({ overdue, workingDaysLeft, dueOn }: { overdue: boolean; workingDaysLeft: number | null; dueOn: string | null }) {
  const t = useT();
  if (!dueOn || workingDaysLeft === null) return <Typography.Text type="secondary">—</Typography.Text>;
  if (overdue) return <Tag color="error" data-testid="deadline-overdue">{t('deadline.overdue', { days: Math.abs(workingDaysLeft) })}</Tag>;
  return <Tag color={workingDaysLeft <= 1 ? 'warning' : undefined}>{t('deadline.left', { days: workingDaysLeft })}</Tag>;
}
