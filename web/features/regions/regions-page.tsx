import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Dropdown, Empty, Input, List, Row, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan, useCurrentUser } from '../../app/auth';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { RegionDetail } from './region-detail';
import { RegionImportDrawer } from './region-import-drawer';
import { CreateCityModal } from './region-forms';
import { RegionTitle } from './region-labels';
import { RegionTree } from './region-tree';
import { useRegionMutations, useRegionSearch, type Region } from './regions-api';
import { useRegionTree } from './use-region-tree';

function SearchResults({ q, includeRetired, selectedId, onSelect }: { q: string; includeRetired: boolean; selectedId: string | null; onSelect: (id: string) => void }) {
  const t = useT();
  const search = useRegionSearch(q, includeRetired);
  if (search.isPending) return <Skeleton active />;
  const items = search.data?.items ?? [];
  if (items.length === 0) return <Empty description={t('region.searchEmpty', { q })} />;
  return (
    <List
      size="small"
      dataSource={items}
      data-testid="region-search-results"
      renderItem={(region) => (
        <List.Item
          onClick={() => onSelect(region.id)}
          style={{ cursor: 'pointer', paddingInline: 8, background: region.id === selectedId ? 'var(--sz-primary-soft)' : undefined, borderRadius: 4 }}
        >
          <RegionTitle region={region} />
          <Typography.Text type="secondary" className="sz-text-sm">
            {region.code}
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

export function RegionsPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const [q, setQ] = useState('');
  const [includeRetired, setIncludeRetired] = useState(true);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const tree = useRegionTree(includeRetired);
  // A city of its own is the platform administrator's to add (a city's office manages inside its city).
  const platformAdmin = useCurrentUser().grants.some((g) => g.role === 'platformAdmin');
  const [creatingCity, setCreatingCity] = useState(false);
  // Whoever keeps part of the tree may load division codes into it; the server checks each row's reach.
  const mayManage = useCan()('region.manage');
  const [importing, setImporting] = useState(false);

  const select = useCallback(
    (id: string) => {
      setParams({ id }, { replace: false });
      // On a phone the details sit under the tree: bring them into view.
      if (isPhone) setTimeout(() => document.getElementById('region-detail')?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
    },
    [setParams, isPhone],
  );

  // Open the first root and show it, so the page never starts blank.
  useEffect(() => {
    const first = tree.roots[0];
    if (!selectedId && first) {
      setParams({ id: first.id }, { replace: true });
      setExpandedKeys((keys) => (keys.length ? keys : [first.id]));
    }
  }, [tree.roots, selectedId, setParams]);

  const mutations = useRegionMutations((region, previousParentId) => void tree.reloadAround([region.parentId, previousParentId, region.id]));

  const onCreated = (child: Region) => {
    if (child.parentId) setExpandedKeys((keys) => (keys.includes(child.parentId!) ? keys : [...keys, child.parentId!]));
    select(child.id);
  };

  const left = (
    <Card
      title={t('region.treeTitle')}
      extra={
        <Checkbox checked={includeRetired} onChange={(e) => setIncludeRetired(e.target.checked)} data-testid="region-include-retired">
          {t('region.showRetired')}
        </Checkbox>
      }
      styles={{ body: { padding: 12 } }}
    >
      <Input.Search
        allowClear
        placeholder={t('region.searchPlaceholder')}
        onSearch={(value) => setQ(value.trim())}
        onChange={(e) => {
          if (!e.target.value) setQ('');
        }}
        className="sz-mb-12"
        data-testid="region-search"
      />
      <div style={isPhone ? { maxHeight: 360, overflow: 'auto' } : { maxHeight: 'calc(100vh - 260px)', minHeight: 240, overflow: 'auto' }}>
        {q ? (
          <SearchResults q={q} includeRetired={includeRetired} selectedId={selectedId} onSelect={select} />
        ) : (
          <RegionTree
            roots={tree.roots}
            childrenOf={tree.childrenOf}
            loading={tree.rootsQuery.isPending}
            selectedId={selectedId}
            expandedKeys={expandedKeys}
            onExpand={setExpandedKeys}
            onSelect={select}
            loadChildren={tree.loadChildren}
          />
        )}
      </div>
    </Card>
  );

  return (
    <>
      <PageHeader
        title={t('nav.regions')}
        description={t('region.pageDescription')}
        extra={
          <Space wrap>
            {platformAdmin ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreatingCity(true)} data-testid="region-create-city">
                {t('region.createCity')}
              </Button>
            ) : null}
            {mayManage ? (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="region-import-open">
                {t('region.imp.open')}
              </Button>
            ) : null}
            {selectedId ? (
              <Dropdown
                menu={{
                  items: [
                    { key: 'csv', label: <a href={`/api/v1/regions/export?rootId=${selectedId}&format=csv`}>{t('region.imp.exportCsv')}</a> },
                    { key: 'xlsx', label: <a href={`/api/v1/regions/export?rootId=${selectedId}&format=xlsx`}>{t('region.imp.exportXlsx')}</a> },
                  ],
                }}
              >
                <Button icon={<DownloadOutlined />} data-testid="region-export">
                  {t('region.imp.export')}
                </Button>
              </Dropdown>
            ) : null}
          </Space>
        }
      />
      {creatingCity ? <CreateCityModal open onClose={() => setCreatingCity(false)} mutations={mutations} onCreated={onCreated} /> : null}
      {importing ? (
        <RegionImportDrawer
          open
          onClose={() => {
            setImporting(false);
            // An import may touch any list the tree has open: reload them all, and the roots (a new city).
            void tree.reloadAround(Object.keys(tree.childrenOf));
          }}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} xl={8}>
          {left}
        </Col>
        <Col xs={24} md={14} xl={16} id="region-detail" style={{ scrollMarginTop: 64 }}>
          {selectedId ? (
            <RegionDetail key={selectedId} id={selectedId} mutations={mutations} onCreated={onCreated} />
          ) : !tree.rootsQuery.isPending && tree.roots.length === 0 ? (
            <Card>
              <Empty description={t('region.noRegions')} data-testid="region-none" />
            </Card>
          ) : (
            <Card>
              <Empty description={t('region.selectHint')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
