import { ErrorAlert } from '../../../components/error-alert';
import {  Descriptions, Empty, Flex, List, Skeleton, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../app/i18n';
import { chinaDay } from '../../../components/china-time';
import { useIsPhone } from '../../../components/use-is-phone';
import { yuan, Yuan } from '../project-labels';
import { useContract, usePayments, type Milestone, type Project } from '../projects-api';
import { CONDITION_KEYS } from './payments-tab';

/**
 * 合同与里程碑: the signed contract and its payment schedule, each milestone with where its payment stands.
 * Asking for, paying and sending back payments happen on the 付款 tab.
 */
export function ContractTab({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const contract = useContract(project.id);
  const payments = usePayments(project.id, contract.data != null);
  const unit = t('project.yuan');

  if (contract.isPending) return <Skeleton active />;
  if (contract.isError) return <ErrorAlert error={contract.error} />;
  const k = contract.data;
  if (!k) return <Empty description={project.state === 'awarded' ? t('project.contractPending') : t('project.noContract')} data-testid="contract-none" />;

  const list = payments.data ?? [];
  const requested = (m: Milestone) => list.some((p) => p.milestoneId === m.id && p.state === 'requested');
  const paidFen = k.milestones.filter((m) => m.paidAt).reduce((n, m) => n + m.amountFen, 0);
  const waiting = list.filter((p) => p.state === 'requested').length;

  const milestoneStatus = (m: Milestone) => {
    if (m.paidAt) return <Tag color="green">{t('project.milestonePaidOn', { date: chinaDay(m.paidAt) })}</Tag>;
    if (requested(m)) return <Tag color="orange">{t('project.payment.requested')}</Tag>;
    return <Tag>{t('project.milestoneNotRequested')}</Tag>;
  };
  const toPayments = (
    <Link to={{ search: '?tab=payments' }} replace data-testid="contract-to-payments">
      {t('project.goToPayments')}
    </Link>
  );

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
      <Flex justify="space-between" align="baseline" wrap gap={8} className="sz-mt-20 sz-mb-8">
        <Typography.Title level={5} className="sz-m-0">
          {t('project.paymentSchedule')}
        </Typography.Title>
        <Typography.Text type="secondary" className="sz-text-md">
          {waiting > 0 ? t('project.contractPaymentsWaiting', { count: waiting }) : t('project.contractPaymentsHint')} {toPayments}
        </Typography.Text>
      </Flex>
      {isPhone ? (
        <List
          bordered
          size="small"
          dataSource={k.milestones}
          data-testid="contract-schedule"
          renderItem={(m) => (
            <List.Item className="sz-block" data-testid="contract-schedule-row">
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong>
                  {m.seq}. {m.name}
                </Typography.Text>
                <Yuan fen={m.amountFen} />
              </Flex>
              <Typography.Text type="secondary" className="sz-text-sm sz-block">
                {t(CONDITION_KEYS[m.condition])} · {t('project.plannedOn', { date: m.dueOn })}
              </Typography.Text>
              <div className="sz-mt-4">{milestoneStatus(m)}</div>
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={k.milestones}
          scroll={{ x: 700 }}
          data-testid="contract-schedule"
          columns={[
            { title: '#', dataIndex: 'seq', width: 40 },
            { title: t('project.milestoneName'), dataIndex: 'name' },
            { title: t('project.milestoneCondition'), dataIndex: 'condition', width: 150, render: (c: Milestone['condition']) => t(CONDITION_KEYS[c]) },
            { title: t('project.milestoneDue'), dataIndex: 'dueOn', width: 110 },
            { title: t('project.amountYuan'), dataIndex: 'amountFen', width: 130, align: 'right', render: (fen: number) => <Yuan fen={fen} /> },
            { title: t('project.status'), key: 'status', width: 150, render: (_: unknown, m) => milestoneStatus(m) },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('project.scheduleTotal')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Yuan fen={k.milestones.reduce((n, m) => n + m.amountFen, 0)} strong />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} />
            </Table.Summary.Row>
          )}
        />
      )}
    </div>
  );
}
