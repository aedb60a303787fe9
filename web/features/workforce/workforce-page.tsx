import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { CERTIFICATE_LEVELS, WORKER_KINDS, WORKER_STATUSES, type CertificateLevel, type WorkerKind, type WorkerStatus } from '../../../contracts/workforce';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useCatalog } from '../catalog/catalog-api';
import { useCities } from '../cities/cities-api';
import { useRegionsAtLevel } from '../regions';
import { WorkerFormModal } from './worker-form-modal';
import { DomainTags, employerOf, KindTag, kindName, levelName, statusName, useLang, WorkerStatusTag } from './worker-labels';
import { useWorkers, workerExportUrl, type Worker, type WorkerFilter } from './workforce-api';

/** What the list passes to a person's page, so that "back" returns to the same filters. */
export interface WorkerListState {
  listSearch?: string;
}

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined => (value && (list as readonly string[]).includes(value) ? (value as T) : undefined);

/** The filters live in the address: a person's "back" link and a shared link show the same list. */
function filterOf(params: URLSearchParams): WorkerFilter {
  return {
    q: params.get('q') || undefined,
    kind: oneOf<WorkerKind>(WORKER_KINDS, params.get('kind')),
    cityId: params.get('cityId') || undefined,
    townId: params.get('townId') || undefined,
    certificateLevel: oneOf<CertificateLevel>(CERTIFICATE_LEVELS, params.get('certificateLevel')),
    status: oneOf<WorkerStatus>(WORKER_STATUSES, params.get('status')),
    domain: params.get('domain') || undefined,
  };
}

