import { ErrorAlert } from '../../../components/error-alert';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, List, Modal, Radio, Select, Skeleton, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { SUPERVISION_KINDS, SUPERVISION_RESULTS } from '../../../../contracts/projects';
import { useI18n, type MessageKey } from '../../../app/i18n';
import {  useFeedback } from '../../../app/query';
import { chinaDayjs } from '../../../components/china-time';
import { LoadMore } from '../../../components/load-more';
import { useIsPhone } from '../../../components/use-is-phone';
import { showFieldErrors } from '../form-helpers';
import { ProblemAlert } from '../project-labels';
import { SupervisorsCard } from '../../supervision/supervisors-card';
import { useProjectMutations, useSupervision, type Project, type Rectification, type SupervisionVisit } from '../projects-api';

type Kind = (typeof SUPERVISION_KINDS)[number];
type Result = (typeof SUPERVISION_RESULTS)[number];
const KIND_KEYS: Record<Kind, MessageKey> = { routine: 'project.visit.routine', midterm: 'project.visit.midterm', final: 'project.visit.final' };
const RESULT: Record<Result, { key: MessageKey; color: string }> = {
  pass: { key: 'project.visitResult.pass', color: 'green' },
  rectify: { key: 'project.visitResult.rectify', color: 'orange' },
  fail: { key: 'project.visitResult.fail', color: 'red' },
};
const RECT_STATE: Record<Rectification['state'], { key: MessageKey; color: string }> = {
  open: { key: 'project.rect.open', color: 'orange' },
  submitted: { key: 'project.rect.submitted', color: 'blue' },
  closed: { key: 'project.rect.closed', color: 'green' },
};

/** 督导与整改: supervision visits, their findings and rectification items tracked to closure. */
export function SupervisionTab({ project }: { project: Project }) {
  const { t } = useI18n();
  const visits = useSupervision(project.id);
  // Who may act is the server's answer (the project's abilities): the office or a supervisor named on this project.
  const { recordVisit: mayVisit, respondRectification: provider, reviewRectification: supervises, assignSupervisors } = project.abilities;
  const [recording, setRecording] = useState(false);
  const [responding, setResponding] = useState<Rectification | null>(null);
  const [reviewing, setReviewing] = useState<Rectification | null>(null);

  return (
    <div data-testid="project-supervision">
      <SupervisorsCard projectId={project.id} mayAssign={assignSupervisors} />
      <Flex justify="space-between" align="center" wrap gap={8} className="sz-mb-8">
        <Typography.Title level={5} className="sz-m-0">
          {t('project.visitsTitle')}
        </Typography.Title>
        {mayVisit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="visit-add">
            {t('project.recordVisit')}
          </Button>
        ) : null}
      </Flex>
      {visits.isPending ? (
        <Skeleton active />
      ) : visits.isError ? (
        <ErrorAlert error={visits.error} />
      ) : visits.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.noVisits')} />
      ) : (
        <Flex vertical gap={12}>
          {visits.items.map((v) => (
            <VisitCard key={v.id} visit={v} provider={provider} office={supervises} onRespond={setResponding} onReview={setReviewing} />
          ))}
        </Flex>
      )}
      {/* The latest visit first; earlier ones a page at a time. */}
      <LoadMore hasNextPage={visits.hasNextPage} isFetchingNextPage={visits.isFetchingNextPage} fetchNextPage={visits.fetchNextPage} />
      {recording ? <VisitModal project={project} onClose={() => setRecording(false)} /> : null}
      {responding ? <RespondModal item={responding} onClose={() => setResponding(null)} /> : null}
      {reviewing ? <ReviewModal item={reviewing} onClose={() => setReviewing(null)} /> : null}
    </div>
  );
}

