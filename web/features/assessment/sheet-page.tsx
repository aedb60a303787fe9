import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { pts, RoundStateTag } from './assessment-labels';
import { useReviewMutations, useSheet, type ReviewSheet } from './assessment-api';
import { byDimension, IndicatorInfo } from './indicator-info';

type Line = { points: number | null; comment: string };
type SheetLine = ReviewSheet['indicators'][number];

/** Whether this evaluator may change one indicator now: the sheet open, scored by people, and during appeals only those reopened. */
const canEdit = (sheet: ReviewSheet, x: SheetLine) => sheet.editable && x.scoredByEvaluators && (sheet.state !== 'appeals' || x.reopened);

function SheetForm({ sheet }: { sheet: ReviewSheet }) {
  const t = useT();
  const isPhone = useIsPhone();
  const { modal } = App.useApp();
  const { notifyError, notifySuccess } = useFeedback();
  const { save } = useReviewMutations(sheet.roundId);
  const [lines, setLines] = useState<Record<string, Line>>(() => Object.fromEntries(sheet.indicators.map((x) => [x.code, { points: x.mine?.points ?? null, comment: x.mine?.comment ?? '' }])));
  const [asking, setAsking] = useState<null | boolean>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const groups = useMemo(() => byDimension(sheet.indicators), [sheet.indicators]);
  const editable = sheet.indicators.filter((x) => canEdit(sheet, x));
  const missing = editable.filter((x) => lines[x.code]?.points === null).length;
  const submitted = !!sheet.submittedAt;
  const set = (code: string, change: Partial<Line>) => setLines((all) => ({ ...all, [code]: { ...all[code], ...change } }));
  const send = (submit: boolean, reason?: string) =>
    save.mutateAsync({
      label: sheet.label,
      submit,
      reason,
      scores: editable.filter((x) => lines[x.code]?.points !== null).map((x) => ({ indicatorCode: x.code, points: lines[x.code].points!, comment: lines[x.code].comment.trim() || null })),
    });
  const done = (submit: boolean) => notifySuccess(submit ? t('assess.sheetSubmitted') : t('assess.draftSaved'));
  const onSave = (submit: boolean) => {
    if (submitted) {
      reasonForm.resetFields();
      setAsking(submit);
      return;
    }
    if (!submit) return void send(false).then(() => done(false), (e: unknown) => notifyError(e));
    modal.confirm({
      title: t('assess.submitSheetConfirm'),
      content: missing ? t('assess.submitSheetMissing', { n: missing }) : t('assess.submitSheetHelp'),
      okText: t('assess.submitSheet'),
      cancelText: t('common.cancel'),
      onOk: () => send(true).then(() => done(true), (e: unknown) => notifyError(e)),
    });
  };
  return (
    <>
      {sheet.state === 'appeals' ? <Alert type="warning" showIcon className="sz-mb-16" title={t('assess.appealsOnlyReopened')} /> : null}
      {!sheet.editable ? <Alert type="info" showIcon className="sz-mb-16" title={t('assess.sheetReadOnly')} /> : null}
      {groups.map((g) => (
        <Card key={g.code} size="small" title={g.name} className="sz-mb-16" data-testid="sheet-dimension">
          {g.indicators.map((x) => {
            const on = canEdit(sheet, x);
            const line = lines[x.code];
            return (
              <div key={x.id} className={`sz-dashed-bottom sz-mb-12 ${x.reopened ? 'sz-alarm-card sz-boxed' : ''}`} style={x.reopened ? { padding: 8 } : undefined} data-testid="sheet-indicator">
                <IndicatorInfo x={x}>
                  {x.reopened ? <Tag color="orange">{t('assess.reopened')}</Tag> : null}
                  {x.scoredByEvaluators ? (
                    <Flex gap={8} wrap align="flex-start" className="sz-mt-8 sz-mb-8">
                      <InputNumber
                        min={0}
                        max={x.maxPoints}
                        step={0.5}
                        precision={2}
                        value={line.points}
                        onChange={(v) => set(x.code, { points: v ?? null })}
                        disabled={!on}
                        placeholder={t('assess.pointsPlaceholder', { max: pts(x.maxPoints) })}
                        aria-label={t('assess.pointsFor', { name: x.name })}
                        className={isPhone ? 'sz-w-full' : undefined}
                        style={isPhone ? undefined : { width: 140 }}
                        data-testid="score-input"
                      />
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        maxLength={1000}
                        value={line.comment}
                        onChange={(e) => set(x.code, { comment: e.target.value })}
                        disabled={!on}
                        placeholder={t('assess.commentPlaceholder')}
                        className="sz-min-w-0"
                        style={{ flex: '1 1 240px' }}
                      />
                    </Flex>
                  ) : (
                    <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mt-4 sz-mb-8">
                      {t('assess.platformScored')}
                    </Typography.Text>
                  )}
                  {x.mine ? (
                    <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mb-8">
                      {t('assess.lastSaved')} <DateTimeText value={x.mine.updatedAt} />
                    </Typography.Text>
                  ) : null}
                </IndicatorInfo>
              </div>
            );
          })}
        </Card>
      ))}
      {sheet.editable && editable.length ? (
        <Card size="small" className="sz-mb-16">
          <Flex gap={8} wrap align="center">
            {!submitted ? (
              <Button onClick={() => onSave(false)} loading={save.isPending && asking === null} data-testid="save-draft">
                {t('assess.saveDraft')}
              </Button>
            ) : null}
            <Button type="primary" onClick={() => onSave(true)} loading={save.isPending} data-testid="submit-sheet">
              {submitted ? t('assess.submitChange') : t('assess.submitSheet')}
            </Button>
            <Typography.Text type="secondary" className="sz-text-sm">
              {missing ? t('assess.stillMissing', { n: missing }) : t('assess.allScored')}
            </Typography.Text>
          </Flex>
        </Card>
      ) : null}
      <Modal
        open={asking !== null}
        title={t('assess.changeReasonTitle')}
        onCancel={() => setAsking(null)}
        onOk={() => reasonForm.submit()}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        width={isPhone ? '100%' : 520}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('assess.changeReasonHelp')}</Typography.Paragraph>
        <Form
          form={reasonForm}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            send(asking ?? true, v.reason.trim()).then(
              () => {
                done(asking ?? true);
                setAsking(null);
              },
              (e: unknown) => notifyError(e, reasonForm),
            )
          }
        >
          <Form.Item name="reason" label={t('assess.changeReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('assess.changeReasonMissing') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="change-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 评分表: one subject (by label in a blind round), its indicators by dimension, this evaluator's points and comments. */
export function SheetPage() {
  const { id = '', label = '' } = useParams();
  const t = useT();
  const sheet = useSheet(id, label);
  if (sheet.isPending) return <Spin className="sz-block sz-m-48" />;
  if (sheet.error || !sheet.data) return <ErrorAlert error={sheet.error} onRetry={sheet.refetch} />;
  const s = sheet.data;
  return (
    <div data-testid="sheet-page">
      <PageHeader
        title={
          <Flex gap={8} wrap align="center">
            <span>{s.name ? `${t('assess.subjectLabel', { label: s.label })} · ${s.name}` : t('assess.subjectLabel', { label: s.label })}</span>
            <RoundStateTag state={s.state} />
            {s.submittedAt ? <Tag color="green">{t('assess.submitted')}</Tag> : <Tag color="gold">{t('assess.notSubmitted')}</Tag>}
          </Flex>
        }
        description={s.submittedAt ? <>{t('assess.submittedAt')} <DateTimeText value={s.submittedAt} /></> : t('assess.sheetDescription')}
        extra={<Link to={`/assessment/reviews/${id}`}>{t('assess.backToReview')}</Link>}
      />
      <SheetForm key={`${s.label}-${s.submittedAt ?? ''}`} sheet={s} />
    </div>
  );
}
