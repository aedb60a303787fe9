import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space, Switch, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CATALOG_TIER_NAMES, CATALOG_TIERS } from '../../../contracts/funds';
import { PROJECT_STATES, type ProjectState } from '../../../contracts/projects';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { chinaDayjs } from '../../components/china-time';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useCatalog } from '../catalog/catalog-api';
import { useCities } from '../cities/cities-api';
import { useDepartments } from '../funds/funds-api';
import { useRegionsAtLevel } from '../regions';
import { DueText, ProjectStateTag, useStateName, Yuan } from './project-labels';
import { useProjects, type ProjectFilter, type ProjectSummary } from './projects-api';

/** The list's filters live in the address: the dashboard links to them, and "back" from a project keeps them. */
function filterOf(params: URLSearchParams): ProjectFilter {
  const state = params.get('state');
  const year = Number(params.get('year'));
  return {
    state: state && (PROJECT_STATES as readonly string[]).includes(state) ? (state as ProjectState) : undefined,
    cityId: params.get('cityId') || undefined,
    departmentId: params.get('departmentId') || undefined,
    catalogCategoryId: params.get('catalogCategoryId') || undefined,
    townId: params.get('townId') || undefined,
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
    overdueOnly: params.get('overdueOnly') === 'true' || undefined,
    q: params.get('q') || undefined,
  };
}

/** The step's limit, or — while the call is open — its deadline, which is what everyone watches then. */
function Deadline({ p }: { p: ProjectSummary }) {
  const { t } = useI18n();
  if (p.state === 'calling' && p.callDeadline) return <span className="sz-nowrap">{t('project.callDeadlineShort', { date: p.callDeadline })}</span>;
  return <DueText dueOn={p.dueOn} overdue={p.overdue} />;
}

