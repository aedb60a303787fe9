import { ErrorAlert } from '../../components/error-alert';
import { Alert, Card, Col, Empty, Flex, Row, Select, Skeleton, Table, Typography } from 'antd';
import { useMemo, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CATALOG_TIER_NAMES, CATALOG_TIERS, type CatalogTier } from '../../../contracts/funds';
import { formatWanYuan, formatYuan, type Fen } from '../../../contracts/money';
import type { ProjectState } from '../../../contracts/projects';
import { useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { Chart, type ChartClick } from '../../components/chart';
import { chinaDayjs } from '../../components/china-time';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useCities } from '../cities/cities-api';
import { useProjectDashboard } from './dashboard-api';
import { chartColors, moneyColors, tierColors } from '../../app/theme';

/** 1 core-leading, 2 brand, 3 basic, X featured: the numeral and colour each tier has on the catalog page. */
const TIER_MARK: Record<CatalogTier, string> = { core: '1', brand: '2', basic: '3', featured: 'X' };
const TIER_COLOR: Record<CatalogTier, string> = tierColors;

/** Stages that ended without a service (not approved, cancelled) are grey; closed projects green; the rest blue. */
function stageColor(state: ProjectState): string {
  if (state === 'rejected' || state === 'cancelled') return chartColors.faded;
  if (state === 'closed') return moneyColors.paid;
  if (state === 'draft' || state === 'proposed') return chartColors.early;
  return chartColors.primary;
}

/** 10,000,000 yuan → "1,000 万元", as the funds page prints it. */
function wanYuan(fen: Fen): string {
  return formatWanYuan(fen).replace(/^-?\d+/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

function MoneyCard({ title, fen, color, hint, testId }: { title: string; fen: Fen; color?: string; hint?: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" className="sz-h-full" data-testid={testId}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 600, lineHeight: 1.4, color, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={`${testId}-value`}>
        {wanYuan(fen)}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
        {formatYuan(fen)} {t('dashboard.yuan')}
      </Typography.Text>
      {hint ? (
        <Typography.Text type="secondary" className="sz-block sz-text-sm">
          {hint}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

function CountCard({ title, value, help, alarm, testId }: { title: string; value: number; help: string; alarm?: boolean; testId: string }) {
  return (
    <Card size="small" className={alarm && value > 0 ? 'sz-h-full sz-alarm-card' : 'sz-h-full'} data-testid={testId}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.35, color: alarm && value > 0 ? 'var(--sz-error)' : undefined, fontVariantNumeric: 'tabular-nums' }} data-testid={`${testId}-value`}>
        {value}
      </div>
      <Typography.Text type="secondary" className="sz-text-sm">
        {help}
      </Typography.Text>
    </Card>
  );
}

const grid = (min: number) => ({ display: 'grid', gridTemplateColumns: `repeat(auto-fit, minmax(${min}px, 1fr))`, gap: 12, marginBottom: 12 }) as const;

/** Horizontal bars read best with long Chinese names, on a phone too: one row per item, the count at the end. */
function barOption(rows: { name: string; value: number; color: string; tip: string }[], isPhone: boolean) {
  return {
    grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => rows[p.dataIndex]?.tip ?? '' },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: chartColors.splitLine } } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisTick: { show: false }, axisLabel: { width: isPhone ? 110 : 180, overflow: 'truncate', fontSize: 12, color: chartColors.axisText } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color, borderRadius: [0, 3, 3, 0] } })),
        label: { show: true, position: 'right', fontSize: 12, color: chartColors.labelText },
      },
    ],
  };
}

/**
 * 项目看板: one year of purchased service projects — money (the year's fund: reserved, committed, paid,
 * remaining), overdue steps, open and overdue rectifications, and projects by stage, department and 123X
 * category. A bar opens the project list filtered to it. Departments see their own projects and shares.
 */
