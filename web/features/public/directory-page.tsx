import { ErrorAlert } from '../../components/error-alert';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import {  Button, Card, Descriptions, Drawer, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import type { ZDirectoryTowns, ZPublicOrg, ZPublicOrgPage } from '../../../contracts/orgs';
import { ORG_GRADES, ORG_TYPES, ORG_TYPE_NAMES, SERVICE_FIELDS } from '../../../contracts/org-kinds';
import { api } from '../../app/api';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import {  usePagedList } from '../../app/query';
import { LoadMore } from '../../components/load-more';
import { usePortalCityCode } from './portal-city';
import { PublicShell } from './public-shell';

type PublicOrg = z.infer<typeof ZPublicOrg>;
type Filter = { q?: string; townId?: string; type?: string; serviceField?: string; grade?: string };

/** 社会组织名录（公开）: anyone may look up an organization — public fields only, no login. */
export function DirectoryPage() {
  const t = useT();
  const { locale } = useI18n();
  const [q, setQ] = useState('');
  const [filter, setFilter] = useState<Filter>({});
  const [open, setOpen] = useState<PublicOrg | null>(null);
  const city = usePortalCityCode();
  const list = usePagedList<PublicOrg, z.infer<typeof ZPublicOrgPage>>(['public-orgs'], '/public/orgs', { ...filter, city }, { pageSize: 20 });
  const towns = useQuery({ queryKey: ['public-org-towns', city], queryFn: ({ signal }) => api.get<z.infer<typeof ZDirectoryTowns>>('/public/orgs/towns', { city }, signal), staleTime: 300_000 });
  // The first page counts the matches; later pages do not count again.
  const first = list.data?.pages[0];
  const set = (patch: Filter) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <PublicShell active="directory" maxWidth={1080}>
      <div data-testid="directory-page">
        <Card size="small" className="sz-mb-12">
          <FilterBar className="sz-mb-0">
            <Input.Search
              placeholder={t('open.dir.search')}
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              className={filterWidth.wide}
              data-testid="directory-search"
              enterButton={t('open.dir.searchButton')}
            />
            <Select allowClear placeholder={t('open.dir.town')} value={filter.townId} onChange={(v?: string) => set({ townId: v })} options={(towns.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="directory-town" />
            <Select allowClear placeholder={t('open.dir.type')} value={filter.type} onChange={(v?: string) => set({ type: v })} options={ORG_TYPES.map((x) => ({ value: x, label: locale === 'en-US' ? ORG_TYPE_NAMES[x].en : ORG_TYPE_NAMES[x].zh }))} data-testid="directory-type" />
            <Select allowClear placeholder={t('open.dir.field')} value={filter.serviceField} onChange={(v?: string) => set({ serviceField: v })} options={SERVICE_FIELDS.map((x) => ({ value: x, label: t(`org.field.${x}` as MessageKey) }))} data-testid="directory-field" />
            <Select allowClear placeholder={t('open.dir.grade')} value={filter.grade} onChange={(v?: string) => set({ grade: v })} options={ORG_GRADES.map((x) => ({ value: x, label: x }))} className={filterWidth.narrow} data-testid="directory-grade" />
          </FilterBar>
          <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-8 sz-text-sm">
            {t('open.dir.help')}
            <Link to="/verify" data-testid="verify-by-number-link">
              {t('open.dir.verifyLink')}
            </Link>
            {t('open.dir.helpEnd')}
          </Typography.Paragraph>
        </Card>
        {first?.total != null ? (
          <Typography.Paragraph className="sz-mb-8" data-testid="directory-total">
            {t('open.dir.total', { count: `${first.total.toLocaleString('zh-CN')}${first.totalCapped ? '+' : ''}` })}
          </Typography.Paragraph>
        ) : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        <List
          loading={list.isPending}
          dataSource={list.items}
          locale={{ emptyText: <Empty description={t('open.dir.empty')} /> }}
          renderItem={(o) => (
            <Card size="small" className="sz-mb-8 sz-pointer" onClick={() => setOpen(o)} data-testid="directory-item">
              <Space direction="vertical" size={2} className="sz-w-full">
                <Space wrap>
                  <Typography.Text strong>{o.name}</Typography.Text>
                  <Tag>{o.typeName}</Tag>
                  {o.grade ? <Tag color="gold">{o.grade}</Tag> : null}
                  {o.status === 'changing' ? <Tag color="processing">{t('open.dir.changing')}</Tag> : null}
                </Space>
                <Typography.Text type="secondary" className="sz-text-sm">
                  {o.creditCode ?? t('open.dir.filed')} · {o.townName}
                  {o.communityName ? ` ${o.communityName}` : ''} · {t('open.dir.foundedOn', { date: o.foundedOn })}
                </Typography.Text>
              </Space>
            </Card>
          )}
        />
        <LoadMore hasNextPage={!!list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </div>
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open?.name} size={480}>
        {open ? (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('open.dir.creditCode')}>{open.creditCode ?? t('open.dir.noCode')}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.type')}>{open.typeName}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.registration')}>{t(open.registration === 'registered' ? 'open.dir.registered' : 'open.dir.filed')}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.address')}>{open.address}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.town')}>{open.townName}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.scope')}>{open.businessScope}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.field')}>{open.serviceFields.map((f) => t(`org.field.${f}` as MessageKey)).join(t('open.dir.listSeparator')) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.grade')}>{open.grade ? t('open.dir.gradeUntil', { grade: open.grade, until: open.gradeValidUntil ?? '—' }) : t('open.dir.notGraded')}</Descriptions.Item>
            <Descriptions.Item label={t('open.dir.founded')}>{open.foundedOn}</Descriptions.Item>
          </Descriptions>
        ) : null}
        <Button className="sz-mt-16" onClick={() => setOpen(null)}>
          {t('common.close')}
        </Button>
      </Drawer>
    </PublicShell>
  );
}
