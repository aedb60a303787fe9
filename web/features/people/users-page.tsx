import { ErrorAlert } from '../../components/error-alert';
import { PlusOutlined } from '@ant-design/icons';
import {  Button, Card, Empty, Input, List, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { CreateUserDrawer } from './create-user-drawer';
import { UserDetailDrawer } from './user-detail-drawer';
import { GrantTags, UserStatusTag } from './user-labels';
import { useUsers, type User } from './users-api';

function UserList({ users, onOpen }: { users: User[]; onOpen: (id: string) => void }) {
  const t = useT();
  return (
    <List
      dataSource={users}
      data-testid="user-list"
      renderItem={(user) => (
        <List.Item onClick={() => onOpen(user.id)} style={{ cursor: 'pointer', display: 'block' }}>
          <Space wrap size={8} style={{ marginBottom: 6 }}>
            <Typography.Text strong>{user.displayName}</Typography.Text>
            <Typography.Text type="secondary">{user.username}</Typography.Text>
            <UserStatusTag status={user.status} />
          </Space>
          <div>
            <GrantTags grants={user.grants} />
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('user.lastLogin')}: <DateTimeText value={user.lastLoginAt} empty={t('user.neverLoggedIn')} />
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

function UserTable({ users, onOpen }: { users: User[]; onOpen: (id: string) => void }) {
  const t = useT();
  return (
    <Table<User>
      rowKey="id"
      dataSource={users}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="user-table"
      rowClassName={() => 'sz-clickable-row'}
      onRow={(user) => ({ onClick: () => onOpen(user.id) })}
      columns={[
        { title: t('user.username'), dataIndex: 'username', width: 140 },
        { title: t('user.displayName'), dataIndex: 'displayName', width: 140 },
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
      ]}
    />
  );
}

export function UsersPage() {
  const t = useT();
  const can = useCan();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const users = useUsers(q);
  const openId = params.get('id');
  const open = (id: string) => setParams({ id });
  const close = () => setParams({});

  let body;
  if (users.isPending) body = <Table loading columns={[]} dataSource={[]} />;
  else if (users.isError) body = <ErrorAlert error={users.error} />;
  else if (users.items.length === 0) body = <Empty description={q ? t('user.searchEmpty', { q }) : t('user.empty')} />;
  else body = isPhone ? <UserList users={users.items} onOpen={open} /> : <UserTable users={users.items} onOpen={open} />;

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
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          onSearch={(value) => setQ(value.trim())}
          onChange={(e) => {
            if (!e.target.value) setQ('');
          }}
          style={{ maxWidth: 360, marginBottom: 16 }}
          data-testid="user-search"
        />
        {body}
        <LoadMore hasNextPage={users.hasNextPage} isFetchingNextPage={users.isFetchingNextPage} fetchNextPage={users.fetchNextPage} />
      </Card>
      {creating ? <CreateUserDrawer open onClose={() => setCreating(false)} onCreated={(user) => open(user.id)} /> : null}
      <UserDetailDrawer id={openId} onClose={close} />
    </>
  );
}
