import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { type ButtonProps, Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ORG_TYPES, ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { formatYuan } from '../../../contracts/money';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useRegionsAtLevel } from '../regions';
import { orgExportUrl, useOrg, useOrgs, useReveal, type Org, type OrgFilter, type RevealField, type Revealed } from './orgs-api';

const STATUS_COLOR: Record<Org['status'], string> = { active: 'green', changing: 'gold', deregistered: 'default', revoked: 'red' };

function StatusTag({ status }: { status: Org['status'] }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`org.status.${status}` as MessageKey)}</Tag>;
}

function GradeTag({ grade }: { grade: Org['grade'] }) {
  const t = useT();
  return grade ? <Tag color="blue">{grade}</Tag> : <Typography.Text type="secondary">{t('org.gradeNone')}</Typography.Text>;
}

function RevealDialog({ org, onClose }: { org: Org; onClose: () => void }) {
  const t = useT();
  const reveal = useReveal(org.id);
  const [form] = Form.useForm<{ reason: string }>();
  const fields: RevealField[] = ['legalRepIdNumber', 'legalRepPhone', 'contactPhone'];
  const labels: Record<RevealField, MessageKey> = { legalRepIdNumber: 'org.legalRepId', legalRepPhone: 'org.legalRepPhone', contactPhone: 'org.contactPhone' };
  const shown: Revealed | undefined = reveal.data;
  return (
    <Modal
      open
      title={t('org.revealTitle')}
      onCancel={onClose}
      okText={shown ? t('common.close') : t('org.reveal')}
      onOk={() => (shown ? onClose() : form.submit())}
      confirmLoading={reveal.isPending}
      okButtonProps={{ 'data-testid': 'org-reveal-confirm' } as ButtonProps}
      destroyOnHidden
    >
      {shown ? (
        <>
          <Alert type="warning" showIcon title={t('org.revealed')} style={{ marginBottom: 12 }} />
          <Descriptions column={1} size="small" bordered items={fields.map((f) => ({ key: f, label: t(labels[f]), children: <Typography.Text copyable data-testid={`org-revealed-${f}`}>{shown[f] ?? '—'}</Typography.Text> }))} />
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={(values) => reveal.mutate({ fields, reason: values.reason })}>
          <Alert type="info" showIcon title={t('org.revealHint')} style={{ marginBottom: 12 }} />
          {reveal.isError ? <Alert type="error" showIcon title={problemMessage(reveal.error, t)} style={{ marginBottom: 12 }} /> : null}
          <Form.Item name="reason" label={t('org.revealReason')} rules={[{ required: true, min: 4, message: t('org.revealReasonPlaceholder') }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('org.revealReasonPlaceholder')} data-testid="org-reveal-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function OrgDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const org = useOrg(id);
  const [revealing, setRevealing] = useState(false);
  const o = org.data;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={isPhone ? '100%' : 640} title={o?.name ?? ''} loading={org.isPending}>
      {org.isError ? <Alert type="error" showIcon title={problemMessage(org.error, t)} /> : null}
      {o ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag>{o.typeName}</Tag>
            <StatusTag status={o.status} />
            <GradeTag grade={o.grade} />
          </Space>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'code', label: t('org.creditCode'), children: o.creditCode ? <Typography.Text copyable>{o.creditCode}</Typography.Text> : t('org.filed') },
              { key: 'town', label: t('org.town'), children: o.townName },
              { key: 'community', label: t('org.community'), children: o.communityName ?? '—' },
              { key: 'address', label: t('org.address'), children: o.address },
              { key: 'scope', label: t('org.businessScope'), children: o.businessScope },
              { key: 'fields', label: t('org.serviceFields'), children: <Space wrap size={4}>{o.serviceFields.map((f) => <Tag key={f}>{t(`org.field.${f}` as MessageKey)}</Tag>)}</Space> },
              { key: 'sup', label: t('org.supervisingUnit'), children: o.supervisingUnit ?? '—' },
              { key: 'capital', label: t('org.registeredCapital'), children: `${formatYuan(o.registeredCapitalFen)} 元` },
              { key: 'founded', label: t('org.foundedOn'), children: o.foundedOn },
              { key: 'rep', label: t('org.legalRep'), children: o.legalRepName },
              { key: 'repId', label: t('org.legalRepId'), children: <span data-testid="org-legal-rep-id">{o.legalRepIdNumber ?? '—'}</span> },
              { key: 'repPhone', label: t('org.legalRepPhone'), children: o.legalRepPhone ?? '—' },
              { key: 'contact', label: t('org.contact'), children: `${o.contactName ?? '—'} ${o.contactPhone ?? ''}` },
              { key: 'party', label: t('org.partyOrg'), children: o.hasPartyOrg ? t('org.yes') : t('org.no') },
              { key: 'sw', label: t('org.socialWorkers'), children: o.socialWorkerCount },
            ]}
          />
          {o.abilities.revealPersonalData ? (
            <Button icon={<EyeOutlined />} style={{ marginTop: 16 }} onClick={() => setRevealing(true)} data-testid="org-reveal">
              {t('org.reveal')}
            </Button>
          ) : null}
          {revealing ? <RevealDialog org={o} onClose={() => setRevealing(false)} /> : null}
        </>
      ) : null}
    </Drawer>
  );
}

