import { Tag } from 'antd';
import { useT, type MessageKey } from '../../app/i18n';
import { grantLabel } from '../../app/layout';
import type { User } from './users-api';

/** Account status → label and Tag colour, in one place. */
export const USER_STATUS_TAG: Record<User['status'], { label: MessageKey; color: string }> = {
  active: { label: 'user.status.active', color: 'success' },
  disabled: { label: 'user.status.disabled', color: 'default' },
  locked: { label: 'user.status.locked', color: 'warning' },
};

export function UserStatusTag({ status }: { status: User['status'] }) {
  const t = useT();
  const look = USER_STATUS_TAG[status];
  return <Tag color={look.color}>{t(look.label)}</Tag>;
}

export function GrantTags({ grants }: { grants: User['grants'] }) {
  const t = useT();
  if (grants.length === 0) return <Tag>{t('user.noGrants')}</Tag>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {grants.map((grant) => (
        <Tag key={grant.id} color="blue" className="sz-tag-wrap">
          {grantLabel(grant)}
        </Tag>
      ))}
    </span>
  );
}
