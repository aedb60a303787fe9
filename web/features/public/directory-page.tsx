import { ErrorAlert } from '../../components/error-alert';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import {  Button, Card, Descriptions, Drawer, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import type { ZPublicOrg } from '../../../contracts/orgs';
import { ORG_TYPES, ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { useT, type MessageKey } from '../../app/i18n';
import {  usePagedList } from '../../app/query';
import { LoadMore } from '../../components/load-more';
import { PublicShell } from './public-shell';

type PublicOrg = z.infer<typeof ZPublicOrg>;

/** 社会组织名录（公开）: anyone may look up an organization — public fields only, no login. */
export function DirectoryPage() {
  const t = useT();
  const [q, setQ] = useState('');
  const [filter, setFilter] = useState<{ q?: string; type?: string }>({});
  const [open, setOpen] = useState<PublicOrg | null>(null);
  const list = usePagedList<PublicOrg>(['public-orgs'], '/public/orgs', { ...filter }, { pageSize: 20 });
  return (
    <PublicShell active="directory" maxWidth={1080}>
      <div data-testid="directory-page">
        <Card size="small" className="sz-mb-12">
          <FilterBar className="sz-mb-0">
            <Input.Search
              placeholder="输入名称关键词，如“养老”“协会”"
              allowClear
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined }))}
              className={filterWidth.wide}
              data-testid="directory-search"
              enterButton="查询"
            />
            <Select allowClear placeholder="组织类型" value={filter.type} onChange={(v?: string) => setFilter((f) => ({ ...f, type: v }))} options={ORG_TYPES.map((x) => ({ value: x, label: ORG_TYPE_NAMES[x].zh }))} />
          </FilterBar>
          <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-8 sz-text-sm">
            公开信息：名称、统一社会信用代码、类型、住所、业务范围、评估等级。证书真伪请扫描电子证书上的二维码核验。
          </Typography.Paragraph>
        </Card>
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
