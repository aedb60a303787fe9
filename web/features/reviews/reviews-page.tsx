import { Card, Empty, Flex, Progress, Skeleton, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { PROJECT_STATES, type ProjectState } from '../../../contracts/projects';
import { useI18n, type MessageKey } from '../../app/i18n';
import { ErrorAlert } from '../../components/error-alert';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useStateName } from '../projects/project-labels';
import { useMyReviews, type ReviewSummary } from './reviews-api';

const STATE: Record<ReviewSummary['state'], { key: MessageKey; color: string }> = {
  assigned: { key: 'review.state.assigned', color: 'orange' },
  declared: { key: 'review.state.declared', color: 'blue' },
  recused: { key: 'review.state.recused', color: 'default' },
};

/** What the expert has to do next on an assignment, in words. */
function nextStep(r: ReviewSummary): MessageKey {
  if (r.projectState !== 'procuring') return 'review.next.closed';
  if (r.state === 'assigned') return 'review.next.declare';
  if (r.state === 'recused') return 'review.next.recused';
  return r.scoredCount >= r.bidCount ? 'review.next.done' : 'review.next.score';
}

const linkOf = (r: ReviewSummary) => `/reviews/${r.projectId}`;

function StateTag({ r }: { r: ReviewSummary }) {
  const { t } = useI18n();
  return <Tag color={STATE[r.state].color}>{t(STATE[r.state].key)}</Tag>;
}

function NextStep({ r }: { r: ReviewSummary }) {
  const { t } = useI18n();
  const open = r.projectState === 'procuring';
  return <Typography.Text type={open && r.state !== 'recused' && r.scoredCount < r.bidCount ? 'warning' : 'secondary'}>{t(nextStep(r))}</Typography.Text>;
}

function ScoredProgress({ r }: { r: ReviewSummary }) {
  const { t } = useI18n();
  if (r.state !== 'declared' || r.bidCount === 0) return null;
  return <Progress percent={Math.round((r.scoredCount * 100) / r.bidCount)} format={() => t('review.scoredOf', { scored: r.scoredCount, total: r.bidCount })} size="small" className="sz-m-0" />;
}

/** 评审任务: the expert's assignments — those to do now first, then the finished ones. */
export function ReviewsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const stateName = useStateName();
  const reviews = useMyReviews();
  // The server sends those still procuring first, so "to do" is whole once the first "done" one has come.
  const todo = reviews.items.filter((r) => r.projectState === 'procuring');
  const done = reviews.items.filter((r) => r.projectState !== 'procuring');

  const subtitle = (r: ReviewSummary) => (
    <Typography.Text type="secondary" className="sz-block sz-text-sm">
      {r.number} · {(PROJECT_STATES as readonly string[]).includes(r.projectState) ? stateName(r.projectState as ProjectState) : r.projectState}
    </Typography.Text>
  );
  const columns: ColumnsType<ReviewSummary> = [
    {
      title: t('review.column.project'),
      key: 'project',
      render: (_: unknown, r) => (
        <>
          <Link to={linkOf(r)} onClick={(e) => e.stopPropagation()}>
            <Typography.Text strong className="sz-inherit-color">
              {r.title}
            </Typography.Text>
          </Link>
          {subtitle(r)}
        </>
      ),
    },
    { title: t('review.column.state'), key: 'state', width: 110, render: (_: unknown, r) => <StateTag r={r} /> },
    { title: t('review.column.next'), key: 'next', width: 240, render: (_: unknown, r) => <NextStep r={r} /> },
    { title: t('review.column.progress'), key: 'progress', width: 200, render: (_: unknown, r) => <ScoredProgress r={r} /> },
  ];
  const card = (r: ReviewSummary) => (
    <>
      <Typography.Text strong className="sz-text-lg">
        {r.title}
      </Typography.Text>
      {subtitle(r)}
      <Flex wrap gap={8} align="center" className="sz-mt-8">
        <StateTag r={r} />
        <NextStep r={r} />
      </Flex>
      <ScoredProgress r={r} />
    </>
  );
  const shell = (items: ReviewSummary[], paged: boolean) => (
    <ListShell<ReviewSummary>
      list={{ items, isPending: false, error: paged ? reviews.error : null, refetch: reviews.refetch, ...(paged ? { hasNextPage: reviews.hasNextPage, isFetchingNextPage: reviews.isFetchingNextPage, fetchNextPage: reviews.fetchNextPage } : {}) }}
      columns={columns}
      rowKey="projectId"
      renderCard={card}
      onOpen={(r) => void navigate(linkOf(r))}
      empty={t('review.noneOpen')}
      scrollX={860}
      rowTestId="review-item"
      cardTestId="review-item"
    />
  );

  return (
    <div data-testid="reviews-page">
      <PageHeader title={t('review.listTitle')} description={t('review.listDescription')} />
      {reviews.isPending ? (
        <Skeleton active />
      ) : reviews.isError && reviews.items.length === 0 ? (
        <ErrorAlert error={reviews.error} onRetry={reviews.refetch} />
      ) : reviews.items.length === 0 ? (
        <Card>
          <Empty description={t('review.none')} />
        </Card>
      ) : (
        <>
          <Typography.Title level={5}>{t('review.todo', { count: todo.length })}</Typography.Title>
          <div data-testid="review-todo">{shell(todo, done.length === 0)}</div>
          {done.length ? (
            <>
              <Typography.Title level={5} className="sz-mt-24">
                {t('review.done', { count: done.length })}
              </Typography.Title>
              {shell(done, true)}
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