export function OrgsPage() {
  const { t, locale } = useI18n();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<OrgFilter>({});
  const orgs = useOrgs(filter);
  const towns = useRegionsAtLevel('town');
  const openId = params.get('id');
  const open = (id: string) => setParams({ id });
  const lang = locale === 'en-US' ? 'en' : 'zh';

  let body;
  if (orgs.isPending) body = <Table loading columns={[]} dataSource={[]} />;
  else if (orgs.isError) body = <Alert type="error" showIcon title={problemMessage(orgs.error, t)} />;
  else if (orgs.items.length === 0) body = <Empty description={filter.q ? t('org.searchEmpty', { q: filter.q }) : t('org.empty')} />;
  else if (isPhone)
    body = (
      <List
        dataSource={orgs.items}
        data-testid="org-list"
        renderItem={(o) => (
          <List.Item onClick={() => open(o.id)} style={{ cursor: 'pointer', display: 'block' }}>
            <Typography.Text strong>{o.name}</Typography.Text>
            <div>
              <Space wrap size={4}>
                <Tag>{o.typeName}</Tag>
                <StatusTag status={o.status} />
                {o.grade ? <Tag color="blue">{o.grade}</Tag> : null}
                <Typography.Text type="secondary">{o.townName}</Typography.Text>
              </Space>
            </div>
          </List.Item>
        )}
      />
    );
  else
    body = (
      <Table<Org>
        rowKey="id"
        dataSource={orgs.items}
        pagination={false}
        scroll={{ x: 960 }}
        data-testid="org-table"
        rowClassName={() => 'sz-clickable-row'}
        onRow={(o) => ({ onClick: () => open(o.id) })}
        columns={[
          { title: t('org.name'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          { title: t('org.type'), dataIndex: 'typeName', width: 130 },
          { title: t('org.creditCode'), dataIndex: 'creditCode', width: 200, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('org.filed')}</Typography.Text> },
          { title: t('org.town'), dataIndex: 'townName', width: 110 },
          { title: t('org.grade'), dataIndex: 'grade', width: 100, render: (g: Org['grade']) => <GradeTag grade={g} /> },
          { title: t('org.status'), dataIndex: 'status', width: 90, render: (s: Org['status']) => <StatusTag status={s} /> },
        ]}
      />
    );

  return (
    <>
      <PageHeader title={t('nav.orgs')} description={t('org.pageDescription')} />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('org.searchPlaceholder')}
            onSearch={(value) => setFilter((f) => ({ ...f, q: value.trim() || undefined }))}
            style={{ width: isPhone ? '100%' : 300 }}
            data-testid="org-search"
          />
          <Select
            allowClear
            placeholder={t('org.allTypes')}
            style={{ width: 160 }}
            options={ORG_TYPES.map((type) => ({ value: type, label: ORG_TYPE_NAMES[type][lang] }))}
            onChange={(type?: Org['type']) => setFilter((f) => ({ ...f, type }))}
            data-testid="org-type"
          />
          <Select
            allowClear
            placeholder={t('org.allTowns')}
            style={{ width: 160 }}
            loading={towns.isPending}
            options={(towns.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            onChange={(townId?: string) => setFilter((f) => ({ ...f, townId }))}
            data-testid="org-town"
          />
          <Button icon={<DownloadOutlined />} href={orgExportUrl(filter)} title={t('org.exportHint')} data-testid="org-export">
            {t('org.export')}
          </Button>
        </Space>
        {body}
        <LoadMore hasNextPage={orgs.hasNextPage} isFetchingNextPage={orgs.isFetchingNextPage} fetchNextPage={orgs.fetchNextPage} />
      </Card>
      <OrgDrawer id={openId} onClose={() => setParams({})} />
    </>
  );
}
