import { ErrorAlert } from '../../../components/error-alert';
import { Alert, Button, Descriptions, Empty, Flex, Form, Input, List, Modal, Progress, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import type { PAYMENT_STATES } from '../../../../contracts/projects';
import { useI18n, type MessageKey } from '../../../app/i18n';
import {  useFeedback } from '../../../app/query';
import { chinaDay } from '../../../components/china-time';
import { DateTimeText } from '../../../components/date-text';
import { useIsPhone } from '../../../components/use-is-phone';
import { showFieldErrors } from '../form-helpers';
import { ProblemAlert, yuan, Yuan } from '../project-labels';
import {
  newIdempotencyKey,
  useContract,
  useMilestoneConditions,
  usePayments,
  useProjectMutations,
  type MilestoneConditionStatus,
  type Milestone,
  type Payment,
  type Project,
} from '../projects-api';
import { moneyColors } from '../../../app/theme';

type PaymentState = (typeof PAYMENT_STATES)[number];
export const PAYMENT_STATE: Record<PaymentState, { key: MessageKey; color: string }> = {
  requested: { key: 'project.payment.requested', color: 'orange' },
  paid: { key: 'project.payment.paid', color: 'green' },
  rejected: { key: 'project.payment.rejected', color: 'red' },
};
export const CONDITION_KEYS: Record<Milestone['condition'], MessageKey> = {
  signing: 'project.condition.signing',
  midtermSupervision: 'project.condition.midtermSupervision',
  finalEvaluation: 'project.condition.finalEvaluation',
};

/** "已满足", or "未满足 · 尚未开展中期督导…" with the reason, from the server's own check (a met condition's note only restates it). */
function ConditionText({ met, note, testId }: { met: boolean; note?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap style={{ rowGap: 0 }} data-testid={testId}>
      <Tag color={met ? 'success' : 'warning'} className="sz-me-0">
        {t(met ? 'project.conditionMetTag' : 'project.conditionNotMetTag')}
      </Tag>
      {!met && note ? (
        <Typography.Text type="warning" className="sz-text-sm">
          {note}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/**
 * 付款: the contract's money at a glance (value, paid, waiting, left), each milestone with its condition
 * (met or not, and why) and where its payment stands, and every payment request with its voucher or the
 * reason it was sent back. The provider asks for a milestone's payment once its condition holds; the office
 * pays it (voucher number, exactly once) or sends it back with a reason.
 */
export function PaymentsTab({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const contract = useContract(project.id);
  const signed = contract.data != null;
  const payments = usePayments(project.id, signed);
  const conditions = useMilestoneConditions(project.id, signed);
  // Who may act is the server's answer (the project's abilities), never re-derived here.
  const office = project.abilities.decidePayments;
  const [requesting, setRequesting] = useState<Milestone | null>(null);
  const [paying, setPaying] = useState<Payment | null>(null);
  const [rejecting, setRejecting] = useState<Payment | null>(null);
  const unit = t('project.yuan');

  if (contract.isPending) return <Skeleton active />;
  if (contract.isError) return <ErrorAlert error={contract.error} />;
  const k = contract.data;
  if (!k) return <Empty description={t('project.paymentsNoContract')} data-testid="payments-none" />;

  const list = payments.data ?? [];
  const conditionOf = new Map<string, MilestoneConditionStatus>((conditions.data ?? []).map((c) => [c.milestoneId, c]));
  const live = (m: Milestone) => list.find((p) => p.milestoneId === m.id && p.state !== 'rejected');
  const lastRejected = (m: Milestone) => [...list].reverse().find((p) => p.milestoneId === m.id && p.state === 'rejected');
  const mayRequest = project.abilities.requestPayment;
  const paidFen = list.filter((p) => p.state === 'paid').reduce((n, p) => n + p.amountFen, 0);
  const waitingFen = list.filter((p) => p.state === 'requested').reduce((n, p) => n + p.amountFen, 0);
  const leftFen = k.valueFen - paidFen;
  const percent = k.valueFen > 0 ? Math.floor((paidFen * 100) / k.valueFen) : 0;
  const waitingCount = list.filter((p) => p.state === 'requested').length;
  const officeActs = office && waitingCount > 0;

  const milestoneStatus = (m: Milestone) => {
    const p = live(m);
    if (m.paidAt) return <Tag color="green">{t('project.milestonePaidOn', { date: chinaDay(m.paidAt) })}</Tag>;
    if (p) return <Tag color="orange">{t('project.payment.requested')}</Tag>;
    if (lastRejected(m)) return <Tag color="red">{t('project.milestoneRejectedAgain')}</Tag>;
    return <Tag>{t('project.milestoneNotRequested')}</Tag>;
  };
  const milestoneCondition = (m: Milestone) => {
    if (m.paidAt) return <ConditionText met />;
    const c = conditionOf.get(m.id);
    if (!c) return <Typography.Text type="secondary">{t(CONDITION_KEYS[m.condition])}</Typography.Text>;
    return <ConditionText met={c.met} note={c.note} testId="milestone-condition" />;
  };
  const milestoneAction = (m: Milestone) => {
    if (!mayRequest || m.paidAt || live(m)) return null;
    const c = conditionOf.get(m.id);
    const button = (
      <Button size="small" type="primary" disabled={c ? !c.met : false} onClick={() => setRequesting(m)} data-testid="payment-request">
        {t('project.requestPayment')}
      </Button>
    );
    return c && !c.met ? <Tooltip title={t('project.conditionNotMet', { note: c.note })}>{button}</Tooltip> : button;
  };

  const paymentActions = (p: Payment) =>
    office && p.state === 'requested' ? (
      <Space size={6} wrap>
        <Tooltip title={p.conditionMet ? undefined : t('project.conditionNotMet', { note: p.conditionNote })}>
          <Button size="small" type="primary" disabled={!p.conditionMet} onClick={() => setPaying(p)} data-testid="payment-pay">
            {t('project.pay')}
          </Button>
        </Tooltip>
        <Button size="small" danger onClick={() => setRejecting(p)} data-testid="payment-reject">
          {t('project.rejectPayment')}
        </Button>
      </Space>
    ) : null;
  const stateTag = (p: Payment) => (
    <Tag color={PAYMENT_STATE[p.state].color} className="sz-me-0" data-testid="payment-state">
      {t(PAYMENT_STATE[p.state].key)}
    </Tag>
  );
  // A requested payment is checked against its condition now; a paid one met it; a rejected one says why instead.
  const paymentCondition = (p: Payment) => (p.state === 'requested' ? <ConditionText met={p.conditionMet} note={p.conditionNote} /> : p.state === 'paid' ? <ConditionText met /> : null);

  const hint: ReactNode =
    office && waitingCount > 0 ? (
      <Alert type="warning" showIcon className="sz-mb-16" title={t('project.paymentsOfficeHint', { count: waitingCount })} data-testid="payments-hint" />
    ) : mayRequest ? (
      <Alert type="info" showIcon className="sz-mb-16" title={t('project.paymentsProviderHint')} data-testid="payments-hint" />
    ) : null;

  return (
    <div data-testid="project-payments">
      {hint}
      <div style={{ display: 'grid', gridTemplateColumns: isPhone ? 'repeat(2, minmax(0, 1fr))' : 'repeat(4, minmax(0, 1fr))', gap: 12, marginBottom: 8 }} data-testid="payments-summary">
        <Figure label={t('project.contractValue')} value={yuan(k.valueFen, unit)} testId="payments-value" />
        <Figure label={t('project.paidSoFar')} value={yuan(paidFen, unit)} note={`${percent}%`} color={moneyColors.paid} testId="payments-paid" />
        <Figure label={t('project.paymentsWaiting')} value={yuan(waitingFen, unit)} note={waitingCount ? t('project.paymentsCount', { count: waitingCount }) : undefined} color={waitingFen ? moneyColors.waiting : undefined} testId="payments-waiting" />
        <Figure label={t('project.paymentsLeft')} value={yuan(leftFen, unit)} testId="payments-left" />
      </div>
      <Progress percent={percent} success={{ percent }} showInfo={false} size="small" className="sz-mb-4" />
      <Typography.Text type="secondary" className="sz-text-sm">
        {t('project.paymentsContractLine', { number: k.number, provider: k.providerName })}
      </Typography.Text>

      <Typography.Title level={5} className="sz-mt-20">
        {t('project.paymentMilestonesTitle')}
      </Typography.Title>
      {isPhone ? (
        <List
          bordered
          size="small"
          dataSource={k.milestones}
          data-testid="milestone-table"
          renderItem={(m) => (
            <List.Item className="sz-block" data-testid="milestone-row">
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong>
                  {m.seq}. {m.name}
                </Typography.Text>
                <Yuan fen={m.amountFen} />
              </Flex>
              <Typography.Text type="secondary" className="sz-text-sm sz-block">
                {t('project.plannedOn', { date: m.dueOn })}
              </Typography.Text>
              <Flex gap={6} align="baseline" className="sz-mt-4">
                <Typography.Text type="secondary" className="sz-text-sm sz-flex-none">
                  {t('project.milestoneConditionIs', { condition: t(CONDITION_KEYS[m.condition]) })}
                </Typography.Text>
                {milestoneCondition(m)}
              </Flex>
              <Flex justify="space-between" align="center" gap={8} className="sz-mt-4">
                <span>
                  <Typography.Text type="secondary" className="sz-text-sm sz-me-6">
                    {t('project.status')}
                  </Typography.Text>
                  {milestoneStatus(m)}
                </span>
                {milestoneAction(m)}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={k.milestones}
          scroll={{ x: 900 }}
          data-testid="milestone-table"
          columns={[
            { title: '#', dataIndex: 'seq', width: 44 },
            { title: t('project.milestoneName'), dataIndex: 'name', width: 200 },
            { title: t('project.amountYuan'), dataIndex: 'amountFen', width: 130, align: 'right', render: (fen: number) => <Yuan fen={fen} /> },
            { title: t('project.milestoneDue'), dataIndex: 'dueOn', width: 110 },
            {
              title: t('project.milestoneCondition'),
              key: 'condition',
              render: (_: unknown, m) => (
                <>
                  <div>{t(CONDITION_KEYS[m.condition])}</div>
                  {milestoneCondition(m)}
                </>
              ),
            },
            { title: t('project.status'), key: 'status', width: 140, render: (_: unknown, m) => milestoneStatus(m) },
            ...(mayRequest ? [{ title: t('common.actions'), key: 'action', width: 110, render: (_: unknown, m: Milestone) => milestoneAction(m) }] : []),
          ]}
        />
      )}

      <Typography.Title level={5} className="sz-mt-20">
        {t('project.paymentsTitle')}
      </Typography.Title>
      {payments.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : payments.isError ? (
        <ErrorAlert error={payments.error} />
      ) : list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={mayRequest ? t('project.noPaymentsProviderHere') : t('project.noPaymentsYet')} data-testid="payments-empty" />
      ) : isPhone ? (
        <List
          bordered
          size="small"
          dataSource={list}
          data-testid="payment-list"
          renderItem={(p) => (
            <List.Item className="sz-block" data-testid="payment-row">
              <Flex justify="space-between" gap={8} align="center">
                <Typography.Text strong>{p.milestoneName}</Typography.Text>
                {stateTag(p)}
              </Flex>
              <Yuan fen={p.amountFen} strong />
              <Descriptions
                size="small"
                column={1}
                className="sz-mt-4"
                items={[
                  { key: 'req', label: t('project.requestedOn'), children: <span>{<DateTimeText value={p.requestedAt} />} · {p.requestedByName}</span> },
                  ...(p.paidAt ? [{ key: 'paid', label: t('project.paidAt'), children: <DateTimeText value={p.paidAt} /> }] : []),
                  ...(p.voucherNo ? [{ key: 'voucher', label: t('project.voucherNo'), children: <span data-testid="payment-voucher-no">{p.voucherNo}</span> }] : []),
                  ...(p.rejectReason ? [{ key: 'reason', label: t('project.rejectReason'), children: <Typography.Text type="danger">{p.rejectReason}</Typography.Text> }] : []),
                  ...(p.state !== 'rejected' ? [{ key: 'condition', label: t('project.milestoneCondition'), children: paymentCondition(p) }] : []),
                ]}
              />
              {paymentActions(p) ? <div className="sz-mt-8">{paymentActions(p)}</div> : null}
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={list}
          scroll={{ x: officeActs ? 1080 : 930 }}
          data-testid="payment-list"
          onRow={() => ({ 'data-testid': 'payment-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('project.paymentMilestone'), dataIndex: 'milestoneName', width: 180, fixed: 'left' },
            { title: t('project.amountYuan'), dataIndex: 'amountFen', width: 115, align: 'right', render: (fen: number) => <Yuan fen={fen} /> },
            { title: t('project.status'), key: 'state', width: 80, render: (_: unknown, p) => stateTag(p) },
            {
              title: t('project.requestedOn'),
              key: 'requested',
              width: 140,
              render: (_: unknown, p) => (
                <>
                  <DateTimeText value={p.requestedAt} />
                  <Typography.Text type="secondary" className="sz-block sz-text-sm">
                    {p.requestedByName}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('project.paidAt'), dataIndex: 'paidAt', width: 130, render: (v: string | null) => <DateTimeText value={v} /> },
            { title: t('project.voucherNo'), dataIndex: 'voucherNo', width: 135, render: (v: string | null) => (v ? <span className="sz-nowrap" data-testid="payment-voucher-no">{v}</span> : '—') },
            {
              title: t('project.paymentConditionOrReason'),
              key: 'condition',
              render: (_: unknown, p) => (p.state === 'rejected' ? <Typography.Text type="danger">{t('project.rejectedBecause', { reason: p.rejectReason ?? '—' })}</Typography.Text> : paymentCondition(p)),
            },
            ...(officeActs ? [{ title: t('common.actions'), key: 'action', width: 150, fixed: 'right' as const, render: (_: unknown, p: Payment) => paymentActions(p) }] : []),
          ]}
        />
      )}
      {requesting ? <RequestModal project={project} milestone={requesting} condition={conditionOf.get(requesting.id)} onClose={() => setRequesting(null)} /> : null}
      {paying ? <PayModal payment={paying} onClose={() => setPaying(null)} /> : null}
      {rejecting ? <RejectModal payment={rejecting} onClose={() => setRejecting(null)} /> : null}
    </div>
  );
}

function Figure({ label, value, note, color, testId }: { label: string; value: string; note?: string; color?: string; testId?: string }) {
  return (
    <div className="sz-boxed sz-min-w-0" style={{ padding: '8px 12px' }} data-testid={testId}>
      <Typography.Text type="secondary" className="sz-text-sm sz-block">
        {label}
      </Typography.Text>
      <div style={{ fontSize: 17, fontWeight: 600, color, fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }}>{value}</div>
      {note ? (
        <Typography.Text type="secondary" className="sz-text-sm">
          {note}
        </Typography.Text>
      ) : null}
    </div>
  );
}

function RequestModal({ project, milestone, condition, onClose }: { project: Project; milestone: Milestone; condition?: MilestoneConditionStatus; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ note?: string }>();
  const { requestPayment } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  return (
    <Modal
      open
      title={t('project.requestPaymentTitle', { name: milestone.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.submit')}
      confirmLoading={requestPayment.isPending}
      okButtonProps={{ 'data-testid': 'payment-request-submit' }}
      width={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      <ProblemAlert error={requestPayment.error} />
      <Descriptions
        size="small"
        column={1}
        className="sz-mb-12"
        items={[
          { key: 'amount', label: t('project.amount'), children: <Yuan fen={milestone.amountFen} strong /> },
          { key: 'condition', label: t('project.milestoneCondition'), children: condition ? <ConditionText met={condition.met} note={condition.note} /> : t(CONDITION_KEYS[milestone.condition]) },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          requestPayment.mutate(
            { projectId: project.id, milestoneId: milestone.id, note: v.note?.trim() || undefined },
            {
              onSuccess: () => {
                notifySuccess(t('project.paymentRequested'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="note" label={t('project.paymentNote')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Paying: the voucher number, and a fresh Idempotency-Key per click so that a retry replays the first answer. */
function PayModal({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ voucherNo: string }>();
  const { pay } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  return (
    <Modal
      open
      title={t('project.payTitle', { name: payment.milestoneName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.confirmPay')}
      confirmLoading={pay.isPending}
      okButtonProps={{ 'data-testid': 'payment-pay-submit' }}
      width={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      <ProblemAlert error={pay.error} />
      <Descriptions
        size="small"
        column={1}
        className="sz-mb-12"
        items={[
          { key: 'amount', label: t('project.amount'), children: <Yuan fen={payment.amountFen} strong /> },
          { key: 'requested', label: t('project.requestedOn'), children: <span>{<DateTimeText value={payment.requestedAt} />} · {payment.requestedByName}</span> },
          { key: 'condition', label: t('project.milestoneCondition'), children: <ConditionText met={payment.conditionMet} note={payment.conditionNote} /> },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          pay.mutate(
            { id: payment.id, version: payment.version, voucherNo: v.voucherNo.trim(), idempotencyKey: newIdempotencyKey() },
            {
              onSuccess: () => {
                notifySuccess(t('project.paid'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="voucherNo" label={t('project.voucherNo')} extra={t('project.voucherHelp')} rules={[{ required: true, whitespace: true, message: t('project.voucherRequired') }, { min: 3, message: t('project.voucherRequired') }, { max: 40 }]}>
          <Input maxLength={40} autoComplete="off" data-testid="payment-voucher" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RejectModal({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ reason: string }>();
  const { rejectPayment } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  return (
    <Modal
      open
      title={t('project.rejectPaymentTitle', { name: payment.milestoneName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.rejectPayment')}
      okButtonProps={{ danger: true, 'data-testid': 'payment-reject-submit' }}
      confirmLoading={rejectPayment.isPending}
      width={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      <ProblemAlert error={rejectPayment.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          rejectPayment.mutate(
            { id: payment.id, version: payment.version, reason: v.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('project.paymentRejected'));
                onClose();
              },
              onError: (e) => showFieldErrors(form, e),
            },
          )
        }
      >
        <Form.Item name="reason" label={t('project.rejectReason')} extra={t('project.rejectReasonHelp')} rules={[{ required: true, whitespace: true, message: t('project.rejectReasonRequired') }, { min: 4, message: t('project.rejectReasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