/** 项目列表: the purchased service projects in the caller's reach, filtered by stage, department, category, town, year. */
export function ProjectsPage() {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const can = useCan();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const stateName = useStateName();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const projects = useProjects(filter);
  const all = me.wholeCity.includes('project.read');
  const departments = useDepartments(all);
  const catalog = useCatalog();
  const towns = useRegionsAtLevel('town');
  // Whoever reaches several cities (the auditor, a prefecture's office) may keep to one.
  const cities = useCities(can('city.read'));
  const severalCities = (cities.data?.length ?? 0) > 1;
  const thisYear = chinaDayjs().year();
  const years = Array.from({ length: 11 }, (_, i) => thisYear - i);

  const setFilter = (change: Partial<ProjectFilter>) => {
    // From the address as it is now: a filter chosen a moment ago may not have reached `filter` yet.
    const next = { ...filterOf(new URLSearchParams(window.location.search)), ...change };
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(next)) if (value !== undefined && value !== '' && value !== false) query[key] = String(value);
    setParams(query, { replace: true });
  };
  const filtered = Object.values(filter).some((v) => v !== undefined);

  const categoryOptions = CATALOG_TIERS.map((tier) => ({
    label: CATALOG_TIER_NAMES[tier][lang],
    options: (catalog.data?.categories ?? []).filter((c) => c.tier === tier).map((c) => ({ value: c.id, label: c.name })),
  })).filter((g) => g.options.length > 0);

  const columns: ColumnsType<ProjectSummary> = [
    { title: t('project.number'), dataIndex: 'number', width: 130 },
    {
      title: t('project.title'),
      dataIndex: 'title',
      render: (title: string, p) => (
        <Link to={`/projects/${p.id}`} onClick={(e) => e.stopPropagation()} data-testid="project-row">
          <Typography.Text strong className="sz-inherit-color">
            {title}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('project.department'), dataIndex: 'departmentName', width: 110 },
    { title: t('project.category'), dataIndex: 'categoryName', width: 160 },
    { title: t('project.budgetYuan'), dataIndex: 'budgetFen', width: 130, align: 'right', render: (fen: number) => <Yuan fen={fen} /> },
    { title: t('project.stage'), dataIndex: 'state', width: 150, render: (s: ProjectState) => <ProjectStateTag state={s} /> },
    { title: t('project.deadline'), key: 'deadline', width: 170, render: (_: unknown, p) => <Deadline p={p} /> },
    { title: t('project.bids'), dataIndex: 'bidCount', width: 80, align: 'right', render: (n: number, p) => (p.state === 'draft' || p.state === 'proposed' || p.state === 'planned' ? '—' : n) },
  ];
  const card = (p: ProjectSummary) => (
    <>
      <Typography.Text strong>{p.title}</Typography.Text>
      <Flex wrap gap={6} align="center" className="sz-mt-4 sz-mb-4">
        <ProjectStateTag state={p.state} />
        <Deadline p={p} />
      </Flex>
      <Typography.Text type="secondary" className="sz-text-sm sz-block">
        {p.number} · {p.departmentName} · {p.categoryName}
      </Typography.Text>
      <Typography.Text type="secondary" className="sz-text-sm">
        {t('project.budget')} <Yuan fen={p.budgetFen} />
        {p.bidCount ? ` · ${t('project.bidCountShort', { count: p.bidCount })}` : ''}
      </Typography.Text>
    </>
  );

  return (
    <div data-testid="projects-page">
      <PageHeader
        title={t('project.listTitle')}
        description={all ? t('project.listDescription') : t('project.listDescriptionOwn')}
        extra={
          can('project.propose') ? (
            <Link to="/projects/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="project-propose">
                {t('project.propose')}
              </Button>
            </Link>
          ) : null
        }
      />
      <Card>
        <FilterBar>
          <Input.Search
            key={filter.q ?? ''}
            allowClear
            placeholder={t('project.searchPlaceholder')}
            defaultValue={filter.q}
            onSearch={(value) => setFilter({ q: value.trim() || undefined })}
            className={filterWidth.wide}
            data-testid="project-search"
          />
          <Select
            allowClear
            placeholder={t('project.allStages')}
            value={filter.state}
            onChange={(state?: ProjectState) => setFilter({ state })}
            options={PROJECT_STATES.map((s) => ({ value: s, label: stateName(s) }))}
            data-testid="project-filter-state"
          />
          {severalCities || filter.cityId ? (
            <Select
              allowClear
              placeholder={t('project.allCities')}
              value={filter.cityId}
              onChange={(cityId?: string) => setFilter({ cityId })}
              options={(cities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              data-testid="project-filter-city"
            />
          ) : null}
          {all ? (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('project.allDepartments')}
                loading={departments.isPending}
              value={filter.departmentId}
              onChange={(departmentId?: string) => setFilter({ departmentId })}
              options={(departments.data ?? []).filter((d) => d.isServiceDepartment || d.id === filter.departmentId).map((d) => ({ value: d.id, label: d.shortName }))}
              data-testid="project-filter-department"
            />
          ) : null}
          <Select
            allowClear
            placeholder={t('project.allCategories')}
            loading={catalog.isPending}
            value={filter.catalogCategoryId}
            onChange={(catalogCategoryId?: string) => setFilter({ catalogCategoryId })}
            options={categoryOptions}
            data-testid="project-filter-category"
          />
          <Select
            allowClear
            placeholder={t('project.allTowns')}
            loading={towns.isPending}
            value={filter.townId}
            onChange={(townId?: string) => setFilter({ townId })}
            options={(towns.data ?? []).filter((r) => !filter.cityId || r.parentId === filter.cityId).map((r) => ({ value: r.id, label: r.name }))}
            data-testid="project-filter-town"
          />
          <Select
            allowClear
            placeholder={t('project.allYears')}
            className={filterWidth.narrow}
            value={filter.year}
            onChange={(year?: number) => setFilter({ year })}
            options={years.map((y) => ({ value: y, label: t('project.yearOption', { year: y }) }))}
            data-testid="project-filter-year"
          />
          <Space size={6} className={filterWidth.auto}>
            <Switch size="small" checked={!!filter.overdueOnly} onChange={(on) => setFilter({ overdueOnly: on || undefined })} data-testid="project-filter-overdue" />
            <span>{t('project.overdueOnly')}</span>
          </Space>
          {filtered ? (
            <Button type="link" className={filterWidth.auto} onClick={() => setParams({}, { replace: true })} data-testid="project-filter-reset">
              {t('common.reset')}
            </Button>
          ) : null}
        </FilterBar>
        <ListShell<ProjectSummary>
          list={projects}
          columns={columns}
          rowKey="id"
          renderCard={card}
          onOpen={(p) => void navigate(`/projects/${p.id}`)}
          empty={filtered ? t('project.listEmptyFiltered') : t('project.listEmpty')}
          scrollX={1040}
          tableTestId="project-table"
          listTestId="project-list"
          cardTestId="project-row"
        />
      </Card>
    </div>
  );
}
