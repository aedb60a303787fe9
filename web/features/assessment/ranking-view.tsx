import { Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, type ReactNode } from 'react';
import { useT } from '../../app/i18n';
import { chartColors } from '../../app/theme';
import { Chart } from '../../components/chart';
import { DateTimeText } from '../../components/date-text';
import { ListShell } from '../../components/list-shell';
import { useIsPhone } from '../../components/use-is-phone';
import { pts, RankText } from './assessment-labels';
import type { RoundResult, RoundResults } from './assessment-api';

/** live: the office's preview from the scores as they stand; published: the snapshot the notice showed. */
export function BasisTag({ results }: { results: RoundResults }) {
  const t = useT();
  return results.basis === 'published' ? (
    <Tag color="green" data-testid="results-basis">
      {t('assess.basisPublished')}
      {results.publishedAt ? (
        <>
          {' · '}
          <DateTimeText value={results.publishedAt} />
        </>
      ) : null}
    </Tag>
  ) : (
    <Tag color="orange" data-testid="results-basis">
      {t('assess.basisLive')}
    </Tag>
  );
}

const adjustmentSum = (r: RoundResult) => r.adjustments.reduce((n, a) => n + (a.kind === 'bonus' ? a.points : -a.points), 0);

/** 排名: rank (并列 when shared), the subject, each dimension, adjustments, total, composite and grade; a bar of composites. */
export function RankingView({ results, onOpen, aside }: { results: RoundResults; onOpen?: (r: RoundResult) => void; aside?: ReactNode }) {
  const t = useT();
  const isPhone = useIsPhone();
  const dims = useMemo(() => results.items[0]?.dimensions ?? [], [results.items]);
  const sorted = useMemo(() => [...results.items].sort((a, b) => a.rank - b.rank), [results.items]);
  const columns: ColumnsType<RoundResult> = [
    { title: t('assess.rank'), dataIndex: 'rank', width: 90, fixed: 'left', render: (_: unknown, r) => <RankText rank={r.rank} tied={r.tied} /> },
    {
      title: t('assess.subject'),
      key: 'subject',
      width: 170,
      render: (_: unknown, r) => (
        <span>
          {r.subject.name}
          {!r.complete ? (
            <Tag className="sz-ms-6" color="default">
              {t('assess.incomplete')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    ...dims.map((d, i) => ({
      title: `${d.name}（${pts(d.maxPoints)}）`,
      key: `dim-${d.code}`,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: RoundResult) => <span className="sz-num">{pts(r.dimensions[i]?.score)}</span>,
    })),
    {
      title: t('assess.adjustments'),
      key: 'adj',
      width: 90,
      align: 'right',
      render: (_: unknown, r) => {
        const n = adjustmentSum(r);
        return n === 0 ? '—' : <Typography.Text type={n > 0 ? 'success' : 'danger'}>{n > 0 ? `+${pts(n)}` : `−${pts(-n)}`}</Typography.Text>;
      },
    },
    { title: t('assess.total'), dataIndex: 'total', width: 80, align: 'right', render: (n: number) => <span className="sz-num">{pts(n)}</span> },
    { title: t('assess.composite'), dataIndex: 'composite', width: 90, align: 'right', render: (n: number) => <Typography.Text strong className="sz-num">{pts(n)}</Typography.Text> },
    { title: t('assess.grade'), key: 'grade', width: 80, render: (_: unknown, r) => (r.grade ? <Tag color="blue">{r.grade.name}</Tag> : '—') },
  ];
  const option = useMemo(() => {
    const rows = [...sorted].reverse();
    return {
      grid: { left: 8, right: 36, top: 8, bottom: isPhone ? 8 : 36, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { color: chartColors.axisText }, splitLine: { lineStyle: { color: chartColors.splitLine } } },
      yAxis: { type: 'category', data: rows.map((r) => r.subject.name), axisLabel: { color: chartColors.axisText, width: isPhone ? 70 : 140, overflow: 'truncate' } },
      series: dims.map((d, i) => ({
        name: d.name,
        type: 'bar',
        stack: 'total',
        data: rows.map((r) => r.dimensions[i]?.score ?? 0),
        itemStyle: { color: chartColors.series[i % chartColors.series.length] },
      })),
      legend: { show: !isPhone, bottom: 0 },
    };
  }, [sorted, dims, isPhone]);
  if (results.items.length === 0) return <Empty description={t('assess.noResults')} />;
  const card = (r: RoundResult) => (
    <div data-testid="result-card">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>
          <RankText rank={r.rank} tied={r.tied} /> · {r.subject.name}
        </Typography.Text>
        <Typography.Text strong className="sz-num sz-nowrap sz-flex-none">
          {pts(r.composite)}
        </Typography.Text>
      </Flex>
      <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mt-4">
        {r.dimensions.map((d) => `${d.name} ${pts(d.score)}`).join(' · ')}
      </Typography.Text>
      {r.grade || adjustmentSum(r) !== 0 ? (
        <Typography.Text type="secondary" className="sz-block sz-text-sm">
          {r.grade ? `${t('assess.grade')}：${r.grade.name}` : ''}
          {adjustmentSum(r) !== 0 ? `  ${t('assess.adjustments')}：${adjustmentSum(r) > 0 ? '+' : '−'}${pts(Math.abs(adjustmentSum(r)))}` : ''}
        </Typography.Text>
      ) : null}
    </div>
  );
  return (
    <>
      <ListShell<RoundResult>
        list={{ items: sorted, isPending: false, error: null }}
        columns={columns}
        rowKey={(r) => r.subject.id}
        renderCard={card}
        onOpen={onOpen}
        scrollX={isPhone ? undefined : 560 + dims.length * 110}
        tableTestId="results-table"
        listTestId="results-cards"
        tableProps={{ size: 'small' }}
      />
      <Row gutter={[16, 16]} className="sz-mt-16">
        <Col xs={24} xl={aside ? 14 : 24}>
          <Card size="small" title={t('assess.compositeChart')}>
            <Chart option={option} height={Math.max(240, sorted.length * 28 + 60)} testId="results-chart" />
          </Card>
        </Col>
        {aside ? (
          <Col xs={24} xl={10}>
            {aside}
          </Col>
        ) : null}
      </Row>
    </>
  );
}
