import { ErrorAlert } from '../../components/error-alert';
import {   Card, Empty, List, Segmented, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { APPLICATION_KIND_NAMES, type ApplicationKind } from '../../../contracts/application-kinds';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useInbox, type InboxItem } from './applications-api';
import { DeadlineText, StateTag } from './application-labels';

/** An application shows its kind (成立登记 …); other case types their type's name. */
function kindLabel(i: InboxItem): string {
  return i.caseType === 'application' ? (APPLICATION_KIND_NAMES[i.variant as ApplicationKind]?.zh ?? i.caseTypeName) : i.caseTypeName;
}

/** 我的待办: every case waiting on this user, overdue first, then by deadline. */
export function InboxPage() {
  const [overdueOnly, setOverdueOnly] = useState(false);
  const inbox = useInbox(overdueOnly);
  const { items, isPending, error, refetch } = inbox;
  const isPhone = useIsPhone();
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <div data-testid="inbox-page">
      <PageHeader
        title="我的待办"
        description={inbox.data ? `共 ${items.length}${inbox.hasNextPage ? '+' : ''} 件待办${overdue ? `，其中 ${overdue} 件已超期` : ''}；按办理时限排序，超期的在前。` : undefined}
        extra={<Segmented value={overdueOnly ? 'overdue' : 'all'} onChange={(v) => setOverdueOnly(v === 'overdue')} options={[{ value: 'all', label: '全部' }, { value: 'overdue', label: '仅超期' }]} />}
      />
      {error ? <ErrorAlert error={error} onRetry={refetch} /> : null}
      {isPending ? <Spin /> : null}
      {!isPending && items.length === 0 ? <Empty description="没有等待您办理的事项" /> : null}
      {items.length > 0 && isPhone ? (
        <List
          dataSource={items}
          renderItem={(i: InboxItem) => (
            <Card size="small" style={{ marginBottom: 8 }}>
              <Link to={i.link} data-testid="inbox-item">
                <Typography.Text strong>{i.title}</Typography.Text>
              </Link>
              <div style={{ marginTop: 4 }}>
                <Space wrap size={4}>
                  <StateTag state={i.state} />
                  <DeadlineText overdue={i.overdue} workingDaysLeft={i.workingDaysLeft} dueOn={i.dueOn} />
                </Space>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.number} · {kindLabel(i)} · 需要：{i.task}
              </Typography.Text>
            </Card>
          )}
        />
      ) : null}
      {items.length > 0 && !isPhone ? (
        <Table
          rowKey="id"
          size="middle"
          dataSource={items}
          pagination={false}
          rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
          columns={[
            { title: '事项', dataIndex: 'title', render: (v: string, r) => <Link to={r.link} data-testid="inbox-item">{v}</Link> },
            { title: '编号', dataIndex: 'number', width: 130 },
            { title: '类别', key: 'kind', width: 130, render: (_: unknown, r) => kindLabel(r) },
            { title: '当前环节', dataIndex: 'state', width: 150, render: (v: string) => <StateTag state={v} /> },
            { title: '需要您', dataIndex: 'task', width: 180 },
            { title: '时限', dataIndex: 'dueOn', width: 110 },
            { title: '剩余', key: 'left', width: 150, render: (_: unknown, r) => <DeadlineText overdue={r.overdue} workingDaysLeft={r.workingDaysLeft} dueOn={r.dueOn} /> },
          ]}
        />
      ) : null}
      <LoadMore hasNextPage={inbox.hasNextPage} isFetchingNextPage={inbox.isFetchingNextPage} fetchNextPage={inbox.fetchNextPage} />
    </div>
  );
}