function VisitCard({ visit: v, provider, office, onRespond, onReview }: { visit: SupervisionVisit; provider: boolean; office: boolean; onRespond: (r: Rectification) => void; onReview: (r: Rectification) => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  // On a phone the header holds the kind and the result only; the date and the supervisor's name
  // (cut off beside the tags at 375 px) open the body instead.
  const when = (
    <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="visit-by">
      {v.visitedOn} · {v.supervisorName}
    </Typography.Text>
  );
  return (
    <Card
      size="small"
      data-testid="visit-card"
      title={
        <Flex wrap gap={8} align="center">
          <span>{t(KIND_KEYS[v.kind])}</span>
          {isPhone ? null : when}
        </Flex>
      }
      extra={
        <Flex gap={4}>
          <Tag color={RESULT[v.result].color} className="sz-me-0">
            {t(RESULT[v.result].key)}
          </Tag>
          {v.result === 'rectify' ? <Tag color={v.cleared ? 'green' : 'default'} className="sz-me-0">{v.cleared ? t('project.visitCleared') : t('project.visitOpen')}</Tag> : null}
        </Flex>
      }
    >
      {isPhone ? <div className="sz-mb-4">{when}</div> : null}
      <div className="sz-pre-wrap">{v.findings}</div>
      {v.rectifications.length ? (
        <List
          size="small"
          className="sz-mt-8"
          dataSource={v.rectifications}
          renderItem={(r) => (
            <List.Item style={{ display: 'block', paddingInline: 0 }} data-testid="rectification-row">
              <Flex wrap gap={8} align="center" justify="space-between">
                <Flex wrap gap={6} align="center">
                  <Tag color={RECT_STATE[r.state].color} className="sz-me-0">
                    {t(RECT_STATE[r.state].key)}
                  </Tag>
                  <span>{r.item}</span>
                </Flex>
                <Flex gap={6} align="center">
                  {r.overdue ? <Tag color="error">{t('project.rectOverdue', { date: r.dueOn })}</Tag> : <Typography.Text type="secondary">{t('project.dueOn', { date: r.dueOn })}</Typography.Text>}
                  {provider && r.state === 'open' ? (
                    <Button size="small" type="primary" onClick={() => onRespond(r)} data-testid="rectification-respond">
                      {t('project.respondRectification')}
                    </Button>
                  ) : null}
                  {office && r.state === 'submitted' ? (
                    <Button size="small" type="primary" onClick={() => onReview(r)} data-testid="rectification-review">
                      {t('project.reviewRectification')}
                    </Button>
                  ) : null}
                </Flex>
              </Flex>
              {r.response ? (
                <Typography.Paragraph className="sz-m-0 sz-mt-4 sz-text-md">
                  <Typography.Text type="secondary">{t('project.rectResponse')}：</Typography.Text>
                  {r.response}
                </Typography.Paragraph>
              ) : null}
              {r.reviewComment ? (
                <Typography.Paragraph className="sz-m-0 sz-mt-2 sz-text-md">
                  <Typography.Text type="secondary">{t('project.rectReview')}：</Typography.Text>
                  {r.reviewComment}
                </Typography.Paragraph>
              ) : null}
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}

interface VisitValues {
  kind: Kind;
  visitedOn: Dayjs;
  findings: string;
  result: Result;
  rectifications?: { item?: string; workingDays?: number }[];
}

function VisitModal({ project, onClose }: { project: Project; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<VisitValues>();
  const { recordVisit } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  const result = Form.useWatch('result', form);
  const today = chinaDayjs().format('YYYY-MM-DD');
  return (
    <Modal
      open
      title={t('project.recordVisit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={recordVisit.isPending}
      okButtonProps={{ 'data-testid': 'visit-submit' }}
      width={isPhone ? '100%' : 640}
      destroyOnHidden
      maskClosable={false}
    >
      <ProblemAlert error={recordVisit.error} />
      <Form<VisitValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'routine', visitedOn: chinaDayjs().startOf('day'), result: 'pass', rectifications: [{ workingDays: 10 }] }}
        onFinish={(v) =>
          recordVisit.mutate(
            {
              projectId: project.id,
              kind: v.kind,
              visitedOn: v.visitedOn.format('YYYY-MM-DD'),
              findings: v.findings.trim(),
              result: v.result,
              rectifications: v.result === 'rectify' ? (v.rectifications ?? []).map((r) => ({ item: (r.item ?? '').trim(), workingDays: r.workingDays ?? 10 })) : [],
            },
            {
              onSuccess: () => {
                notifySuccess(t('project.visitRecorded'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Flex gap={12} wrap>
          <Form.Item name="kind" label={t('project.visitKind')} style={{ flex: '1 1 160px' }}>
            <Select options={SUPERVISION_KINDS.map((k) => ({ value: k, label: t(KIND_KEYS[k]) }))} data-testid="visit-kind" />
          </Form.Item>
          <Form.Item name="visitedOn" label={t('project.visitedOn')} rules={[{ required: true, message: t('project.dateRequired') }]} style={{ flex: '1 1 160px' }}>
            <DatePicker className="sz-w-full" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </Flex>
        <Form.Item name="findings" label={t('project.findings')} rules={[{ required: true, whitespace: true, message: t('project.findingsRequired') }, { min: 4, message: t('project.findingsRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="visit-findings" />
        </Form.Item>
        <Form.Item name="result" label={t('project.visitResult')}>
          <Radio.Group optionType="button" options={SUPERVISION_RESULTS.map((r) => ({ value: r, label: t(RESULT[r].key) }))} data-testid="visit-result" />
        </Form.Item>
        {result === 'rectify' ? (
          <Form.List name="rectifications">
            {(fields, { add, remove }) => (
              <>
                <Typography.Text strong>{t('project.rectItems')}</Typography.Text>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="flex-start" wrap={isPhone} className="sz-mt-8">
                    <Form.Item name={[f.name, 'item']} rules={[{ required: true, whitespace: true, message: t('project.rectItemRequired') }, { min: 4, message: t('project.rectItemRequired') }, { max: 500 }]} style={{ flex: '1 1 260px', marginBottom: 0 }}>
                      <Input placeholder={t('project.rectItem')} maxLength={500} data-testid="visit-rect-item" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'workingDays']} rules={[{ required: true }]} style={{ flex: '0 0 150px', marginBottom: 0 }}>
                      <InputNumber min={1} max={60} precision={0} className="sz-w-full" suffix={t('project.workingDaysUnit')} aria-label={t('project.rectDays')} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label={t('project.removeRect')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} block className="sz-mt-8" onClick={() => add({ workingDays: 10 })}>
                  {t('project.addRect')}
                </Button>
              </>
            )}
          </Form.List>
        ) : null}
      </Form>
    </Modal>
  );
}

function RespondModal({ item, onClose }: { item: Rectification; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ response: string }>();
  const { respondRectification } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  return (
    <Modal
      open
      title={t('project.respondRectification')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={respondRectification.isPending}
      okButtonProps={{ 'data-testid': 'rectification-respond-submit' }}
      width={isPhone ? '100%' : 560}
      destroyOnHidden
    >
      <ProblemAlert error={respondRectification.error} />
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('project.rectItem')}：</Typography.Text>
        {item.item}
      </Typography.Paragraph>
      {item.reviewComment ? (
        <Alert type="warning" showIcon className="sz-mb-12" title={t('project.rectSentBack', { comment: item.reviewComment })} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          respondRectification.mutate(
            { id: item.id, version: item.version, response: v.response.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('project.rectResponded'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="response" label={t('project.rectResponse')} rules={[{ required: true, whitespace: true, message: t('project.rectResponseRequired') }, { min: 4, message: t('project.rectResponseRequired') }, { max: 3000 }]}>
          <Input.TextArea rows={4} maxLength={3000} showCount data-testid="rectification-response" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReviewModal({ item, onClose }: { item: Rectification; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ accept: boolean; comment?: string }>();
  const { reviewRectification } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  const accept = Form.useWatch('accept', form);
  return (
    <Modal
      open
      title={t('project.reviewRectification')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={reviewRectification.isPending}
      okButtonProps={{ 'data-testid': 'rectification-review-submit' }}
      width={isPhone ? '100%' : 560}
      destroyOnHidden
    >
      <ProblemAlert error={reviewRectification.error} />
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('project.rectItem')}：</Typography.Text>
        {item.item}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('project.rectResponse')}：</Typography.Text>
        {item.response}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ accept: true }}
        onFinish={(v) =>
          reviewRectification.mutate(
            { id: item.id, version: item.version, accept: v.accept, comment: v.comment?.trim() || undefined },
            {
              onSuccess: () => {
                notifySuccess(v.accept ? t('project.rectClosed') : t('project.rectReturned'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="accept" label={t('project.rectDecision')}>
          <Radio.Group
            options={[
              { value: true, label: t('project.rectAccept') },
              { value: false, label: t('project.rectSendBack') },
            ]}
          />
        </Form.Item>
        <Form.Item name="comment" label={accept === false ? t('project.rectSendBackReason') : t('project.commentOptional')} rules={[{ required: accept === false, whitespace: true, message: t('project.rectSendBackReason') }, { max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
