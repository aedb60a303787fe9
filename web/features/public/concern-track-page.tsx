import { StarOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Rate, Result, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ProblemError } from '../../app/api';
import { useT, type MessageKey } from '../../app/i18n';
import { applyProblemToForm } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { CONCERN_STATE_COLORS, tidyTrackingNumber, usePublicConcern, useRatePublicConcern, type PublicConcern } from './concerns-api';
import { ConcernsShell, concernProblem } from './concern-common';
import { useCityPath } from './portal-city';

/** 2026-12-07T02:03:00Z → 2026-12-07 10:03, in China time whatever the phone's zone. */
function chinaMinute(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const NEXT_STEP: Partial<Record<PublicConcern['state'], MessageKey>> = {
  submitted: 'open.concern.nextAccept',
  accepted: 'open.concern.nextStart',
  handling: 'open.concern.nextReply',
  replied: 'open.concern.nextRate',
  rated: 'open.concern.nextClose',
};

function RatingForm({ concern }: { concern: PublicConcern }) {
  const t = useT();
  const [form] = Form.useForm<{ rating?: number; ratingComment?: string }>();
  const rate = useRatePublicConcern(concern.trackingNumber);
  const [error, setError] = useState<unknown>(null);
  return (
    <Card size="small" title={<><StarOutlined /> {t('open.concern.rateTitle')}</>} className="sz-mb-12" data-testid="concern-rate-card">
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        disabled={rate.isPending}
        onFinish={(v) => {
          setError(null);
          rate.mutate(
            { rating: v.rating!, ratingComment: v.ratingComment?.trim() ? v.ratingComment.trim() : null },
            { onError: (e) => (applyProblemToForm(form, e) ? undefined : setError(e)) },
          );
        }}
      >
        <Form.Item name="rating" label={t('open.concern.rating')} rules={[{ required: true, message: t('open.concern.ratingRequired') }]}>
          <Rate tooltips={[t('open.concern.rate1'), t('open.concern.rate2'), t('open.concern.rate3'), t('open.concern.rate4'), t('open.concern.rate5')]} style={{ fontSize: 30 }} data-testid="concern-rating" />
        </Form.Item>
        <Form.Item name="ratingComment" label={t('open.concern.ratingComment')}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('open.concern.ratingCommentPlaceholder')} data-testid="concern-rating-comment" />
        </Form.Item>
        {error ? <ErrorAlert error={error} className="sz-mb-12" description={concernProblem(error, t)} testId="concern-rate-error" /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={rate.isPending} data-testid="concern-rate-submit">
          {t('open.concern.rateSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function ConcernView({ c }: { c: PublicConcern }) {
  const t = useT();
  const next = NEXT_STEP[c.state];
  return (
    <>
      <Card size="small" className="sz-mb-12" data-testid="concern-view">
        <Typography.Text type="secondary" className="sz-text-sm sz-block">
          {t('open.concern.trackingNumber')}
        </Typography.Text>
        <Typography.Text strong copyable className="sz-text-lg" data-testid="concern-view-number">
          {c.trackingNumber}
        </Typography.Text>
        <div className="sz-mt-8 sz-mb-8">
          <Tag color={CONCERN_STATE_COLORS[c.state]} className="sz-text-md" data-testid="concern-state">
            {c.stateName}
          </Tag>
          {next ? (
            <Typography.Text type="secondary" className="sz-text-sm">
              {t(next)}
              {c.dueOn && ['submitted', 'accepted', 'handling'].includes(c.state) ? t('open.concern.dueBy', { date: c.dueOn }) : ''}
            </Typography.Text>
          ) : null}
        </div>
        {c.mergedInto ? <Alert type="info" showIcon className="sz-mb-8" title={t('open.concern.mergedInto', { number: c.mergedInto })} data-testid="concern-merged" /> : null}
        <Descriptions column={1} size="small" styles={{ label: { width: 84, whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('open.concern.category')}>{c.category}</Descriptions.Item>
          <Descriptions.Item label={t('open.concern.place')}>{c.town === c.place ? c.town : `${c.town} · ${c.place}`}</Descriptions.Item>
          <Descriptions.Item label={t('open.concern.submittedAt')}>{chinaMinute(c.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('open.concern.description')}>
            <span className="sz-pre-wrap sz-wrap-anywhere" data-testid="concern-view-description">
              {c.description}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {c.reply ? (
        <Card size="small" title={t('open.concern.reply')} className="sz-mb-12" data-testid="concern-reply">
          <Typography.Paragraph className="sz-m-0 sz-pre-wrap sz-wrap-anywhere">{c.reply}</Typography.Paragraph>
        </Card>
      ) : null}
      {c.mayRate ? <RatingForm concern={c} /> : null}
      {c.rating !== null ? (
        <Card size="small" title={t('open.concern.yourRating')} className="sz-mb-12" data-testid="concern-rated">
          <Rate disabled value={c.rating} />
          <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-4">
            {c.state === 'closed' ? t('open.concern.thanksClosed') : t('open.concern.thanks')}
          </Typography.Paragraph>
        </Card>
      ) : null}
      <Card size="small" title={t('open.concern.timeline')} data-testid="concern-timeline">
        <Timeline
          items={c.steps.map((s, i) => ({
            color: i === c.steps.length - 1 ? 'blue' : 'gray',
            content: (
              <>
                <Typography.Text strong={i === c.steps.length - 1}>{s.stateName}</Typography.Text>
                <Typography.Text type="secondary" className="sz-text-sm sz-block">
                  {chinaMinute(s.at)}
                </Typography.Text>
              </>
            ),
          }))}
        />
        <Typography.Paragraph type="secondary" className="sz-text-sm sz-m-0">
          {t('open.concern.updatedAt', { at: chinaMinute(c.updatedAt) })}
        </Typography.Paragraph>
      </Card>
    </>
  );
}

/**
 * 进度查询 (issue 17 §4): a resident follows a concern by its tracking number — its state, what happens next and by
 * when, the public history (states and times, never who), the reply; once answered they rate it (1–5 and a comment),
 * and the office closes it. The text is as the server masks it.
 */
export function ConcernTrackPage() {
  const t = useT();
  const navigate = useNavigate();
  const cityPath = useCityPath();
  const { trackingNumber = '' } = useParams();
  const [typed, setTyped] = useState(trackingNumber);
  const query = usePublicConcern(trackingNumber);
  const notFound = query.error instanceof ProblemError && (query.error.status === 404 || query.error.status === 422);
  return (
    <ConcernsShell active="track" testId="concern-track-page">
      <Card size="small" className="sz-mb-12" title={t('open.concern.trackTitle')}>
        <Input.Search
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => {
            const tidy = tidyTrackingNumber(v);
            if (tidy) void navigate(cityPath(`/open/concerns/track/${encodeURIComponent(tidy)}`));
          }}
          placeholder={t('open.concern.trackPlaceholder')}
          enterButton={t('open.concern.trackButton')}
          size="large"
          allowClear
          autoCapitalize="characters"
          data-testid="concern-track-input"
        />
        <Typography.Paragraph type="secondary" className="sz-text-sm sz-m-0 sz-mt-8">
          {t('open.concern.trackHelp')} <Link to={cityPath('/open/concerns')}>{t('open.concern.raiseLink')}</Link>
        </Typography.Paragraph>
      </Card>
      {trackingNumber === '' ? null : notFound ? (
        <Card size="small" data-testid="concern-not-found">
          <Result status="warning" title={t('open.concern.notFound')} subTitle={t('open.concern.notFoundHelp')} />
        </Card>
      ) : query.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => query.refetch()} description={concernProblem(query.error, t)} />
      ) : (
        <ConcernView c={query.data} />
      )}
    </ConcernsShell>
  );
}
