import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Radio, Result, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { showFieldErrors } from '../projects/form-helpers';
import { ProblemAlert, yuan } from '../projects/project-labels';
import { BidContentView } from '../projects/tabs/bid-view';
import { useReview, useReviewMutations, type Review, type ReviewBid } from './reviews-api';

/**
 * 专家评审: first the conflict-of-interest declaration (a conflict recuses the expert; no bid is shown
 * before it), then each bid with a scoring form per rubric criterion, whole points, with a running total.
 */
export function ReviewPage() {
  const { projectId = '' } = useParams();
  const { t } = useI18n();
  const review = useReview(projectId);
  if (review.isPending) return <Skeleton active />;
  if (review.isError)
    return (
      <>
        <ProblemAlert error={review.error} />
        <Link to="/reviews">{t('review.back')}</Link>
      </>
    );
  const r = review.data;
  // Scoring ends when the office recommends: the project leaves procuring.
  const open = r.projectState === 'procuring';
  const scored = r.bids.filter((b) => b.myScores).length;
  return (
    <div data-testid="review-page" style={{ maxWidth: 1100 }}>
      <PageHeader title={r.title} description={t('review.subtitle', { number: r.number, budget: yuan(r.budgetFen, t('project.yuan')) })} extra={<Link to="/reviews">{t('review.back')}</Link>} />
      {!open ? <Alert type="info" showIcon className="sz-mb-12" title={t('review.closed')} data-testid="review-closed" /> : null}
      {r.state === 'assigned' ? <Declaration review={r} /> : null}
      {r.state === 'recused' ? <Result status="info" title={t('review.recusedTitle')} subTitle={t('review.recusedText')} data-testid="review-recused" /> : null}
      {r.state === 'declared' ? (
        <>
          <Rubric review={r} />
          <Alert
            type={scored === r.bids.length ? 'success' : 'info'}
            showIcon
            className="sz-mb-12"
            title={scored === r.bids.length ? t('review.allScored', { total: r.bids.length }) : t('review.progress', { scored, total: r.bids.length })}
            data-testid="review-progress"
          />
          <Flex vertical gap={16}>
            {r.bids.map((b, i) => (
              <BidCard key={b.bidId} review={r} bid={b} index={i + 1} open={open} />
            ))}
          </Flex>
        </>
      ) : null}
    </div>
  );
}

