import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Modal, Row, Select, Spin, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { UploadProblemAlert, UploadProgress, UploadTrigger, useFileUpload } from '../cases/file-upload';
import { pts, RankText, RoundStateTag } from './assessment-labels';
import { uploadEvidence, useResults, useSelfMutations, useSelfSheet, type SelfSheet } from './assessment-api';
import { byDimension, IndicatorInfo } from './indicator-info';
import { AppealCard } from './round-appeals';

type Line = { points: number | null; note: string };
const EVIDENCE_TYPES = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx';

/** The published result of this subject: composite, rank, the four dimensions. */
function MyResult({ sheet }: { sheet: SelfSheet }) {
  const t = useT();
  const results = useResults(sheet.roundId);
  const mine = results.data?.items.find((r) => r.subject.id === sheet.subjectId);
  if (results.isPending) return <Spin />;
  if (results.error) return <ErrorAlert error={results.error} onRetry={results.refetch} />;
  if (!mine) return null;
  return (
    <Card size="small" title={t('assess.myResult')} className="sz-mb-16" data-testid="my-result">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('assess.composite')} value={pts(mine.composite)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('assess.rank')} valueRender={() => <RankText rank={mine.rank} tied={mine.tied} />} suffix={`/ ${results.data.items.length}`} />
        </Col>
        {mine.grade ? (
          <Col xs={12} md={6}>
            <Statistic title={t('assess.grade')} value={mine.grade.name} />
          </Col>
        ) : null}
      </Row>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} bordered className="sz-mt-16">
        {mine.dimensions.map((d) => (
          <Descriptions.Item key={d.code} label={d.name}>
            {pts(d.score)} / {pts(d.maxPoints)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

interface AppealValues {
  codes: string[];
  reasons: Record<string, string>;
  reason: string;
}

/** 申诉: indicators named, a reason for each, and the appeal's own reason. */
function AppealModal({ sheet, open, onClose }: { sheet: SelfSheet; open: boolean; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<AppealValues>();
  const codes = Form.useWatch('codes', form) ?? [];
  const { appeal } = useSelfMutations(sheet.roundId, sheet.subjectId);
  const { notifyError, notifySuccess } = useFeedback();
  const name = (code: string) => sheet.indicators.find((x) => x.code === code)?.name ?? code;
  return (
    <Modal
      open={open}
      title={t('assess.raiseAppeal')}
      onCancel={onClose}
      onOk={() => form.submit()}
      cancelText={t('common.cancel')}
      okText={t('assess.raiseAppealOk')}
      confirmLoading={appeal.isPending}
      width={isPhone ? '100%' : 640}
      destroyOnHidden
      maskClosable={false}
    >
      <Typography.Paragraph type="secondary">{t('assess.appealHelp', { date: sheet.noticeEndsOn ?? '' })}</Typography.Paragraph>
      <Form<AppealValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          appeal.mutate(
            { reason: v.reason, indicators: v.codes.map((code) => ({ code, reason: v.reasons?.[code] ?? '' })) },
            {
              onSuccess: () => {
                notifySuccess(t('assess.appealRaised'));
                onClose();
              },
              onError: (e) => notifyError(e, form, (p) => (p === 'reason' ? 'reason' : p.startsWith('indicators') ? 'codes' : null)),
            },
          )
        }
      >
        <Form.Item name="codes" label={t('assess.appealIndicators')} rules={[{ required: true, message: t('assess.appealIndicatorsMissing') }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={sheet.indicators.map((x) => ({ value: x.code, label: `${x.code} ${x.name}` }))} data-testid="appeal-indicators" />
        </Form.Item>
        {codes.map((code) => (
          <Form.Item key={code} name={['reasons', code]} label={t('assess.appealIndicatorReason', { name: name(code) })} rules={[{ required: true, whitespace: true, min: 2, message: t('assess.reasonMissing') }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        ))}
        <Form.Item name="reason" label={t('assess.appealReason')} rules={[{ required: true, whitespace: true, min: 5, message: t('assess.appealReasonMissing') }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="appeal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SelfForm({ sheet }: { sheet: SelfSheet }) {
  const t = useT();
  const isPhone = useIsPhone();
  const { modal } = App.useApp();
  const { notifyError, notifySuccess } = useFeedback();
  const { save, reload } = useSelfMutations(sheet.roundId, sheet.subjectId);
  const upload = useFileUpload({ send: (file, onProgress, key) => uploadEvidence(sheet.roundId, sheet.subjectId, key, file, onProgress), onUploaded: reload });
  const selfOnes = sheet.indicators.filter((x) => x.source === 'self');
  const [lines, setLines] = useState<Record<string, Line>>(() => Object.fromEntries(selfOnes.map((x) => [x.code, { points: x.self?.points ?? null, note: x.self?.note ?? '' }])));
  const groups = useMemo(() => byDimension(sheet.indicators), [sheet.indicators]);
  const missing = selfOnes.filter((x) => lines[x.code]?.points === null).length;
  const send = (submit: boolean) =>
    save.mutateAsync({
      submit,
      items: selfOnes.filter((x) => lines[x.code]?.points !== null).map((x) => ({ indicatorCode: x.code, points: lines[x.code].points!, note: lines[x.code].note.trim() || null })),
    });
  const onSubmit = () =>
    modal.confirm({
      title: t('assess.submitSelfConfirm'),
      content: missing ? t('assess.submitSheetMissing', { n: missing }) : t('assess.submitSelfHelp'),
      okText: t('assess.submitSelf'),
      cancelText: t('common.cancel'),
      onOk: () => send(true).then(() => notifySuccess(t('assess.selfSubmittedDone')), (e: unknown) => notifyError(e)),
    });
  return (
    <>
      <UploadProblemAlert upload={upload} className="sz-mb-16" />
      {groups.map((g) => (
        <Card key={g.code} size="small" title={g.name} className="sz-mb-16" data-testid="self-dimension">
          {g.indicators.map((x) => {
            const line = lines[x.code];
            return (
              <div key={x.id} className="sz-dashed-bottom sz-mb-12" data-testid="self-indicator">
                <IndicatorInfo x={x} showSelf={!line}>
                  {line ? (
                    <Flex gap={8} wrap align="flex-start" className="sz-mt-8">
                      <InputNumber
                        min={0}
                        max={x.maxPoints}
                        step={0.5}
                        precision={2}
                        value={line.points}
                        onChange={(v) => setLines((all) => ({ ...all, [x.code]: { ...all[x.code], points: v ?? null } }))}
                        disabled={!sheet.selfEditable}
                        placeholder={t('assess.selfPointsPlaceholder', { max: pts(x.maxPoints) })}
                        aria-label={t('assess.pointsFor', { name: x.name })}
                        className={isPhone ? 'sz-w-full' : undefined}
                        style={isPhone ? undefined : { width: 140 }}
                        data-testid="self-points"
                      />
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        maxLength={1000}
                        value={line.note}
                        onChange={(e) => setLines((all) => ({ ...all, [x.code]: { ...all[x.code], note: e.target.value } }))}
                        disabled={!sheet.selfEditable}
                        placeholder={t('assess.selfNotePlaceholder')}
                        className="sz-min-w-0"
                        style={{ flex: '1 1 240px' }}
                      />
                    </Flex>
                  ) : null}
                  {sheet.evidenceOpen ? (
                    <Flex vertical gap={4} className="sz-mt-8 sz-mb-8">
                      <UploadTrigger upload={upload} fileKey={x.code} accept={EVIDENCE_TYPES} multiple size="small" label={t('assess.uploadEvidence')} testId="evidence-upload" />
                      <UploadProgress upload={upload} fileKey={x.code} />
                    </Flex>
                  ) : null}
                </IndicatorInfo>
              </div>
            );
          })}
        </Card>
      ))}
      {sheet.selfEditable && selfOnes.length ? (
        <Card size="small" className="sz-mb-16">
          <Flex gap={8} wrap align="center">
            <Button onClick={() => void send(false).then(() => notifySuccess(t('assess.draftSaved')), (e: unknown) => notifyError(e))} loading={save.isPending} data-testid="self-save">
              {t('assess.saveDraft')}
            </Button>
            <Button type="primary" onClick={onSubmit} loading={save.isPending} data-testid="self-submit">
              {t('assess.submitSelf')}
            </Button>
            <Typography.Text type="secondary" className="sz-text-sm">
              {missing ? t('assess.stillMissing', { n: missing }) : t('assess.allScored')}
            </Typography.Text>
          </Flex>
        </Card>
      ) : null}
    </>
  );
}

/** 自评: the subject's own indicators with points, notes and evidence; after publication its result and appeals. */
export function SelfPage() {
  const { id = '', subjectId = '' } = useParams();
  const t = useT();
  const sheet = useSelfSheet(id, subjectId);
  const [appealing, setAppealing] = useState(false);
  if (sheet.isPending) return <Spin className="sz-block sz-m-48" />;
  if (sheet.error || !sheet.data) return <ErrorAlert error={sheet.error} onRetry={sheet.refetch} />;
  const s = sheet.data;
  const published = s.state === 'notice' || s.state === 'appeals' || s.state === 'final';
  return (
    <div data-testid="self-page">
      <PageHeader
        title={
          <Flex gap={8} wrap align="center">
            <span>{s.name}</span>
            <RoundStateTag state={s.state} />
          </Flex>
        }
        description={
          s.selfSubmittedAt ? (
            <>
              {t('assess.selfSubmitted')} <DateTimeText value={s.selfSubmittedAt} />
            </>
          ) : s.selfDueOn ? (
            t('assess.selfDueBy', { date: s.selfDueOn })
          ) : undefined
        }
        extra={
          <>
            {s.mayAppeal ? (
              <Button type="primary" onClick={() => setAppealing(true)} data-testid="raise-appeal">
                {t('assess.raiseAppeal')}
              </Button>
            ) : null}
            {published ? (
              <Button icon={<DownloadOutlined />} href={`/api/v1/assessment/rounds/${s.roundId}/subjects/${s.subjectId}/report.pdf`} data-testid="report-download">
                {t('assess.reportPdf')}
              </Button>
            ) : null}
            <Link to="/assessment/mine">{t('assess.backToMine')}</Link>
          </>
        }
      />
      {s.state === 'open' ? <Alert type="info" showIcon className="sz-mb-16" title={t('assess.selfNotYet')} /> : null}
      {s.state === 'selfAssessment' && s.selfEditable ? <Alert type="info" showIcon className="sz-mb-16" title={t('assess.selfHelp')} /> : null}
      {published ? <MyResult sheet={s} /> : null}
      {s.mayAppeal && s.noticeEndsOn ? <Alert type="warning" showIcon className="sz-mb-16" title={t('assess.mayAppealUntil', { date: s.noticeEndsOn })} /> : null}
      {s.appeals.length ? (
        <Card size="small" title={t('assess.myAppeals')} className="sz-mb-16">
          {s.appeals.map((a) => (
            <AppealCard key={a.id} a={a} />
          ))}
        </Card>
      ) : null}
      <SelfForm key={`${s.subjectId}-${s.selfSubmittedAt ?? ''}`} sheet={s} />
      <AppealModal sheet={s} open={appealing} onClose={() => setAppealing(false)} />
    </div>
  );
}
