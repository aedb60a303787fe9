import { DatePicker, Flex, Input, Select, Switch, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CONCERN_STATES, type ConcernState } from '../../../contracts/concerns';
import { useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { ListShell } from '../../components/list-shell';
import { useLang } from '../workforce/worker-labels';
import { ConcernStateTag, OverdueTags, stateName } from './concern-labels';
import { useConcernCategories, useConcerns, useConcernStats, type ConcernFilter, type ConcernListItem } from './concerns-api';

const FILTER_KEYS = ['state', 'categoryCode', 'townId', 'regionId', 'overdue', 'q', 'from', 'to'] as const;

/** The filters live in the address: "back" from a concern and a shared link show the same list. */
export function filterOf(params: URLSearchParams): ConcernFilter {
  const state = params.get('state');
  return {
    state: state && (CONCERN_STATES as readonly string[]).includes(state) ? (state as ConcernState) : undefined,
    categoryCode: params.get('categoryCode') || undefined,
    townId: params.get('townId') || undefined,
    regionId: params.get('regionId') || undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    q: params.get('q') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  };
}

/** 民情列表: newest first, in pages as the server keys them; overdue ones marked; a card each on a phone. */
export function ConcernList() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const concerns = useConcerns(filter);
  const categories = useConcernCategories();
  // The towns and communities in the caller's reach, with their counts: the statistics answer them in one call.
  const places = useConcernStats({});
  const communities = (places.data?.byCommunity ?? []).filter((c) => !filter.townId || c.townId === filter.townId);

  const setFilter = (change: Partial<ConcernFilter>) => {
    const next: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(window.location.search)) if (!(FILTER_KEYS as readonly string[]).includes(k) || !(k in change)) next[k] = v;
    for (const [k, v] of Object.entries(change)) if (v) next[k] = v;
    setParams(next, { replace: true });
  };
  const filtered = FILTER_KEYS.some((k) => Boolean(filter[k]));
  const open = (c: ConcernListItem) => navigate(`/concerns/${c.id}`, { state: { listSearch: window.location.search } });

  const columns: ColumnsType<ConcernListItem> = [
    {
      title: t('concern.number'),
      dataIndex: 'number',
      width: 130,
      render: (n: string, c) => (
        <Link to={`/concerns/${c.id}`} state={{ listSearch: window.location.search }} onClick={(e) => e.stopPropagation()} data-testid="concern-row">
          {n}
        </Link>
      ),
    },
    { title: t('concern.category'), key: 'category', width: 90, render: (_: unknown, c) => c.category.name },
    { title: t('concern.summary'), dataIndex: 'summary', ellipsis: true },
    { title: t('concern.place'), key: 'place', width: 150, ellipsis: true, render: (_: unknown, c) => `${c.town.name} · ${c.place.name}` },
    { title: t('concern.responsible'), key: 'responsible', width: 130, ellipsis: true, render: (_: unknown, c) => c.responsible.name },
    {
      title: t('concern.state'),
      key: 'state',
      width: 130,
      render: (_: unknown, c) => (
        <Flex gap={2} wrap>
          <ConcernStateTag state={c.state} />
          <OverdueTags overdue={c.overdue} escalated={c.escalated} />
        </Flex>
      ),
    },
    { title: t('concern.due'), dataIndex: 'dueOn', width: 110, render: (d: string | null, c) => <Typography.Text type={c.overdue ? 'danger' : undefined}>{d ?? '—'}</Typography.Text> },
    { title: t('concern.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (d: string) => <DateTimeText value={d} /> },
  ];
  const card = (c: ConcernListItem) => (
    <div data-testid="concern-card">
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>{c.category.name}</Typography.Text>
        <Flex gap={2} wrap justify="flex-end">
          <OverdueTags overdue={c.overdue} escalated={c.escalated} />
          <ConcernStateTag state={c.state} />
        </Flex>
      </Flex>
      <div className="sz-mt-4">{c.summary}</div>
      <Typography.Text type="secondary" className="sz-block sz-mt-4 sz-text-sm">
        {c.number} · {c.town.name} · {c.place.name}
      </Typography.Text>
      <Typography.Text type={c.overdue ? 'danger' : 'secondary'} className="sz-block sz-text-sm">
        {c.responsible.name}
        {c.dueOn ? ` · ${t('concern.dueShort', { date: c.dueOn })}` : ''}
      </Typography.Text>
    </div>
  );

  return (
    <>
      <FilterBar testId="concern-filters">
        <Input.Search
          allowClear
          placeholder={t('concern.searchPlaceholder')}
          defaultValue={filter.q}
          onSearch={(value) => setFilter({ q: value.trim() || undefined })}
          className={filterWidth.wide}
          data-testid="concern-search"
        />
        <Select
          allowClear
          placeholder={t('concern.allStates')}
          options={CONCERN_STATES.map((s) => ({ value: s, label: stateName(s, lang) }))}
          value={filter.state}
          onChange={(state?: ConcernState) => setFilter({ state })}
          data-testid="concern-state-filter"
        />
        <Select
          allowClear
          placeholder={t('concern.allCategories')}
          options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.retired ? `${c.name}${t('concern.retiredSuffix')}` : c.name }))}
          value={filter.categoryCode}
          onChange={(categoryCode?: string) => setFilter({ categoryCode })}
          popupMatchSelectWidth={false}
          data-testid="concern-category-filter"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('concern.allTowns')}
          options={(places.data?.byTown ?? []).map((tw) => ({ value: tw.id, label: tw.name }))}
          value={filter.townId}
          onChange={(townId?: string) => setFilter({ townId, regionId: undefined })}
          data-testid="concern-town-filter"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('concern.allCommunities')}
          options={communities.map((c) => ({ value: c.id, label: c.name }))}
          value={filter.regionId}
          onChange={(regionId?: string) => setFilter({ regionId })}
          popupMatchSelectWidth={false}
          data-testid="concern-community-filter"
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
          onChange={(range) => setFilter({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          placeholder={[t('concern.from'), t('concern.to')]}
          className={filterWidth.wide}
          data-testid="concern-dates"
        />
        <span className={filterWidth.auto}>
          <Switch size="small" checked={filter.overdue === 'true'} onChange={(on) => setFilter({ overdue: on ? 'true' : undefined })} data-testid="concern-overdue-filter" />{' '}
          <Typography.Text>{t('concern.overdueOnly')}</Typography.Text>
        </span>
      </FilterBar>
      <ListShell<ConcernListItem>
        list={concerns}
        columns={columns}
        rowKey="id"
        renderCard={card}
        onOpen={open}
        empty={filtered ? t('concern.filteredEmpty') : t('concern.empty')}
        // Fits the content beside the 208-px menu at 1366 px, as the other lists do; the summary takes what is left.
        scrollX={1040}
        tableTestId="concern-table"
        listTestId="concern-cards"
        cardStyle={(c) => (c.overdue ? { borderInlineStart: '3px solid var(--sz-error)' } : {})}
      />
    </>
  );
}
