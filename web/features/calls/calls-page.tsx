import { ErrorAlert } from '../../components/error-alert';
import { CheckCircleFilled, CloseCircleFilled, EditOutlined, FileSearchOutlined, SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, List, Select, Skeleton, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type Key } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import {  useFeedback } from '../../app/query';
import { chinaDay, daysUntil } from '../../components/china-time';
import { DateTimeText } from '../../components/date-text';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { Yuan } from '../projects/project-labels';
import { ownOrgs, useBidMutations, useCalls, useDelivering, useEligibility, useOwnBids, type Bid, type Call, type Eligibility } from './calls-api';

/** Each eligibility rule with a tick or a cross, and for a failed rule the reason in the server's words. */
export function EligibilityView({ result }: { result: Eligibility }) {
  const { t } = useI18n();
  return (
    <div data-testid="eligibility-result">
      <Alert
        type={result.eligible ? 'success' : 'error'}
        showIcon
        className="sz-mb-8"
        title={result.eligible ? t('call.eligible', { org: result.orgName }) : t('call.notEligible', { org: result.orgName, count: result.rules.filter((r) => !r.passed).length })}
      />
      <List
        size="small"
        dataSource={result.rules}
        renderItem={(r) => (
          <List.Item style={{ display: 'block', paddingInline: 4 }} data-testid={`eligibility-rule-${r.passed ? 'passed' : 'failed'}`}>
            <Flex gap={8} align="flex-start">
              {r.passed ? <CheckCircleFilled className="sz-text-success sz-mt-4" /> : <CloseCircleFilled className="sz-text-error sz-mt-4" />}
              <div>
                <div>{r.description}</div>
                {r.reason ? (
                  <Typography.Text type="danger" className="sz-text-md">
                    {r.reason}
                  </Typography.Text>
                ) : null}
              </div>
            </Flex>
          </List.Item>
        )}
      />
    </div>
  );
}

const BID_STATE_COLORS: Record<Bid['state'], string> = { submitted: 'blue', withdrawn: 'default' };

interface CallRowProps {
  call: Call;
  orgId: string | undefined;
  bid: Bid | undefined;
  /** The eligibility self-check is open under the call. */
  checking: boolean;
  onCheck: () => void;
}

function DaysLeftTag({ call }: { call: Call }) {
  const { t } = useI18n();
  const left = daysUntil(call.deadline);
  return <Tag color={left <= 3 ? 'red' : 'blue'}>{left <= 0 ? t('call.deadlineToday') : t('call.daysLeft', { days: left })}</Tag>;
}

function CallSubtitle({ call }: { call: Call }) {
  const { t } = useI18n();
  return (
    <Typography.Text type="secondary" className="sz-block sz-text-sm">
      {call.number} · {call.departmentName} · {call.categoryName} · {call.townNames.length ? call.townNames.join('、') : t('call.cityWide')}
    </Typography.Text>
  );
}

/** What a call asks: its summary, indicators and notice, and — once asked for — the eligibility self-check. */
function CallDetails({ call, orgId, checking }: Pick<CallRowProps, 'call' | 'orgId' | 'checking'>) {
  const { t } = useI18n();
  const eligibility = useEligibility(call.projectId, orgId, checking);
  return (
    <>
      <Typography.Paragraph className="sz-mb-8">{call.summary}</Typography.Paragraph>
      {call.indicators.length ? (
        <Flex gap={6} wrap className="sz-mb-8">
          {call.indicators.map((i) => (
            <Tag key={`${i.kind}-${i.name}`} color={i.kind === 'output' ? 'geekblue' : 'green'}>
              {i.name} {i.target}
              {i.unit}
            </Tag>
          ))}
        </Flex>
      ) : null}
      <Typography.Paragraph
        type="secondary"
        className="sz-quote sz-text-md sz-mb-12"
        ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (open) => (open ? t('call.collapse') : t('call.expandNotice')) }}
      >
        {t('call.noticePublished', { date: chinaDay(call.publishedAt) })}
        {'\n'}
        {call.notice}
      </Typography.Paragraph>
      {checking ? (
        <div className="sz-mb-12">
          {eligibility.isPending ? <Skeleton active paragraph={{ rows: 3 }} /> : eligibility.isError ? <ErrorAlert error={eligibility.error} /> : <EligibilityView result={eligibility.data} />}
        </div>
      ) : null}
    </>
  );
}

