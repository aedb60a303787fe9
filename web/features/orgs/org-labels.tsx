import { Tag, Typography } from 'antd';
import { useT, type MessageKey } from '../../app/i18n';
import type { Org } from './orgs-api';

/** One colour per registry status, wherever an org's status is shown. */
const STATUS_COLOR: Record<Org['status'], string> = { active: 'green', changing: 'gold', deregistered: 'default', revoked: 'red' };

export function StatusTag({ status }: { status: Org['status'] }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`org.status.${status}` as MessageKey)}</Tag>;
}

export function GradeTag({ grade }: { grade: Org['grade'] }) {
  const t = useT();
  return grade ? <Tag color="blue">{grade}</Tag> : <Typography.Text type="secondary">{t('org.gradeNone')}</Typography.Text>;
}
