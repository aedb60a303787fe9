import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { ORG_TYPES, ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ListShell } from '../../components/list-shell';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { PageHeader } from '../../components/page-header';
import { useCities } from '../cities/cities-api';
import { useRegionsAtLevel } from '../regions';
import type { OrgListState } from './org-detail-page';
import { GradeTag, StatusTag } from './org-labels';
import { orgExportUrl, useOrgs, type OrgListItem, type OrgFilter } from './orgs-api';

/** The list's filters live in the address, so a detail's "back" link and a shared link show the same list. */
function filterOf(params: URLSearchParams): OrgFilter {
  const type = params.get('type');
  return {
    q: params.get('q') || undefined,
    type: type && (ORG_TYPES as readonly string[]).includes(type) ? (type as OrgListItem['type']) : undefined,
    cityId: params.get('cityId') || undefined,
    townId: params.get('townId') || undefined,
  };
}

export function OrgsPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const orgs = useOrgs(filter);
  const towns = useRegionsAtLevel('town');
  // Whoever reaches several cities (the auditor, a prefecture's office) may keep to one; the export follows.
  const cities = useCities(can('city.read'));
  const severalCities = (cities.data?.length ?? 0) > 1;
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const setFilter = (change: Partial<OrgFilter>) => {
    // From the address as it is now: the router re-renders in a transition, so a filter chosen a moment ago may not be in `filter` yet.
    const next = { ...filterOf(new URLSearchParams(window.location.search)), ...change };
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(next)) if (value) query[key] = value;
    setParams(query, { replace: true });
  };
  const detailState: OrgListState = { listSearch: location.search };
  const open = (id: string) => navigate(`/orgs/${id}`, { state: detailState });
  // Links from before the detail page had its own address (/orgs?id=…) still arrive.
  const legacyId = params.get('id');
  if (legacyId) return <Navigate to={`/orgs/${legacyId}`} replace />;

  const columns: ColumnsType<OrgListItem> = [
    {
      title: t('org.name'),
      dataIndex: 'name',
      render: (name: string, o) => (
        <Link to={`/orgs/${o.id}`} state={detailState} onClick={(e) => e.stopPropagation()} data-testid="org-row">
          <Typography.Text strong className="sz-inherit-color">
            {name}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('org.type'), dataIndex: 'typeName', width: 130 },
    { title: t('org.creditCode'), dataIndex: 'creditCode', width: 200, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('org.filed')}</Typography.Text> },
    { title: t('org.town'), dataIndex: 'townName', width: 130 },
    { title: t('org.grade'), dataIndex: 'grade', width: 100, render: (g: OrgListItem['grade']) => <GradeTag grade={g} /> },
    { title: t('org.status'), dataIndex: 'status', width: 90, render: (s: OrgListItem['status']) => <StatusTag status={s} /> },
  ];
  const card = (o: OrgListItem) => (
    <>
      <Typography.Text strong>{o.name}</Typography.Text>
      <Flex wrap gap={4} align="center" className="sz-mt-4">
        <Tag>{o.typeName}</Tag>
        <StatusTag status={o.status} />
        {o.grade ? <Tag color="blue">{o.grade}</Tag> : null}
        <Typography.Text type="secondary">{o.townName}</Typography.Text>
      </Flex>
    </>
  );

  return (
    <>
      <PageHeader
        title={t('nav.orgs')}
        description={t('org.pageDescription')}
        extra={
          can('org.import') ? (
            <Link to="/orgs/import">
              <Button icon={<UploadOutlined />} data-testid="org-import">
                {t('org.importButton')}
              </Button>
            </Link>
          ) : null
        }
      />
      <Card>
        <FilterBar>
          <Input.Search
            allowClear
            placeholder={t('org.searchPlaceholder')}
            defaultValue={filter.q}
            onSearch={(value) => setFilter({ q: value.trim() || undefined })}
            className={filterWidth.wide}
            data-testid="org-search"
          />
          <Select
            allowClear
            placeholder={t('org.allTypes')}
            options={ORG_TYPES.map((type) => ({ value: type, label: ORG_TYPE_NAMES[type][lang] }))}
            value={filter.type}
            onChange={(type?: OrgListItem['type']) => setFilter({ type })}
            data-testid="org-type"
          />
          {severalCities || filter.cityId ? (
            <Select
              allowClear
              placeholder={t('org.allCities')}
              options={(cities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={filter.cityId}
              onChange={(cityId?: string) => setFilter({ cityId })}
              data-testid="org-city"
            />
          ) : null}
          <Select
            allowClear
            placeholder={t('org.allTowns')}
            loading={towns.isPending}
            options={(towns.data ?? []).filter((r) => !filter.cityId || r.parentId === filter.cityId).map((r) => ({ value: r.id, label: r.name }))}
            value={filter.townId}
            onChange={(townId?: string) => setFilter({ townId })}
            data-testid="org-town"
          />
          <Button icon={<DownloadOutlined />} href={orgExportUrl(filter)} title={t('org.exportHint')} className={filterWidth.auto} data-testid="org-export">
            {t('org.export')}
          </Button>
        </FilterBar>
        <ListShell<OrgListItem>
          list={orgs}
          columns={columns}
          rowKey="id"
          renderCard={card}
          onOpen={(o) => open(o.id)}
          empty={filter.q ? t('org.searchEmpty', { q: filter.q }) : t('org.empty')}
          scrollX={960}
          tableTestId="org-table"
          listTestId="org-list"
          cardTestId="org-row"
        />
      </Card>
    </>
  );
}
