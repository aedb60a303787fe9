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
import { useT } from '../../app/i18n';

type Sla = z.infer<typeof ZSla>;

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/** 办理时效: in progress, overdue, handling time and promise-keeping, per kind and per department. */
export function ServiceLevelsPage() {
  const t = useT();
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
        { name: t('sla.inProgress'), type: 'bar', stack: 'open', data: data?.byKind.map((k) => k.inProgress - k.overdue) ?? [], itemStyle: { color: chartColors.primary } },
        { name: t('sla.overdue'), type: 'bar', stack: 'open', data: data?.byKind.map((k) => k.overdue) ?? [], itemStyle: { color: chartColors.late } },
        { name: t('sla.completed'), type: 'bar', data: data?.byKind.map((k) => k.completed) ?? [], itemStyle: { color: chartColors.good } },
      ],
    }),
    [data, isPhone, t],
  );
  const speed = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: isPhone ? 64 : 28 },
      xAxis: { type: 'category', data: data?.byKind.map((k) => k.kindName) ?? [], axisLabel: { interval: 0, fontSize: 11, rotate: isPhone ? 35 : 0 } },
      yAxis: { type: 'value', name: t('sla.workingDays') },
      series: [
        { name: t('sla.averageTime'), type: 'bar', data: data?.byKind.map((k) => k.averageWorkingDays ?? 0) ?? [], itemStyle: { color: chartColors.primary } },
        { name: t('sla.promise'), type: 'line', data: data?.byKind.map((k) => k.promisedDays) ?? [], itemStyle: { color: chartColors.target } },
      ],
    }),
    [data, isPhone, t],
  );

  return (
    <div data-testid="sla-page">
      <PageHeader
        title={t('sla.title')}
        description={t('sla.description')}
        extra={<DatePicker.RangePicker value={shown} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />}
      />
      {error ? <ErrorAlert error={error} className="sz-mb-16" /> : null}
      <Row gutter={[16, 16]} className="sz-mb-16">
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('sla.inProgress')} value={totals.inProgress} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('sla.overdue')} value={totals.overdue} valueStyle={{ color: totals.overdue ? chartColors.late : undefined }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('sla.completedInPeriod')} value={totals.completed} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('sla.withinPromise')} value={percent(totals.share)} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} className="sz-mb-16">
        <Col xs={24} lg={12}>
          <Card size="small" title={t('sla.volumeChart')}>
            <Chart option={volume} testId="sla-volume-chart" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('sla.speedChart')}>
            <Chart option={speed} testId="sla-speed-chart" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('sla.byKind')} className="sz-mb-16">
        <Table
          rowKey="kind"
          size="small"
          pagination={false}
          scroll={{ x: 760 }}
          dataSource={data?.byKind ?? []}
          columns={[
            { title: t('sla.kind'), dataIndex: 'kindName' },
            { title: t('sla.promisedDays'), dataIndex: 'promisedDays', align: 'right', width: 120 },
            { title: t('sla.inProgress'), dataIndex: 'inProgress', align: 'right', width: 80 },
            { title: t('sla.overdue'), dataIndex: 'overdue', align: 'right', width: 80, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
            { title: t('sla.completed'), dataIndex: 'completed', align: 'right', width: 80 },
            { title: t('sla.averageDays'), dataIndex: 'averageWorkingDays', align: 'right', width: 150, render: (v: number | null) => v ?? '—' },
            { title: t('sla.onTimeShare'), dataIndex: 'withinPromiseShare', align: 'right', width: 110, render: percent },
          ]}
        />
      </Card>
      <Card size="small" title={t('sla.byDepartment')}>
        <Table
          rowKey="departmentId"
          size="small"
          pagination={false}
          scroll={{ x: 520 }}
          dataSource={data?.byDepartment ?? []}
          locale={{ emptyText: t('sla.noReviews') }}
          columns={[
            { title: t('sla.department'), dataIndex: 'departmentName' },
            { title: t('sla.pending'), dataIndex: 'pending', align: 'right' },
            { title: t('sla.pendingOverdue'), dataIndex: 'overdue', align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
            { title: t('sla.answered'), dataIndex: 'answered', align: 'right' },
            { title: t('sla.averageAnswerDays'), dataIndex: 'averageWorkingDays', align: 'right', render: (v: number | null) => v ?? '—' },
          ]}
        />
      </Card>
    </div>
  );
}
