import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { useT, type Translate } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { ListShell } from '../../components/list-shell';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { PageHeader } from '../../components/page-header';
import { CreateUserDrawer } from './create-user-drawer';
import { UserDetailDrawer } from './user-detail-drawer';
import { GrantTags, UserStatusTag } from './user-labels';
import { useUsers, type User } from './users-api';

function userColumns(t: Translate, onOpen: (id: string) => void): ColumnsType<User> {
  return [
    { title: t('user.username'), dataIndex: 'username', width: 140 },
    {
      title: t('user.displayName'),
      dataIndex: 'displayName',
      width: 140,
      // An applicant's registered phone, masked by the server, under the name: no extra column on a list that must stay narrow.
      render: (name: string, user) => (
        <>
          <div>{name}</div>
          <PhoneMasked user={user} />
        </>
      ),
    },
    { title: t('user.grants'), key: 'grants', render: (_, user) => <GrantTags grants={user.grants} /> },
    { title: t('user.status'), dataIndex: 'status', width: 100, render: (status: User['status']) => <UserStatusTag status={status} /> },
    { title: t('user.lastLogin'), dataIndex: 'lastLoginAt', width: 160, render: (value: string | null) => <DateTimeText value={value} empty={t('user.neverLoggedIn')} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, user) => (
        <Button type="link" size="small" onClick={() => onOpen(user.id)} data-testid={`user-open-${user.username}`}>
          {t('common.details')}
        </Button>
      ),
    },
  ];
}

/** The phone an applicant registered with, as the list answers it (138****0001); nothing for staff accounts. */
function PhoneMasked({ user }: { user: User }) {
  return user.phoneMasked ? (
    <Typography.Text type="secondary" className="sz-text-sm" data-testid="user-phone">
      {user.phoneMasked}
    </Typography.Text>
  ) : null;
}

function UserCard({ user }: { user: User }) {
  const t = useT();
  return (
    <>
      <Space wrap size={8} className="sz-mb-4">
        <Typography.Text strong>{user.displayName}</Typography.Text>
        <Typography.Text type="secondary">{user.username}</Typography.Text>
        <PhoneMasked user={user} />
        <UserStatusTag status={user.status} />
      </Space>
      <div>
        <GrantTags grants={user.grants} />
      </div>
      <Typography.Text type="secondary" className="sz-text-sm">
        {t('user.lastLogin')}: <DateTimeText value={user.lastLoginAt} empty={t('user.neverLoggedIn')} />
      </Typography.Text>
    </>
  );
}

export function UsersPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const users = useUsers(q);
  const openId = params.get('id');
  const open = (id: string) => setParams({ id });
  const close = () => setParams({});

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        description={t('user.pageDescription')}
        extra={
          can('user.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
              {t('user.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <FilterBar>
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          onSearch={(value) => setQ(value.trim())}
          onChange={(e) => {
            if (!e.target.value) setQ('');
          }}
          className={filterWidth.wide}
          data-testid="user-search"
        />
        </FilterBar>
        <ListShell<User>
          list={users}
          columns={userColumns(t, open)}
          rowKey="id"
          renderCard={(user) => <UserCard user={user} />}
          onOpen={(user) => open(user.id)}
          empty={q ? t('user.searchEmpty', { q }) : t('user.empty')}
          scrollX={900}
          tableTestId="user-table"
          listTestId="user-list"
        />
      </Card>
      {creating ? <CreateUserDrawer open onClose={() => setCreating(false)} onCreated={(user) => open(user.id)} /> : null}
      <UserDetailDrawer id={openId} onClose={close} />
    </>
  );
}
