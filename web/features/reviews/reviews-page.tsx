import { ErrorAlert } from '../../components/error-alert';
import { RightOutlined } from '@ant-design/icons';
import {  Card, Empty, Flex, Progress, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { PROJECT_STATES, type ProjectState } from '../../../contracts/projects';
import { useI18n, type MessageKey } from '../../app/i18n';
import { LoadMore } from '../../components/load-more';
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

function ReviewCard({ r }: { r: ReviewSummary }) {
  const { t } = useI18n();
  const stateName = useStateName();
  const open = r.projectState === 'procuring';
  const stage = (PROJECT_STATES as readonly string[]).includes(r.projectState) ? stateName(r.projectState as ProjectState) : r.projectState;
  return (
    <Link to={`/reviews/${r.projectId}`} className="sz-inherit-color" data-testid="review-item">
      <Card size="small" hoverable>
        <Flex justify="space-between" gap={8} align="flex-start">
          <div className="sz-min-w-0">
            <Typography.Text strong style={{ fontSize: 15 }}>
              {r.title}
            </Typography.Text>
            <Typography.Text type="secondary" className="sz-block sz-text-sm">
              {r.number} · {stage}
            </Typography.Text>
          </div>
          <RightOutlined className="sz-text-faint sz-mt-4" />
        </Flex>
        <Flex wrap gap={8} align="center" className="sz-mt-8">
          <Tag color={STATE[r.state].color}>
            {t(STATE[r.state].key)}
          </Tag>
          <Typography.Text type={open && r.state !== 'recused' && r.scoredCount < r.bidCount ? 'warning' : 'secondary'}>{t(nextStep(r))}</Typography.Text>
        </Flex>
        {r.state === 'declared' && r.bidCount > 0 ? (
          <Progress percent={Math.round((r.scoredCount * 100) / r.bidCount)} format={() => t('review.scoredOf', { scored: r.scoredCount, total: r.bidCount })} size="small" style={{ margin: '6px 0 0' }} />
        ) : null}
      </Card>
    </Link>
  );
}

/** 评审任务: the expert's assignments — those to do now first, then the finished ones. */
export function ReviewsPage() {
  const { t } = useI18n();
  const reviews = useMyReviews();
  // The server sends those still procuring first, so "to do" is whole once the first "done" one has come.
  const todo = reviews.items.filter((r) => r.projectState === 'procuring');
  const done = reviews.items.filter((r) => r.projectState !== 'procuring');
  return (
    <div data-testid="reviews-page" style={{ maxWidth: 880 }}>
      <PageHeader title={t('review.listTitle')} description={t('review.listDescription')} />
      {reviews.isPending ? (
        <Skeleton active />
      ) : reviews.isError ? (
        <ErrorAlert error={reviews.error} />
      ) : reviews.items.length === 0 ? (
        <Card>
          <Empty description={t('review.none')} />
        </Card>
      ) : (
        <>
          <Typography.Title level={5}>{t('review.todo', { count: todo.length })}</Typography.Title>
          {todo.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.noneOpen')} /> : null}
          <Flex vertical gap={8} data-testid="review-todo">
            {todo.map((r) => (
              <ReviewCard key={r.projectId} r={r} />
            ))}
          </Flex>
          {done.length ? (
            <>
              <Typography.Title level={5} className="sz-mt-24">
                {t('review.done', { count: done.length })}
              </Typography.Title>
              <Flex vertical gap={8}>
                {done.map((r) => (
                  <ReviewCard key={r.projectId} r={r} />
                ))}
              </Flex>
            </>
          ) : null}
          <LoadMore hasNextPage={reviews.hasNextPage} isFetchingNextPage={reviews.isFetchingNextPage} fetchNextPage={reviews.fetchNextPage} />
        </>
      )}
    </div>
  );
}
