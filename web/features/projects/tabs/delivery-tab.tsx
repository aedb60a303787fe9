import { ErrorAlert } from '../../../components/error-alert';
import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import {  Button, DatePicker, Empty, Flex, Form, Input, InputNumber, List, Modal, Progress, Skeleton, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../app/i18n';
import {  useFeedback } from '../../../app/query';
import { chinaDayjs } from '../../../components/china-time';
import { LoadMore } from '../../../components/load-more';
import { useIsPhone } from '../../../components/use-is-phone';
import { UploadProblemAlert, UploadProgress, UploadTrigger, useFileUpload } from '../../cases/file-upload';
import { showFieldErrors } from '../form-helpers';
import { ProblemAlert } from '../project-labels';
import { attachmentUrl, uploadProjectFile, useIndicatorProgress, useMonthlyReports, useProjectMutations, useServiceRecords, type Attachment, type Project } from '../projects-api';

/** 服务记录: progress against each indicator, the provider's service records and monthly reports. */
export function DeliveryTab({ project }: { project: Project }) {
  const { t } = useI18n();
  // The server's answer: a member of the provider, while the project is implemented.
  const mayRecord = project.abilities.recordService;
  const progress = useIndicatorProgress(project.id);
  const records = useServiceRecords(project.id);
  const reports = useMonthlyReports(project.id);
  const [adding, setAdding] = useState(false);
  const [reporting, setReporting] = useState(false);
  const names = new Map(project.case.attachments.map((a) => [a.id, a.name]));

  return (
    <div data-testid="project-delivery">
      <Typography.Title level={5} className="sz-mt-0">
        {t('project.indicatorProgress')}
      </Typography.Title>
      {progress.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : progress.isError ? (
        <ErrorAlert error={progress.error} />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: '8px 24px' }} data-testid="indicator-progress">
          {progress.data.map((i) => (
            <div key={i.index}>
              <Flex justify="space-between" gap={8}>
                <span>
                  <Tag color={i.kind === 'output' ? 'geekblue' : 'green'} className="sz-me-4">
                    {t(i.kind === 'output' ? 'project.kind.output' : 'project.kind.outcome')}
                  </Tag>
                  {i.name}
                </span>
                <Typography.Text type="secondary" className="sz-nowrap">
                  {i.achieved} / {i.target} {i.unit}
                </Typography.Text>
              </Flex>
              <Progress percent={Math.min(100, i.percent)} format={() => `${i.percent}%`} status={i.percent >= 100 ? 'success' : 'normal'} />
            </div>
          ))}
        </div>
      )}

      <Flex justify="space-between" align="center" wrap gap={8} className="sz-m-0 sz-mt-20 sz-mb-8">
        <Typography.Title level={5} className="sz-m-0">
          {t('project.recordsTitle')}
        </Typography.Title>
        {mayRecord ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="record-add">
            {t('project.addRecord')}
          </Button>
        ) : null}
      </Flex>
      {records.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : records.isError ? (
        <ErrorAlert error={records.error} />
      ) : records.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={mayRecord ? t('project.noRecordsProvider') : t('project.noRecords')} />
      ) : (
        <List
          bordered
          size="small"
          dataSource={records.items}
          data-testid="record-list"
          renderItem={(r) => (
            <List.Item className="sz-block" data-testid="record-row">
              <Flex wrap gap={8} align="baseline">
                <Typography.Text strong>{r.servedOn}</Typography.Text>
                <Typography.Text>{r.place}</Typography.Text>
                <Typography.Text type="secondary" className="sz-text-sm">
                  {t('project.recordPeople', { participants: r.participants, beneficiaries: r.beneficiaries })}
                </Typography.Text>
              </Flex>
              <div className="sz-pre-wrap sz-m-0 sz-mt-2 sz-mb-2">{r.activity}</div>
              <Flex wrap gap={6}>
                {r.progress
                  .filter((g) => g.value > 0)
                  .map((g) => {
                    const ind = project.indicators[g.indicator];
                    return ind ? (
                      <Tag key={g.indicator} className="sz-me-0">
                        {ind.name} +{g.value}
                        {ind.unit}
                      </Tag>
                    ) : null;
                  })}
                {r.attachmentIds.map((id) => (
                  <a key={id} href={attachmentUrl(project.id, id)} target="_blank" rel="noopener" className="sz-text-sm">
                    <PaperClipOutlined /> {names.get(id) ?? t('project.photo')}
                  </a>
                ))}
              </Flex>
              <Typography.Text type="secondary" className="sz-text-sm">
                {t('project.recordedBy', { name: r.recordedByName })}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      <LoadMore hasNextPage={records.hasNextPage} isFetchingNextPage={records.isFetchingNextPage} fetchNextPage={records.fetchNextPage} />

      <Flex justify="space-between" align="center" wrap gap={8} className="sz-m-0 sz-mt-20 sz-mb-8">
        <Typography.Title level={5} className="sz-m-0">
          {t('project.reportsTitle')}
        </Typography.Title>
        {project.abilities.submitMonthlyReport ? (
          <Button icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="report-add">
            {t('project.addReport')}
          </Button>
        ) : null}
      </Flex>
      {reports.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : reports.isError ? (
        <ErrorAlert error={reports.error} />
      ) : reports.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.noReports')} />
      ) : (
        <List
          bordered
          size="small"
          dataSource={reports.data}
          data-testid="report-list"
          renderItem={(r) => (
            <List.Item className="sz-block">
              <Typography.Text strong>{t('project.reportMonth', { month: r.month })}</Typography.Text>
              <Typography.Text type="secondary" className="sz-text-sm">
                {' · '}
                {r.submittedByName}
              </Typography.Text>
              <div className="sz-pre-wrap">{r.summary}</div>
              {r.problems ? (
                <div className="sz-text-md">
                  <Typography.Text type="secondary">{t('project.reportProblems')}：</Typography.Text>
                  {r.problems}
                </div>
              ) : null}
              {r.nextPlan ? (
                <div className="sz-text-md">
                  <Typography.Text type="secondary">{t('project.reportNextPlan')}：</Typography.Text>
                  {r.nextPlan}
                </div>
              ) : null}
            </List.Item>
          )}
        />
      )}
      {adding ? <RecordModal project={project} onClose={() => setAdding(false)} /> : null}
      {reporting ? <ReportModal project={project} onClose={() => setReporting(false)} /> : null}
    </div>
  );
}

