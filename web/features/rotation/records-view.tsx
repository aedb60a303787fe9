import { Card, Descriptions, Empty, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { TARGET_GROUP_NAMES, TARGET_GROUPS } from '../../../contracts/target-groups';
import type { ResourceKind } from '../../../contracts/workforce';
import { useT } from '../../app/i18n';
import { usePagedList } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { LoadMore } from '../../components/load-more';
import { useLang } from '../workforce/worker-labels';
import { useResourceRecordTotals, type FieldRecord, type ResourceRecordTotals } from './field-api';
import { KIND_COLORS, KIND_NAMES, seasonName } from './rotation-labels';

/** A resource's records and hours of the year, season by season, with the 6+1 groups it served. */
export function RecordTotals({ totals }: { totals: ResourceRecordTotals }) {
  const t = useT();
  const lang = useLang();
  const byGroup = Object.fromEntries(TARGET_GROUPS.map((g) => [g, totals.seasons.reduce((sum, s) => sum + (s.byGroup[g] ?? 0), 0)]));
  return (
    <div data-testid="record-totals">
      <Typography.Paragraph className="sz-mb-8">
        {t('rotation.records.totalLine', { records: totals.total.records, hours: totals.total.hours, beneficiaries: totals.total.beneficiaries })}
      </Typography.Paragraph>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} bordered className="sz-mb-8">
        {totals.seasons.map((s) => (
          <Descriptions.Item key={s.season} label={seasonName(s.season, lang)}>
            {t('rotation.records.seasonLine', { records: s.records, hours: s.hours })}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <div>
        {TARGET_GROUPS.map((g) => (
          <Tag key={g} className="sz-mb-4">
            {TARGET_GROUP_NAMES[g][lang]} {byGroup[g]}
          </Tag>
        ))}
      </div>
    </div>
  );
}

function ResourceTotalsCard({ kind, id, name, year }: { kind: ResourceKind; id: string; name: string; year: number }) {
  const t = useT();
  const totals = useResourceRecordTotals(kind, id, year);
  return (
    <Card size="small" className="sz-mb-12" title={t('rotation.records.totalsOf', { name })}>
      {totals.isPending ? <Skeleton active /> : totals.data ? <RecordTotals totals={totals.data} /> : <ErrorAlert error={totals.error} onRetry={totals.refetch} />}
    </Card>
  );
}

/** 服务记录: staff read the field records of the year by season, community and resource, and a resource's hours. */
export function RecordsView({ year }: { year: number }) {
  const t = useT();
  const lang = useLang();
  const [season, setSeason] = useState<number | undefined>();
  const [community, setCommunity] = useState<{ id: string; name: string } | null>(null);
  const [resource, setResource] = useState<{ kind: ResourceKind; id: string; name: string } | null>(null);
  const list = usePagedList<FieldRecord>(['rotation', 'records'], '/rotation/records', { year, season, communityId: community?.id, resourceKind: resource?.kind, resourceId: resource?.id });
  return (
    <>
      <div className="sz-filter-bar sz-mb-12">
        <Select
          allowClear
          placeholder={t('rotation.records.allSeasons')}
          value={season}
          onChange={setSeason}
          options={[1, 2, 3, 4].map((s) => ({ value: s, label: seasonName(s, lang) }))}
          className="sz-me-6"
          data-testid="records-season"
        />
        {community ? (
          <Tag closable onClose={() => setCommunity(null)} color="blue">
            {t('rotation.community')}：{community.name}
          </Tag>
        ) : null}
        {resource ? (
          <Tag closable onClose={() => setResource(null)} color="green">
            {t('rotation.resource')}：{resource.name}
          </Tag>
        ) : (
          <Typography.Text type="secondary" className="sz-text-sm">
            {t('rotation.records.pickHint')}
          </Typography.Text>
        )}
      </div>
      {resource ? <ResourceTotalsCard kind={resource.kind} id={resource.id} name={resource.name} year={year} /> : null}
      {list.isPending ? (
        <Skeleton active />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={list.refetch} />
      ) : list.items.length === 0 ? (
        <Empty description={t('rotation.records.none')} />
      ) : (
        <>
          <Table<FieldRecord>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 900 }}
            dataSource={list.items}
            data-testid="records-table"
            columns={[
              { title: t('rotation.records.checkedIn'), dataIndex: 'checkedInAt', width: 140, render: (v: string) => <DateTimeText value={v} /> },
              {
                title: t('rotation.community'),
                render: (_, r) => (
                  <a onClick={() => setCommunity(r.community)}>
                    {r.town.name} · {r.community.name}
                    {r.grid ? ` · ${r.grid.name}` : ''}
                  </a>
                ),
              },
              {
                title: t('rotation.resource'),
                render: (_, r) => (
                  <a onClick={() => setResource(r.resource)} data-testid="records-resource">
                    <Tag color={KIND_COLORS[r.resource.kind]}>{KIND_NAMES[r.resource.kind].short}</Tag>
                    {r.resource.name}
                  </a>
                ),
              },
              { title: t('rotation.role'), dataIndex: 'roleName', width: 100 },
              { title: t('rotation.records.kind'), dataIndex: 'kindName', width: 110 },
              { title: t('rotation.records.minutes'), dataIndex: 'minutes', width: 80, align: 'right' },
              { title: t('rotation.records.participants'), dataIndex: 'participants', width: 80, align: 'right' },
              { title: t('rotation.records.beneficiaries'), dataIndex: 'beneficiaryTotal', width: 80, align: 'right' },
              { title: t('rotation.records.photos'), width: 70, align: 'right', render: (_, r) => r.photos.length || '' },
            ]}
            expandable={{ expandedRowRender: (r) => <Typography.Paragraph className="sz-m-0 sz-pre-wrap">{r.note || '—'}</Typography.Paragraph>, rowExpandable: (r) => Boolean(r.note) }}
          />
          <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
        </>
      )}
    </>
  );
}
