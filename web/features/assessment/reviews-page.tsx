import { App, Alert, Button, Card, Checkbox, Empty, Flex, Input, List, Spin, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useLang } from '../workforce/worker-labels';
import { kindName, RoundStateTag } from './assessment-labels';
import { useMyReviews, useReview, useReviewMutations, type Review, type ReviewListItem } from './assessment-api';
import { SheetProgress } from './rounds-page';

/** 我的评估任务: the rounds this evaluator is on, whether they declared, and their sheets handed in. */
export function ReviewsPage() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const reviews = useMyReviews();
  const columns: ColumnsType<ReviewListItem> = [
    {
      title: t('assess.roundName'),
      dataIndex: 'name',
      render: (n: string, r) => (
        <Link to={`/assessment/reviews/${r.roundId}`} onClick={(e) => e.stopPropagation()} data-testid="review-row">
          {n}
        </Link>
      ),
    },
    { title: t('assess.kind'), dataIndex: 'kind', width: 190, render: (k: ReviewListItem['kind']) => kindName(k, lang) },
    { title: t('assess.state'), key: 'state', width: 110, render: (_: unknown, r) => <RoundStateTag state={r.state} /> },
    { title: t('assess.scoringDueOn'), dataIndex: 'scoringDueOn', width: 110, render: (d: string | null) => d ?? '—' },
    {
      title: t('assess.declaration'),
      dataIndex: 'declared',
      // 利益冲突声明 is six characters: narrower, the header breaks over two lines.
      width: 130,
      render: (d: boolean) => (d ? <Tag color="green">{t('assess.declared')}</Tag> : <Tag color="gold">{t('assess.toDeclare')}</Tag>),
    },
    { title: t('assess.sheets'), key: 'sheets', width: 170, render: (_: unknown, r) => (r.declared ? <SheetProgress submitted={r.submitted} owed={r.assigned} /> : '—') },
  ];
  return (
    <>
      <PageHeader title={t('assess.reviewsNav')} description={t('assess.reviewsDescription')} />
      <Card>
        <ListShell<ReviewListItem>
          list={{ items: reviews.data ?? [], isPending: reviews.isPending, error: reviews.error, refetch: reviews.refetch }}
          columns={columns}
          rowKey="roundId"
          onOpen={(r) => navigate(`/assessment/reviews/${r.roundId}`)}
          empty={t('assess.noReviews')}
          scrollX={860}
          tableTestId="review-table"
          listTestId="review-cards"
        />
      </Card>
    </>
  );
}

/** Before anything of a subject is shown: the evaluator names the subjects they have a conflict of interest with. */
function Declaration({ review }: { review: Review }) {
  const t = useT();
  const { modal } = App.useApp();
  const { declare } = useReviewMutations(review.roundId);
  const { notifyError, notifySuccess } = useFeedback();
  const [conflicts, setConflicts] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const confirm = () =>
    modal.confirm({
      title: t('assess.declareConfirmTitle'),
      content: conflicts.length ? t('assess.declareConfirmConflicts', { n: conflicts.length }) : t('assess.declareConfirmNone'),
      okText: t('assess.declare'),
      cancelText: t('common.cancel'),
      onOk: () =>
        declare.mutateAsync({ conflictSubjectIds: conflicts, note: note.trim() || null }).then(
          () => notifySuccess(t('assess.declaredDone')),
          (e: unknown) => notifyError(e),
        ),
    });
  return (
    <Card size="small" title={t('assess.declarationTitle')} data-testid="declaration">
      <Alert type="info" showIcon className="sz-mb-16" title={t('assess.declarationHelp')} />
      <List
        size="small"
        bordered
        dataSource={review.participants}
        renderItem={(p) => (
          <List.Item>
            <Flex justify="space-between" align="center" gap={8} className="sz-w-full" wrap>
              <span className="sz-min-w-0">{p.name}</span>
              <Checkbox
                checked={conflicts.includes(p.id)}
                onChange={(e) => setConflicts((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))}
                data-testid="conflict-check"
              >
                {t('assess.hasConflict')}
              </Checkbox>
            </Flex>
          </List.Item>
        )}
      />
      <Typography.Text className="sz-block sz-mt-16 sz-mb-4">{t('assess.conflictNote')}</Typography.Text>
      <Input.TextArea rows={2} maxLength={500} showCount value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('assess.conflictNotePlaceholder')} />
      <Button type="primary" className="sz-mt-16" onClick={confirm} loading={declare.isPending} data-testid="declare">
        {t('assess.declare')}
      </Button>
    </Card>
  );
}

/** 评审任务: the declaration first; then the assigned subjects by label (and names, when the round is not blind). */
export function ReviewPage() {
  const { id = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const review = useReview(id);
  if (review.isPending) return <Spin className="sz-block sz-m-48" />;
  if (review.error || !review.data) return <ErrorAlert error={review.error} onRetry={review.refetch} />;
  const r = review.data;
  return (
    <div data-testid="review-page">
      <PageHeader
        title={
          <Flex gap={8} wrap align="center">
            <span>{r.name}</span>
            <RoundStateTag state={r.state} />
            {r.blind ? <Tag color="purple">{t('assess.blindOn')}</Tag> : null}
          </Flex>
        }
        description={`${t('assess.rubricVersion', { name: r.rubric.name, version: r.rubric.version })}${r.scoringDueOn ? ` · ${t('assess.dueBy', { date: r.scoringDueOn })}` : ''}`}
        extra={<Link to="/assessment/reviews">{t('assess.backToReviews')}</Link>}
      />
      {!r.declared ? (
        <Declaration review={r} />
      ) : (
        <Card size="small" title={t('assess.mySubjects')} extra={r.declaredAt ? <Typography.Text type="secondary" className="sz-text-sm">{t('assess.declaredAt')} <DateTimeText value={r.declaredAt} /></Typography.Text> : null}>
          {r.blind ? <Alert type="info" showIcon className="sz-mb-16" title={t('assess.blindHelpEvaluator')} /> : null}
          {r.subjects.length === 0 ? (
            <Empty description={t('assess.noAssignedSubjects')} />
          ) : (
            <List
              dataSource={r.subjects}
              renderItem={(s) => (
                <List.Item
                  className="sz-pointer"
                  onClick={() => navigate(`/assessment/reviews/${r.roundId}/${s.label}`)}
                  actions={[
                    <Link key="open" to={`/assessment/reviews/${r.roundId}/${s.label}`} data-testid="sheet-link">
                      {s.submittedAt ? t('assess.viewSheet') : t('assess.score')}
                    </Link>,
                  ]}
                >
                  <List.Item.Meta
                    title={s.name ? `${t('assess.subjectLabel', { label: s.label })} · ${s.name}` : t('assess.subjectLabel', { label: s.label })}
                    description={
                      s.submittedAt ? (
                        <span>
                          <Tag color="green">{t('assess.submitted')}</Tag>
                          <DateTimeText value={s.submittedAt} />
                        </span>
                      ) : (
                        <Tag color="gold">{t('assess.notSubmitted')}</Tag>
                      )
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </div>
  );
}
