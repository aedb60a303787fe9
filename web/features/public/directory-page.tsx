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
import { useT, type MessageKey } from '../../app/i18n';
import {  usePagedList } from '../../app/query';
import { LoadMore } from '../../components/load-more';
import { PublicShell } from './public-shell';

type PublicOrg = z.infer<typeof ZPublicOrg>;
type Filter = { q?: string; townId?: string; type?: string; serviceField?: string; grade?: string };

/** 社会组织名录（公开）: anyone may look up an organization — public fields only, no login. */
export function DirectoryPage() {
  const t = useT();
  const [q, setQ] = useState('');
  const [filter, setFilter] = useState<Filter>({});
  const [open, setOpen] = useState<PublicOrg | null>(null);
  const list = usePagedList<PublicOrg, z.infer<typeof ZPublicOrgPage>>(['public-orgs'], '/public/orgs', { ...filter }, { pageSize: 20 });
  const towns = useQuery({ queryKey: ['public-org-towns'], queryFn: ({ signal }) => api.get<z.infer<typeof ZDirectoryTowns>>('/public/orgs/towns', undefined, signal), staleTime: 300_000 });
  // The first page counts the matches; later pages do not count again.
  const first = list.data?.pages[0];
  const set = (patch: Filter) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <PublicShell active="directory" maxWidth={1080}>
      <div data-testid="directory-page">
        <Card size="small" className="sz-mb-12">
          <FilterBar className="sz-mb-0">
            <Input.Search
              placeholder="名称关键词（如“养老”）或统一社会信用代码"
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              className={filterWidth.wide}
              data-testid="directory-search"
              enterButton="查询"
            />
            <Select allowClear placeholder="所在镇街" value={filter.townId} onChange={(v?: string) => set({ townId: v })} options={(towns.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="directory-town" />
            <Select allowClear placeholder="组织类型" value={filter.type} onChange={(v?: string) => set({ type: v })} options={ORG_TYPES.map((x) => ({ value: x, label: ORG_TYPE_NAMES[x].zh }))} data-testid="directory-type" />
            <Select allowClear placeholder="服务领域" value={filter.serviceField} onChange={(v?: string) => set({ serviceField: v })} options={SERVICE_FIELDS.map((x) => ({ value: x, label: t(`org.field.${x}` as MessageKey) }))} data-testid="directory-field" />
            <Select allowClear placeholder="评估等级" value={filter.grade} onChange={(v?: string) => set({ grade: v })} options={ORG_GRADES.map((x) => ({ value: x, label: x }))} className={filterWidth.narrow} data-testid="directory-grade" />
          </FilterBar>
          <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-8 sz-text-sm">
            公开信息：名称、统一社会信用代码、类型、住所、业务范围、评估等级。按匹配程度、再按名称拼音排序。核验电子证书：扫描证书上的二维码，或<Link to="/verify" data-testid="verify-by-number-link">输入证书编号或统一社会信用代码</Link>。
          </Typography.Paragraph>
        </Card>
        {first?.total != null ? (
          <Typography.Paragraph className="sz-mb-8" data-testid="directory-total">
            共 {first.total.toLocaleString('zh-CN')}{first.totalCapped ? '+' : ''} 家社会组织
          </Typography.Paragraph>
        ) : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        <List
          loading={list.isPending}
          dataSource={list.items}
          locale={{ emptyText: <Empty description="没有找到符合条件的社会组织" /> }}
          renderItem={(o) => (
            <Card size="small" className="sz-mb-8 sz-pointer" onClick={() => setOpen(o)} data-testid="directory-item">
              <Space direction="vertical" size={2} className="sz-w-full">
                <Space wrap>
                  <Typography.Text strong>{o.name}</Typography.Text>
                  <Tag>{o.typeName}</Tag>
                  {o.grade ? <Tag color="gold">{o.grade}</Tag> : null}
                  {o.status === 'changing' ? <Tag color="processing">变更中</Tag> : null}
                </Space>
                <Typography.Text type="secondary" className="sz-text-sm">
                  {o.creditCode ?? '备案'} · {o.townName}
                  {o.communityName ? ` ${o.communityName}` : ''} · 成立于 {o.foundedOn}
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
            <Descriptions.Item label="统一社会信用代码">{open.creditCode ?? '（备案，无代码）'}</Descriptions.Item>
            <Descriptions.Item label="类型">{open.typeName}</Descriptions.Item>
            <Descriptions.Item label="登记/备案">{open.registration === 'registered' ? '登记' : '备案'}</Descriptions.Item>
            <Descriptions.Item label="住所">{open.address}</Descriptions.Item>
            <Descriptions.Item label="所在镇街">{open.townName}</Descriptions.Item>
            <Descriptions.Item label="业务范围">{open.businessScope}</Descriptions.Item>
            <Descriptions.Item label="服务领域">{open.serviceFields.map((f) => t(`org.field.${f}` as MessageKey)).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label="评估等级">{open.grade ? `${open.grade}（有效期至 ${open.gradeValidUntil ?? '—'}）` : '未评估'}</Descriptions.Item>
            <Descriptions.Item label="成立日期">{open.foundedOn}</Descriptions.Item>
          </Descriptions>
        ) : null}
        <Button className="sz-mt-16" onClick={() => setOpen(null)}>
          关闭
        </Button>
      </Drawer>
    </PublicShell>
  );
}
