import { ErrorAlert } from '../../components/error-alert';
import { useQuery } from '@tanstack/react-query';
import {  Card, Col, DatePicker, Row, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import type { ZSla } from '../../../contracts/applications';
import { api } from '../../app/api';
import { Chart } from '../../components/chart';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { chartColors } from '../../app/theme';

type Sla = z.infer<typeof ZSla>;

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/** 办理时效: in progress, overdue, handling time and promise-keeping, per kind and per department. */
export function ServiceLevelsPage() {
  const isPhone = useIsPhone();
  // Without a choice the server picks the last year up to today on the city's calendar (not the browser's clock).
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const from = range?.[0].format('YYYY-MM-DD');
  const to = range?.[1].format('YYYY-MM-DD');
  const { data, error } = useQuery({ queryKey: ['applications', 'sla', from, to], queryFn: () => api.get<Sla>('/applications/service-levels', { from, to }) });
  const shown: [Dayjs, Dayjs] | null = range ?? (data ? [dayjs(data.from), dayjs(data.to)] : null);

  const totals = useMemo(() => {
    const k = data?.byKind ?? [];
    const decided = k.reduce((n, x) => n + (x.withinPromiseShare === null ? 0 : x.completed), 0);
    const onTime = k.reduce((n, x) => n + (x.withinPromiseShare === null ? 0 : x.withinPromiseShare * x.completed), 0);
    return { inProgress: k.reduce((n, x) => n + x.inProgress, 0), overdue: k.reduce((n, x) => n + x.overdue, 0), completed: k.reduce((n, x) => n + x.completed, 0), share: decided ? onTime / decided : null };
  }, [data]);

  const volume = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: isPhone ? 64 : 28 },
      xAxis: { type: 'category', data: data?.byKind.map((k) => k.kindName) ?? [], axisLabel: { interval: 0, fontSize: 11, rotate: isPhone ? 35 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '办理中', type: 'bar', stack: 'open', data: data?.byKind.map((k) => k.inProgress - k.overdue) ?? [], itemStyle: { color: chartColors.primary } },
        { name: '已超期', type: 'bar', stack: 'open', data: data?.byKind.map((k) => k.overdue) ?? [], itemStyle: { color: chartColors.late } },
        { name: '已办结', type: 'bar', data: data?.byKind.map((k) => k.completed) ?? [], itemStyle: { color: chartColors.good } },
      ],
    }),
    [data, isPhone],
  );
  const speed = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: isPhone ? 64 : 28 },
      xAxis: { type: 'category', data: data?.byKind.map((k) => k.kindName) ?? [], axisLabel: { interval: 0, fontSize: 11, rotate: isPhone ? 35 : 0 } },
      yAxis: { type: 'value', name: '工作日' },
      series: [
        { name: '平均办理时长', type: 'bar', data: data?.byKind.map((k) => k.averageWorkingDays ?? 0) ?? [], itemStyle: { color: chartColors.primary } },
        { name: '承诺时限', type: 'line', data: data?.byKind.map((k) => k.promisedDays) ?? [], itemStyle: { color: chartColors.target } },
      ],
    }),
    [data, isPhone],
  );

  return (
    <div data-testid="sla-page">
      <PageHeader
        title="办理时效"
        description="“最多跑一次”各事项与联审部门的办理情况：办理时长按工作日（法定节假日与调休）计算，自受理起算。"
        extra={<DatePicker.RangePicker value={shown} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />}
      />
      {error ? <ErrorAlert error={error} className="sz-mb-16" /> : null}
      <Row gutter={[16, 16]} className="sz-mb-16">
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="办理中" value={totals.inProgress} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="已超期" value={totals.overdue} valueStyle={{ color: totals.overdue ? chartColors.late : undefined }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="期间办结" value={totals.completed} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="承诺时限内办结" value={percent(totals.share)} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} className="sz-mb-16">
        <Col xs={24} lg={12}>
          <Card size="small" title="各事项办理量">
            <Chart option={volume} testId="sla-volume-chart" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="平均办理时长与承诺时限（工作日）">
            <Chart option={speed} testId="sla-speed-chart" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title="按事项" className="sz-mb-16">
        <Table
          rowKey="kind"
          size="small"
          pagination={false}
          scroll={{ x: 760 }}
          dataSource={data?.byKind ?? []}
          columns={[
            { title: '事项', dataIndex: 'kindName' },
            { title: '承诺（工作日）', dataIndex: 'promisedDays', align: 'right', width: 120 },
            { title: '办理中', dataIndex: 'inProgress', align: 'right', width: 80 },
            { title: '已超期', dataIndex: 'overdue', align: 'right', width: 80, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
            { title: '已办结', dataIndex: 'completed', align: 'right', width: 80 },
            { title: '平均办理（工作日）', dataIndex: 'averageWorkingDays', align: 'right', width: 150, render: (v: number | null) => v ?? '—' },
            { title: '按期办结率', dataIndex: 'withinPromiseShare', align: 'right', width: 110, render: percent },
          ]}
        />
      </Card>
      <Card size="small" title="按联审部门">
        <Table
          rowKey="departmentId"
          size="small"
          pagination={false}
          scroll={{ x: 520 }}
          dataSource={data?.byDepartment ?? []}
          locale={{ emptyText: '期间没有联审' }}
          columns={[
            { title: '部门', dataIndex: 'departmentName' },
            { title: '待出具意见', dataIndex: 'pending', align: 'right' },
            { title: '其中超期', dataIndex: 'overdue', align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
            { title: '已出具', dataIndex: 'answered', align: 'right' },
            { title: '平均用时（工作日）', dataIndex: 'averageWorkingDays', align: 'right', render: (v: number | null) => v ?? '—' },
          ]}
        />
      </Card>
    </div>
  );
}
