import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { parseYuan } from '../../../contracts/money';
import { useI18n, type MessageKey } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { useIsPhone } from '../../components/use-is-phone';
import { ApproveFields, CallFields, EvaluateFields, type ApproveValues, type CallValues, type EvaluateValues } from './action-fields';
import { ContractFields, type ContractValues } from './contract-fields';
import { showFieldErrors } from './form-helpers';
import { ProblemAlert } from './project-labels';
import { useProjectMutations, type Project } from './projects-api';

type Values = { comment?: string; summary?: string; closingReport?: string } & Partial<ApproveValues & CallValues & ContractValues & EvaluateValues>;

/** Acts that move the project forward are primary; those that end it are red. */
const PRIMARY = new Set(['submit', 'approve', 'publishCall', 'closeCall', 'recommend', 'award', 'signContract', 'submitFinalReport', 'evaluate', 'close']);
const DANGER = new Set(['reject', 'cancel', 'terminate', 'withdraw']);
/** Events with an explanation of what happens (and what the server checks) above their form. */
const HELP: Record<string, MessageKey> = {
  submit: 'project.help.submit',
  return: 'project.help.return',
  approve: 'project.help.approve',
  reject: 'project.help.reject',
  publishCall: 'project.help.publishCall',
  reopenCall: 'project.help.reopenCall',
  closeCall: 'project.help.closeCall',
  recommend: 'project.help.recommend',
  reconsider: 'project.help.reconsider',
  award: 'project.help.award',
  signContract: 'project.help.signContract',
  submitFinalReport: 'project.help.submitFinalReport',
  evaluate: 'project.help.evaluate',
  close: 'project.help.close',
  terminate: 'project.help.terminate',
  cancel: 'project.help.cancel',
  withdraw: 'project.help.withdraw',
};
const WIDE = new Set(['signContract', 'evaluate', 'publishCall', 'reopenCall']);

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : '');

/** The transition's `input`, from the event's form. */
function inputOf(event: string, v: Values): Record<string, unknown> | undefined {
  switch (event) {
    case 'approve':
      return { lineId: v.lineId };
    case 'publishCall':
    case 'reopenCall':
      return { procurementMethod: v.procurementMethod, deadline: day(v.deadline), notice: (v.notice ?? '').trim() };
    case 'signContract':
      return {
        contractNumber: (v.contractNumber ?? '').trim(),
        signedOn: day(v.signedOn),
        valueFen: parseYuan(v.value ?? '') ?? 0,
        startOn: day(v.period?.[0]),
        endOn: day(v.period?.[1]),
        milestones: (v.milestones ?? []).map((m) => ({ name: (m.name ?? '').trim(), dueOn: day(m.dueOn), amountFen: parseYuan(m.amount ?? '') ?? 0, condition: m.condition })),
      };
    case 'evaluate':
      return { scores: v.scores ?? {}, summary: (v.evaluationSummary ?? '').trim() };
    case 'submitFinalReport':
      return { summary: (v.summary ?? '').trim() };
    case 'close':
      return { closingReport: (v.closingReport ?? '').trim() };
    default:
      return undefined;
  }
}

/** Server names of input fields that an event's form calls otherwise. */
function renamed(event: string): Record<string, string> {
  if (event === 'signContract') return { valueFen: 'value', startOn: 'period', endOn: 'period' };
  // The evaluation form calls its conclusion evaluationSummary so it cannot clash with the final report's summary.
  if (event === 'evaluate') return { summary: 'evaluationSummary' };
  return {};
}

/**
 * 可办理的操作: one button per event the server says this user may fire now (case.abilities.events), each
 * with the form its input needs. A refusal stays in the dialog in the server's words.
 */