interface RecordValues {
  servedOn: Dayjs;
  place: string;
  activity: string;
  participants: number;
  beneficiaries: number;
  progress?: (number | null)[];
}

/** A service delivered: date, place, activity, people, what it adds to each indicator, and photos. */
function RecordModal({ project, onClose }: { project: Project; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<RecordValues>();
  const { addRecord } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  const [photos, setPhotos] = useState<Attachment[]>([]);
  // The kit's upload control; a photo joins the record's list once it is in (no toast: it shows at once).
  const photoUpload = useFileUpload({
    send: (file, onProgress) => uploadProjectFile(project.id, file, onProgress),
    onUploaded: (a) => setPhotos((list) => [...list, a]),
    notify: false,
  });
  const today = chinaDayjs().format('YYYY-MM-DD');
  const submit = (v: RecordValues) =>
    addRecord.mutate(
      {
        projectId: project.id,
        servedOn: v.servedOn.format('YYYY-MM-DD'),
        place: v.place.trim(),
        activity: v.activity.trim(),
        participants: v.participants,
        beneficiaries: v.beneficiaries,
        progress: (v.progress ?? []).map((value, indicator) => ({ indicator, value: value ?? 0 })).filter((g) => g.value > 0),
        attachmentIds: photos.map((p) => p.id),
      },
      {
        onSuccess: () => {
          notifySuccess(t('project.recordAdded'));
          onClose();
        },
        onError: (e) => showFieldErrors(form, e),
      },
    );
  return (
    <Modal
      open
      title={t('project.addRecord')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={addRecord.isPending}
      okButtonProps={{ disabled: photoUpload.busy, 'data-testid': 'record-submit' }}
      width={isPhone ? '100%' : 640}
      destroyOnHidden
      maskClosable={false}
    >
      <ProblemAlert error={addRecord.error} />
      <Form<RecordValues> form={form} layout="vertical" initialValues={{ participants: 0, beneficiaries: 0 }} onFinish={submit}>
        <Flex gap={12} wrap>
          <Form.Item name="servedOn" label={t('project.servedOn')} rules={[{ required: true, message: t('project.dateRequired') }]} style={{ flex: '1 1 180px' }}>
            <DatePicker className="sz-w-full" disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="record-date" />
          </Form.Item>
          <Form.Item name="place" label={t('project.place')} rules={[{ required: true, whitespace: true, message: t('project.placeRequired') }, { min: 2, message: t('project.placeRequired') }, { max: 100 }]} style={{ flex: '2 1 240px' }}>
            <Input maxLength={100} placeholder={t('project.placePlaceholder')} data-testid="record-place" />
          </Form.Item>
        </Flex>
        <Form.Item name="activity" label={t('project.activity')} rules={[{ required: true, whitespace: true, message: t('project.activityRequired') }, { min: 4, message: t('project.activityRequired') }, { max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="record-activity" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="participants" label={t('project.participants')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
            <InputNumber min={0} max={100000} precision={0} className="sz-w-full" suffix={t('project.peopleUnit')} />
          </Form.Item>
          <Form.Item name="beneficiaries" label={t('project.beneficiaries')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
            <InputNumber min={0} max={100000} precision={0} className="sz-w-full" suffix={t('project.peopleUnit')} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('project.recordProgress')}</Typography.Text>
        <Typography.Paragraph type="secondary" className="sz-text-sm sz-m-0 sz-mb-8">
          {t('project.recordProgressHelp')}
        </Typography.Paragraph>
        {project.indicators.map((ind, i) => (
          <Form.Item key={i} name={['progress', i]} label={ind.name} className="sz-mb-8">
            <InputNumber min={0} max={1e9} style={{ width: 200 }} suffix={ind.unit} placeholder="0" />
          </Form.Item>
        ))}
        <Form.Item label={t('project.photos')} extra={t('project.photosHelp')}>
          <UploadTrigger upload={photoUpload} accept=".jpg,.jpeg,.png,.pdf" multiple disabled={photos.length + photoUpload.jobs.length >= 20} label={t('project.uploadPhotos')} testId="record-photo-upload" />
          <UploadProgress upload={photoUpload} />
          <UploadProblemAlert upload={photoUpload} className="sz-mt-8" />
          <Flex wrap gap={6} className="sz-mt-6">
            {photos.map((p) => (
              <Tag key={p.id} closable onClose={() => setPhotos((list) => list.filter((x) => x.id !== p.id))} className="sz-me-0">
                <PaperClipOutlined /> {p.name}
              </Tag>
            ))}
          </Flex>
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ReportValues {
  month: Dayjs;
  summary: string;
  problems?: string;
  nextPlan?: string;
}

function ReportModal({ project, onClose }: { project: Project; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<ReportValues>();
  const { submitReport } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  const thisMonth = chinaDayjs().format('YYYY-MM');
  return (
    <Modal
      open
      title={t('project.addReport')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={submitReport.isPending}
      okButtonProps={{ 'data-testid': 'report-submit' }}
      width={isPhone ? '100%' : 600}
      destroyOnHidden
      maskClosable={false}
    >
      <ProblemAlert error={submitReport.error} />
      <Form<ReportValues>
        form={form}
        layout="vertical"
        initialValues={{ month: chinaDayjs().startOf('month') }}
        onFinish={(v) =>
          submitReport.mutate(
            { projectId: project.id, month: v.month.format('YYYY-MM'), summary: v.summary.trim(), problems: v.problems?.trim() ?? '', nextPlan: v.nextPlan?.trim() ?? '' },
            {
              onSuccess: () => {
                notifySuccess(t('project.reportSubmitted'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="month" label={t('project.month')} rules={[{ required: true, message: t('project.dateRequired') }]}>
          <DatePicker picker="month" disabledDate={(d) => d.format('YYYY-MM') > thisMonth} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="summary" label={t('project.reportSummary')} rules={[{ required: true, whitespace: true, message: t('project.reportSummaryRequired') }, { min: 10, message: t('project.reportSummaryRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="problems" label={t('project.reportProblems')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="nextPlan" label={t('project.reportNextPlan')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
