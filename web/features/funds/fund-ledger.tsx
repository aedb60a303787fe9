import { QuestionCircleOutlined } from '@ant-design/icons';
import { Flex, Select, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { FUND_MOVEMENT_KINDS, FUND_MOVEMENT_NAMES, type FundMovementKind } from '../../../contracts/funds';
import { formatYuan } from '../../../contracts/money';
import { useI18n, useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { FilterBar } from '../../components/filter-bar';
import { ListShell } from '../../components/list-shell';
import { KindTag, SignedYuan, Yuan } from './fund-labels';
import { useLedger, type Fund, type FundMovement, type LedgerFilter } from './funds-api';

/** "部门可用余额 / （变动后）": a narrow column's title broken before its note, not in the middle of a word. */
function BreakBeforeNote({ text }: { text: string }) {
  const at = text.indexOf('（');
  if (at <= 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <br />
      {text.slice(at)}
    </>
  );
}

/** One movement as a phone reads it: what, who, how much; then when, by whom and the balances after it. */
function LedgerCard({ m, whole }: { m: FundMovement; whole: boolean }) {
  const t = useT();
  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <span>
          <KindTag kind={m.kind} name={m.kindName} />
          <Typography.Text strong>{m.departmentName}</Typography.Text>
        </span>
        <SignedYuan kind={m.kind} amountFen={m.amountFen} testId="ledger-amount" />
      </Flex>
      <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mt-2">
        {m.lineName} · <DateTimeText value={m.at} /> · {m.actorName ?? t('fund.system')}
      </Typography.Text>
      <Typography.Text className="sz-block sz-text-sm">
        {t('fund.balancesAfter')}：{t('fund.department')} {formatYuan(m.allocationAvailableAfterFen)}
        {whole && m.lineAvailableAfterFen !== null ? ` · ${t('fund.line')} ${formatYuan(m.lineAvailableAfterFen)}` : ''}
      </Typography.Text>
      {m.projectTitle || m.note ? (
        <Typography.Text type="secondary" className="sz-block sz-text-sm">
          {[m.projectTitle, m.note].filter(Boolean).join(' · ')}
        </Typography.Text>
      ) : null}
    </>
  );
}

/**
 * 经费台账: every movement of the fund, newest first, with the balances right after it. A department sees
 * its own movements and its own balance; the line's balance is the city's figure, so only whole-fund
 * readers see that column.
 */
export function FundLedger({ fund, whole }: { fund: Fund; whole: boolean }) {
  const { t, locale } = useI18n();
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const [filter, setFilter] = useState<LedgerFilter>({});
  const ledger = useLedger(fund.id, filter);

  // The departments that hold a share of this fund (the only ones that can have movements).
  const departments = useMemo(() => {
    const byId = new Map<string, string>();
    for (const line of fund.lines) for (const a of line.allocations) byId.set(a.departmentId, a.departmentName);
    return [...byId].map(([value, label]) => ({ value, label }));
  }, [fund]);

  const columns: ColumnsType<FundMovement> = [
    { title: t('fund.time'), dataIndex: 'at', key: 'at', width: 120, render: (at: string) => <DateTimeText value={at} /> },
    { title: t('fund.kind'), dataIndex: 'kind', key: 'kind', width: 90, render: (kind: FundMovementKind, m) => <KindTag kind={kind} name={m.kindName} /> },
    { title: t('fund.department'), dataIndex: 'departmentName', key: 'departmentName', width: 100 },
    { title: t('fund.line'), dataIndex: 'lineName', key: 'lineName', width: 140 },
    {
      title: (
        <Tooltip title={t('fund.amountSignHelp')}>
          <span>
            {t('fund.amountYuan')} <QuestionCircleOutlined className="sz-text-muted" />
          </span>
        </Tooltip>
      ),
      dataIndex: 'amountFen',
      key: 'amountFen',
      align: 'right',
      width: 130,
      render: (fen: number, m) => <SignedYuan kind={m.kind} amountFen={fen} testId="ledger-amount" />,
    },
    { title: <BreakBeforeNote text={t('fund.departmentAvailableAfter')} />, dataIndex: 'allocationAvailableAfterFen', key: 'allocationAfter', align: 'right', width: 110, render: (fen: number) => <Yuan fen={fen} /> },
    ...(whole
      ? [{ title: <BreakBeforeNote text={t('fund.lineAvailableAfter')} />, dataIndex: 'lineAvailableAfterFen', key: 'lineAfter', align: 'right' as const, width: 110, render: (fen: number) => <Yuan fen={fen} /> }]
      : []),
    {
      title: t('fund.note'),
      dataIndex: 'note',
      key: 'note',
      render: (note: string | null, m) => (
        <>
          {m.projectTitle ? <Typography.Text strong className="sz-block">{m.projectTitle}</Typography.Text> : null}
          {note ?? (m.projectTitle ? null : <Typography.Text type="secondary">—</Typography.Text>)}
        </>
      ),
    },
    { title: t('fund.actor'), dataIndex: 'actorName', key: 'actorName', width: 90, render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('fund.system')}</Typography.Text> },
  ];

  return (
    <>
      <FilterBar className="sz-mb-12">
        <Select
          allowClear
          placeholder={t('fund.allLines')}
          options={fund.lines.map((l) => ({ value: l.id, label: l.name }))}
          onChange={(lineId?: string) => setFilter((f) => ({ ...f, lineId }))}
          data-testid="ledger-line"
        />
        {departments.length > 1 ? (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('fund.allDepartments')}
              options={departments}
            onChange={(departmentId?: string) => setFilter((f) => ({ ...f, departmentId }))}
            data-testid="ledger-department"
          />
        ) : null}
        <Select
          allowClear
          placeholder={t('fund.allKinds')}
          options={FUND_MOVEMENT_KINDS.map((kind) => ({ value: kind, label: FUND_MOVEMENT_NAMES[kind][lang] }))}
          onChange={(kind?: FundMovementKind) => setFilter((f) => ({ ...f, kind }))}
          data-testid="ledger-kind"
        />
      </FilterBar>
      <ListShell<FundMovement>
        list={ledger}
        columns={columns}
        rowKey="id"
        renderCard={(m) => <LedgerCard m={m} whole={whole} />}
        empty={t('fund.ledgerEmpty')}
        scrollX={whole ? 1080 : 960}
        tableTestId="ledger-table"
        listTestId="ledger-list"
        cardTestId="ledger-row"
        rowTestId="ledger-row"
        tableProps={{ size: 'small' }}
      />
    </>
  );
}
