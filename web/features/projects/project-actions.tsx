import { EditOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { parseYuan } from '../../../contracts/money';
import { useI18n, type MessageKey } from '../../app/i18n';
import { CaseActions, type EventSpec } from '../cases/case-actions';
import { ApproveFields, CallFields, EvaluateFields, UnmetIndicatorsAlert, type ApproveValues, type CallValues, type EvaluateValues } from './action-fields';
import { ContractFields, type ContractValues } from './contract-fields';
import { showFieldErrors } from './form-helpers';
import { useRefreshProjects, type Project } from './projects-api';

type Values = { comment?: string; summary?: string; closingReport?: string; earlyCompletionReason?: string } & Partial<ApproveValues & CallValues & ContractValues & EvaluateValues>;

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
  decideEarlyCompletion: 'project.help.decideEarlyCompletion',
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
    case 'decideEarlyCompletion':
      return { reason: (v.earlyCompletionReason ?? '').trim() };
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
  if (event === 'decideEarlyCompletion') return { reason: 'earlyCompletionReason' };
  return {};
}

/**
 * 可办理的操作 (the case kit's action panel): one button per event the server says this user may fire now, each
 * asking first, with the form its input needs; the edit link while the draft can still be submitted.
 */
export function ProjectActions({ project }: { project: Project }) {
  const { t } = useI18n();
  const refresh = useRefreshProjects();
  const events = project.case.abilities.events;
  const canEdit = project.state === 'draft' && events.some((e) => e.event === 'submit');
  const spec = (event: string): EventSpec<Values> => {
    const rename = renamed(event);
    const commentLabel = COMMENT_LABEL[event];
    return {
      tone: PRIMARY.has(event) ? 'primary' : DANGER.has(event) ? 'danger' : undefined,
      help: HELP[event] ? t(HELP[event]) : undefined,
      wide: WIDE.has(event),
      commentLabel: commentLabel ? t(commentLabel) : undefined,
      fields: FIELDS[event] ? (form) => FIELDS[event]?.(project, form) : undefined,
      input: (v) => inputOf(event, v),
      showProblem: (form, e) => void showFieldErrors(form, e, rename),
    };
  };
  return (
    <CaseActions<Values>
      c={project.case}
      events={Object.fromEntries(events.map((e) => [e.event, spec(e.event)]))}
      askAlways
      onActed={refresh}
      title={t('case.actions')}
      testId="project-actions"
      extra={
        canEdit ? (
          <Link to={`/projects/${project.id}/edit`}>
            <Button icon={<EditOutlined />} data-testid="project-edit">
              {t('project.editDraft')}
            </Button>
          </Link>
        ) : null
      }
    />
  );
}

/** The comment box's label where an event names what the comment is for. */
const COMMENT_LABEL: Record<string, MessageKey> = {
  reject: 'project.commentReject',
  return: 'project.commentReturn',
  cancel: 'project.commentCancel',
  terminate: 'project.commentCancel',
  reconsider: 'project.commentReconsider',
};

/** The events' own fields: a fund line, a call notice, a contract, an evaluation, the final and closing reports. */
const FIELDS: Record<string, (project: Project, form: FormInstance<Values>) => ReactNode> = {
  approve: (project, form) => <ApproveFields project={project} form={form} />,
  publishCall: (project, form) => <CallFields project={project} form={form} again={false} />,
  reopenCall: (project, form) => <CallFields project={project} form={form} again />,
  signContract: (project, form) => <ContractFields project={project} form={form} />,
  evaluate: (project, form) => <EvaluateFields project={project} form={form} />,
  submitFinalReport: () => <FinalReportField />,
  decideEarlyCompletion: () => <EarlyCompletionField />,
  close: (project) => <ClosingReportField project={project} />,
};

function EarlyCompletionField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="earlyCompletionReason"
      label={t('project.earlyCompletionReason')}
      rules={[{ required: true, whitespace: true, message: t('project.earlyCompletionReasonRequired') }, { min: 10, message: t('project.earlyCompletionReasonRequired') }, { max: 2000 }]}
    >
      <Input.TextArea rows={4} maxLength={2000} showCount data-testid="action-early-completion-reason" />
    </Form.Item>
  );
}

function FinalReportField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="summary"
      label={t('project.finalReport')}
      extra={t('project.finalReportHelp')}
      rules={[{ required: true, whitespace: true, message: t('project.finalReportRequired') }, { min: 20, message: t('project.finalReportTooShort') }, { max: 10000 }]}
    >
      <Input.TextArea rows={6} maxLength={10000} showCount data-testid="action-final-report" />
    </Form.Item>
  );
}

function ClosingReportField({ project }: { project: Project }) {
  const { t } = useI18n();
  return (
    <>
    <UnmetIndicatorsAlert project={project} closing />
    <Form.Item
      name="closingReport"
      label={t('project.closingReport')}
      rules={[{ required: true, whitespace: true, message: t('project.closingReportRequired') }, { min: 10, message: t('project.closingReportTooShort') }, { max: 10000 }]}
    >
      <Input.TextArea rows={5} maxLength={10000} showCount data-testid="action-closing-report" />
    </Form.Item>
    </>
  );
}
