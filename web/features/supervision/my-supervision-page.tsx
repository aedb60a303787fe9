import { ErrorAlert } from '../../components/error-alert';
import { RightOutlined } from '@ant-design/icons';
import {  Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n, type MessageKey } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { LoadMore } from '../../components/load-more';
import { useMySupervisions, type SupervisionAssignment } from './supervision-api';

const ACTIVE = ['awarded', 'implementing', 'evaluating', 'closing'];

/** What the supervisor should do next on a project, in words, and whether it is urgent. */
function nextStep(a: SupervisionAssignment): { key: MessageKey; urgent: boolean } {
  if (!ACTIVE.includes(a.state)) return { key: 'supervision.next.finished', urgent: false };
  // In closing the answers still come in, but no visit can be recorded any more.
  if (a.state === 'closing' && a.awaitingReview === 0) return { key: 'supervision.next.closing', urgent: false };
  if (a.awaitingReview > 0) return { key: 'supervision.next.review', urgent: true };
  if (a.overdueRectifications > 0) return { key: 'supervision.next.overdue', urgent: true };
  if (a.openRectifications > 0) return { key: 'supervision.next.follow', urgent: false };
  if (a.visits === 0 && a.state === 'implementing') return { key: 'supervision.next.firstVisit', urgent: false };
  return { key: 'supervision.next.none', urgent: false };
}

function AssignmentCard({ a }: { a: SupervisionAssignment }) {
  const { t } = useI18n();
  const next = nextStep(a);
  return (
    <Link to={`/projects/${a.projectId}?tab=supervision`} style={{ color: 'inherit' }} data-testid="supervision-item">
      <Card size="small" hoverable>
        <Flex justify="space-between" gap={8} align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Typography.Text strong style={{ fontSize: 15 }}>
              {a.title}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {a.number} · {a.stateName} · {a.departmentName}
              {a.providerName ? ` · ${t('supervision.provider')}：${a.providerName}` : ''}
            </Typography.Text>
          </div>
          <RightOutlined className="sz-text-faint sz-mt-4" />
        </Flex>
        <Flex wrap gap={8} align="center" style={{ marginTop: 8 }}>
          <Typography.Text type={next.urgent ? 'warning' : 'secondary'} strong={next.urgent}>
            {t(next.key)}
          </Typography.Text>
          {a.awaitingReview ? <Tag color="blue">{t('supervision.awaitingReview', { count: a.awaitingReview })}</Tag> : null}
          {a.overdueRectifications ? <Tag color="red">{t('supervision.overdue', { count: a.overdueRectifications })}</Tag> : null}
          {a.openRectifications ? <Tag color="orange">{t('supervision.open', { count: a.openRectifications })}</Tag> : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.lastVisitOn ? t('supervision.visits', { count: a.visits, last: a.lastVisitOn }) : t('supervision.noVisitYet')}
          </Typography.Text>
        </Flex>
      </Card>
    </Link>
  );
}

/** 督导任务: the projects the office named this third-party supervisor on — what waits on them first. */
export function MySupervisionPage() {
  const { t } = useI18n();
  const list = useMySupervisions();
  // Open projects come first from the server; the finished ones follow as pages load.
  const active = list.items.filter((a) => ACTIVE.includes(a.state));
  const finished = list.items.filter((a) => !ACTIVE.includes(a.state));
  return (
    <div data-testid="supervision-page" style={{ maxWidth: 880 }}>
      <PageHeader title={t('supervision.title')} description={t('supervision.description')} />
      {list.isPending ? (
        <Skeleton active />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.items.length === 0 ? (
        <Card>
          <Empty description={t('supervision.none')} />
        </Card>
      ) : (
        <>
          <Typography.Title level={5}>{t('supervision.active', { count: active.length })}</Typography.Title>
          {active.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.noneActive')} /> : null}
          <Flex vertical gap={8} data-testid="supervision-active">
            {active.map((a) => (
              <AssignmentCard key={a.projectId} a={a} />
            ))}
          </Flex>
          {finished.length ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 24 }}>
                {t('supervision.finished', { count: finished.length })}
              </Typography.Title>
              <Flex vertical gap={8}>
                {finished.map((a) => (
                  <AssignmentCard key={a.projectId} a={a} />
                ))}
              </Flex>
            </>
          ) : null}
          <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
        </>
      )}
    </div>
  );
}