export function ProjectDashboardPage() {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const me = useCurrentUser();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const thisYear = chinaDayjs().year();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  // Someone who reaches several cities (the auditor) chooses one, or sees them all added up; a city's people see theirs.
  const cities = useCities();
  const several = (cities.data?.length ?? 0) > 1;
  const askedCity = params.get('city') ?? undefined;
  const cityId = several && cities.data?.some((c) => c.id === askedCity) ? askedCity : undefined;
  const dashboard = useProjectDashboard(year, cityId);
  const all = me.wholeCity.includes('project.read');
  const ownUnits = me.grants.filter((g) => g.scopeType === 'department' && g.scopeName).map((g) => g.scopeName);
  const years = Array.from({ length: 11 }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.unshift(year);

  const d = dashboard.data;
  const listLink = (filter: Record<string, string>) => `/projects?${new URLSearchParams({ ...filter, year: String(year), ...(cityId ? { cityId } : {}) }).toString()}`;

  const charts = useMemo(() => {
    if (!d) return null;
    const stages = d.byStage.map((s) => ({ name: s.stateName, value: s.count, color: stageColor(s.state), tip: `${s.stateName}：${t('dashboard.projectsCount', { count: s.count })}` }));
    const departments = d.byDepartment.map((x) => ({
      name: x.departmentName,
      value: x.count,
      color: chartColors.teal,
      tip: `${x.departmentName}<br/>${t('dashboard.projectsCount', { count: x.count })} · ${t('dashboard.budget')} ${wanYuan(x.budgetFen)}`,
    }));
    const categories = CATALOG_TIERS.flatMap((tier) => d.byCategory.filter((c) => c.tier === tier).map((c) => ({ ...c, tier })));
    const categoryRows = categories.map((c) => ({
      name: `${TIER_MARK[c.tier]} · ${c.categoryName}`,
      value: c.count,
      color: TIER_COLOR[c.tier],
      tip: `${CATALOG_TIER_NAMES[c.tier][lang]} · ${c.categoryName}<br/>${t('dashboard.projectsCount', { count: c.count })} · ${t('dashboard.budget')} ${wanYuan(c.budgetFen)}`,
    }));
    return { stages, departments, categories, categoryRows };
  }, [d, t, lang]);

  const header = (
    <PageHeader
      title={t('dashboard.title')}
      description={t('dashboard.description')}
      extra={
        <>
          {several ? (
            <Select
              value={cityId ?? ''}
              style={{ width: 140 }}
              options={[{ value: '', label: t('dashboard.allCities') }, ...(cities.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
              onChange={(id: string) => setParams(id ? { year: String(year), city: id } : { year: String(year) }, { replace: true })}
              aria-label={t('dashboard.city')}
              data-testid="dashboard-city"
            />
          ) : null}
          <Select
            value={year}
            style={{ width: 120 }}
            options={years.map((y) => ({ value: y, label: t('dashboard.yearOption', { year: y }) }))}
            onChange={(y: number) => setParams(cityId ? { year: String(y), city: cityId } : { year: String(y) }, { replace: true })}
            aria-label={t('dashboard.year')}
            data-testid="dashboard-year"
          />
        </>
      }
    />
  );

  let body;
  if (dashboard.isPending) body = <Skeleton active />;
  else if (dashboard.isError) body = <ErrorAlert error={dashboard.error} />;
  else if (d && charts) {
    const total = d.byStage.reduce((n, s) => n + s.count, 0);
    const m = d.money;
    const percent = (part: Fen) => (m.totalFen > 0 ? Math.round((part * 1000) / m.totalFen) / 10 : 0);
    const hint = <Typography.Paragraph type="secondary" className="sz-text-sm sz-m-0 sz-mb-4">{t('dashboard.clickHint')}</Typography.Paragraph>;
    body = (
      <>
        {!all ? <Alert type="info" showIcon className="sz-mb-12" title={t('dashboard.ownView', { units: ownUnits.join('、') })} data-testid="dashboard-own-view" /> : null}
        <Typography.Title level={5} className="sz-m-0 sz-mb-8">
          {t('dashboard.moneyTitle', { year })}
        </Typography.Title>
        <div style={grid(150)}>
          <MoneyCard title={all ? t('dashboard.total') : t('dashboard.ownTotal')} fen={m.totalFen} hint={all ? t('dashboard.totalHint') : undefined} testId="dashboard-money-total" />
          <MoneyCard title={t('dashboard.reserved')} fen={m.reservedFen} color={moneyColors.reserved} hint={t('dashboard.reservedHint')} testId="dashboard-money-reserved" />
          <MoneyCard title={t('dashboard.committed')} fen={m.committedFen} color={moneyColors.committed} hint={t('dashboard.committedHint')} testId="dashboard-money-committed" />
          <MoneyCard title={t('dashboard.paid')} fen={m.paidFen} color={moneyColors.paid} hint={t('dashboard.paidHint', { percent: percent(m.paidFen) })} testId="dashboard-money-paid" />
          <MoneyCard title={t('dashboard.remaining')} fen={m.remainingFen} color={moneyColors.available} hint={t('dashboard.remainingHint', { percent: percent(m.remainingFen) })} testId="dashboard-money-remaining" />
        </div>
        <div style={grid(isPhone ? 140 : 200)}>
          <CountCard title={t('dashboard.projects')} value={total} help={t('dashboard.projectsHelp')} testId="dashboard-projects" />
          <CountCard title={t('dashboard.overdueSteps')} value={d.overdueSteps} help={t('dashboard.overdueStepsHelp')} alarm testId="dashboard-overdue-steps" />
          <CountCard title={t('dashboard.openRectifications')} value={d.openRectifications} help={t('dashboard.openRectificationsHelp')} testId="dashboard-open-rectifications" />
          <CountCard title={t('dashboard.overdueRectifications')} value={d.overdueRectifications} help={t('dashboard.overdueRectificationsHelp')} alarm testId="dashboard-overdue-rectifications" />
        </div>
        {total === 0 ? (
          <Card>
            <Empty description={all ? t('dashboard.empty', { year }) : t('dashboard.emptyOwn', { year })} data-testid="dashboard-empty" />
          </Card>
        ) : (
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('dashboard.byStage')} className="sz-h-full">
                {hint}
                <Chart
                  option={barOption(charts.stages, isPhone)}
                  height={charts.stages.length * 26 + 24}
                  testId="dashboard-stage-chart"
                  onClick={(p: ChartClick) => navigate(listLink({ state: d.byStage[p.dataIndex].state }))}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('dashboard.byDepartment')} className="sz-h-full">
                {hint}
                <Chart
                  option={barOption(charts.departments, isPhone)}
                  height={Math.max(120, charts.departments.length * 30 + 24)}
                  testId="dashboard-department-chart"
                  onClick={(p: ChartClick) => navigate(listLink({ departmentId: d.byDepartment[p.dataIndex].departmentId }))}
                />
                <Table
                  size="small"
                  rowKey="departmentId"
                  pagination={false}
                  dataSource={d.byDepartment}
                  onRow={() => ({ 'data-testid': 'dashboard-department-row' }) as HTMLAttributes<HTMLElement>}
                  columns={[
                    { title: t('dashboard.department'), dataIndex: 'departmentName', render: (name: string, row) => <Link to={listLink({ departmentId: row.departmentId })}>{name}</Link> },
                    { title: t('dashboard.projects'), dataIndex: 'count', align: 'right', width: 80 },
                    { title: t('dashboard.budgetWan'), dataIndex: 'budgetFen', align: 'right', width: 120, render: (fen: Fen) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatWanYuan(fen).replace(' 万元', '')}</span> },
                  ]}
                  className="sz-mt-8"
                  data-testid="dashboard-department-table"
                />
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('dashboard.byCategory')}>
                <Flex gap={16} wrap className="sz-text-sm sz-mb-4">
                  {CATALOG_TIERS.map((tier) => (
                    <span key={tier}>
                      <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: TIER_COLOR[tier], marginInlineEnd: 4 }} />
                      {TIER_MARK[tier]} · {CATALOG_TIER_NAMES[tier][lang]}
                    </span>
                  ))}
                </Flex>
                {hint}
                <Chart
                  option={barOption(charts.categoryRows, isPhone)}
                  height={Math.max(120, charts.categoryRows.length * 28 + 24)}
                  testId="dashboard-category-chart"
                  onClick={(p: ChartClick) => navigate(listLink({ catalogCategoryId: charts.categories[p.dataIndex].categoryId }))}
                />
              </Card>
            </Col>
          </Row>
        )}
      </>
    );
  }

  return (
    <Flex vertical data-testid="project-dashboard-page">
      {header}
      {body}
    </Flex>
  );
}

