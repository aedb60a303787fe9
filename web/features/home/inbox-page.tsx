import { Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { CaseStateTag, DeadlineText } from './case-labels';
import { useInbox, type InboxItem } from './workbench-api';

/** 我的待办: every case waiting on this user, whatever its type, overdue first, then by deadline. */
export function InboxPage() {
  const t = useT();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const inbox = useInbox(overdueOnly);
  const { items } = inbox;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <div data-testid="inbox-page">
      <PageHeader
        title={t('nav.inbox')}
        description={inbox.data ? t('home.inbox.summary', { count: `${items.length}${inbox.hasNextPage ? '+' : ''}`, overdue: overdue ? t('home.inbox.overduePart', { overdue }) : '' }) : undefined}
        extra={<Segmented value={overdueOnly ? 'overdue' : 'all'} onChange={(v) => setOverdueOnly(v === 'overdue')} options={[{ value: 'all', label: t('home.inbox.all') }, { value: 'overdue', label: t('home.inbox.overdueOnly') }]} />}
      />
      <ListShell<InboxItem>
        list={inbox}
        rowKey="id"
        empty={t('home.inbox.empty')}
        tableProps={{ size: 'middle', rowClassName: (r) => (r.overdue ? 'row-overdue' : '') }}
        columns={[
          { title: t('home.inbox.item'), dataIndex: 'title', render: (v: string, r) => <Link to={r.link} data-testid="inbox-item">{v}</Link> },
          { title: t('home.inbox.number'), dataIndex: 'number', width: 130 },
          { title: t('home.inbox.kind'), dataIndex: 'kindName', width: 130 },
          { title: t('home.inbox.state'), dataIndex: 'stateName', width: 150, render: (_: string, r) => <CaseStateTag stateName={r.stateName} outcome={r.outcome} /> },
          { title: t('home.inbox.task'), dataIndex: 'task', width: 180 },
          { title: t('home.inbox.dueOn'), dataIndex: 'dueOn', width: 110 },
          { title: t('home.inbox.left'), key: 'left', width: 150, render: (_: unknown, r) => <DeadlineText overdue={r.overdue} workingDaysLeft={r.workingDaysLeft} dueOn={r.dueOn} /> },
        ]}
        renderCard={(i) => (
          <>
            <Link to={i.link} data-testid="inbox-item">
              <Typography.Text strong>{i.title}</Typography.Text>
            </Link>
            <Flex wrap gap={4} align="center" className="sz-mt-4">
              <CaseStateTag stateName={i.stateName} outcome={i.outcome} />
              <DeadlineText overdue={i.overdue} workingDaysLeft={i.workingDaysLeft} dueOn={i.dueOn} />
            </Flex>
            <Typography.Text type="secondary" className="sz-text-sm">
              {t('home.inbox.cardLine', { number: i.number, kind: i.kindName, task: i.task })}
            </Typography.Text>
          </>
        )}
      />
    </div>
  );
}