export function ProjectActions({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const { notifySuccess } = useFeedback();
  const { fire } = useProjectMutations();
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<Values>();
  const events = project.case.abilities.events;
  const canEdit = project.state === 'draft' && events.some((e) => e.event === 'submit');
  if (events.length === 0) return null;

  const current = events.find((e) => e.event === open);
  const close = () => {
    setOpen(null);
    setError(null);
    fire.reset();
  };
  const run = (values: Values) => {
    if (!open) return;
    setError(null);
    const event = open;
    fire.mutate(
      { caseId: project.id, event, version: project.case.version, comment: values.comment?.trim() || undefined, input: inputOf(event, values) },
      {
        onSuccess: () => {
          notifySuccess(t('project.actionDone', { action: current?.name ?? event }));
          close();
        },
        onError: (e) => {
          setError(e);
          showFieldErrors(form, e, renamed(event));
        },
      },
    );
  };
  const help = open ? HELP[open] : undefined;
  const commentRequired = !!current?.commentRequired;
  const commentLabel: MessageKey =
    open === 'reject' ? 'project.commentReject' : open === 'return' ? 'project.commentReturn' : open === 'cancel' || open === 'terminate' ? 'project.commentCancel' : open === 'reconsider' ? 'project.commentReconsider' : commentRequired ? 'project.commentRequiredLabel' : 'project.commentOptional';

  return (
    <Card size="small" className="sz-mb-16" title={t('project.actions')} data-testid="project-actions">
      <Space wrap>
        {canEdit ? (
          <Link to={`/projects/${project.id}/edit`}>
            <Button icon={<EditOutlined />} data-testid="project-edit">
              {t('project.editDraft')}
            </Button>
          </Link>
        ) : null}
        {events.map((e) => (
          <Button
            key={e.event}
            type={PRIMARY.has(e.event) ? 'primary' : 'default'}
            danger={DANGER.has(e.event)}
            onClick={() => {
              form.resetFields();
              setError(null);
              setOpen(e.event);
            }}
            data-testid={`action-${e.event}`}
          >
            {e.name}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={current?.name ?? ''}
        onCancel={close}
        onOk={() => form.submit()}
        okText={t('project.confirmAction')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: open ? DANGER.has(open) : false, disabled: !current, 'data-testid': 'action-confirm' }}
        confirmLoading={fire.isPending}
        width={isPhone ? '100%' : open && WIDE.has(open) ? 860 : 560}
        destroyOnHidden
        maskClosable={false}
      >
        {open && !current ? <Alert type="info" showIcon className="sz-mb-16" title={t('project.actionGone')} /> : null}
        <ProblemAlert error={error} testId="action-problem" />
        {help ? (
          <Typography.Paragraph type="secondary" className="sz-mt-0">
            {t(help)}
          </Typography.Paragraph>
        ) : null}
        <Form<Values> form={form} layout="vertical" preserve={false} onFinish={run} scrollToFirstError>
          {open === 'approve' ? <ApproveFields project={project} form={form} /> : null}
          {open === 'publishCall' || open === 'reopenCall' ? <CallFields project={project} form={form} again={open === 'reopenCall'} /> : null}
          {open === 'signContract' ? <ContractFields project={project} form={form} /> : null}
          {open === 'evaluate' ? <EvaluateFields project={project} form={form} /> : null}
          {open === 'submitFinalReport' ? (
            <Form.Item
              name="summary"
              label={t('project.finalReport')}
              extra={t('project.finalReportHelp')}
              rules={[{ required: true, whitespace: true, message: t('project.finalReportRequired') }, { min: 20, message: t('project.finalReportTooShort') }, { max: 10000 }]}
            >
              <Input.TextArea rows={6} maxLength={10000} showCount data-testid="action-final-report" />
            </Form.Item>
          ) : null}
          {open === 'close' ? (
            <Form.Item
              name="closingReport"
              label={t('project.closingReport')}
              rules={[{ required: true, whitespace: true, message: t('project.closingReportRequired') }, { min: 10, message: t('project.closingReportTooShort') }, { max: 10000 }]}
            >
              <Input.TextArea rows={5} maxLength={10000} showCount data-testid="action-closing-report" />
            </Form.Item>
          ) : null}
          <Form.Item name="comment" label={t(commentLabel)} rules={[{ required: commentRequired, whitespace: true, message: t('project.commentMissing') }, { max: 2000 }]}>
            <Input.TextArea rows={commentRequired ? 3 : 2} maxLength={2000} data-testid="action-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
