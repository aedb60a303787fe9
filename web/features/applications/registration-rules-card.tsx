import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { z } from 'zod';
import type { ZRegistrationRule } from '../../../contracts/applications';
import { formatYuan, parseYuan } from '../../../contracts/money';
import { ORG_TYPE_NAMES, ORG_TYPES } from '../../../contracts/org-kinds';
import { api } from '../../app/api';
import { useI18n, useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';

type Rule = z.infer<typeof ZRegistrationRule>;
type OrgType = (typeof ORG_TYPES)[number];
interface Values {
  cityId?: string;
  orgType: OrgType;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  minYuan: string;
  refundOnProjectApproval: boolean;
  note: string;
}

const rulesKey = ['registration-rules'] as const;

/**
 * 注册资金规则: the minimum registered capital per organization type and period, the city's own. The establishment
 * form is checked against the rule in force on the day it is saved; one type's periods never overlap.
 */
export function RegistrationRulesCard({ cities, manage }: { cities: { id: string; name: string }[]; manage: boolean }) {
  const t = useT();
  const en = useI18n().locale === 'en-US';
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data, isPending } = useQuery({ queryKey: rulesKey, queryFn: () => api.get<{ items: Rule[] }>('/registration-rules').then((r) => r.items) });
  const rules = data ?? [];
  const several = cities.length > 1;
  const cityName = (id: string) => cities.find((c) => c.id === id)?.name ?? '—';
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();

  const open = (rule: Rule | 'new') => {
    setEditing(rule);
    form.setFieldsValue(
      rule === 'new'
        ? { cityId: several ? undefined : cities[0]?.id, orgType: undefined, validFrom: dayjs(), validTo: null, minYuan: '', refundOnProjectApproval: false, note: '' }
        : { orgType: rule.orgType, validFrom: dayjs(rule.validFrom), validTo: rule.validTo ? dayjs(rule.validTo) : null, minYuan: formatYuan(rule.minCapitalFen, { grouping: false }), refundOnProjectApproval: rule.refundOnProjectApproval, note: rule.note },
    );
  };
  const save = async () => {
    const v = await form.validateFields();
    const fields = { orgType: v.orgType, validFrom: v.validFrom.format('YYYY-MM-DD'), validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null, minCapitalFen: parseYuan(v.minYuan)!, refundOnProjectApproval: v.refundOnProjectApproval, note: v.note };
    setSaving(true);
    try {
      if (editing === 'new') await api.post('/registration-rules', { ...(several ? { cityId: v.cityId } : {}), ...fields });
      else await api.put(`/registration-rules/${editing!.id}`, { version: editing!.version, ...fields });
      await client.invalidateQueries({ queryKey: rulesKey });
      message.success(t('application.rules.saved'));
      setEditing(null);
    } catch (e) {
      if (!applyProblemToForm(form, e, (p) => (p === 'minCapitalFen' ? 'minYuan' : p))) message.error(problemMessage(e, t));
    } finally {
      setSaving(false);
    }
  };
  const remove = async (rule: Rule) => {
    try {
      await api.delete(`/registration-rules/${rule.id}?version=${rule.version}`);
      await client.invalidateQueries({ queryKey: rulesKey });
      message.success(t('application.rules.deleted'));
    } catch (e) {
      message.error(problemMessage(e, t));
    }
  };
  const status = (r: Rule) => {
    const today = dayjs().format('YYYY-MM-DD');
    if (r.inForce) return <Tag color="green">{t('application.rules.inForce')}</Tag>;
    return r.validFrom > today ? <Tag color="blue">{t('application.rules.future')}</Tag> : <Tag>{t('application.rules.ended')}</Tag>;
  };

  return (
    <Card
      size="small"
      title={t('application.rules.title')}
      style={{ marginTop: 16 }}
      extra={
        manage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="rule-add">
            {t('application.rules.add')}
          </Button>
        )
      }
      data-testid="registration-rules"
    >
      <Typography.Paragraph type="secondary">{t('application.rules.description')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        loading={isPending}
        dataSource={rules}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          ...(several ? [{ title: t('application.settings.city'), key: 'city', render: (_: unknown, r: Rule) => cityName(r.cityId) }] : []),
          { title: t('application.rules.orgType'), dataIndex: 'orgTypeName', width: 140 },
          { title: t('application.rules.period'), key: 'period', width: 200, render: (_: unknown, r: Rule) => `${r.validFrom} ${t('application.rules.to')} ${r.validTo ?? t('application.rules.open')}` },
          { title: t('application.rules.minimum'), dataIndex: 'minCapitalFen', width: 130, align: 'right' as const, render: (fen: number) => `${formatYuan(fen)} ${t('application.rules.yuan')}` },
          { title: t('application.rules.refund'), dataIndex: 'refundOnProjectApproval', width: 110, render: (v: boolean) => (v ? t('application.rules.refundYes') : '—') },
          { title: t('application.rules.note'), dataIndex: 'note', width: 280 },
          { title: t('application.rules.status'), key: 'status', width: 90, render: (_: unknown, r: Rule) => status(r) },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 130,
                  render: (_: unknown, r: Rule) => (
                    <Space size={4}>
                      <Button size="small" onClick={() => open(r)} data-testid={`rule-edit-${r.orgType}-${r.validFrom}`}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm title={t('application.rules.deleteConfirm')} description={t('application.rules.deleteHint')} onConfirm={() => remove(r)} okText={t('application.rules.delete')} cancelText={t('common.cancel')}>
                        <Button size="small" danger>
                          {t('application.rules.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={!!editing} title={t(editing === 'new' ? 'application.rules.add' : 'application.rules.edit')} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          {editing === 'new' && several && (
            <Form.Item name="cityId" label={t('application.settings.city')} rules={[{ required: true, message: t('application.rules.cityNeeded') }]}>
              <Select options={cities.map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          )}
          <Form.Item name="orgType" label={t('application.rules.orgType')} rules={[{ required: true, message: t('application.rules.orgTypeNeeded') }]}>
            <Select options={ORG_TYPES.map((x) => ({ value: x, label: en ? ORG_TYPE_NAMES[x].en : ORG_TYPE_NAMES[x].zh }))} data-testid="rule-org-type" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="validFrom" label={t('application.rules.validFrom')} rules={[{ required: true, message: t('application.rules.validFromNeeded') }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="validTo" label={t('application.rules.validTo')} extra={t('application.rules.validToHint')}>
              <DatePicker allowClear />
            </Form.Item>
          </Space>
          <Form.Item
            name="minYuan"
            label={t('application.rules.minimumYuan')}
            rules={[
              {
                validator: async (_, value: string) => {
                  const fen = value ? parseYuan(value) : null;
                  if (fen === null || fen < 0) throw new Error(t('application.rules.amountInvalid'));
                },
              },
            ]}
          >
            <Input inputMode="decimal" suffix={t('application.rules.yuan')} data-testid="rule-min" />
          </Form.Item>
          <Form.Item name="refundOnProjectApproval" label={t('application.rules.refund')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="note" label={t('application.rules.note')} extra={t('application.rules.noteHint')} rules={[{ required: true, min: 2, message: t('application.rules.noteNeeded') }]}>
            <Input.TextArea rows={2} maxLength={200} showCount data-testid="rule-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
