import { ErrorAlert } from '../../components/error-alert';
import { Empty, Flex, List, Skeleton, Typography } from 'antd';
import { SankeyChart } from 'echarts/charts';
import { use as registerCharts } from 'echarts/core';
import { useMemo } from 'react';
import { useT, type MessageKey } from '../../app/i18n';
import { Chart } from '../../components/chart';
import { useIsPhone } from '../../components/use-is-phone';
import { wanYuan } from './fund-summary';
import { useFlows, type FundFlows } from './funds-api';
import { departmentRows, readableFlows } from './fund-flows-model';
import { chartColors, moneyColors } from '../../app/theme';

// Registered here, not in the shared chart module: only this lazily loaded tab draws a Sankey.
registerCharts([SankeyChart]);

type NodeKind = FundFlows['nodes'][number]['kind'];

const KIND_COLORS: Record<NodeKind, string> = {
  fund: chartColors.fund,
  line: chartColors.line,
  department: chartColors.department,
  project: chartColors.project,
  paid: moneyColors.paid,
  committed: moneyColors.committed,
  reserved: moneyColors.reserved,
  available: chartColors.muted,
};

/** The end buckets: their own colours and names in the page's language (the server names them in Chinese). */
const BUCKETS: Record<string, { color: string; label: MessageKey }> = {
  'bucket:paid': { color: moneyColors.paid, label: 'fund.paid' },
  'bucket:committed': { color: moneyColors.committed, label: 'fund.committedUnpaid' },
  'bucket:reserved': { color: moneyColors.reserved, label: 'fund.reserved' },
  'bucket:available': { color: moneyColors.available, label: 'fund.available' },
  'bucket:unallocated': { color: moneyColors.unallocated, label: 'fund.unallocated' },
};

interface Tip {
  dataType?: string;
  name?: string;
  data?: { source?: string; target?: string; valueFen?: number };
}

/** Departments drawn one by one; the rest share one node (labels of thin nodes stacked on each other). */
const DEPARTMENTS_DRAWN = 8;

/** On a phone: one card per department, its share and where it stands, instead of a chart too wide to read. */
function FlowsTable({ data }: { data: FundFlows }) {
  const t = useT();
  const rows = departmentRows(data);
  const parts = Object.entries(BUCKETS);
  return (
    <List
      size="small"
      data-testid="fund-flows-table"
      dataSource={rows}
      renderItem={(r) => (
        <List.Item key={r.id}>
          <Flex vertical gap={2} className="sz-w-full">
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong>{r.name}</Typography.Text>
              <Typography.Text strong className="sz-nowrap">{wanYuan(r.shareFen)}</Typography.Text>
            </Flex>
            <Flex wrap gap={12}>
              {parts
                .filter(([id]) => r.buckets[id])
                .map(([id, b]) => (
                  <Typography.Text key={id} type="secondary" className="sz-text-sm sz-nowrap">
                    <span style={{ color: b.color }}>●</span> {t(b.label)} {wanYuan(r.buckets[id])}
                  </Typography.Text>
                ))}
            </Flex>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** 资金流向: fund → line → department → paid, committed, reserved, available — widths in 万元. */
export function FundFlowsChart({ fundId, whole }: { fundId: string; whole: boolean }) {
  const t = useT();
  const isPhone = useIsPhone();
  const flows = useFlows(fundId);
  // A phone's list has room for every department; the chart keeps the largest.
  const keep = isPhone ? Number.POSITIVE_INFINITY : DEPARTMENTS_DRAWN;
  const readable = useMemo(() => (flows.data ? readableFlows(flows.data, keep, (count) => t('fund.otherDepartments', { count })) : null), [flows.data, keep, t]);

  const option = useMemo(() => {
    const data = readable;
    if (!data) return null;
    const names = new Map(data.nodes.map((n) => [n.id, BUCKETS[n.id] ? t(BUCKETS[n.id].label) : n.name]));
    // The fund's own name is in the page's title; on its band a short word reads better (and a department's is its share).
    const labels = new Map(data.nodes.map((n) => [n.id, n.kind === 'fund' ? t(whole ? 'fund.total' : 'fund.ownTotal') : names.get(n.id)]));
    // A node's amount in fen, exactly: the larger of what flows in and what flows out.
    const inflow = new Map<string, number>();
    const outflow = new Map<string, number>();
    for (const l of data.links) {
      inflow.set(l.target, (inflow.get(l.target) ?? 0) + l.valueFen);
      outflow.set(l.source, (outflow.get(l.source) ?? 0) + l.valueFen);
    }
    const nodeFen = (id: string) => Math.max(inflow.get(id) ?? 0, outflow.get(id) ?? 0);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: Tip) => {
          if (p.dataType === 'edge' && p.data?.source && p.data.target) return `${names.get(p.data.source)} → ${names.get(p.data.target)}<br/><b>${wanYuan(p.data.valueFen ?? 0)}</b>`;
          return p.name ? `${names.get(p.name)}<br/><b>${wanYuan(nodeFen(p.name))}</b>` : '';
        },
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: isPhone ? 110 : 150,
          top: 12,
          bottom: 12,
          nodeGap: 20,
          nodeWidth: 16,
          // The order given (largest department first, others last), not one the layout reshuffles.
          layoutIterations: 0,
          draggable: false,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
          label: { fontSize: 12, color: chartColors.labelText, formatter: (p: { name: string }) => `${labels.get(p.name)} ${wanYuan(nodeFen(p.name))}` },
          // Names are ids (two nodes may share a display name); labels and tips show the names.
          data: data.nodes.map((n) => ({ name: n.id, itemStyle: { color: BUCKETS[n.id]?.color ?? KIND_COLORS[n.kind] } })),
          // Widths in 万元 for the drawing only; every figure shown comes from valueFen.
          links: data.links.map((l) => ({ source: l.source, target: l.target, value: l.valueFen / 1_000_000, valueFen: l.valueFen })),
        },
      ],
    };
  }, [readable, isPhone, t, whole]);

  if (flows.isPending) return <Skeleton active />;
  if (flows.isError) return <ErrorAlert error={flows.error} />;
  if (!option || !readable || readable.links.length === 0) return <Empty description={t('fund.flowsEmpty')} />;
  if (isPhone) {
    return (
      <>
        <Typography.Paragraph type="secondary">{t('fund.flowsPhoneHelp')}</Typography.Paragraph>
        <FlowsTable data={readable} />
      </>
    );
  }
  const departments = readable.nodes.filter((n) => n.kind === 'department').length;
  const height = Math.max(420, departments * 56 + 80);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('fund.flowsHelp')}</Typography.Paragraph>
      <Chart option={option} height={height} testId="fund-sankey" />
    </>
  );
}
