import { ErrorAlert } from '../../../components/error-alert';
import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, List, Modal, Radio, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../app/i18n';
import {  useFeedback } from '../../../app/query';
import { chinaDay } from '../../../components/china-time';
import { DateTimeText } from '../../../components/date-text';
import { useIsPhone } from '../../../components/use-is-phone';
import { showFieldErrors } from '../form-helpers';
import { ProblemAlert, Yuan } from '../project-labels';
import { useObjections, useProjectMutations, useRanking, type Objection, type Project } from '../projects-api';

/**
 * 公示与异议: the recommended provider on public notice, and the objections. Bidders and the public
 * (`project.object`) may object while the notice lasts; the office answers every objection before the award
 * (an upheld one sends the project back to the panel).
 */
export function NoticeTab({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  // Who may see the ranking, object or answer is the server's answer (the project's abilities).
  const staff = project.abilities.seeReview;
  const ranking = useRanking(project.id, staff);
  const objections = useObjections(project.id);
  const [lodging, setLodging] = useState(false);
  const [answering, setAnswering] = useState<Objection | null>(null);
  const r = ranking.data;
  const recommended = r?.items.find((i) => i.bidId === (r.awardedBidId ?? r.recommendedBidId));
  const noticing = project.state === 'noticing';
  const today = chinaDay(new Date());

  return (
    <div data-testid="project-notice">
      {staff && r && (r.noticeStartsOn || recommended) ? (
        <Descriptions
          size="small"
          bordered
          column={isPhone ? 1 : 2}
          className="sz-mb-16"
          items={[
            ...(recommended
              ? [
                  { key: 'provider', label: r.awardedBidId ? t('project.awardedProvider') : t('project.recommendedProvider'), children: <strong data-testid="notice-provider">{recommended.orgName}</strong> },
                  { key: 'price', label: t('project.bidPrice'), children: <Yuan fen={recommended.totalFen} /> },
                  { key: 'score', label: t('project.averageScore'), children: recommended.average.toFixed(2) },
                ]
              : []),
            ...(r.noticeStartsOn ? [{ key: 'period', label: t('project.noticePeriod'), children: <span data-testid="notice-period">{t('project.noticeRange', { from: r.noticeStartsOn, to: r.noticeEndsOn ?? '—' })}</span> }] : []),
          ]}
        />
      ) : null}
      {noticing && r?.noticeEndsOn && today > r.noticeEndsOn ? <Alert type="success" showIcon className="sz-mb-12" title={t('project.noticeOver', { date: r.noticeEndsOn })} /> : null}

      <Flex justify="space-between" align="center" wrap gap={8} className="sz-mb-8">
        <Typography.Title level={5} className="sz-m-0">
          {t('project.objectionsTitle')}
        </Typography.Title>
        {project.abilities.lodgeObjection ? (
          <Button onClick={() => setLodging(true)} data-testid="objection-lodge">
            {t('project.lodgeObjection')}
          </Button>
        ) : null}
      </Flex>
      {!staff ? (
        <Typography.Paragraph type="secondary" className="sz-mt-0">
          {t('project.objectionsOwnOnly')}
        </Typography.Paragraph>
      ) : null}
      {objections.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : objections.isError ? (
        <ErrorAlert error={objections.error} />
      ) : objections.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.noObjections')} />
      ) : (
        <List
          dataSource={objections.data}
          data-testid="objection-list"
          renderItem={(o) => (
            <List.Item className="sz-block" data-testid="objection-row">
              <Flex wrap gap={8} align="center">
                <Typography.Text strong>{o.raisedByName}</Typography.Text>
                <Typography.Text type="secondary" className="sz-text-sm">
                  <DateTimeText value={o.raisedAt} />
                </Typography.Text>
                {o.answeredAt ? <Tag color={o.upheld ? 'red' : 'green'}>{o.upheld ? t('project.objectionUpheld') : t('project.objectionDismissed')}</Tag> : <Tag color="orange">{t('project.objectionPending')}</Tag>}
              </Flex>
              <Typography.Paragraph className="sz-pre-wrap sz-m-0 sz-mt-4 sz-mb-4">{o.text}</Typography.Paragraph>
              {o.answer ? (
                <Card size="small" className="sz-soft-bg">
                  <Typography.Text type="secondary" className="sz-text-sm">
                    {t('project.objectionAnswer')} · <DateTimeText value={o.answeredAt} />
                  </Typography.Text>
                  <div className="sz-pre-wrap">{o.answer}</div>
                </Card>
              ) : project.abilities.answerObjections ? (
                <Button size="small" type="primary" onClick={() => setAnswering(o)} data-testid="objection-answer">
                  {t('project.answerObjection')}
                </Button>
              ) : null}
            </List.Item>
          )}
        />
      )}
      {lodging ? <LodgeModal project={project} onClose={() => setLodging(false)} /> : null}
      {answering ? <AnswerModal objection={answering} onClose={() => setAnswering(null)} /> : null}
    </div>
  );
}

function LodgeModal({ project, onClose }: { project: Project; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ text: string }>();
  const { lodgeObjection } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  return (
    <Modal
      open
      title={t('project.lodgeObjection')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={lodgeObjection.isPending}
      okButtonProps={{ 'data-testid': 'objection-submit' }}
      width={isPhone ? '100%' : 560}
      destroyOnHidden
    >
      <ProblemAlert error={lodgeObjection.error} />
      <Typography.Paragraph type="secondary">{t('project.lodgeHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          lodgeObjection.mutate(
            { projectId: project.id, text: v.text.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('project.objectionLodged'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="text" label={t('project.objectionText')} rules={[{ required: true, whitespace: true, message: t('project.objectionTextRequired') }, { min: 10, message: t('project.objectionTextRequired') }, { max: 2000 }]}>
          <Input.TextArea rows={5} maxLength={2000} showCount data-testid="objection-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AnswerModal({ objection, onClose }: { objection: Objection; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ answer: string; upheld: boolean }>();
  const { answerObjection } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  return (
    <Modal
      open
      title={t('project.answerObjection')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={answerObjection.isPending}
      okButtonProps={{ 'data-testid': 'objection-answer-submit' }}
      width={isPhone ? '100%' : 560}
      destroyOnHidden
    >
      <ProblemAlert error={answerObjection.error} />
      <Card size="small" className="sz-soft-bg sz-mb-12">
        <Typography.Text type="secondary" className="sz-text-sm">
          {objection.raisedByName}
        </Typography.Text>
        <div className="sz-pre-wrap">{objection.text}</div>
      </Card>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ upheld: false }}
        onFinish={(v) =>
          answerObjection.mutate(
            { id: objection.id, version: objection.version, answer: v.answer.trim(), upheld: v.upheld },
            {
              onSuccess: () => {
                notifySuccess(t('project.objectionAnswered'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="upheld" label={t('project.objectionFinding')} extra={t('project.objectionFindingHelp')}>
          <Radio.Group
            options={[
              { value: false, label: t('project.objectionDismissed') },
              { value: true, label: t('project.objectionUpheld') },
            ]}
          />
        </Form.Item>
        <Form.Item name="answer" label={t('project.objectionAnswer')} rules={[{ required: true, whitespace: true, message: t('project.objectionAnswerRequired') }, { min: 4, message: t('project.objectionAnswerRequired') }, { max: 2000 }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="objection-answer-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
