import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useT } from '../../app/i18n';
import { useIsPhone } from '../../components/use-is-phone';
import { Yuan } from './fund-labels';
import type { AllocationTarget } from './fund-forms';
import type { Fund, FundAllocation, FundLine } from './funds-api';

interface FundLinesProps {
  fund: Fund;
  whole: boolean;
  canManage: boolean;
  onEditLine: (lineId: string) => void;
  onAllocate: (target: AllocationTarget) => void;
}

/** A line, or (as its child row) one department's share of it: both have the same buckets, so they share the columns. */
interface Row {
  key: string;
  line: FundLine;
  allocation: FundAllocation | null;
  budgetFen: number;
  unallocatedFen: number | null;
  reservedFen: number;
  committedFen: number;
  paidFen: number;
  availableFen: number;
  children?: Row[];
}

function rowsOf(fund: Fund): Row[] {
  return fund.lines.map((line) => ({
    key: line.id,
    line,
    allocation: null,
    budgetFen: line.budgetFen,
    unallocatedFen: line.unallocatedFen,
    reservedFen: line.reservedFen,
    committedFen: line.committedFen,
    paidFen: line.paidFen,
    availableFen: line.availableFen,
    children: line.allocations.length
      ? line.allocations.map((a) => ({
          key: a.id,
          line,
          allocation: a,
          budgetFen: a.budgetFen,
          unallocatedFen: null,
          reservedFen: a.reservedFen,
          committedFen: a.committedFen,
          paidFen: a.paidFen,
          availableFen: a.availableFen,
        }))
      : undefined,
  }));
}

const MONEY_WIDTH = 118;

/** The lines of a fund, each opening onto the departments' shares (budget, reserved, committed, paid, available). */
export function FundLines({ fund, whole, canManage, onEditLine, onAllocate }: FundLinesProps) {
  const t = useT();
  const isPhone = useIsPhone();
  const nameWidth = isPhone ? 156 : 190;
  const actionsWidth = 170;
  const money = (title: string, key: keyof Row, strong = false) => ({
    title,
    dataIndex: key,
    key,
    align: 'right' as const,
    width: MONEY_WIDTH,
    render: (fen: number | null) => (fen === null ? null : <Yuan fen={fen} strong={strong} />),
  });

  const columns: TableColumnsType<Row> = [
    {
      title: `${t('fund.line')} / ${t('fund.department')}`,
      key: 'name',
      width: nameWidth,
      fixed: 'left',
      render: (_: unknown, row) =>
        row.allocation ? (
          <Typography.Text>{row.allocation.departmentName}</Typography.Text>
        ) : (
          <>
            <Typography.Text strong>{row.line.name}</Typography.Text>
            <Typography.Text type="secondary" className="sz-block sz-text-sm">
              {row.line.allocations.length ? t('fund.departmentCount', { count: row.line.allocations.length }) : t('fund.noAllocations')}
            </Typography.Text>
          </>
        ),
    },
    money(whole ? t('fund.budgetOrShare') : t('fund.ownTotal'), 'budgetFen'),
    ...(whole ? [money(t('fund.unallocated'), 'unallocatedFen')] : []),
    money(t('fund.reserved'), 'reservedFen'),
    money(t('fund.committed'), 'committedFen'),
    money(t('fund.paid'), 'paidFen'),
    money(t('fund.available'), 'availableFen', true),
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: actionsWidth,
            render: (_: unknown, row: Row) =>
              row.allocation ? (
                <Button size="small" onClick={() => onAllocate({ lineId: row.line.id, departmentId: row.allocation!.departmentId })} data-testid="allocation-adjust">
                  {t('fund.adjust')}
                </Button>
              ) : (
                <Space size={4}>
                  <Button size="small" icon={<EditOutlined />} onClick={() => onEditLine(row.line.id)} data-testid={`line-edit-${row.line.code}`}>
                    {t('fund.editLine')}
                  </Button>
                  <Button size="small" icon={<PlusOutlined />} onClick={() => onAllocate({ lineId: row.line.id })} data-testid={`line-allocate-${row.line.code}`}>
                    {t('fund.addAllocation')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];
  const width = nameWidth + MONEY_WIDTH * (whole ? 6 : 5) + (canManage ? actionsWidth : 0);

  return (
    <Table<Row>
      rowKey="key"
      size="middle"
      pagination={false}
      dataSource={rowsOf(fund)}
      columns={columns}
      scroll={{ x: width }}
      locale={{ emptyText: t('fund.noLines') }}
      expandable={{ defaultExpandAllRows: true, indentSize: 12 }}
      onRow={(row) => ({ 'data-testid': row.allocation ? `allocation-${row.line.code}-${row.allocation.departmentName}` : `line-${row.line.code}` }) as HTMLAttributes<HTMLElement>}
      data-testid="fund-lines"
    />
  );
}
