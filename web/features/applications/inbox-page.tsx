import { Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { APPLICATION_KIND_NAMES, type ApplicationKind } from '../../../contracts/application-kinds';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
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
  const { items } = inbox;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <div data-testid="inbox-page">
      <PageHeader
        title="我的待办"
        description={inbox.data ? `共 ${items.length}${inbox.hasNextPage ? '+' : ''} 件待办${overdue ? `，其中 ${overdue} 件已超期` : ''}；按办理时限排序，超期的在前。` : undefined}
        extra={<Segmented value={overdueOnly ? 'overdue' : 'all'} onChange={(v) => setOverdueOnly(v === 'overdue')} options={[{ value: 'all', label: '全部' }, { value: 'overdue', label: '仅超期' }]} />}
      />
      <ListShell<InboxItem>
        list={inbox}
        rowKey="id"
        empty="没有等待您办理的事项"
        tableProps={{ size: 'middle', rowClassName: (r) => (r.overdue ? 'row-overdue' : '') }}
        columns={[
          { title: '事项', dataIndex: 'title', render: (v: string, r) => <Link to={r.link} data-testid="inbox-item">{v}</Link> },
          { title: '编号', dataIndex: 'number', width: 130 },
          { title: '类别', key: 'kind', width: 130, render: (_: unknown, r) => kindLabel(r) },
          { title: '当前环节', dataIndex: 'state', width: 150, render: (v: string) => <StateTag state={v} /> },
          { title: '需要您', dataIndex: 'task', width: 180 },
          { title: '时限', dataIndex: 'dueOn', width: 110 },
          { title: '剩余', key: 'left', width: 150, render: (_: unknown, r) => <DeadlineText overdue={r.overdue} workingDaysLeft={r.workingDaysLeft} dueOn={r.dueOn} /> },
        ]}
        renderCard={(i) => (
          <>
            <Link to={i.link} data-testid="inbox-item">
              <Typography.Text strong>{i.title}</Typography.Text>
            </Link>
            <Flex wrap gap={4} align="center" className="sz-mt-4">
              <StateTag state={i.state} />
              <DeadlineText overdue={i.overdue} workingDaysLeft={i.workingDaysLeft} dueOn={i.dueOn} />
            </Flex>
            <Typography.Text type="secondary" className="sz-text-sm">
              {i.number} · {kindLabel(i)} · 需要：{i.task}
            </Typography.Text>
          </>
        )}
      />
    </div>
  );
}
