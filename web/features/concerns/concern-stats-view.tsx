import { Card, Col, DatePicker, Empty, Progress, Row, Select, Skeleton, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { ConcernState } from '../../../contracts/concerns';
import type { Query } from '../../app/api';
import { useT } from '../../app/i18n';
import { brand, chartColors, concernColors } from '../../app/theme';
import { Chart } from '../../components/chart';
import { ErrorAlert } from '../../components/error-alert';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { useIsPhone } from '../../components/use-is-phone';
import { useConcernCategories, useConcernStats, type ConcernStats } from './concerns-api';

/** A count's colour on the tile map: blank for none, then five steps up to the largest count shown. */
function tileColor(count: number, max: number): string {
  if (count === 0 || max === 0) return concernColors.scale[0];
  const step = Math.min(concernColors.scale.length - 1, 1 + Math.floor(((count - 1) / max) * (concernColors.scale.length - 1)));
  return concernColors.scale[step];
}

/** A state's colour in the pie: waiting ones warm, in hand blue, answered and closed green, merged faded. */
const STATE_COLORS: Record<ConcernState, string> = {
  submitted: chartColors.target,
  accepted: chartColors.early,
  handling: chartColors.primary,
  replied: chartColors.teal,
  rated: chartColors.series[3],
  closed: chartColors.good,
  merged: chartColors.faded,
};

const axis = { axisLabel: { color: chartColors.axisText }, splitLine: { lineStyle: { color: chartColors.splitLine } } };

/** Towns, or one town's communities, as tiles coloured by their count; a click on a town opens its communities. */
function TileMap({ stats, townId, onTown }: { stats: ConcernStats; townId?: string; onTown: (id: string | undefined) => void }) {
  const t = useT();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const tiles = townId
    ? stats.byCommunity.filter((c) => c.townId === townId).map((c) => ({ id: c.id, name: c.name, count: c.count, overdue: c.overdue, town: false }))
    : stats.byTown.map((tw) => ({ id: tw.id, name: tw.name, count: tw.count, overdue: tw.overdue, town: true }));
  const max = Math.max(0, ...tiles.map((x) => x.count));
  const columns = townId ? (phone ? 3 : 6) : phone ? 3 : 4;
  return (
    <Card
      size="small"
      title={townId ? t('concern.stats.tilesCommunities', { town: stats.byTown.find((x) => x.id === townId)?.name ?? '' }) : t('concern.stats.tilesTowns')}
      extra={
        townId && stats.byTown.length > 1 ? (
          <Typography.Link onClick={() => onTown(undefined)} data-testid="concern-tiles-up">
            {t('concern.stats.allTowns')}
          </Typography.Link>
        ) : null
      }
    >
      {tiles.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div data-testid="concern-tiles" style={{ display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: 6 }}>
          {tiles.map((x) => {
            const color = tileColor(x.count, max);
            const dark = concernColors.scale.indexOf(color as (typeof concernColors.scale)[number]) >= 4;
            return (
              <button
                key={x.id}
                type="button"
                onClick={() => (x.town ? onTown(x.id) : navigate(`/concerns?regionId=${x.id}${townId ? `&townId=${townId}` : ''}`))}
                title={`${x.name}：${t('concern.stats.countTip', { count: x.count, overdue: x.overdue })}`}
                data-testid="concern-tile"
                style={{
                  background: color,
                  border: x.overdue ? `2px solid ${concernColors.overdue}` : '1px solid var(--sz-border)',
                  borderRadius: 6,
                  padding: '6px 4px',
                  cursor: 'pointer',
                  minHeight: townId ? 48 : 56,
                  color: dark ? 'white' : 'var(--sz-text-1)',
                }}
              >
                <div style={{ fontSize: townId ? 12 : 13, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{x.name}</div>
                <div style={{ fontSize: 12 }}>{x.count}</div>
              </button>
            );
          })}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {townId ? t('concern.stats.tilesCommunityHint') : t('concern.stats.tilesHint')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 民情统计: the figures of the caller's city (within their reach), filtered by town, category and the days submitted. */
export function ConcernStatsView() {
  const t = useT();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query: Query = useMemo(() => {
    const q: Query = {};
    for (const k of ['townId', 'categoryCode', 'from', 'to']) if (params.get(k)) q[k] = params.get(k)!;
    return q;
  }, [params]);
  const stats = useConcernStats(query);
  const options = useConcernStats({});
  const categories = useConcernCategories();
  const set = (change: Record<string, string | undefined>) => {
    const next = Object.fromEntries(new URLSearchParams(window.location.search));
    for (const [k, v] of Object.entries(change)) {
      if (v) next[k] = v;
      else delete next[k];
    }
    setParams(next, { replace: true });
  };
  const toList = (more: Record<string, string>) => {
    const q = new URLSearchParams({ ...(query as Record<string, string>), ...more });
    navigate(`/concerns?${q.toString()}`);
  };
  const s = stats.data;

  const charts = useMemo(() => {
    if (!s) return null;
    const shortGrid = { left: phone ? 64 : 90, right: 24, top: 28, bottom: 24 };
    return {
      category: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('concern.stats.count'), t('concern.stats.closedWithin')] },
        grid: shortGrid,
        yAxis: { type: 'category', inverse: true, data: s.byCategory.map((c) => c.name), ...axis },
        xAxis: { type: 'value', minInterval: 1, ...axis },
        series: [
          { name: t('concern.stats.count'), type: 'bar', data: s.byCategory.map((c) => c.count), itemStyle: { color: chartColors.primary }, label: { show: true, position: 'right' } },
          { name: t('concern.stats.closedWithin'), type: 'bar', data: s.byCategory.map((c) => c.closedWithinLimit), itemStyle: { color: concernColors.within } },
        ],
      },
      // A phone lays the towns down the side, as the categories: a dozen names do not fit under bars 300 px wide.
      town: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('concern.stats.count'), t('concern.stats.open'), t('concern.stats.overdue')] },
        grid: phone ? shortGrid : { left: 40, right: 16, top: 28, bottom: 48 },
        [phone ? 'yAxis' : 'xAxis']: { type: 'category', inverse: phone, data: s.byTown.map((x) => x.name), axisLabel: { color: chartColors.axisText, interval: 0, rotate: !phone && s.byTown.length > 8 ? 40 : 0 } },
        [phone ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1, ...axis },
        series: [
          { name: t('concern.stats.count'), type: 'bar', data: s.byTown.map((x) => x.count), itemStyle: { color: chartColors.primary } },
          { name: t('concern.stats.open'), type: 'bar', data: s.byTown.map((x) => x.open), itemStyle: { color: concernColors.open } },
          { name: t('concern.stats.overdue'), type: 'bar', data: s.byTown.map((x) => x.overdue), itemStyle: { color: concernColors.overdue } },
        ],
      },
      state: {
        tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
        series: [
          {
            type: 'pie',
            radius: ['38%', '64%'],
            center: ['50%', '50%'],
            label: { formatter: '{b}\n{c}', color: chartColors.labelText },
            data: s.byState.filter((x) => x.count > 0).map((x) => ({ name: x.name, value: x.count, state: x.state, itemStyle: { color: STATE_COLORS[x.state] } })),
          },
        ],
      },
      close: {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 16, bottom: 36 },
        xAxis: { type: 'category', name: t('concern.stats.workingDays'), nameLocation: 'middle', nameGap: 24, data: s.timeToClose.histogram.map((h, i, all) => (i === all.length - 1 && h.days >= 15 ? '15+' : String(h.days))), ...axis },
        yAxis: { type: 'value', minInterval: 1, ...axis },
        series: [{ name: t('concern.stats.closedCount'), type: 'bar', data: s.timeToClose.histogram.map((h) => h.count), itemStyle: { color: chartColors.teal } }],
      },
    };
  }, [s, phone, t]);

  const share = s?.withinLimit.share;
  // A town's staff reach one town: its communities are the map, and a chart of one town says nothing.
  const oneTown = s?.byTown.length === 1;
  return (
    <>
      <FilterBar testId="concern-stats-filters">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('concern.allTowns')}
          options={(options.data?.byTown ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={params.get('townId') ?? undefined}
          onChange={(townId?: string) => set({ townId })}
          data-testid="concern-stats-town"
        />
        <Select
          allowClear
          placeholder={t('concern.allCategories')}
          options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
          value={params.get('categoryCode') ?? undefined}
          onChange={(categoryCode?: string) => set({ categoryCode })}
          popupMatchSelectWidth={false}
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={[params.get('from') ? dayjs(params.get('from')) : null, params.get('to') ? dayjs(params.get('to')) : null]}
          onChange={(range) => set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          placeholder={[t('concern.from'), t('concern.to')]}
          className={filterWidth.wide}
        />
      </FilterBar>
      {stats.isPending ? (
        <Skeleton active />
      ) : !s || !charts ? (
        <ErrorAlert error={stats.error} onRetry={stats.refetch} />
      ) : (
        <div data-testid="concern-stats">
          <Row gutter={[16, 16]} className="sz-mb-16">
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('concern.stats.total')} value={s.total} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" data-testid="concern-within-limit">
                <Typography.Text type="secondary">{t('concern.stats.withinLimit')}</Typography.Text>
                <Progress
                  percent={share === null || share === undefined ? 0 : Math.round(share * 1000) / 10}
                  strokeColor={concernColors.within}
                  format={(p) => (share === null ? '—' : `${p}%`)}
                  size="small"
                />
                <Typography.Text type="secondary" className="sz-text-sm">
                  {t('concern.stats.withinDetail', { within: s.withinLimit.within, counted: s.withinLimit.counted })}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('concern.stats.median')} value={s.timeToClose.median ?? '—'} suffix={s.timeToClose.median === null ? undefined : t('concern.stats.daysUnit')} />
                <Typography.Text type="secondary" className="sz-text-sm">
                  {t('concern.stats.p90', { days: s.timeToClose.p90 ?? '—' })}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" hoverable onClick={() => toList({ overdue: 'true' })}>
                <Statistic title={t('concern.stats.openOverdue')} value={s.withinLimit.openOverdue} valueStyle={{ color: s.withinLimit.openOverdue ? brand.error : undefined }} />
                <Typography.Text type="secondary" className="sz-text-sm">
                  {t('concern.stats.openOnTime', { n: s.withinLimit.openOnTime })}
                </Typography.Text>
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('concern.stats.byCategory')}>
                <Chart option={charts.category} height={Math.max(240, s.byCategory.length * 36 + 60)} testId="concern-chart-category" onClick={(p) => s.byCategory[p.dataIndex] && toList({ categoryCode: s.byCategory[p.dataIndex].code })} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('concern.stats.byState')}>
                <Chart option={charts.state} height={300} testId="concern-chart-state" onClick={(p) => toList({ state: (p.data as { state: string }).state })} />
              </Card>
            </Col>
            {oneTown ? null : (
            <Col xs={24} lg={14}>
              <Card size="small" title={t('concern.stats.byTown')}>
                <Chart option={charts.town} height={phone ? Math.max(300, s.byTown.length * 44 + 60) : 300} testId="concern-chart-town" onClick={(p) => s.byTown[p.dataIndex] && set({ townId: s.byTown[p.dataIndex].id })} />
              </Card>
            </Col>
            )}
            <Col xs={24} lg={oneTown ? 24 : 10}>
              <TileMap stats={s} townId={params.get('townId') ?? (oneTown ? s.byTown[0].id : undefined)} onTown={(townId) => set({ townId })} />
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('concern.stats.timeToClose')}>
                <Typography.Text type="secondary" className="sz-block sz-text-sm">
                  {t('concern.stats.timeToCloseHint')}
                </Typography.Text>
                {s.timeToClose.closed ? <Chart option={charts.close} height={240} testId="concern-chart-close" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              </Card>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" className="sz-mt-12 sz-text-sm">
            {t('concern.stats.definitions')}
          </Typography.Paragraph>
        </div>
      )}
    </>
  );
}
