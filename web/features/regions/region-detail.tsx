import { ErrorAlert } from '../../components/error-alert';
import dayjs from 'dayjs';
import { ArrowRightOutlined, DeleteOutlined, EditOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Skeleton, Space, Statistic, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { LoadMore } from '../../components/load-more';
import { ChangesTable } from '../../components/changes-table';
import { DateTimeText } from '../../components/date-text';
import { useIsPhone } from '../../components/use-is-phone';
import { KindTag, renderRegionChange, RetiredTag } from './region-labels';
import { CreateChildModal, EditRegionModal, MoveRegionModal, RetireRegionModal } from './region-forms';
import { useRegion, useRegionHistory, type Region, type useRegionMutations } from './regions-api';

type OpenModal = 'create' | 'edit' | 'move' | 'retire' | null;

function RegionHistory({ id }: { id: string }) {
  const t = useT();
  const history = useRegionHistory(id);
  if (history.isPending) return <Skeleton active />;
  if (history.isError) return <ErrorAlert error={history.error} />;
  if (history.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('region.noHistory')} />;
  return (
    <>
    <Timeline
      items={history.items.map((event) => ({
        key: event.id,
        color: event.outcome === 'success' ? 'blue' : 'red',
        content: (
          <div>
            <Space wrap size={8}>
              <Typography.Text strong>{event.actionName}</Typography.Text>
              <Typography.Text type="secondary">
                <DateTimeText value={event.occurredAt} />
              </Typography.Text>
              <Typography.Text type="secondary">{event.actorUsername ?? t('audit.system')}</Typography.Text>
            </Space>
            {event.changes && Object.keys(event.changes).length > 0 ? (
              <div className="sz-mt-8">
                <ChangesTable changes={event.changes} renderValue={renderRegionChange} />
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
    <LoadMore hasNextPage={history.hasNextPage} isFetchingNextPage={history.isFetchingNextPage} fetchNextPage={history.fetchNextPage} />
    </>
  );
}

function ParentName({ parentId }: { parentId: string | null }) {
  const t = useT();
  const parent = useRegion(parentId);
  if (!parentId) return <>{t('region.noParent')}</>;
  if (parent.isPending) return <>…</>;
  return <>{parent.data?.name ?? '—'}</>;
}

interface RegionDetailProps {
  id: string;
  mutations: ReturnType<typeof useRegionMutations>;
  onCreated: (child: Region) => void;
}

export function RegionDetail({ id, mutations, onCreated }: RegionDetailProps) {
  const t = useT();
  const region = useRegion(id);
  const [modal, setModal] = useState<OpenModal>(null);
  const isPhone = useIsPhone();
  const { notifyError, notifySuccess } = useFeedback();

  if (region.isPending) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (region.isError) return <Card><ErrorAlert error={region.error} /></Card>;

  const r = region.data;
  const close = () => setModal(null);
  const reload = () => void region.refetch();
  const abilities = r.abilities;

  const hasActions = abilities.createChild || abilities.update || abilities.retire || abilities.restore;
  const actions = (
    <Space wrap>
      {abilities.createChild ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal('create')} data-testid="region-create-child">
          {t('region.createChild')}
        </Button>
      ) : null}
      {abilities.update ? (
        <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="region-edit">
          {t('common.edit')}
        </Button>
      ) : null}
      {abilities.update && r.parentId ? (
        <Button icon={<ArrowRightOutlined />} onClick={() => setModal('move')} data-testid="region-move">
          {t('region.move')}
        </Button>
      ) : null}
      {abilities.retire ? (
        <Button danger icon={<DeleteOutlined />} onClick={() => setModal('retire')} data-testid="region-retire">
          {t('region.retire')}
        </Button>
      ) : null}
      {abilities.restore ? (
        <Popconfirm
          title={t('region.restoreConfirm', { name: r.name })}
          onConfirm={() =>
            mutations.restore.mutateAsync({ id: r.id, version: r.version }).then(
              () => notifySuccess(t('region.restored')),
              (error: unknown) => {
                notifyError(error);
                reload();
              },
            )
          }
        >
          <Button icon={<RollbackOutlined />} data-testid="region-restore">
            {t('region.restore')}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} className="sz-w-full">
      <Card>
        <Space wrap size={8} align="center" className="sz-mb-12">
          <Typography.Title level={4} style={{ margin: 0 }} className={r.retiredAt ? 'sz-retired' : undefined} data-testid="region-detail-name">
            {r.name}
          </Typography.Title>
          <KindTag kind={r.kind} />
          {r.retiredAt ? <RetiredTag /> : null}
        </Space>
        {r.retiredAt ? (
          <Alert
            type="warning"
            showIcon
            className="sz-mb-12"
            title={t('region.retiredOn', { date: dayjs(r.retiredAt).format('YYYY-MM-DD') })}
            description={r.retireReason ? t('region.retiredBecause', { reason: r.retireReason }) : undefined}
          />
        ) : null}
        {hasActions ? <div className="sz-mb-16">{actions}</div> : null}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 2, xl: 3 }}
          items={[
            { key: 'code', label: t('region.field.code'), children: <Typography.Text copyable>{r.code}</Typography.Text> },
            { key: 'parent', label: t('region.field.parent'), children: <ParentName parentId={r.parentId} /> },
            { key: 'children', label: t('region.field.children'), children: r.childCount },
            { key: 'version', label: t('region.field.version'), children: r.version },
          ]}
        />
      </Card>
      <Row gutter={isPhone ? [8, 8] : [16, 16]}>
        {[
          { key: 'children', title: t('region.stat.children'), value: r.childCount },
          { key: 'communities', title: t('region.stat.communities'), value: r.counts.communities },
          { key: 'grids', title: t('region.stat.grids'), value: r.counts.grids },
        ].map((stat) => (
          <Col key={stat.key} span={8}>
            <Card styles={{ body: { padding: isPhone ? 12 : 24 } }} className="sz-h-full">
              <Statistic title={stat.title} value={stat.value} styles={{ content: { fontSize: isPhone ? 20 : 28 } }} data-testid={`region-count-${stat.key}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('region.history')}>
        <RegionHistory id={r.id} />
      </Card>
      {modal === 'create' ? <CreateChildModal region={r} open onClose={close} mutations={mutations} onCreated={onCreated} /> : null}
      {modal === 'edit' ? <EditRegionModal region={r} open onClose={close} mutations={mutations} onConflict={reload} /> : null}
      {modal === 'move' ? <MoveRegionModal region={r} open onClose={close} mutations={mutations} onConflict={reload} /> : null}
      {modal === 'retire' ? <RetireRegionModal region={r} open onClose={close} mutations={mutations} onConflict={reload} /> : null}
    </Space>
  );
}
