import { Alert, Button, type ButtonProps, Descriptions, Empty, Flex, Form, Input, List, Modal, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { PAYMENT_STATES } from '../../../../contracts/projects';
import { useCan, useCurrentUser } from '../../../app/auth';
import { useI18n, type MessageKey } from '../../../app/i18n';
import { problemMessage, useFeedback } from '../../../app/query';
import { DateTimeText } from '../../../components/date-text';
import { useIsPhone } from '../../../components/use-is-phone';
import { showFieldErrors } from '../form-helpers';
import { isProviderOf, ProblemAlert, yuan, Yuan } from '../project-labels';
import { newIdempotencyKey, useContract, usePayments, useProjectMutations, type Milestone, type Payment, type Project } from '../projects-api';
import { chinaDay } from '../../../components/china-time';

type PaymentState = (typeof PAYMENT_STATES)[number];
const PAYMENT_STATE: Record<PaymentState, { key: MessageKey; color: string }> = {
  requested: { key: 'project.payment.requested', color: 'orange' },
  paid: { key: 'project.payment.paid', color: 'green' },
  rejected: { key: 'project.payment.rejected', color: 'red' },
};
const CONDITION_KEYS: Record<Milestone['condition'], MessageKey> = {
  signing: 'project.condition.signing',
  midtermSupervision: 'project.condition.midtermSupervision',
  finalEvaluation: 'project.condition.finalEvaluation',
};

/**
 * 合同与付款: the contract and its schedule; the provider asks for a milestone's payment once its condition
 * holds, the office pays it (with a voucher number, exactly once) or sends it back with a reason.
 */
export function ContractTab({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const me = useCurrentUser();
  const can = useCan();
  const contract = useContract(project.id);
  const payments = usePayments(project.id, contract.data != null);
  const provider = isProviderOf(me.grants, project);
  const office = can('project.manage');
  const [requesting, setRequesting] = useState<Milestone | null>(null);
  const [paying, setPaying] = useState<Payment | null>(null);
  const [rejecting, setRejecting] = useState<Payment | null>(null);
  const unit = t('project.yuan');

  if (contract.isPending) return <Skeleton active />;
  if (contract.isError) return <Alert type="error" showIcon title={problemMessage(contract.error, t)} />;
  const k = contract.data;
  if (!k) return <Empty description={project.state === 'awarded' ? t('project.contractPending') : t('project.noContract')} data-testid="contract-none" />;

  const list = payments.data ?? [];
  const live = (m: Milestone) => list.find((p) => p.milestoneId === m.id && p.state !== 'rejected');
  const mayRequest = provider && ['implementing', 'evaluating', 'closing'].includes(project.state);
  const paidFen = k.milestones.filter((m) => m.paidAt).reduce((n, m) => n + m.amountFen, 0);

  const milestoneStatus = (m: Milestone) => {
    const p = live(m);
    if (m.paidAt) return <Tag color="green">{t('project.milestonePaid', { date: chinaDay(m.paidAt) })}</Tag>;
    if (p) return <Tag color="orange">{t('project.payment.requested')}</Tag>;
    return <Tag>{t('project.milestoneUnpaid')}</Tag>;
  };
  const milestoneAction = (m: Milestone) =>
    mayRequest && !m.paidAt && !live(m) ? (
      <Button size="small" type="primary" onClick={() => setRequesting(m)} data-testid="payment-request">
        {t('project.requestPayment')}
      </Button>
    ) : null;

  return (
    <div data-testid="project-contract">
      <Descriptions
        size="small"
        bordered
        column={isPhone ? 1 : 2}
        items={[
          { key: 'number', label: t('project.contractNumber'), children: <span data-testid="contract-number-view">{k.number}</span> },
          { key: 'provider', label: t('project.provider'), children: k.providerName },
          { key: 'signed', label: t('project.signedOn'), children: k.signedOn },
          { key: 'period', label: t('project.servicePeriod'), children: `${k.startOn} ~ ${k.endOn}` },
          { key: 'value', label: t('project.contractValue'), children: <Yuan fen={k.valueFen} strong testId="contract-value-view" /> },
          { key: 'paid', label: t('project.paidSoFar'), children: `${yuan(paidFen, unit)}（${k.valueFen > 0 ? Math.floor((paidFen * 100) / k.valueFen) : 0}%）` },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('project.paymentSchedule')}
      </Typography.Title>
      {isPhone ? (
        <List
          bordered
          size="small"
          dataSource={k.milestones}
          data-testid="milestone-list"
          renderItem={(m) => (
            <List.Item style={{ display: 'block' }} data-testid="milestone-row">
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong>
                  {m.seq}. {m.name}
                </Typography.Text>
                <Yuan fen={m.amountFen} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t(CONDITION_KEYS[m.condition])} · {t('project.dueOn', { date: m.dueOn })}
              </Typography.Text>
              <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
                {milestoneStatus(m)}
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
          data-testid="milestone-table"
          columns={[
            { title: '#', dataIndex: 'seq', width: 40 },
            { title: t('project.milestoneName'), dataIndex: 'name' },
            { title: t('project.milestoneCondition'), dataIndex: 'condition', width: 150, render: (c: Milestone['condition']) => t(CONDITION_KEYS[c]) },
            { title: t('project.milestoneDue'), dataIndex: 'dueOn', width: 110 },
            { title: t('project.amountYuan'), dataIndex: 'amountFen', width: 130, align: 'right', render: (fen: number) => <Yuan fen={fen} /> },
            { title: t('project.status'), key: 'status', width: 150, render: (_: unknown, m) => milestoneStatus(m) },
            ...(mayRequest ? [{ title: t('common.actions'), key: 'action', width: 110, render: (_: unknown, m: Milestone) => milestoneAction(m) }] : []),
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('project.scheduleTotal')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Yuan fen={k.milestones.reduce((n, m) => n + m.amountFen, 0)} strong />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} colSpan={mayRequest ? 2 : 1} />
            </Table.Summary.Row>
          )}
        />
      )}

      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('project.paymentsTitle')}
      </Typography.Title>
      {payments.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : payments.isError ? (
        <Alert type="error" showIcon title={problemMessage(payments.error, t)} />
      ) : list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={provider ? t('project.noPaymentsProvider') : t('project.noPayments')} />
      ) : (
        <List
          bordered
          size="small"
          dataSource={list}
          data-testid="payment-list"
          renderItem={(p) => (
            <List.Item style={{ display: 'block' }} data-testid="payment-row">
              <Flex justify="space-between" wrap gap={8} align="center">
                <Space wrap size={8}>
                  <Typography.Text strong>{p.milestoneName}</Typography.Text>
                  <Yuan fen={p.amountFen} />
                  <Tag color={PAYMENT_STATE[p.state].color} data-testid="payment-state">
                    {t(PAYMENT_STATE[p.state].key)}
                  </Tag>
                </Space>
                {office && p.state === 'requested' ? (
                  <Space>
                    <Button size="small" type="primary" disabled={!p.conditionMet} onClick={() => setPaying(p)} data-testid="payment-pay">
                      {t('project.pay')}
                    </Button>
                    <Button size="small" danger onClick={() => setRejecting(p)} data-testid="payment-reject">
                      {t('project.rejectPayment')}
                    </Button>
                  </Space>
                ) : null}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 2 }}>
                {t('project.requestedBy', { name: p.requestedByName })} · <DateTimeText value={p.requestedAt} />
                {p.paidAt ? (
                  <>
                    {' · '}
                    {t('project.paidAt')} <DateTimeText value={p.paidAt} /> · {t('project.voucher', { no: p.voucherNo ?? '—' })}
                  </>
                ) : null}
              </Typography.Text>
              {p.state === 'requested' ? (
                <Typography.Text type={p.conditionMet ? 'success' : 'warning'} style={{ fontSize: 12 }}>
                  {p.conditionMet ? t('project.conditionMet', { note: p.conditionNote }) : t('project.conditionNotMet', { note: p.conditionNote })}
                </Typography.Text>
              ) : null}
              {p.rejectReason ? (
                <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }}>
                  {t('project.rejectedBecause', { reason: p.rejectReason })}
                </Typography.Text>
              ) : null}
            </List.Item>
          )}
        />
      )}
      {requesting ? <RequestModal project={project} milestone={requesting} onClose={() => setRequesting(null)} /> : null}
      {paying ? <PayModal payment={paying} onClose={() => setPaying(null)} /> : null}
      {rejecting ? <RejectModal payment={rejecting} onClose={() => setRejecting(null)} /> : null}
    </div>
  );
}

function RequestModal({ project, milestone, onClose }: { project: Project; milestone: Milestone; onClose: () => void }) {
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
      okButtonProps={{ 'data-testid': 'payment-request-submit' } as ButtonProps}
      width={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      <ProblemAlert error={requestPayment.error} />
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'amount', label: t('project.amount'), children: <Yuan fen={milestone.amountFen} strong /> },
          { key: 'condition', label: t('project.milestoneCondition'), children: t(CONDITION_KEYS[milestone.condition]) },
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
      okButtonProps={{ 'data-testid': 'payment-pay-submit' } as ButtonProps}
      width={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      <ProblemAlert error={pay.error} />
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'amount', label: t('project.amount'), children: <Yuan fen={payment.amountFen} strong /> },
          { key: 'condition', label: t('project.milestoneCondition'), children: payment.conditionNote },
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
      okButtonProps={{ danger: true, 'data-testid': 'payment-reject-submit' } as ButtonProps}
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
        <Form.Item name="reason" label={t('project.rejectReason')} rules={[{ required: true, whitespace: true, message: t('project.rejectReasonRequired') }, { min: 4, message: t('project.rejectReasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