/** The call's bid state and what the organization may do: open the project page, check eligibility, bid. */
function CallActions({ call, orgId, bid, checking, onCheck, phone }: CallRowProps & { phone: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const live = bid?.state === 'submitted';
  // In a table row the buttons are small, as in every other table's action column.
  const size = phone ? 'middle' : 'small';
  return (
    <Flex gap={8} wrap justify={phone ? 'flex-end' : 'flex-start'} align="center">
      {bid ? (
        <Tag color={BID_STATE_COLORS[bid.state]} className={phone ? 'sz-me-auto' : undefined} data-testid="call-bid-state">
          {bid.state === 'submitted' ? t('call.bidSubmitted') : t('call.bidWithdrawn')}
        </Tag>
      ) : null}
      <Link to={`/open/projects/${call.projectId}`} onClick={(e) => e.stopPropagation()}>
        <Button size={size} icon={<FileSearchOutlined />}>{t('call.projectPage')}</Button>
      </Link>
      {orgId ? (
        <>
          <Button size={size} icon={<SafetyCertificateOutlined />} onClick={onCheck} data-testid="call-check">
            {checking ? t('call.hideCheck') : t('call.check')}
          </Button>
          <Button size={size} type="primary" icon={live ? <EditOutlined /> : <SendOutlined />} onClick={() => void navigate(`/calls/${call.projectId}/bid?org=${orgId}`)} data-testid="call-bid">
            {live ? t('call.reviseBid') : bid ? t('call.bidAgain') : t('call.bid')}
          </Button>
        </>
      ) : null}
    </Flex>
  );
}

/** A call as a phone shows it: everything in one card. */
function CallCard(props: CallRowProps) {
  const { t } = useI18n();
  const { call } = props;
  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text strong className="sz-text-lg" data-testid="call-title">
          {call.title}
        </Typography.Text>
        <DaysLeftTag call={call} />
      </Flex>
      <CallSubtitle call={call} />
      <div className="sz-fact-grid sz-mt-8 sz-mb-12">
        {[
          [t('call.budget'), <Yuan key="b" fen={call.budgetFen} strong />],
          [t('call.deadline'), <span key="d">{call.deadline}</span>],
          [t('call.method'), call.procurementMethodName],
          [t('call.duration'), t('call.months', { months: call.durationMonths })],
        ].map(([label, value], i) => (
          <div key={i}>
            <Typography.Text type="secondary" className="sz-text-sm sz-block">
              {label}
            </Typography.Text>
            {value}
          </div>
        ))}
      </div>
      <CallDetails {...props} />
      <CallActions {...props} phone />
    </>
  );
}

