import { DeleteOutlined, DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Spin, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { ListShell } from '../../components/list-shell';
import { useIsPhone } from '../../components/use-is-phone';
import { AdjustmentKindTag, pts, RankText, SourceTag } from './assessment-labels';
import { useOfficeMutations, useRubrics, useSubjects, useSurveyLink, useTrace, type Round, type RoundSubject, type SubjectTrace } from './assessment-api';
import { SheetProgress } from './rounds-page';

type TraceIndicator = SubjectTrace['indicators'][number];

/** Who gave what on one indicator; a score the trimmed mean dropped is struck through. */
function IndicatorTrace({ x }: { x: TraceIndicator }) {
  const t = useT();
  return (
    <div className="sz-dashed-bottom sz-mb-8" data-testid="trace-indicator">
      <Flex justify="space-between" align="baseline" gap={8} wrap>
        <Typography.Text strong className="sz-min-w-0">
          {x.code} {x.name}
        </Typography.Text>
        <Flex gap={4} align="center" wrap>
          <SourceTag source={x.source} />
          <Typography.Text strong className="sz-num">
            {x.aggregate.missing ? t('assess.missing') : pts(x.aggregate.points)} / {pts(x.maxPoints)}
          </Typography.Text>
        </Flex>
      </Flex>
      <Typography.Text type="secondary" className="sz-block sz-text-sm">
        {x.aggregate.fixed ? t('assess.fixedByPlatform') : t('assess.countedOf', { counted: x.aggregate.counted, evaluators: x.aggregate.evaluators })}
        {x.reopened ? <Tag color="orange" className="sz-ms-6">{t('assess.reopened')}</Tag> : null}
      </Typography.Text>
      {x.self ? (
        <Typography.Text className="sz-block sz-text-sm">
          {t('assess.selfScore')}：{pts(x.self.points)}
          {x.self.note ? `（${x.self.note}）` : ''}
        </Typography.Text>
      ) : null}
      {x.computed ? (
        <Typography.Text className="sz-block sz-text-sm">
          {t('assess.computedFigure')}：{x.computed.figure}
          {x.computed.points !== null ? ` → ${pts(x.computed.points)}` : ''}
          {x.computed.sample !== null ? ` · ${t('assess.sample', { n: x.computed.sample })}` : ''}
        </Typography.Text>
      ) : null}
      {x.scores.length ? (
        <ul className="sz-ps-18 sz-mt-4 sz-mb-4">
          {x.scores.map((s) => (
            <li key={s.evaluatorId} className="sz-text-sm">
              <Typography.Text delete={!s.counted} className="sz-text-sm">
                {s.name}：<strong className="sz-num">{pts(s.points)}</strong>
              </Typography.Text>
              {!s.counted ? <Typography.Text type="secondary" className="sz-text-sm"> {t('assess.dropped')}</Typography.Text> : null}
              {s.comment ? <Typography.Text className="sz-text-sm"> — {s.comment}</Typography.Text> : null}
              <Typography.Text type="secondary" className="sz-block sz-text-sm">
                <DateTimeText value={s.updatedAt} />
                {s.revisions > 0 ? ` · ${t('assess.revisions', { n: s.revisions })}` : ''}
                {s.evidence ? ` · ${t('assess.basisNote')}：${s.evidence}` : ''}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ) : null}
      {x.evidence.length ? (
        <Flex gap={8} wrap className="sz-mb-4">
          {x.evidence.map((f) => (
            <a key={f.id} href={f.url} target="_blank" rel="noreferrer" className="sz-text-sm">
              {f.name}
            </a>
          ))}
        </Flex>
      ) : null}
    </div>
  );
}

interface AdjustmentValues {
  adjustmentCode: string;
  points: number;
  reason: string;
}

/** 加减分: one item of the rubric, points within its cap, and why. */
function AddAdjustment({ round, subjectId }: { round: Round; subjectId: string }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<AdjustmentValues>();
  const code = Form.useWatch('adjustmentCode', form);
  const { notifyError, notifySuccess } = useFeedback();
  const { addAdjustment } = useOfficeMutations(round.id);
  const items = useRubrics(round.kind, 'all').data?.find((r) => r.id === round.rubric.id)?.adjustments ?? [];
  const cap = items.find((a) => a.code === code)?.cap;
  const rule = items.find((a) => a.code === code)?.rule;
  return (
    <>
      <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)} disabled={!items.length} data-testid="add-adjustment">
        {t('assess.addAdjustment')}
      </Button>
      <Modal
        open={open}
        title={t('assess.addAdjustment')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        cancelText={t('common.cancel')}
        confirmLoading={addAdjustment.isPending}
        width={isPhone ? '100%' : 520}
        destroyOnHidden
      >
        <Form<AdjustmentValues>
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            addAdjustment.mutate(
              { subjectId, ...v },
              {
                onSuccess: () => {
                  notifySuccess(t('common.saved'));
                  setOpen(false);
                },
                onError: (e) => notifyError(e, form),
              },
            )
          }
        >
          <Form.Item name="adjustmentCode" label={t('assess.adjustmentItem')} rules={[{ required: true, message: t('assess.adjustmentMissing') }]} extra={rule}>
            <Select options={items.map((a) => ({ value: a.code, label: `${a.name}（${a.kind === 'bonus' ? '+' : '−'}${t('assess.capN', { n: pts(a.cap) })}）` }))} data-testid="adjustment-item" />
          </Form.Item>
          <Form.Item name="points" label={t('assess.points')} rules={[{ required: true, message: t('assess.pointsMissing') }]} extra={cap !== undefined ? t('assess.capN', { n: pts(cap) }) : undefined}>
            <InputNumber min={0.5} max={cap} step={0.5} precision={2} data-testid="adjustment-points" />
          </Form.Item>
          <Form.Item name="reason" label={t('assess.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('assess.reasonMissing') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function TraceBody({ round, trace }: { round: Round; trace: SubjectTrace }) {
  const t = useT();
  const isPhone = useIsPhone();
  const { notifyError } = useFeedback();
  const { removeAdjustment } = useOfficeMutations(round.id);
  const r = trace.result;
  const dims = [...new Map(trace.indicators.map((x) => [x.dimensionCode, x.dimensionName])).entries()];
  const moderating = round.state === 'scoring' || round.state === 'moderation';
  return (
    <>
      <Descriptions size="small" column={isPhone ? 1 : 3} bordered className="sz-mb-16">
        <Descriptions.Item label={t('assess.composite')}>
          <Typography.Text strong>{pts(r.composite)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('assess.rank')}>
          <RankText rank={r.rank} tied={r.tied} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assess.total')}>{pts(r.total)}</Descriptions.Item>
        <Descriptions.Item label={t('assess.bonus')}>+{pts(r.bonus)}</Descriptions.Item>
        <Descriptions.Item label={t('assess.deduction')}>−{pts(r.deduction)}</Descriptions.Item>
        <Descriptions.Item label={t('assess.selfSubmittedAt')}>
          <DateTimeText value={trace.subject.selfSubmittedAt} />
        </Descriptions.Item>
      </Descriptions>
      {!r.complete ? <Alert type="info" showIcon className="sz-mb-16" title={t('assess.incompleteHelp')} /> : null}
      <Card size="small" title={t('assess.adjustments')} extra={moderating ? <AddAdjustment round={round} subjectId={trace.subject.id} /> : null} className="sz-mb-16" data-testid="trace-adjustments">
        {trace.adjustments.length === 0 ? (
          <Typography.Text type="secondary">{t('assess.noAdjustments')}</Typography.Text>
        ) : (
          trace.adjustments.map((a) => (
            <Flex key={a.id} justify="space-between" align="flex-start" gap={8} className="sz-mb-8">
              <div className="sz-min-w-0">
                <AdjustmentKindTag kind={a.kind} />
                <Typography.Text strong>
                  {a.name} {a.kind === 'bonus' ? '+' : '−'}
                  {pts(a.points)}
                </Typography.Text>
                <Typography.Text type="secondary" className="sz-block sz-text-sm">
                  {a.reason} · {a.givenBy ?? '—'} · <DateTimeText value={a.givenAt} />
                </Typography.Text>
              </div>
              {moderating ? (
                <Popconfirm title={t('assess.removeAdjustmentConfirm')} onConfirm={() => removeAdjustment.mutate({ subjectId: trace.subject.id, entryId: a.id }, { onError: (e) => notifyError(e) })} okText={t('common.yes')} cancelText={t('common.no')}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('assess.removeAdjustment')} />
                </Popconfirm>
              ) : null}
            </Flex>
          ))
        )}
      </Card>
      <Collapse
        defaultActiveKey={dims.map(([code]) => code)}
        items={dims.map(([code, name]) => {
          const score = r.dimensions.find((d) => d.code === code)?.score;
          return {
            key: code,
            label: (
              <Flex justify="space-between" gap={8}>
                <span>{name}</span>
                <Typography.Text strong className="sz-num">
                  {pts(score)}
                </Typography.Text>
              </Flex>
            ),
            children: trace.indicators.filter((x) => x.dimensionCode === code).map((x) => <IndicatorTrace key={x.id} x={x} />),
          };
        })}
      />
    </>
  );
}

/** A station's residents' survey for the office to print or share: the link, its QR code, the answers so far; and its report once published. */
function StationExtras({ round, subject }: { round: Round; subject: RoundSubject }) {
  const t = useT();
  const survey = useSurveyLink(round.id, subject.id, subject.subjectType === 'station');
  const published = round.state === 'notice' || round.state === 'appeals' || round.state === 'final';
  return (
    <Card size="small" title={t('assess.surveyTitle')} className="sz-mt-16" data-testid="survey-card">
      {subject.subjectType !== 'station' ? null : survey.isPending ? (
        <Spin />
      ) : survey.error || !survey.data ? (
        <ErrorAlert error={survey.error} onRetry={survey.refetch} />
      ) : (
        <Flex gap={16} wrap align="center">
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(survey.data.qrSvg)}`} alt={t('assess.surveyQr')} width={128} height={128} />
          <div className="sz-min-w-0">
            <Typography.Paragraph copyable={{ text: survey.data.url }} className="sz-mb-8">
              <Typography.Link href={survey.data.url} target="_blank" rel="noopener" data-testid="survey-link">
                {t('assess.surveyLink')}
              </Typography.Link>
            </Typography.Paragraph>
            <Typography.Text type="secondary" className="sz-block" data-testid="survey-answers">
              {t('assess.surveyAnswers', { n: survey.data.answers })}
              {survey.data.mean !== null ? ` · ${t('assess.surveyMean', { mean: survey.data.mean })}` : ''}
              {survey.data.open ? '' : ` · ${t('assess.surveyClosed')}`}
            </Typography.Text>
          </div>
        </Flex>
      )}
      {published ? (
        <Button className="sz-mt-8" icon={<DownloadOutlined />} href={`/api/v1/assessment/rounds/${round.id}/subjects/${subject.id}/report.pdf`} data-testid="trace-report-download">
          {t('assess.reportPdf')}
        </Button>
      ) : null}
    </Card>
  );
}

/** 评分明细 of one subject: every figure with who gave it, when, and how many times it was changed. */
function TraceDrawer({ round, subject, onClose }: { round: Round; subject: RoundSubject | null; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const trace = useTrace(round.id, subject?.id ?? null);
  return (
    <Drawer open={!!subject} onClose={onClose} size={isPhone ? '100%' : 720} title={subject ? t('assess.traceTitle', { name: subject.name, label: subject.blindLabel }) : ''} destroyOnHidden data-testid="trace-drawer">
      {trace.isPending ? <Spin /> : trace.error || !trace.data ? <ErrorAlert error={trace.error} onRetry={trace.refetch} /> : <TraceBody round={round} trace={trace.data} />}
      {subject ? <StationExtras round={round} subject={subject} /> : null}
    </Drawer>
  );
}

/**
 * 重新计算: the computed and survey indicators read the platform again (the talent pool, projects, concerns, the
 * residents' answers so far). Scoring's start reads them once; the office refreshes them while scoring and moderation
 * run, when the data behind them has moved. Not there for a rubric without such indicators.
 */
function RecomputeBar({ round }: { round: Round }) {
  const t = useT();
  const { notifyError, notifySuccess } = useFeedback();
  const { refreshComputed } = useOfficeMutations(round.id);
  const rubric = useRubrics(round.kind, 'all').data?.find((r) => r.id === round.rubric.id);
  const indicators = rubric?.dimensions.flatMap((d) => d.indicators) ?? [];
  const computed = indicators.filter((x) => x.source === 'computed').length;
  const survey = indicators.filter((x) => x.source === 'survey').length;
  if (!rubric || computed + survey === 0) return null;
  // The same stages the server refreshes in (moderation.ts): before scoring nothing is read yet, after publication the figures are fixed.
  const open = round.state === 'scoring' || round.state === 'moderation';
  return (
    <Alert
      type="info"
      className="sz-mb-16"
      data-testid="recompute-bar"
      title={t('assess.recompute.title', { computed, survey })}
      description={
        <>
          {open ? t('assess.recompute.help') : t('assess.recompute.closed')}
          {open ? (
            <div className="sz-mt-8">
              <Button
                onClick={() => refreshComputed.mutate(undefined, { onSuccess: (r) => notifySuccess(t('assess.recompute.done', { n: r.refreshed })), onError: (e) => notifyError(e) })}
                loading={refreshComputed.isPending}
                icon={<ReloadOutlined />}
                data-testid="recompute"
              >
                {t('assess.recompute.button')}
              </Button>
            </div>
          ) : null}
        </>
      }
    />
  );
}

/** 受评对象: each subject, its self-assessment and the sheets handed in; a click opens its traced scores. */
export function RoundSubjects({ round }: { round: Round }) {
  const t = useT();
  const subjects = useSubjects(round.id);
  const [open, setOpen] = useState<RoundSubject | null>(null);
  const columns: ColumnsType<RoundSubject> = [
    { title: t('assess.label'), dataIndex: 'blindLabel', width: 70, render: (l: string) => <Tag>{l}</Tag> },
    { title: t('assess.subject'), dataIndex: 'name', render: (n: string) => <Typography.Link data-testid="subject-row">{n}</Typography.Link> },
    { title: t('assess.selfAssessment'), dataIndex: 'selfSubmittedAt', width: 170, render: (d: string | null) => (d ? <DateTimeText value={d} /> : <Typography.Text type="secondary">{t('assess.notSubmitted')}</Typography.Text>) },
    { title: t('assess.sheets'), key: 'sheets', width: 180, render: (_: unknown, s) => <SheetProgress submitted={s.submitted} owed={s.evaluators} /> },
  ];
  if (!subjects.isPending && !subjects.error && subjects.data?.length === 0) return <Empty description={t('assess.noSubjects')} />;
  return (
    <>
      <RecomputeBar round={round} />
      <Typography.Paragraph type="secondary">{t('assess.subjectsHelp')}</Typography.Paragraph>
      <ListShell<RoundSubject>
        list={{ items: subjects.data ?? [], isPending: subjects.isPending, error: subjects.error, refetch: subjects.refetch }}
        columns={columns}
        rowKey="id"
        onOpen={setOpen}
        renderCard={(s) => (
          <div data-testid="subject-card">
            <Flex justify="space-between" gap={8} align="flex-start">
              <Typography.Text strong className="sz-min-w-0">
                {s.name}
              </Typography.Text>
              <Tag className="sz-me-0">{s.blindLabel}</Tag>
            </Flex>
            <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mt-4">
              {t('assess.selfAssessment')}：{s.selfSubmittedAt ? <DateTimeText value={s.selfSubmittedAt} /> : t('assess.notSubmitted')}
            </Typography.Text>
            <SheetProgress submitted={s.submitted} owed={s.evaluators} />
          </div>
        )}
        tableTestId="subject-table"
        listTestId="subject-cards"
        tableProps={{ size: 'small' }}
      />
      <TraceDrawer round={round} subject={open} onClose={() => setOpen(null)} />
    </>
  );
}
