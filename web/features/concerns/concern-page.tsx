import { Alert, Card, Descriptions, Flex, Form, Image, Input, Rate, Select, Space, Spin, Typography } from 'antd';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ROUTING_TARGETS, type RoutingTarget } from '../../../contracts/concerns';
import { useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { CaseActions, type ActionValues, type EventSpec } from '../cases/case-actions';
import { CaseTimeline } from '../cases/case-timeline';
import { useLang } from '../workforce/worker-labels';
import { channelName, ConcernStateTag, OverdueTags, targetName } from './concern-labels';
import { useConcern, useConcernCase, useDepartments, useRefreshConcern, type Concern } from './concerns-api';

type Values = ActionValues & { reply?: string; rating?: number; ratingComment?: string; target?: RoutingTarget; departmentId?: string; intoNumber?: string };

/** The events' dialogs: what each one asks for, and what it sends as the transition's input. */
function useEventSpecs(c: Concern): Record<string, EventSpec<Values>> {
  const t = useT();
  const lang = useLang();
  const departments = useDepartments();
  const cityDepartments = (departments.data ?? []).filter((d) => d.cityId === c.cityId && !d.retired);
  return {
    accept: { tone: 'primary' },
    start: { tone: 'primary' },
    reply: {
      tone: 'primary',
      comment: false,
      help: t('concern.replyHelp'),
      fields: () => (
        <Form.Item name="reply" label={t('concern.reply')} rules={[{ required: true, min: 5, whitespace: true, message: t('concern.replyMissing') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="concern-reply-text" />
        </Form.Item>
      ),
      input: (v) => ({ reply: v.reply?.trim() }),
    },
    rate: {
      comment: false,
      help: t('concern.rateHelp'),
      fields: () => (
        <>
          <Form.Item name="rating" label={t('concern.rating')} rules={[{ required: true, message: t('concern.ratingMissing') }]}>
            <Rate />
          </Form.Item>
          <Form.Item name="ratingComment" label={t('concern.ratingComment')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      ),
      input: (v) => ({ rating: v.rating, ratingComment: v.ratingComment?.trim() || null }),
    },
    close: { tone: 'primary' },
    transfer: {
      help: t('concern.transferHelp'),
      commentLabel: t('concern.transferReason'),
      fields: (form) => (
        <>
          <Form.Item name="target" label={t('concern.transferTo')} rules={[{ required: true, message: t('concern.targetMissing') }]}>
            <Select
              options={ROUTING_TARGETS.map((x) => ({ value: x, label: targetName(x, lang) }))}
              onChange={() => form.setFieldValue('departmentId', undefined)}
              data-testid="concern-transfer-target"
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: { target?: string }, b: { target?: string }) => a.target !== b.target}>
            {() =>
              form.getFieldValue('target') === 'department' ? (
                <Form.Item name="departmentId" label={t('concern.department')} rules={[{ required: true, message: t('concern.departmentMissing') }]}>
                  <Select showSearch optionFilterProp="label" loading={departments.isPending} options={cityDepartments.map((d) => ({ value: d.id, label: d.name }))} data-testid="concern-transfer-department" />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </>
      ),
      input: (v) => ({ target: v.target, departmentId: v.target === 'department' ? (v.departmentId ?? null) : null }),
    },
    merge: {
      tone: 'danger',
      help: t('concern.mergeHelp'),
      fields: () => (
        <Form.Item name="intoNumber" label={t('concern.mergeInto')} rules={[{ required: true, whitespace: true, message: t('concern.mergeMissing') }]}>
          <Input placeholder="MQ202600123" maxLength={24} data-testid="concern-merge-number" />
        </Form.Item>
      ),
      input: (v) => ({ intoNumber: v.intoNumber?.trim() }),
    },
  };
}

function ConcernFacts({ c }: { c: Concern }) {
  const t = useT();
  const lang = useLang();
  const isPhone = useIsPhone();
  return (
    <Card size="small" title={t('concern.content')} className="sz-mb-16" data-testid="concern-facts">
      <Typography.Paragraph className="sz-pre-wrap" data-testid="concern-description">
        {c.description}
      </Typography.Paragraph>
      {c.photos.length ? (
        <Image.PreviewGroup>
          <Space wrap className="sz-mb-16">
            {c.photos.map((p) => (
              <Image key={p.id} src={p.url} alt={p.fileName} width={96} height={96} style={{ objectFit: 'cover' }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}
      <Descriptions size="small" column={isPhone ? 1 : 2} bordered>
        <Descriptions.Item label={t('concern.category')}>{c.category.name}</Descriptions.Item>
        <Descriptions.Item label={t('concern.place')}>
          {c.town.name} · {c.place.name}
          {c.address ? `，${c.address}` : ''}
          {c.lat !== null && c.lng !== null ? (
            <Typography.Text type="secondary" className="sz-block sz-text-sm">
              {c.lat.toFixed(5)}, {c.lng.toFixed(5)}
            </Typography.Text>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('concern.reporter')}>
          {c.reporterName || c.reporterPhone ? (
            <span data-testid="concern-phone">{[c.reporterName, c.reporterPhone].filter(Boolean).join(' · ')}</span>
          ) : (
            <Typography.Text type="secondary">{t('concern.noReporter')}</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('concern.channel')}>{channelName(c.channel, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('concern.responsible')}>{c.responsible.name}</Descriptions.Item>
        <Descriptions.Item label={t('concern.due')}>
          {c.dueOn ? <Typography.Text type={c.overdue ? 'danger' : undefined}>{c.dueOn}</Typography.Text> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('concern.submittedAt')}>
          <DateTimeText value={c.submittedAt} />
        </Descriptions.Item>
        <Descriptions.Item label={t('concern.trackingNumber')}>
          <Typography.Text copyable>{c.trackingNumber}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {c.publicDescription !== c.description ? (
        <Typography.Paragraph type="secondary" className="sz-mt-8 sz-mb-0 sz-text-sm">
          {t('concern.publicText', { text: c.publicDescription })}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

/** 民情详情: the concern, who has it and until when, what this user may do now, and its history. */
export function ConcernPage() {
  const { id = '' } = useParams();
  const t = useT();
  const isPhone = useIsPhone();
  const location = useLocation();
  const concern = useConcern(id);
  const caseFile = useConcernCase(id);
  const refresh = useRefreshConcern(id);
  const c = concern.data;
  const specs = useEventSpecsSafe(c);
  if (concern.isPending) return <Spin className="sz-block sz-m-48" />;
  if (concern.error || !c) return <ErrorAlert error={concern.error} onRetry={concern.refetch} />;
  const back = `/concerns${(location.state as { listSearch?: string } | null)?.listSearch ?? ''}`;
  const file = caseFile.data;
  return (
    <div data-testid="concern-page">
      <PageHeader
        title={
          <Space wrap>
            <span>{c.category.name}</span>
            <ConcernStateTag state={c.state} />
            <OverdueTags overdue={c.overdue} escalated={c.escalated} />
          </Space>
        }
        description={`${c.number} · ${c.town.name} · ${c.place.name}`}
        extra={<Link to={back}>{t('concern.back')}</Link>}
      />
      {c.mergedInto ? (
        <Alert type="info" showIcon className="sz-mb-16" title={t('concern.mergedInto')} description={<Link to={`/concerns/${c.mergedInto.id}`}>{c.mergedInto.number}</Link>} />
      ) : null}
      {c.reply ? (
        <Alert
          type="success"
          showIcon
          className="sz-mb-16"
          data-testid="concern-reply"
          title={t('concern.reply')}
          description={
            <>
              <div className="sz-pre-wrap">{c.reply}</div>
              {c.rating ? (
                <Space className="sz-mt-4">
                  <Rate disabled value={c.rating} />
                  {c.ratingComment ? <Typography.Text type="secondary">{c.ratingComment}</Typography.Text> : null}
                </Space>
              ) : null}
            </>
          }
        />
      ) : null}
      {file && specs ? <CaseActions<Values> c={file} events={specs} onActed={refresh} /> : null}
      <Flex gap={16} vertical={isPhone} align="flex-start">
        <div className="sz-min-w-0 sz-w-full" style={{ flex: 3 }}>
          <ConcernFacts c={c} />
        </div>
        <div className="sz-min-w-0 sz-w-full" style={{ flex: 2 }}>
          <Card size="small" title={t('case.history')} className="sz-mb-16" data-testid="case-timeline">
            {file ? (
              <>
                {file.waitingOn.length ? (
                  <Typography.Paragraph type="secondary" className="sz-text-sm">
                    {t('concern.waitingOn', { who: file.waitingOn.map((w) => (w.departmentName ? `${w.departmentName}：${w.task}` : w.task)).join('；') })}
                  </Typography.Paragraph>
                ) : null}
                <CaseTimeline steps={file.steps} />
              </>
            ) : caseFile.error ? (
              <ErrorAlert error={caseFile.error} onRetry={caseFile.refetch} />
            ) : (
              <Spin />
            )}
          </Card>
        </div>
      </Flex>
    </div>
  );
}

/** The hooks run on every render, the concern loaded or not (React's rule); the specs need its city. */
function useEventSpecsSafe(c: Concern | undefined) {
  const specs = useEventSpecs(c ?? ({ cityId: '' } as Concern));
  return c ? specs : null;
}
