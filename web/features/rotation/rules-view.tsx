import { App, Button, Card, Form, InputNumber, Modal, Select, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { RotationRule } from '../../../contracts/rotation';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { useCatalog } from '../catalog/catalog-api';
import { useCommunityProfiles, useRotationMutations, useRotationRules, type CommunityProfile } from './rotation-api';

type RuleRow = { code: RotationRule; hard: boolean; weight: number };

/** 规则: each rule hard or soft with its weight, as the office tunes them for its city. */
function RulesCard() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const rules = useRotationRules();
  const { rules: save } = useRotationMutations();
  const [rows, setRows] = useState<RuleRow[]>([]);
  useEffect(() => {
    if (rules.data) setRows(rules.data.items.map((r) => ({ code: r.code, hard: r.hard, weight: r.weight })));
  }, [rules.data]);
  if (rules.isPending) return <Skeleton active />;
  if (!rules.data) return <ErrorAlert error={rules.error} onRetry={rules.refetch} />;
  const manage = can('rotation.manage');
  const changed = rows.some((r, i) => r.hard !== rules.data.items[i]?.hard || r.weight !== rules.data.items[i]?.weight);
  const set = (i: number, v: Partial<RuleRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...v } : r)));
  return (
    <Card
      size="small"
      title={t('rotation.rules.title')}
      extra={
        manage ? (
          <Button type="primary" size="small" disabled={!changed} loading={save.isPending} data-testid="rotation-rules-save" onClick={() => save.mutate({ version: rules.data.version, items: rows }, { onSuccess: () => void message.success(t('rotation.rules.saved')), onError: (e) => void message.error(problemMessage(e, t)) })}>
            {t('common.save')}
          </Button>
        ) : null
      }
    >
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={rules.data.items.map((r, i) => ({ ...r, i }))}
        scroll={{ x: true }}
        columns={[
          { title: t('rotation.rules.rule'), dataIndex: 'name', render: (n: string, r) => <span><b>{n}</b>{r.isDefault ? <Tag style={{ marginLeft: 6 }}>{t('rotation.rules.default')}</Tag> : null}<div style={{ fontSize: 12, color: 'var(--sz-text-3)' }}>{r.description}</div></span> },
          {
            title: t('rotation.rules.kind'),
            dataIndex: 'code',
            width: 120,
            render: (_: string, r) => (
              <Switch
                checked={rows[r.i]?.hard}
                disabled={!manage || r.may.length < 2}
                checkedChildren={t('rotation.rules.hard')}
                unCheckedChildren={t('rotation.rules.soft')}
                onChange={(hard) => set(r.i, { hard })}
              />
            ),
          },
          {
            title: t('rotation.rules.weight'),
            dataIndex: 'weight',
            width: 120,
            render: (_: number, r) => (rows[r.i]?.hard ? <Typography.Text type="secondary">—</Typography.Text> : <InputNumber size="small" min={1} max={10000} value={rows[r.i]?.weight} disabled={!manage} onChange={(w) => set(r.i, { weight: Number(w ?? 0) })} />),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('rotation.rules.hint')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 社区画像: who lives in each community, and so the service domains it needs (what the domain-match rule reads). */
function ProfilesCard() {
  const t = useT();
  const can = useCan();
  const { message } = App.useApp();
  const profiles = useCommunityProfiles();
  const catalog = useCatalog();
  const { profile: save } = useRotationMutations();
  const [editing, setEditing] = useState<CommunityProfile | null>(null);
  const [town, setTown] = useState<string | undefined>();
  const [form] = Form.useForm();
  const towns = useMemo(() => [...new Map((profiles.data ?? []).map((p) => [p.town.id, p.town.name]))].map(([value, label]) => ({ value, label })), [profiles.data]);
  const domainOptions = (catalog.data?.domains ?? []).filter((d) => !d.retired).map((d) => ({ value: d.code, label: d.name }));
  if (profiles.isPending) return <Skeleton active />;
  if (!profiles.data) return <ErrorAlert error={profiles.error} onRetry={profiles.refetch} />;
  const manage = can('rotation.manage');
  const shown = profiles.data.filter((p) => !town || p.town.id === town);
  const permille = (v: number | null) => (v === null ? '—' : `${(v / 10).toFixed(1)}%`);
  return (
    <Card size="small" title={t('rotation.profiles.title')} extra={<Select allowClear size="small" placeholder={t('rotation.allTowns')} style={{ width: 130 }} value={town} onChange={setTown} options={towns} />}>
      <Table
        size="small"
        rowKey="communityId"
        dataSource={shown}
        pagination={{ pageSize: 15, showSizeChanger: false }}
        scroll={{ x: true }}
        columns={[
          { title: t('rotation.community'), dataIndex: 'communityName', render: (n: string, r) => <span>{n}<div style={{ fontSize: 12, color: 'var(--sz-text-3)' }}>{r.town.name}</div></span> },
          { title: t('rotation.profiles.households'), dataIndex: 'households', align: 'right', responsive: ['md'] },
          { title: t('rotation.profiles.elderly'), dataIndex: 'elderlyPermille', align: 'right', render: permille, responsive: ['sm'] },
          { title: t('rotation.profiles.children'), dataIndex: 'childrenPermille', align: 'right', render: permille, responsive: ['md'] },
          { title: t('rotation.profiles.newResidents'), dataIndex: 'newResidentPermille', align: 'right', render: permille, responsive: ['md'] },
          { title: t('rotation.profiles.needs'), dataIndex: 'needs', render: (needs: CommunityProfile['needs']) => needs.map((n) => <Tag key={n.code}>{n.name}</Tag>) },
          ...(manage
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 64,
                  render: (_: unknown, r: CommunityProfile) => (
                    <Button size="small" type="link" onClick={() => { setEditing(r); form.setFieldsValue({ ...r, needs: r.needs.map((n) => n.code) }); }}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? t('rotation.profiles.editTitle', { name: editing.communityName }) : ''}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: Record<string, number | null | string[]>) =>
            editing &&
            save.mutate(
              { communityId: editing.communityId, version: editing.version, households: (v.households as number) ?? null, elderlyPermille: (v.elderlyPermille as number) ?? null, childrenPermille: (v.childrenPermille as number) ?? null, newResidentPermille: (v.newResidentPermille as number) ?? null, disabledCount: (v.disabledCount as number) ?? null, hardshipHouseholds: (v.hardshipHouseholds as number) ?? null, needs: (v.needs as string[]) ?? [] },
              { onSuccess: () => { setEditing(null); void message.success(t('rotation.profiles.saved')); }, onError: (e) => { if (!applyProblemToForm(form, e)) void message.error(problemMessage(e, t)); } },
            )
          }
        >
          <Space wrap>
            <Form.Item name="households" label={t('rotation.profiles.households')}><InputNumber min={0} /></Form.Item>
            <Form.Item name="elderlyPermille" label={t('rotation.profiles.elderlyPermille')}><InputNumber min={0} max={1000} /></Form.Item>
            <Form.Item name="childrenPermille" label={t('rotation.profiles.childrenPermille')}><InputNumber min={0} max={1000} /></Form.Item>
            <Form.Item name="newResidentPermille" label={t('rotation.profiles.newResidentsPermille')}><InputNumber min={0} max={1000} /></Form.Item>
            <Form.Item name="disabledCount" label={t('rotation.profiles.disabled')}><InputNumber min={0} /></Form.Item>
            <Form.Item name="hardshipHouseholds" label={t('rotation.profiles.hardship')}><InputNumber min={0} /></Form.Item>
          </Space>
          <Form.Item name="needs" label={t('rotation.profiles.needs')} extra={t('rotation.profiles.needsHint')}>
            <Select mode="multiple" options={domainOptions} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function RulesView() {
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <RulesCard />
      <ProfilesCard />
    </Space>
  );
}
