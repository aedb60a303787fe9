import { App, Button, Card, Input, Popconfirm, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ResourceKind } from '../../../contracts/workforce';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { useIsPhone } from '../../components/use-is-phone';
import { useLang } from '../workforce/worker-labels';
import { KIND_COLORS, KIND_NAMES } from './rotation-labels';
import { usePairing, useRotationMutations } from './rotation-api';

/** 结对街镇: each town's share of the city's hands, the solver's proposal, and a resource moved by hand. */
export function PairingView({ year }: { year: number }) {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const phone = useIsPhone();
  const { message, modal } = App.useApp();
  const pairing = usePairing(year);
  const { propose, changePairing } = useRotationMutations();
  const [townFilter, setTownFilter] = useState<string | undefined>();
  const [kind, setKind] = useState<ResourceKind | undefined>();
  const [q, setQ] = useState('');
  const manage = can('rotation.manage');
  const data = pairing.data;
  const items = useMemo(() => (data?.items ?? []).filter((i) => (!townFilter || i.town.id === townFilter) && (!kind || i.resourceKind === kind) && (!q || i.resourceName.includes(q))), [data, townFilter, kind, q]);
  if (pairing.isPending) return <Skeleton active />;
  if (!data) return <ErrorAlert error={pairing.error} onRetry={pairing.refetch} />;
  const run = () =>
    propose.mutate(
      { year },
      {
        onSuccess: (r) => void message.success(t('rotation.pairing.proposed', { n: r.pairing.items.length, s: (r.solver.millis / 1000).toFixed(1) })),
        onError: (e) => void modal.error({ title: t('rotation.pairing.failed'), content: problemMessage(e, t) }),
      },
    );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('rotation.pairing.towns')}
        extra={
          manage ? (
            <Popconfirm title={t('rotation.pairing.proposeConfirm')} onConfirm={run} okText={t('rotation.pairing.propose')} cancelText={t('common.cancel')}>
              <Button type="primary" size="small" loading={propose.isPending} data-testid="rotation-propose">
                {t('rotation.pairing.propose')}
              </Button>
            </Popconfirm>
          ) : null
        }
      >
        <Table
          size="small"
          rowKey={(r) => r.town.id}
          pagination={false}
          dataSource={data.towns}
          scroll={{ x: true }}
          columns={[
            { title: t('rotation.town'), dataIndex: ['town', 'name'], render: (name: string, r) => <a onClick={() => setTownFilter(r.town.id)}>{name}</a> },
            { title: t('rotation.communities'), dataIndex: 'communities', align: 'right' },
            { title: KIND_NAMES.org[lang], dataIndex: ['resources', 'org'], align: 'right' },
            { title: KIND_NAMES.socialWorker[lang], dataIndex: ['resources', 'socialWorker'], align: 'right', responsive: ['sm'] },
            { title: KIND_NAMES.certifiedEmployee[lang], dataIndex: ['resources', 'certifiedEmployee'], align: 'right', responsive: ['sm'] },
            { title: t('rotation.pairing.supply'), dataIndex: 'supplyRatio', align: 'right', render: (v: number) => <Tag color={v >= 1 ? 'green' : v >= 0.8 ? 'gold' : 'red'}>{v.toFixed(2)}</Tag> },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('rotation.pairing.supplyHint')} {data.unpaired ? t('rotation.pairing.unpaired', { n: data.unpaired }) : ''}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('rotation.pairing.items', { n: data.items.length })}>
        <Space wrap style={{ marginBottom: 8 }}>
          <Select allowClear placeholder={t('rotation.allTowns')} style={{ width: 140 }} value={townFilter} onChange={setTownFilter} options={data.towns.map((x) => ({ value: x.town.id, label: x.town.name }))} />
          <Select allowClear placeholder={t('rotation.allKinds')} style={{ width: 130 }} value={kind} onChange={setKind} options={(Object.keys(KIND_NAMES) as ResourceKind[]).map((k) => ({ value: k, label: KIND_NAMES[k][lang] }))} />
          <Input.Search allowClear placeholder={t('rotation.searchName')} style={{ width: 180 }} onSearch={setQ} />
        </Space>
        <Table
          size="small"
          rowKey={(r) => `${r.resourceKind}:${r.resourceId}`}
          dataSource={items}
          pagination={{ pageSize: 20, showSizeChanger: false, simple: phone }}
          scroll={{ x: true }}
          columns={[
            { title: t('rotation.resource'), dataIndex: 'resourceName', render: (name: string, r) => <span><Tag color={KIND_COLORS[r.resourceKind]}>{KIND_NAMES[r.resourceKind][lang]}</Tag>{name}</span> },
            { title: t('rotation.homeTown'), dataIndex: ['homeTown', 'name'], responsive: ['md'], render: (v: string | undefined) => v ?? '—' },
            {
              title: t('rotation.pairing.town'),
              dataIndex: ['town', 'id'],
              render: (townId: string, r) =>
                manage ? (
                  <Select
                    size="small"
                    style={{ width: 130 }}
                    value={townId}
                    loading={changePairing.isPending && changePairing.variables?.id === r.resourceId}
                    options={data.towns.map((x) => ({ value: x.town.id, label: x.town.name }))}
                    onChange={(to) =>
                      changePairing.mutate(
                        { year, kind: r.resourceKind, id: r.resourceId, townId: to, version: r.version },
                        { onSuccess: () => void message.success(t('rotation.pairing.moved')), onError: (e) => void message.error(problemMessage(e, t)) },
                      )
                    }
                    aria-label={t('rotation.pairing.town')}
                  />
                ) : (
                  r.town.name
                ),
            },
            { title: t('rotation.pairing.source'), dataIndex: 'source', responsive: ['md'], render: (s: string) => <Tag color={s === 'office' ? 'blue' : undefined}>{t(s === 'office' ? 'rotation.pairing.byOffice' : 'rotation.pairing.bySolver')}</Tag> },
          ]}
        />
      </Card>
    </Space>
  );
}