function Declaration({ review }: { review: Review }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ hasConflict?: boolean; note?: string }>();
  const { declare } = useReviewMutations(review.projectId);
  const { notifySuccess } = useFeedback();
  const hasConflict = Form.useWatch('hasConflict', form);
  return (
    <Card title={t('review.declareTitle')} className="sz-mb-16" data-testid="review-declaration">
      <Typography.Paragraph>{t('review.declareText')}</Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20, color: 'rgba(0,0,0,.65)' }}>
        <li>{t('review.conflict1')}</li>
        <li>{t('review.conflict2')}</li>
        <li>{t('review.conflict3')}</li>
      </ul>
      <Typography.Paragraph strong className="sz-mb-4">
        {t('review.biddersTitle', { n: review.bidders.length })}
      </Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20 }} data-testid="review-bidders">
        {review.bidders.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
      <ProblemAlert error={declare.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          declare.mutate(
            { hasConflict: !!v.hasConflict, note: v.note?.trim() || undefined },
            {
              onSuccess: (res) => notifySuccess(res.state === 'recused' ? t('review.recusedDone') : t('review.declaredDone')),
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="hasConflict" rules={[{ required: true, message: t('review.declareRequired') }]}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="review-conflict">
            <Radio value={false} data-testid="review-no-conflict">
              {t('review.noConflict')}
            </Radio>
            <Radio value={true} data-testid="review-has-conflict">
              {t('review.hasConflict')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {hasConflict ? (
          <Form.Item name="note" label={t('review.conflictNote')} rules={[{ required: true, whitespace: true, message: t('review.conflictNoteRequired') }, { min: 4, message: t('review.conflictNoteRequired') }, { max: 500 }]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="review-conflict-note" />
          </Form.Item>
        ) : null}
        <Typography.Paragraph type="secondary" className="sz-text-sm">
          {t('review.declareFinal')}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={declare.isPending} danger={!!hasConflict} data-testid="review-declare">
          {hasConflict ? t('review.declareRecuse') : t('review.declareSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function Rubric({ review }: { review: Review }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  return (
    <Card size="small" title={t('review.rubricTitle')} className="sz-mb-12">
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={review.rubric}
        columns={[
          { title: t('review.criterion'), dataIndex: 'name', width: isPhone ? 110 : 160 },
          { title: t('review.maxPoints'), dataIndex: 'maxPoints', width: 70, align: 'right' },
          { title: t('review.criterionDescription'), dataIndex: 'description' },
        ]}
      />
    </Card>
  );
}

interface ScoreValues {
  scores: Record<string, number | null | undefined>;
  comment?: string;
}

function BidCard({ review, bid, index, open }: { review: Review; bid: ReviewBid; index: number; open: boolean }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<ScoreValues>();
  const { score } = useReviewMutations(review.projectId);
  const { notifySuccess } = useFeedback();
  const [error, setError] = useState<unknown>(null);
  const values = Form.useWatch('scores', form) ?? {};
  const total = review.rubric.reduce((n, c) => n + (typeof values[c.key] === 'number' ? values[c.key]! : 0), 0);
  const max = review.rubric.reduce((n, c) => n + c.maxPoints, 0);
  const submit = (v: ScoreValues) => {
    setError(null);
    const scores: Record<string, number> = {};
    for (const c of review.rubric) scores[c.key] = v.scores[c.key] ?? 0;
    score.mutate(
      { bidId: bid.bidId, scores, comment: v.comment?.trim() || undefined },
      {
        onSuccess: (res) => notifySuccess(t('review.saved', { org: bid.orgName, total: res.total })),
        onError: (e) => {
          setError(e);
          showFieldErrors(form, e);
        },
      },
    );
  };
  return (
    <Card
      data-testid="review-bid"
      title={
        <Flex wrap gap={8} align="center">
          <span>{t('review.bidNo', { n: index })}</span>
          <span>{bid.orgName}</span>
          {bid.myScores ? (
            <Tag color="green" icon={<CheckCircleFilled />} data-testid="review-bid-scored">
              {t('review.myTotal', { total: bid.myTotal ?? 0 })}
            </Tag>
          ) : (
            <Tag color="orange">{t('review.notScored')}</Tag>
          )}
        </Flex>
      }
    >
      <Flex gap={24} vertical={isPhone} align="flex-start">
        <div style={{ flex: 3, minWidth: 0, width: '100%' }}>
          <BidContentView bid={bid} budgetFen={review.budgetFen} />
        </div>
        <div className="sz-quote sz-w-full sz-min-w-0" style={{ flex: 2, whiteSpace: 'normal', borderRadius: 8, padding: 12 }}>
          <Typography.Text strong>{t('review.scoreTitle')}</Typography.Text>
          <ProblemAlert error={error} testId="review-problem" />
          <Form<ScoreValues>
            form={form}
            layout="vertical"
            initialValues={{ scores: bid.myScores ?? {}, comment: bid.myComment ?? undefined }}
            onFinish={submit}
            disabled={!open}
            className="sz-mt-8"
          >
            {review.rubric.map((c) => (
              <Form.Item
                key={c.key}
                name={['scores', c.key]}
                label={`${c.name}（0–${c.maxPoints}）`}
                rules={[
                  { required: true, message: t('review.scoreRequired') },
                  { type: 'integer', min: 0, max: c.maxPoints, message: t('review.scoreRange', { max: c.maxPoints }) },
                ]}
                className="sz-mb-10"
              >
                {/* No `max` on the input: antd would silently turn 30 into the maximum on blur; the rule above refuses it by name. */}
                <InputNumber min={0} precision={0} step={1} inputMode="numeric" className="sz-w-full" suffix={t('review.pointsUnit')} data-testid={`score-${c.key}`} />
              </Form.Item>
            ))}
            <Flex justify="space-between" align="center" className="sz-m-0 sz-mt-4 sz-mb-10">
              <Typography.Text>{t('review.runningTotal')}</Typography.Text>
              <Typography.Text strong style={{ fontSize: 20 }} data-testid="review-running-total">
                {total} / {max}
              </Typography.Text>
            </Flex>
            <Form.Item name="comment" label={t('review.comment')} rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} maxLength={1000} placeholder={t('review.commentPlaceholder')} />
            </Form.Item>
            {open ? (
              <Button type="primary" htmlType="submit" block loading={score.isPending} data-testid="review-save">
                {bid.myScores ? t('review.update') : t('review.save')}
              </Button>
            ) : null}
          </Form>
        </div>
      </Flex>
    </Card>
  );
}
