import { RightOutlined } from '@ant-design/icons';
import { Badge, Card, Col, Empty, Flex, List, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { formatYuan } from '../../../contracts/money';
import type { Role } from '../../../contracts/roles';
import { useCurrentUser } from '../../app/auth';
import { useT, type MessageKey } from '../../app/i18n';
import { grantLabel } from '../../app/layout';
import { useVisibleRoutes } from '../../app/routes';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { CaseStateTag, DeadlineText } from './case-labels';
import { useWorkbench, type Workbench } from './workbench-api';

function greetingKey(hour: number): MessageKey {
  if (hour < 11) return 'home.morning';
  if (hour < 13) return 'home.noon';
  if (hour < 18) return 'home.afternoon';
  return 'home.evening';
}

/** Where a role starts its work when its first move is not in the inbox; shown to that role if the page is open to it. */
const STARTS: { path: string; text: MessageKey; roles: readonly Role[] }[] = [
  { path: '/applications/new', text: 'home.startApply', roles: ['applicant', 'orgMember'] },
  { path: '/calls', text: 'home.startCalls', roles: ['orgMember'] },
  { path: '/reviews', text: 'home.startReviews', roles: ['evaluator'] },
  { path: '/supervision', text: 'home.startSupervision', roles: ['supervisor'] },
  { path: '/audit', text: 'home.startAudit', roles: ['auditor'] },
];

function Waiting({ waiting }: { waiting: Workbench['waiting'] }) {
  const t = useT();
  return (
    <Card title={t('home.waiting')} extra={<Link to="/inbox">{t('home.allInbox')} <RightOutlined /></Link>} data-testid="workbench-waiting" className="sz-h-full">
      <Flex wrap gap={16} align="baseline" className="sz-mb-12">
        <Statistic value={waiting.total} suffix={t('home.unitCount')} data-testid="workbench-waiting-total" />
        {waiting.overdue > 0 ? (
          <Typography.Text type="danger" strong data-testid="workbench-waiting-overdue">
            {t('home.waitingOverdue', { count: waiting.overdue })}
          </Typography.Text>
        ) : null}
      </Flex>
      {waiting.byType.length > 1 ? (
        <Flex wrap gap={6} className="sz-mb-12">
          {waiting.byType.map((b) => (
            <Tag key={b.caseType} color={b.overdue ? 'error' : undefined}>
              {b.caseTypeName} {b.count}
            </Tag>
          ))}
        </Flex>
      ) : null}
      {waiting.first.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.waitingNone')} />
      ) : (
        <List
          size="small"
          dataSource={waiting.first}
          renderItem={(i) => (
            <List.Item key={i.id} className={i.overdue ? 'row-overdue' : undefined}>
              <Flex vertical gap={2} className="sz-w-full sz-min-w-0">
                <Link to={i.link} data-testid="workbench-waiting-item">
                  <Typography.Text strong ellipsis className="sz-w-full">
                    {i.title}
                  </Typography.Text>
                </Link>
                <Flex wrap gap={4} align="center">
                  <Typography.Text type="secondary" className="sz-text-sm">
                    {i.kindName} · {i.task}
                  </Typography.Text>
                  <CaseStateTag stateName={i.stateName} outcome={i.outcome} />
                  {i.dueOn ? <DeadlineText overdue={i.overdue} workingDaysLeft={i.workingDaysLeft} dueOn={i.dueOn} /> : null}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Figures({ figures }: { figures: Workbench['figures'] }) {
  const t = useT();
  if (figures.length === 0) return null;
  return (
    <Card title={t('home.figures')} data-testid="workbench-figures" className="sz-h-full">
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} xs={12} xl={24}>
            <Link to={f.link} data-testid={`workbench-figure-${f.key}`}>
              <Statistic title={f.label} value={f.unit === 'fen' ? formatYuan(f.value, { symbol: true }) : f.value} />
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function Recent({ recent }: { recent: Workbench['recent'] }) {
  const t = useT();
  return (
    <Card title={t('home.recent')} data-testid="workbench-recent">
      {recent.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.recentNone')} />
      ) : (
        <List
          size="small"
          dataSource={recent}
          renderItem={(r) => (
            <List.Item key={r.id}>
              <Flex wrap justify="space-between" gap={8} className="sz-w-full">
                <Flex vertical gap={2} className="sz-min-w-0">
                  <Link to={r.link} data-testid="workbench-recent-item">
                    <Typography.Text ellipsis>{r.title}</Typography.Text>
                  </Link>
                  <Typography.Text type="secondary" className="sz-text-sm">
                    {r.number} · {r.kindName}
                  </Typography.Text>
                </Flex>
                <Flex gap={6} align="center">
                  <CaseStateTag stateName={r.stateName} outcome={r.outcome} closed={!!r.closedAt} />
                  <Typography.Text type="secondary" className="sz-text-sm">
                    <DateTimeText value={r.lastActedAt} />
                  </Typography.Text>
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 工作台: what waits on me, what I last worked on, the figures my role looks at — one request. */
export function HomePage() {
  const t = useT();
  const me = useCurrentUser();
  const workbench = useWorkbench();
  const open = new Set(useVisibleRoutes().map((r) => r.path));
  const starts = STARTS.filter((s) => open.has(s.path) && me.grants.some((g) => s.roles.includes(g.role)));
  const now = dayjs();

  return (
    <Space orientation="vertical" size={16} className="sz-w-full">
      <Card size="small">
        <Flex wrap justify="space-between" align="center" gap={8}>
          <div>
            <Typography.Title level={4} className="sz-m-0" data-testid="home-greeting">
              {t(greetingKey(now.hour()), { name: me.displayName })}
            </Typography.Title>
            <Typography.Text type="secondary">{t('home.today', { date: now.format(t('format.longDate')) })}</Typography.Text>
          </div>
          <Flex wrap gap={6}>
            {me.grants.map((grant) => (
              <Tag key={grant.id} color="blue" className="sz-m-0">
                {grantLabel(grant)}
              </Tag>
            ))}
          </Flex>
        </Flex>
        {starts.length ? (
          <Flex wrap gap={8} className="sz-mt-12" data-testid="workbench-starts">
            <Typography.Text strong>{t('home.start')}：</Typography.Text>
            {starts.map((s) => (
              <Link key={s.path} to={s.path}>
                <Badge status="processing" text={t(s.text)} />
              </Link>
            ))}
          </Flex>
        ) : null}
      </Card>
      {workbench.error ? <ErrorAlert error={workbench.error} onRetry={() => void workbench.refetch()} /> : null}
      {workbench.isPending ? <Skeleton active /> : null}
      {workbench.data ? (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={workbench.data.figures.length ? 16 : 24}>
              <Waiting waiting={workbench.data.waiting} />
            </Col>
            {workbench.data.figures.length ? (
              <Col xs={24} xl={8}>
                <Figures figures={workbench.data.figures} />
              </Col>
            ) : null}
          </Row>
          <Recent recent={workbench.data.recent} />
        </>
      ) : null}
    </Space>
  );
}