/** 我的申报: this organization's bids in the open calls, revisable and withdrawable until the deadline. */
function MyBids({ calls, bids }: { calls: Call[]; bids: Bid[] }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const { withdraw } = useBidMutations();
  const { notifySuccess, notifyError } = useFeedback();
  const callOf = (b: Bid) => calls.find((c) => c.projectId === b.projectId);
  return (
    <Card size="small" title={t('call.myBids')} className="sz-mb-16" data-testid="my-bids">
      <List
        dataSource={bids}
        renderItem={(b) => {
          const c = callOf(b);
          return (
            <List.Item className="sz-block" data-testid="my-bid">
              <Flex justify="space-between" wrap gap={8} align="center">
                <div className="sz-min-w-0">
                  <Typography.Text strong>{c?.title ?? b.projectId}</Typography.Text>
                  <Flex wrap gap={8} align="center" className="sz-mt-2">
                    <Tag color={BID_STATE_COLORS[b.state]}>
                      {b.state === 'submitted' ? t('call.stateSubmitted') : t('call.bidWithdrawn')}
                    </Tag>
                    <Typography.Text type="secondary" className="sz-text-sm">
                      {t('call.bidAmount')} <Yuan fen={b.totalFen} /> · {t('call.updatedAt')} <DateTimeText value={b.updatedAt} />
                      {c ? ` · ${t('call.until', { date: c.deadline })}` : ''}
                    </Typography.Text>
                  </Flex>
                </div>
                {b.state === 'submitted' ? (
                  <Flex gap={8}>
                    <Button size="small" icon={<EditOutlined />} onClick={() => navigate(`/calls/${b.projectId}/bid?org=${b.orgId}`)} data-testid="my-bid-revise">
                      {t('call.revise')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      loading={withdraw.isPending && withdraw.variables?.bidId === b.id}
                      onClick={() =>
                        modal.confirm({
                          title: t('call.withdrawTitle'),
                          content: t('call.withdrawText', { title: c?.title ?? '' }),
                          okText: t('call.withdraw'),
                          okButtonProps: { danger: true },
                          cancelText: t('common.cancel'),
                          onOk: () =>
                            withdraw
                              .mutateAsync({ bidId: b.id, version: b.version })
                              .then(() => notifySuccess(t('call.withdrawn')))
                              .catch((e: unknown) => notifyError(e)),
                        })
                      }
                      data-testid="my-bid-withdraw"
                    >
                      {t('call.withdraw')}
                    </Button>
                  </Flex>
                ) : null}
              </Flex>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

/**
 * 项目申报 (for organizations): the open calls with their notice, budget and deadline; the eligibility
 * self-check; the organization's own bids, which it may revise or withdraw until the deadline.
 */
export function CallsPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const orgs = ownOrgs(me.grants);
  const orgIds = orgs.map((o) => o.id);
  const [orgId, setOrgId] = useState<string | undefined>(orgIds[0]);
  const calls = useCalls();
  const bidQueries = useOwnBids((calls.data ?? []).map((c) => c.projectId), orgIds.length > 0);
  const bids = bidQueries.flatMap((q) => q.data ?? []).filter((b) => !orgId || b.orgId === orgId);
  const delivering = useDelivering(orgIds.length > 0);
  const orgName = orgs.find((o) => o.id === orgId)?.name ?? bids[0]?.orgName;
  // The calls whose eligibility self-check is open, and (on a desktop) the rows opened onto their notice.
  const [checking, setChecking] = useState<string[]>([]);
  const [expanded, setExpanded] = useState<readonly Key[]>([]);

  const rowProps = (c: Call): CallRowProps => ({
    call: c,
    orgId,
    bid: bids.find((b) => b.projectId === c.projectId && b.state === 'submitted') ?? bids.find((b) => b.projectId === c.projectId),
    checking: checking.includes(c.projectId),
    onCheck: () => {
      const open = !checking.includes(c.projectId);
      setChecking((ids) => (open ? [...ids, c.projectId] : ids.filter((id) => id !== c.projectId)));
      // The self-check's answer shows under the row: open it there.
      if (open) setExpanded((keys) => (keys.includes(c.projectId) ? keys : [...keys, c.projectId]));
    },
  });
  const columns: ColumnsType<Call> = [
    {
      title: t('call.column.project'),
      key: 'project',
      render: (_: unknown, c) => (
        <>
          <Typography.Text strong data-testid="call-title">
            {c.title}
          </Typography.Text>
          <CallSubtitle call={c} />
        </>
      ),
    },
    { title: t('call.budget'), dataIndex: 'budgetFen', key: 'budget', width: 130, align: 'right', render: (fen: number) => <Yuan fen={fen} strong /> },
    {
      title: t('call.deadline'),
      dataIndex: 'deadline',
      key: 'deadline',
      width: 130,
      render: (deadline: string, c) => (
        <>
          <span className="sz-block">{deadline}</span>
          <DaysLeftTag call={c} />
        </>
      ),
    },
    {
      title: t('call.method'),
      key: 'method',
      width: 130,
      render: (_: unknown, c) => (
        <>
          <span className="sz-block">{c.procurementMethodName}</span>
          <Typography.Text type="secondary" className="sz-text-sm">
            {t('call.months', { months: c.durationMonths })}
          </Typography.Text>
        </>
      ),
    },
    { title: t('common.actions'), key: 'actions', width: 380, render: (_: unknown, c) => <CallActions {...rowProps(c)} phone={false} /> },
  ];

  return (
    <div data-testid="calls-page">
      <PageHeader
        title={t('call.title')}
        description={t('call.description')}
        extra={
          orgIds.length > 1 ? (
            <Select value={orgId} onChange={setOrgId} style={{ width: 220 }} options={orgs.map((o, i) => ({ value: o.id, label: o.name ?? t('call.orgOption', { n: i + 1 }) }))} aria-label={t('call.org')} />
          ) : null
        }
      />
      {orgIds.length === 0 ? <Alert type="info" showIcon className="sz-mb-16" title={t('call.notMember')} data-testid="calls-not-member" /> : null}
      {orgName ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('call.asOrg', { org: orgName })}
        </Typography.Paragraph>
      ) : null}
      {delivering.data?.length ? (
        <Card size="small" title={t('call.delivering')} className="sz-mb-16" data-testid="calls-delivering">
          <List
            size="small"
            dataSource={delivering.data}
            renderItem={(i) => (
              <List.Item>
                <Link to={i.link}>{i.title}</Link>
                <Typography.Text type="secondary" className="sz-text-sm">
                  {i.number} · {i.stateName}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {bids.length ? <MyBids calls={calls.data ?? []} bids={bids} /> : null}
      <Typography.Title level={5}>{t('call.openCalls', { count: calls.data?.length ?? 0 })}</Typography.Title>
      <Card size="small">
        <ListShell<Call>
          list={{ items: calls.data ?? [], isPending: calls.isPending, error: calls.error, refetch: calls.refetch }}
          columns={columns}
          rowKey="projectId"
          renderCard={(c) => <CallCard {...rowProps(c)} />}
          empty={t('call.none')}
          scrollX={1060}
          tableTestId="call-list"
          listTestId="call-list"
          rowTestId="call-card"
          cardTestId="call-card"
          tableProps={{
            expandable: {
              expandedRowKeys: expanded,
              onExpand: (open, c) => setExpanded((keys) => (open ? [...keys, c.projectId] : keys.filter((k) => k !== c.projectId))),
              expandedRowRender: (c) => <CallDetails {...rowProps(c)} />,
            },
          }}
        />
      </Card>
    </div>
  );
}