/** 人才队伍: the city's social workers and certified employees, filtered and paged. */
export function WorkforcePage() {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const workers = useWorkers(filter);
  const towns = useRegionsAtLevel('town');
  const catalog = useCatalog();
  const cities = useCities(can('city.read'));
  const severalCities = (cities.data?.length ?? 0) > 1;
  const [adding, setAdding] = useState(false);

  const setFilter = (change: Partial<WorkerFilter>) => {
    // From the address as it is now: a filter chosen a moment ago may not be in `filter` yet.
    const next = { ...filterOf(new URLSearchParams(window.location.search)), ...change };
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(next)) if (value) query[key] = value;
    setParams(query, { replace: true });
  };
  // A city's own domains; someone who reads several cities sees each code once.
  const domainOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of catalog.data?.domains ?? []) if (!d.retired && (!filter.cityId || d.cityId === filter.cityId) && !seen.has(d.code)) seen.set(d.code, d.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [catalog.data, filter.cityId]);
  const filtered = Object.entries(filter).some(([, v]) => Boolean(v));

  const detailState: WorkerListState = { listSearch: location.search };
  const open = (id: string) => navigate(`/workforce/${id}`, { state: detailState });

  const columns: ColumnsType<Worker> = [
    {
      title: t('workforce.name'),
      dataIndex: 'name',
      width: 100,
      fixed: 'left',
      render: (name: string, w) => (
        <Link to={`/workforce/${w.id}`} state={detailState} onClick={(e) => e.stopPropagation()} data-testid="worker-row">
          <Typography.Text strong className="sz-inherit-color">
            {name}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('workforce.kind'), dataIndex: 'kind', width: 170, render: (k: WorkerKind) => <KindTag kind={k} /> },
    { title: t('workforce.certificateLevel'), dataIndex: 'certificateLevel', width: 130, render: (l: CertificateLevel | null) => (l ? levelName(l, lang) : t('workforce.none')) },
    { title: t('workforce.employer'), key: 'employer', render: (_: unknown, w) => employerOf(w) ?? t('workforce.none') },
    { title: t('workforce.homeTown'), key: 'town', width: 100, render: (_: unknown, w) => w.homeTown.name },
    { title: t('workforce.serviceDomains'), dataIndex: 'serviceDomains', width: 230, render: (d: Worker['serviceDomains']) => <DomainTags domains={d} /> },
    { title: t('workforce.status'), dataIndex: 'status', width: 90, render: (s: WorkerStatus) => <WorkerStatusTag status={s} /> },
  ];
  const card = (w: Worker) => (
    <>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong>{w.name}</Typography.Text>
        <WorkerStatusTag status={w.status} />
      </Flex>
      <Flex wrap gap={4} align="center" className="sz-mt-4">
        <KindTag kind={w.kind} />
        {w.certificateLevel ? <Typography.Text type="secondary">{levelName(w.certificateLevel, lang)}</Typography.Text> : null}
      </Flex>
      <Typography.Text type="secondary" className="sz-block sz-mt-4">
        {w.homeTown.name}
        {employerOf(w) ? ` · ${employerOf(w)}` : ''}
      </Typography.Text>
      {w.serviceDomains.length ? (
        <div className="sz-mt-4">
          <DomainTags domains={w.serviceDomains} />
        </div>
      ) : null}
    </>
  );

  return (
    <>
      <PageHeader
        title={t('workforce.nav')}
        description={t('workforce.pageDescription')}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined />} href={workerExportUrl(filter)} title={t('workforce.exportHint')} data-testid="worker-export">
              {t('workforce.export')}
            </Button>
            {can('workforce.manage') ? (
              <>
                <Link to="/workforce/import">
                  <Button icon={<UploadOutlined />} data-testid="worker-import">
                    {t('workforce.import')}
                  </Button>
                </Link>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="worker-add">
                  {t('workforce.add')}
                </Button>
              </>
            ) : null}
          </Flex>
        }
      />
      <Card>
        <FilterBar>
          <Input.Search
            allowClear
            placeholder={t('workforce.searchPlaceholder')}
            defaultValue={filter.q}
            onSearch={(value) => setFilter({ q: value.trim() || undefined })}
            className={filterWidth.wide}
            data-testid="worker-search"
          />
          <Select
            allowClear
            placeholder={t('workforce.allKinds')}
            options={WORKER_KINDS.map((k) => ({ value: k, label: kindName(k, lang) }))}
            value={filter.kind}
            onChange={(kind?: WorkerKind) => setFilter({ kind })}
            popupMatchSelectWidth={false}
            data-testid="worker-kind"
          />
          {severalCities || filter.cityId ? (
            <Select
              allowClear
              placeholder={t('workforce.allCities')}
              options={(cities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={filter.cityId}
              onChange={(cityId?: string) => setFilter({ cityId, townId: undefined, domain: undefined })}
              data-testid="worker-city"
            />
          ) : null}
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('workforce.allTowns')}
            loading={towns.isPending}
            options={(towns.data ?? []).filter((r) => !filter.cityId || r.parentId === filter.cityId).map((r) => ({ value: r.id, label: r.name }))}
            value={filter.townId}
            onChange={(townId?: string) => setFilter({ townId })}
            data-testid="worker-town"
          />
          <Select
            allowClear
            placeholder={t('workforce.allLevels')}
            options={CERTIFICATE_LEVELS.map((l) => ({ value: l, label: levelName(l, lang) }))}
            value={filter.certificateLevel}
            onChange={(certificateLevel?: CertificateLevel) => setFilter({ certificateLevel })}
            popupMatchSelectWidth={false}
            data-testid="worker-level"
          />
          <Select
            allowClear
            placeholder={t('workforce.allStatuses')}
            options={WORKER_STATUSES.map((s) => ({ value: s, label: statusName(s, lang) }))}
            value={filter.status}
            onChange={(status?: WorkerStatus) => setFilter({ status })}
            data-testid="worker-status"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('workforce.allDomains')}
            loading={catalog.isPending}
            options={domainOptions}
            value={filter.domain}
            onChange={(domain?: string) => setFilter({ domain })}
            popupMatchSelectWidth={false}
            data-testid="worker-domain"
          />
        </FilterBar>
        <ListShell<Worker>
          list={workers}
          columns={columns}
          rowKey="id"
          renderCard={card}
          onOpen={(w) => open(w.id)}
          empty={filtered ? t('workforce.filteredEmpty') : t('workforce.empty')}
          scrollX={1000}
          tableTestId="worker-table"
          listTestId="worker-list"
          cardTestId="worker-card"
        />
      </Card>
      {adding ? <WorkerFormModal worker={null} onClose={() => setAdding(false)} onSaved={(w) => open(w.id)} /> : null}
    </>
  );
}
