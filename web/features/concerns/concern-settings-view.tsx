import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { ROUTING_TARGETS, type RoutingTarget } from '../../../contracts/concerns';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ListShell } from '../../components/list-shell';
import { useIsPhone } from '../../components/use-is-phone';
import { useLang } from '../workforce/worker-labels';
import { targetName } from './concern-labels';
import { useConcernCategories, useConcernSettingsMutations, useDepartments, useConcernStats, useOpen311Keys, useRoutingRules, type CategorySetting, type Open311IssuedKey, type Open311Key, type RoutingRule } from './concerns-api';

type CategoryValues = { code?: string; name: string; nameEn?: string; description?: string; timeLimitDays: number };

/** A settings table's card: its title, what it is for, and (for those who may change it) the button that adds one. */
function SettingsCard({ title, hint, testId, add, children }: { title: string; hint: string; testId: string; add: { label: string; testId: string; onClick: () => void } | null; children: ReactNode }) {
  return (
    <Card
      size="small"
      title={title}
      className="sz-mb-16"
      data-testid={testId}
      extra={
        add ? (
          <Button size="small" icon={<PlusOutlined />} onClick={add.onClick} data-testid={add.testId}>
            {add.label}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" className="sz-text-sm">
        {hint}
      </Typography.Paragraph>
      {children}
    </Card>
  );
}

/** 民情类别: names, descriptions and time limits in working days; add, change, retire or restore. */
function CategoriesCard() {
  const t = useT();
  const can = useCan();
  const manage = can('concern.manage');
  const categories = useConcernCategories();
  const { addCategory, changeCategory } = useConcernSettingsMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const [editing, setEditing] = useState<CategorySetting | 'new' | null>(null);
  const [form] = Form.useForm<CategoryValues>();
  const isPhone = useIsPhone();

  const save = (v: CategoryValues) => {
    const fields = { name: v.name, nameEn: v.nameEn?.trim() || null, description: v.description?.trim() || null, timeLimitDays: v.timeLimitDays };
    const done = { onSuccess: () => (notifySuccess(t('concern.settings.saved')), setEditing(null)), onError: (e: unknown) => notifyError(e, form) };
    if (editing === 'new') addCategory.mutate({ code: v.code ?? '', ...fields }, done);
    else if (editing) changeCategory.mutate({ id: editing.id, version: editing.version, ...fields }, done);
  };
  const retire = (c: CategorySetting, retired: boolean) =>
    changeCategory.mutate({ id: c.id, version: c.version, retired }, { onSuccess: () => notifySuccess(t(retired ? 'concern.settings.retired' : 'concern.settings.restored')), onError: (e) => notifyError(e) });

  const columns: ColumnsType<CategorySetting> = [
    {
      title: t('concern.settings.categoryName'),
      dataIndex: 'name',
      render: (n: string, c) => (
        <Space size={4} wrap>
          <Typography.Text strong delete={c.retired}>
            {n}
          </Typography.Text>
          {c.retired ? <Tag>{t('concern.settings.retiredTag')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('concern.settings.code'), dataIndex: 'code', width: 140, render: (code: string) => <Typography.Text code className="sz-nowrap">{code}</Typography.Text> },
    { title: t('concern.settings.timeLimit'), dataIndex: 'timeLimitDays', width: 110, render: (d: number) => t('concern.settings.days', { n: d }) },
    { title: t('concern.settings.description'), dataIndex: 'description', render: (d: string | null) => d ?? '—' },
    ...(manage
      ? [
          {
            title: t('concern.settings.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, c: CategorySetting) => (
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    form.setFieldsValue({ name: c.name, nameEn: c.nameEn ?? undefined, description: c.description ?? undefined, timeLimitDays: c.timeLimitDays });
                    setEditing(c);
                  }}
                  data-testid={`concern-category-edit-${c.code}`}
                >
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t(c.retired ? 'concern.settings.restoreConfirm' : 'concern.settings.retireConfirm', { name: c.name })} onConfirm={() => retire(c, !c.retired)} okText={t('case.confirm')} cancelText={t('common.cancel')}>
                  <Button type="link" size="small" danger={!c.retired}>
                    {t(c.retired ? 'concern.settings.restore' : 'concern.settings.retire')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <SettingsCard
      title={t('concern.settings.categories')}
      hint={t('concern.settings.categoriesHint')}
      testId="concern-categories"
      add={manage ? { label: t('concern.settings.addCategory'), testId: 'concern-category-add', onClick: () => { form.resetFields(); setEditing('new'); } } : null}
    >
      <ListShell<CategorySetting> list={{ items: categories.data ?? [], isPending: categories.isPending, error: categories.error, refetch: categories.refetch }} columns={columns} rowKey="id" />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('concern.settings.addCategory') : t('concern.settings.editCategory')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={addCategory.isPending || changeCategory.isPending}
        width={isPhone ? '100%' : 520}
        destroyOnHidden
      >
        <Form<CategoryValues> form={form} layout="vertical" onFinish={save} preserve={false}>
          {editing === 'new' ? (
            <Form.Item name="code" label={t('concern.settings.code')} extra={t('concern.settings.codeHint')} rules={[{ required: true, pattern: /^[a-z][a-zA-Z0-9_-]{0,39}$/, message: t('concern.settings.codeRule') }]}>
              <Input maxLength={40} data-testid="concern-category-code" />
            </Form.Item>
          ) : null}
          <Form.Item name="name" label={t('concern.settings.categoryName')} rules={[{ required: true, min: 2, max: 20, whitespace: true, message: t('concern.settings.nameRule') }]}>
            <Input maxLength={20} data-testid="concern-category-name" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('concern.settings.nameEn')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="timeLimitDays" label={t('concern.settings.timeLimit')} extra={t('concern.settings.timeLimitHint')} rules={[{ required: true, message: t('concern.settings.timeLimitRule') }]}>
            <InputNumber min={1} max={60} precision={0} addonAfter={t('concern.settings.workingDays')} data-testid="concern-category-days" />
          </Form.Item>
          <Form.Item name="description" label={t('concern.settings.description')}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </SettingsCard>
  );
}

type RuleValues = { categoryCode?: string; regionId?: string; target: RoutingTarget; departmentId?: string };

/** 分派规则: category × region → the town, a department or the town's station; the most specific rule wins. */
function RulesCard() {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const manage = can('concern.manage');
  const rules = useRoutingRules();
  const categories = useConcernCategories();
  const places = useConcernStats({});
  const departments = useDepartments(manage);
  const { addRule, changeRule, deleteRule } = useConcernSettingsMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [form] = Form.useForm<RuleValues>();
  const isPhone = useIsPhone();
  const cityId = places.data?.city.id;
  const departmentOptions = (departments.data ?? []).filter((d) => !d.retired && (!cityId || d.cityId === cityId)).map((d) => ({ value: d.id, label: d.name }));
  const townNames = new Map((places.data?.byTown ?? []).map((x) => [x.id, x.name]));
  const regionOptions = [
    ...(places.data?.byTown ?? []).map((x) => ({ value: x.id, label: x.name })),
    ...(places.data?.byCommunity ?? []).map((c) => ({ value: c.id, label: `${townNames.get(c.townId) ?? ''} · ${c.name}` })),
  ];

  const save = (v: RuleValues) => {
    const done = { onSuccess: () => (notifySuccess(t('concern.settings.saved')), setEditing(null)), onError: (e: unknown) => notifyError(e, form) };
    const answer = { target: v.target, departmentId: v.target === 'department' ? (v.departmentId ?? null) : null };
    if (editing === 'new') addRule.mutate({ categoryCode: v.categoryCode ?? null, regionId: v.regionId ?? null, ...answer }, done);
    else if (editing) changeRule.mutate({ id: editing.id, version: editing.version, ...answer }, done);
  };
  const answer = (r: RoutingRule) => (r.target === 'department' && r.department ? r.department.name : targetName(r.target, lang));
  const columns: ColumnsType<RoutingRule> = [
    { title: t('concern.category'), key: 'category', render: (_: unknown, r) => r.categoryName ?? <Typography.Text type="secondary">{t('concern.settings.everyCategory')}</Typography.Text> },
    { title: t('concern.settings.region'), key: 'region', render: (_: unknown, r) => r.region?.name ?? <Typography.Text type="secondary">{t('concern.settings.wholeCity')}</Typography.Text> },
    { title: t('concern.settings.sendTo'), key: 'target', render: (_: unknown, r) => <Tag color={r.target === 'department' ? 'purple' : r.target === 'station' ? 'cyan' : 'blue'}>{answer(r)}</Tag> },
    { title: t('concern.settings.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (d: string) => <DateTimeText value={d} /> },
    ...(manage
      ? [
          {
            title: t('concern.settings.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, r: RoutingRule) => (
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    form.setFieldsValue({ target: r.target, departmentId: r.department?.id });
                    setEditing(r);
                  }}
                >
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('concern.settings.deleteRuleConfirm')}
                  onConfirm={() => deleteRule.mutate({ id: r.id, version: r.version }, { onSuccess: () => notifySuccess(t('concern.settings.deleted')), onError: (e) => notifyError(e) })}
                  okText={t('case.confirm')}
                  cancelText={t('common.cancel')}
                >
                  <Button type="link" size="small" danger>
                    {t('concern.settings.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <SettingsCard
      title={t('concern.settings.rules')}
      hint={t('concern.settings.rulesHint')}
      testId="concern-rules"
      add={manage ? { label: t('concern.settings.addRule'), testId: 'concern-rule-add', onClick: () => { form.resetFields(); setEditing('new'); } } : null}
    >
      <ListShell<RoutingRule> list={{ items: rules.data ?? [], isPending: rules.isPending, error: rules.error, refetch: rules.refetch }} columns={columns} rowKey="id" empty={t('concern.settings.noRules')} />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('concern.settings.addRule') : t('concern.settings.editRule')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={addRule.isPending || changeRule.isPending}
        width={isPhone ? '100%' : 520}
        destroyOnHidden
      >
        {editing && editing !== 'new' ? (
          <Alert type="info" showIcon className="sz-mb-16" title={`${editing.categoryName ?? t('concern.settings.everyCategory')} × ${editing.region?.name ?? t('concern.settings.wholeCity')}`} />
        ) : null}
        <Form<RuleValues> form={form} layout="vertical" onFinish={save} preserve={false}>
          {editing === 'new' ? (
            <>
              <Form.Item name="categoryCode" label={t('concern.category')} extra={t('concern.settings.categoryEmptyHint')}>
                <Select allowClear placeholder={t('concern.settings.everyCategory')} options={(categories.data ?? []).filter((c) => !c.retired).map((c) => ({ value: c.code, label: c.name }))} />
              </Form.Item>
              <Form.Item name="regionId" label={t('concern.settings.region')} extra={t('concern.settings.regionEmptyHint')}>
                <Select allowClear showSearch optionFilterProp="label" placeholder={t('concern.settings.wholeCity')} options={regionOptions} />
              </Form.Item>
            </>
          ) : null}
          <Form.Item name="target" label={t('concern.settings.sendTo')} rules={[{ required: true, message: t('concern.targetMissing') }]}>
            <Select options={ROUTING_TARGETS.map((x) => ({ value: x, label: targetName(x, lang) }))} onChange={() => form.setFieldValue('departmentId', undefined)} data-testid="concern-rule-target" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: { target?: string }, b: { target?: string }) => a.target !== b.target}>
            {() =>
              form.getFieldValue('target') === 'department' ? (
                <Form.Item name="departmentId" label={t('concern.department')} rules={[{ required: true, message: t('concern.departmentMissing') }]}>
                  <Select showSearch optionFilterProp="label" options={departmentOptions} loading={departments.isPending} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </Form>
      </Modal>
    </SettingsCard>
  );
}

/** Open311 密钥: the clients that file concerns through /open311/v2; a key is shown once, when issued. */
function Open311Card() {
  const t = useT();
  const can = useCan();
  const manage = can('concern.manage');
  const keys = useOpen311Keys(manage);
  const { issueKey, revokeKey } = useConcernSettingsMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const [asking, setAsking] = useState(false);
  const [issued, setIssued] = useState<Open311IssuedKey | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const isPhone = useIsPhone();
  if (!manage) return null;
  const columns: ColumnsType<Open311Key> = [
    { title: t('concern.settings.keyName'), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    { title: t('concern.settings.keyPrefix'), dataIndex: 'keyPrefix', width: 140, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    { title: t('concern.settings.keyCreated'), dataIndex: 'createdAt', width: 150, render: (d: string) => <DateTimeText value={d} /> },
    { title: t('concern.state'), dataIndex: 'revoked', width: 90, render: (r: boolean) => (r ? <Tag>{t('concern.settings.revoked')}</Tag> : <Tag color="green">{t('concern.settings.active')}</Tag>) },
    {
      title: t('concern.settings.actions'),
      key: 'actions',
      width: 100,
      render: (_: unknown, k) =>
        k.revoked ? null : (
          <span onClick={(e) => e.stopPropagation()}>
            <Popconfirm title={t('concern.settings.revokeConfirm', { name: k.name })} onConfirm={() => revokeKey.mutate(k.id, { onSuccess: () => notifySuccess(t('concern.settings.revokedDone')), onError: (e) => notifyError(e) })} okText={t('case.confirm')} cancelText={t('common.cancel')}>
              <Button type="link" size="small" danger>
                {t('concern.settings.revoke')}
              </Button>
            </Popconfirm>
          </span>
        ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('concern.settings.open311')}
      data-testid="concern-open311"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setAsking(true);
          }}
          data-testid="concern-key-issue"
        >
          {t('concern.settings.issueKey')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" className="sz-text-sm">
        {t('concern.settings.open311Hint')}
      </Typography.Paragraph>
      <ListShell<Open311Key> list={{ items: keys.data ?? [], isPending: keys.isPending, error: keys.error, refetch: keys.refetch }} columns={columns} rowKey="id" empty={t('concern.settings.noKeys')} />
      <Modal
        open={asking}
        title={t('concern.settings.issueKey')}
        onCancel={() => setAsking(false)}
        onOk={() => form.submit()}
        okText={t('concern.settings.issue')}
        cancelText={t('common.cancel')}
        confirmLoading={issueKey.isPending}
        width={isPhone ? '100%' : 480}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => issueKey.mutate({ name: v.name.trim() }, { onSuccess: (k) => (setAsking(false), setIssued(k)), onError: (e) => notifyError(e, form) })}>
          <Form.Item name="name" label={t('concern.settings.keyName')} extra={t('concern.settings.keyNameHint')} rules={[{ required: true, min: 2, whitespace: true, message: t('concern.settings.keyNameRule') }]}>
            <Input maxLength={60} data-testid="concern-key-name" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={issued !== null} title={t('concern.settings.keyIssued')} onCancel={() => setIssued(null)} footer={<Button type="primary" onClick={() => setIssued(null)}>{t('concern.settings.keyCopied')}</Button>} width={isPhone ? '100%' : 560}>
        <Alert type="warning" showIcon className="sz-mb-16" title={t('concern.settings.keyOnce')} />
        <Typography.Paragraph copyable={{ text: issued?.key ?? '' }} code data-testid="concern-key-value" className="sz-break-all">
          {issued?.key}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}

/** 设置: the city's categories and routing rules (the office edits, others read), and the Open311 keys (the office). */
export function ConcernSettingsView() {
  return (
    <>
      <CategoriesCard />
      <RulesCard />
      <Open311Card />
    </>
  );
}
