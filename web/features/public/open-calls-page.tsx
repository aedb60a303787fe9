import { ErrorAlert } from '../../components/error-alert';
import { FileSearchOutlined, LoginOutlined } from '@ant-design/icons';
import {  Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { chinaDay, daysUntil } from '../../components/china-time';
import { LoadMore } from '../../components/load-more';
import { usePublicCalls, type PublicCall } from './public-api';
import { useAmount } from './public-labels';
import { useCityPath } from './portal-city';
import { PublicShell } from './public-shell';

function CallCard({ c }: { c: PublicCall }) {
  const t = useT();
  const amount = useAmount();
  const navigate = useNavigate();
  const cityPath = useCityPath();
  const left = daysUntil(c.deadline);
  return (
    <Card size="small" data-testid="open-call-item">
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text strong className="sz-text-xl sz-leading-snug">
          {c.title}
        </Typography.Text>
        <Tag color={left <= 3 ? 'red' : 'blue'} data-testid="open-call-left">
          {left <= 0 ? t('open.deadlineToday') : t('open.daysLeft', { days: left })}
        </Tag>
      </Flex>
      <Typography.Text type="secondary" className="sz-text-sm sz-block sz-m-0 sz-mt-2 sz-mb-10">
        {c.departmentName} · {c.categoryName} · {c.townNames.length ? c.townNames.join('、') : t('open.cityWide')}
      </Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))', gap: '8px 16px', marginBottom: 10 }}>
        <div>
          <Typography.Text type="secondary" className="sz-text-sm sz-block">
            {t('open.budget')}
          </Typography.Text>
          {amount(c.budgetFen)}
        </div>
        <div>
          <Typography.Text type="secondary" className="sz-text-sm sz-block">
            {t('open.deadline')}
          </Typography.Text>
          <span data-testid="open-call-deadline">{c.deadline}</span>
        </div>
        <div>
          <Typography.Text type="secondary" className="sz-text-sm sz-block">
            {t('open.method')}
          </Typography.Text>
          {c.procurementMethodName}
        </div>
        <div>
          <Typography.Text type="secondary" className="sz-text-sm sz-block">
            {t('open.duration')}
          </Typography.Text>
          {t('open.months', { months: c.durationMonths })}
        </div>
      </div>
      <Typography.Paragraph className="sz-m-0 sz-mb-8">{c.summary}</Typography.Paragraph>
      {c.indicators.length ? (
        <Flex gap={6} wrap className="sz-mb-8">
          {c.indicators.map((i) => (
            <Tag key={`${i.kind}-${i.name}`} color={i.kind === 'output' ? 'geekblue' : 'green'}>
              {i.name} {i.target}
              {i.unit}
            </Tag>
          ))}
        </Flex>
      ) : null}
      <Typography.Paragraph
        type="secondary"
        className="sz-quote sz-text-md sz-m-0 sz-mb-10" 
        ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (open) => (open ? t('open.collapse') : t('open.expandNotice')) }}
      >
        {t('open.noticePublished', { date: chinaDay(c.publishedAt) })}
        {'\n'}
        {c.notice}
      </Typography.Paragraph>
      <Flex gap={8} wrap justify="flex-end">
        <Button icon={<FileSearchOutlined />} onClick={() => navigate(cityPath(`/open/projects/${c.projectId}`))}>
          {t('open.callProject')}
        </Button>
        {/* The bid itself is made signed in, on the organizations' call page (the sign-in comes first when needed). */}
        <Button type="primary" icon={<LoginOutlined />} onClick={() => navigate('/calls')} data-testid="open-call-bid">
          {t('open.bid')}
        </Button>
      </Flex>
    </Card>
  );
}

/** 申报公告: calls open for bids today, with what to deliver, the budget and the deadline; bidding needs a sign-in. */
export function OpenCallsPage() {
  const t = useT();
  const calls = usePublicCalls();
  return (
    <PublicShell active="calls" testId="open-calls-page">
      <Card size="small" className="sz-mb-12">
        <Typography.Title level={4} className="sz-m-0 sz-mb-4">
          {t('open.callsTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="sz-m-0">
          {t('open.callsIntro')}
        </Typography.Paragraph>
      </Card>
      {calls.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : calls.isError ? (
        <ErrorAlert error={calls.error} />
      ) : calls.items.length === 0 ? (
        <Card>
          <Empty description={t('open.callsEmpty')} />
        </Card>
      ) : (
        <>
          <Flex vertical gap={10} data-testid="open-calls-list">
            {calls.items.map((c) => (
              <CallCard key={c.projectId} c={c} />
            ))}
          </Flex>
          <LoadMore hasNextPage={calls.hasNextPage} isFetchingNextPage={calls.isFetchingNextPage} fetchNextPage={calls.fetchNextPage} />
        </>
      )}
    </PublicShell>
  );
}
