import { Button, Card, Empty, List, Select, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useLang } from '../workforce/worker-labels';
import { KIND_COLORS, KIND_NAMES, seasonName } from './rotation-labels';
import { useMyRotation, type ResourceCalendar } from './rotation-api';
import { thisYear } from './rotation-page';
import { seasonOf, useAutoSync, useFieldQueue, useMyAssignments } from './field-api';
import { SyncBar } from './field-queue-page';
import './field.css';

/**
 * This season's assignments with 记录服务 for each (issue 17 §3): the service worker keeps the last answer, so the list
 * shows in a village with no signal; what the phone still queues is counted with what the server holds.
 */
function SeasonAssignments() {
  const t = useT();
  const lang = useLang();
  const { year, season } = seasonOf();
  const mine = useMyAssignments(year, season);
  const { userId, items } = useFieldQueue();
  useAutoSync(userId);
  const queued = (assignmentId: string) => items?.filter((i) => i.kind === 'record' && (i.body as { assignmentId?: string }).assignmentId === assignmentId).length ?? 0;
  return (
    <>
      <SyncBar showLink />
      <Card size="small" className="sz-mb-12" title={t('rotation.field.seasonTitle', { year, season: seasonName(season, lang) })} data-testid="field-season">
        {mine.isPending ? (
          <Skeleton active />
        ) : !mine.data ? (
          <ErrorAlert error={mine.error} onRetry={mine.refetch} />
        ) : mine.data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rotation.field.noAssignments')} />
        ) : (
          <List
            dataSource={mine.data.items}
            renderItem={(a) => (
              <List.Item data-testid="field-assignment">
                <div className="sz-field-assignment sz-w-full">
                  <div className="sz-min-w-0">
                    <Typography.Text strong>{a.community.name}</Typography.Text>
                    <div>
                      <Tag color="blue">{a.roleName}</Tag>
                      <Typography.Text type="secondary" className="sz-text-sm">
                        {a.town.name}
                        {mine.data.items.some((x) => x.resource.id !== a.resource.id) ? ` · ${a.resource.name}` : ''}
                      </Typography.Text>
                    </div>
                    <Typography.Text type="secondary" className="sz-text-sm" data-testid="field-assignment-count">
                      {t('rotation.field.recordCount', { n: a.records })}
                      {queued(a.id) ? ` · ${t('rotation.field.queuedCount', { n: queued(a.id) })}` : ''}
                    </Typography.Text>
                  </div>
                  <Link to={`/rotation/mine/record/${a.id}`}>
                    <Button type="primary" data-testid="field-record-open">
                      {t('rotation.field.recordButton')}
                    </Button>
                  </Link>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}

/** A resource's year, season by season: where it serves and in which role. */
export function CalendarList({ calendar }: { calendar: ResourceCalendar }) {
  const t = useT();
  const lang = useLang();
  if (calendar.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rotation.mine.none')} />;
  return (
    <List
      size="small"
      dataSource={[1, 2, 3, 4].filter((s) => calendar.items.some((i) => i.season === s))}
      renderItem={(s) => (
        <List.Item>
          <div style={{ width: '100%' }}>
            <Typography.Text strong>{seasonName(s, lang)}</Typography.Text>
            {calendar.items
              .filter((i) => i.season === s)
              .map((i, k) => (
                <div key={k} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginTop: 4 }}>
                  <span>
                    {i.town.name} · {i.community.name}
                  </span>
                  <span>
                    <Tag color="blue">{i.roleName}</Tag>
                    {i.published ? null : <Tag>{t('rotation.state.draft')}</Tag>}
                  </span>
                </div>
              ))}
          </div>
        </List.Item>
      )}
    />
  );
}

/** 我的轮值: the caller's published assignments of the year, for themselves and the organizations they act for. */
export function MyRotationPage() {
  const t = useT();
  const lang = useLang();
  const [year, setYear] = useState(thisYear());
  const mine = useMyRotation(year);
  return (
    <>
      <PageHeader
        title={t('rotation.mine.title')}
        description={t('rotation.mine.description')}
        extra={<Select value={year} onChange={setYear} options={[thisYear() - 1, thisYear(), thisYear() + 1].map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 100 }} aria-label={t('rotation.year')} />}
      />
      <SeasonAssignments />
      <Typography.Title level={5}>{t('rotation.field.yearTitle', { year })}</Typography.Title>
      {mine.isPending ? <Skeleton active /> : !mine.data ? <ErrorAlert error={mine.error} onRetry={mine.refetch} /> : mine.data.length === 0 ? <Empty description={t('rotation.mine.none')} /> : null}
      {mine.data?.map((c) => (
        <Card key={`${c.resource.kind}:${c.resource.id}`} size="small" style={{ marginBottom: 12 }} title={<span><Tag color={KIND_COLORS[c.resource.kind]}>{KIND_NAMES[c.resource.kind][lang]}</Tag>{c.resource.name}</span>}>
          <CalendarList calendar={c} />
        </Card>
      ))}
    </>
  );
}
