import { Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n, type MessageKey } from '../../app/i18n';
import { ErrorAlert } from '../../components/error-alert';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
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

const linkOf = (a: SupervisionAssignment) => `/projects/${a.projectId}?tab=supervision`;

function NextStep({ a }: { a: SupervisionAssignment }) {
  const { t } = useI18n();
  const next = nextStep(a);
  return (
    <Typography.Text type={next.urgent ? 'warning' : 'secondary'} strong={next.urgent}>
      {t(next.key)}
    </Typography.Text>
  );
}

function RectificationTags({ a }: { a: SupervisionAssignment }) {
  const { t } = useI18n();
  return (
    <>
      {a.awaitingReview ? <Tag color="blue">{t('supervision.awaitingReview', { count: a.awaitingReview })}</Tag> : null}
      {a.overdueRectifications ? <Tag color="red">{t('supervision.overdue', { count: a.overdueRectifications })}</Tag> : null}
      {a.openRectifications ? <Tag color="orange">{t('supervision.open', { count: a.openRectifications })}</Tag> : null}
    </>
  );
}

function Visits({ a }: { a: SupervisionAssignment }) {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary" className="sz-text-sm">
      {a.lastVisitOn ? t('supervision.visits', { count: a.visits, last: a.lastVisitOn }) : t('supervision.noVisitYet')}
    </Typography.Text>
  );
}

/** 督导任务: the projects the office named this third-party supervisor on — what waits on them first. */
export function MySupervisionPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const list = useMySupervisions();
  // Open projects come first from the server; the finished ones follow as pages load.
  const active = list.items.filter((a) => ACTIVE.includes(a.state));
  const finished = list.items.filter((a) => !ACTIVE.includes(a.state));

  const subtitle = (a: SupervisionAssignment) => (
    <Typography.Text type="secondary" className="sz-block sz-text-sm">
      {a.number} · {a.stateName} · {a.departmentName}
      {a.providerName ? ` · ${t('supervision.provider')}：${a.providerName}` : ''}
    </Typography.Text>
  );
  const columns: ColumnsType<SupervisionAssignment> = [
    {
      title: t('supervision.column.project'),
      key: 'project',
      render: (_: unknown, a) => (
        <>
          <Link to={linkOf(a)} onClick={(e) => e.stopPropagation()}>
            <Typography.Text strong className="sz-inherit-color">
              {a.title}
            </Typography.Text>
          </Link>
          {subtitle(a)}
        </>
      ),
    },
    { title: t('supervision.column.next'), key: 'next', width: 260, render: (_: unknown, a) => <NextStep a={a} /> },
    { title: t('supervision.column.rectifications'), key: 'rectifications', width: 200, render: (_: unknown, a) => <RectificationTags a={a} /> },
    { title: t('supervision.column.visits'), key: 'visits', width: 220, render: (_: unknown, a) => <Visits a={a} /> },
  ];
  const card = (a: SupervisionAssignment) => (
    <>
      <Typography.Text strong className="sz-text-lg">
        {a.title}
      </Typography.Text>
      {subtitle(a)}
      <Flex wrap gap={8} align="center" className="sz-mt-8">
        <NextStep a={a} />
        <RectificationTags a={a} />
        <Visits a={a} />
      </Flex>
    </>
  );
  const shell = (items: SupervisionAssignment[], paged: boolean) => (
    <ListShell<SupervisionAssignment>
      list={{ items, isPending: false, error: paged ? list.error : null, refetch: list.refetch, ...(paged ? { hasNextPage: list.hasNextPage, isFetchingNextPage: list.isFetchingNextPage, fetchNextPage: list.fetchNextPage } : {}) }}
      columns={columns}
      rowKey="projectId"
      renderCard={card}
      onOpen={(a) => void navigate(linkOf(a))}
      empty={t('supervision.noneActive')}
      scrollX={900}
      rowTestId="supervision-item"
      cardTestId="supervision-item"
    />
  );

  return (
    <div data-testid="supervision-page">
      <PageHeader title={t('supervision.title')} description={t('supervision.description')} />
      {list.isPending ? (
        <Skeleton active />
      ) : list.isError && list.items.length === 0 ? (
        <ErrorAlert error={list.error} onRetry={list.refetch} />
      ) : list.items.length === 0 ? (
        <Card>
          <Empty description={t('supervision.none')} />
        </Card>
      ) : (
        <>
          <Typography.Title level={5}>{t('supervision.active', { count: active.length })}</Typography.Title>
          <div data-testid="supervision-active">{shell(active, finished.length === 0)}</div>
          {finished.length ? (
            <>
              <Typography.Title level={5} className="sz-mt-24">
                {t('supervision.finished', { count: finished.length })}
              </Typography.Title>
              {shell(finished, true)}
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
