import { ErrorAlert } from '../../components/error-alert';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Select, Skeleton, Spin, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan, useCurrentUser } from '../../app/auth';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { AllocationModal, CreateFundModal, LineModal, type AllocationTarget } from './fund-forms';
import { FundLedger } from './fund-ledger';
import { FundLines } from './fund-lines';
import { FundSummary } from './fund-summary';
import { useFund, useFunds } from './funds-api';

// ECharts' Sankey is only loaded when someone opens the tab.
const FundFlowsChart = lazy(() => import('./fund-flows').then((m) => ({ default: m.FundFlowsChart })));

const TABS = ['lines', 'ledger', 'flows'] as const;
type Tab = (typeof TABS)[number];

/**
 * 专项经费: a year's fund — its totals, its lines with the departments' shares, the ledger and where the
 * money flows. The office manages it; auditors read it; a department sees only its own shares.
 */
export function FundsPage() {
  const t = useT();
  const can = useCan();
  const me = useCurrentUser();
  const isPhone = useIsPhone();
  const whole = me.wholeCity.includes('fund.read');
  const canManage = can('fund.manage');
  const [params, setParams] = useSearchParams();
  const funds = useFunds();
  const [editingLine, setEditingLine] = useState<string | null>(null);
  const [allocating, setAllocating] = useState<AllocationTarget | null>(null);
  const [creating, setCreating] = useState(false);

  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  const years = useMemo(() => [...new Set((funds.data ?? []).map((f) => f.year))].sort((a, b) => b - a), [funds.data]);
  const thisYear = dayjs().year();
  const asked = Number(params.get('year'));
  const year = years.includes(asked) ? asked : years.includes(thisYear) ? thisYear : years[0];
  const yearFunds = (funds.data ?? []).filter((f) => f.year === year);
  const fundId = yearFunds.find((f) => f.id === params.get('fund'))?.id ?? yearFunds[0]?.id;
  const fund = useFund(fundId);
  const tab: Tab = TABS.find((key) => key === params.get('tab')) ?? 'lines';
  const ownUnits = me.grants.filter((g) => g.scopeType === 'department' && g.scopeName).map((g) => g.scopeName);

  const header = (
    <PageHeader
      title={t('fund.title')}
      description={t('fund.description')}
      extra={
        <>
          {years.length ? (
            <Select
              value={year}
              style={{ width: 120 }}
              options={years.map((y) => ({ value: y, label: t('fund.yearOption', { year: y }) }))}
              onChange={(y: number) => setParam({ year: String(y), fund: null })}
              aria-label={t('fund.year')}
              data-testid="fund-year"
            />
          ) : null}
          {yearFunds.length > 1 ? (
            <Select
              value={fundId}
              style={{ width: isPhone ? '100%' : 280 }}
              options={yearFunds.map((f) => ({ value: f.id, label: f.name }))}
              onChange={(id: string) => setParam({ fund: id })}
              data-testid="fund-select"
            />
          ) : null}
          {canManage ? (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="fund-create">
              {t('fund.create')}
            </Button>
          ) : null}
        </>
      }
    />
  );

  let body;
  if (funds.isPending || (fundId && fund.isPending)) body = <Skeleton active />;
  else if (funds.isError) body = <ErrorAlert error={funds.error} />;
  else if (!fundId) body = <Card><Empty description={whole ? t('fund.noFunds') : t('fund.noOwnFunds')} /></Card>;
  else if (fund.isError) body = <ErrorAlert error={fund.error} />;
  else if (fund.data) {
    const f = fund.data;
    body = (
      <>
        {!whole ? <Alert type="info" showIcon className="sz-mb-12" title={t('fund.ownView', { units: ownUnits.join('、') })} data-testid="fund-own-view" /> : null}
        <Typography.Title level={5} className="sz-m-0 sz-mb-12" data-testid="fund-name">
          {f.name}
        </Typography.Title>
        <FundSummary fund={f} whole={whole} />
        <Card size="small" styles={{ body: { paddingTop: 0 } }}>
          <Tabs
            activeKey={tab}
            onChange={(key) => setParam({ tab: key === 'lines' ? null : key })}
            items={[
              {
                key: 'lines',
                label: <span data-testid="fund-tab-lines">{t('fund.tabLines')}</span>,
                children: <FundLines fund={f} whole={whole} canManage={canManage} onEditLine={setEditingLine} onAllocate={setAllocating} />,
              },
              { key: 'ledger', label: <span data-testid="fund-tab-ledger">{t('fund.tabLedger')}</span>, children: <FundLedger fund={f} whole={whole} /> },
              {
                key: 'flows',
                label: <span data-testid="fund-tab-flows">{t('fund.tabFlows')}</span>,
                children: (
                  <Suspense fallback={<Spin className="sz-block sz-m-48" />}>
                    <FundFlowsChart fundId={f.id} whole={whole} />
                  </Suspense>
                ),
              },
            ]}
          />
        </Card>
        {editingLine ? <LineModal fund={f} lineId={editingLine} onClose={() => setEditingLine(null)} /> : null}
        {allocating ? <AllocationModal fund={f} target={allocating} onClose={() => setAllocating(null)} /> : null}
      </>
    );
  }

  return (
    <Flex vertical data-testid="funds-page">
      {header}
      {body}
      {creating ? (
        <CreateFundModal
          defaultYear={years.includes(thisYear) ? Math.max(thisYear, ...years) + 1 : thisYear}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setParam({ year: String(created.year), fund: created.id, tab: null });
          }}
        />
      ) : null}
    </Flex>
  );
}
