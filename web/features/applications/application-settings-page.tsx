import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { SUPPLEMENT_OVERDUE_RULES, SUPPLEMENT_OVERDUE_RULE_NAMES, type SupplementOverdueRule } from '../../../contracts/application-kinds';
import { api } from '../../app/api';
import { useI18n, useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useCities } from '../cities/cities-api';
import { applicationKeys, useApplicationSettings, type ApplicationSetting } from './applications-api';
import { ChecklistEditor } from './checklist-editor';
import { RegistrationRulesCard } from './registration-rules-card';
import { useCan } from '../../app/auth';

interface Department {
  id: string;
  cityId: string;
  name: string;
  shortName: string;
}

/**
 * Rules as data: each kind's promise, its step limits and the departments in its joint review — the caller's city's
 * (each city keeps its own; someone who keeps several sees each with its city, and saves it to that city).
 */
export function ApplicationSettingsPage() {
  const { data, isPending } = useApplicationSettings();
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items) });
  const items = data?.items ?? [];
  const several = new Set(items.map((s) => s.cityId)).size > 1;
  const cities = useCities();
  const cityName = (id: string) => cities.data?.find((c) => c.id === id)?.name ?? '—';
  const can = useCan();
  const [editing, setEditing] = useState<ApplicationSetting | null>(null);
  const [listing, setListing] = useState<ApplicationSetting | null>(null);
  const kindTitle = (s: ApplicationSetting) => (several ? `${cityName(s.cityId)} · ${s.kindName}` : s.kindName);
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const t = useT();
  const { locale } = useI18n();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = (await form.validateFields()) as { promisedDays: number; reviewDepartmentIds: string[]; submitted: number; reviewing: number; deciding: number; supplementRequested: number; supplementOverdue: SupplementOverdueRule };
    setSaving(true);
    try {
      await api.put(`/application-settings/${editing!.kind}`, {
        cityId: editing!.cityId,
        version: editing!.version,
        promisedDays: v.promisedDays,
        reviewDepartmentIds: v.reviewDepartmentIds ?? [],
        stateDays: { submitted: v.submitted, reviewing: v.reviewing, deciding: v.deciding, supplementRequested: v.supplementRequested },
        supplementOverdue: v.supplementOverdue,
      });
      await client.invalidateQueries({ queryKey: applicationKeys.settings });
      message.success(t('application.settings.saved'));
      setEditing(null);
    } catch (e) {
      if (!applyProblemToForm(form, e, (p) => (p.startsWith('stateDays') ? 'reviewing' : p))) message.error(problemMessage(e, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div data-testid="application-settings-page">
      <PageHeader title={t('application.settings.title')} description={t('application.settings.description')} extra={<Link to="/applications">{t('application.settings.back')}</Link>} />
      <Card size="small">
        <Table
          rowKey={(r) => `${r.cityId}:${r.kind}`}
          loading={isPending}
          dataSource={items}
          pagination={false}
          scroll={{ x: 720 }}
          columns={[
            ...(several ? [{ title: t('application.settings.city'), key: 'city', render: (_: unknown, r: ApplicationSetting) => cityName(r.cityId) }] : []),
            { title: t('application.settings.kind'), dataIndex: 'kindName' },
            { title: t('application.settings.promised'), dataIndex: 'promisedDays', render: (v: number) => t('application.settings.days', { days: v }) },
            { title: t('application.settings.steps'), key: 'steps', render: (_: unknown, r) => `${r.stateDays.submitted ?? '—'} / ${r.stateDays.reviewing ?? '—'} / ${r.stateDays.deciding ?? '—'}` },
            { title: t('application.settings.supplement'), key: 'supplement', render: (_: unknown, r) => t('application.settings.supplementCell', { days: r.stateDays.supplementRequested ?? '—', rule: r.supplementOverdueName }) },
            { title: t('application.settings.departments'), dataIndex: 'reviewDepartments', render: (v: ApplicationSetting['reviewDepartments']) => (v.length ? v.map((d) => <Tag key={d.id}>{d.name}</Tag>) : <Typography.Text type="secondary">{t('application.settings.supervisorOnly')}</Typography.Text>) },
            {
              title: t('application.checklist.column'),
              key: 'checklist',
              render: (_: unknown, r: ApplicationSetting) => {
                const live = r.checklist.filter((i) => !i.retired);
                return (
                  <Space size={4} wrap>
                    <span>{t('application.checklist.count', { count: live.length, required: live.filter((i) => i.required).length })}</span>
                    <Tag color={r.checklistIsDefault ? undefined : 'blue'}>{t(r.checklistIsDefault ? 'application.checklist.default' : 'application.checklist.own')}</Tag>
                  </Space>
                );
              },
            },
            {
              title: t('common.actions'),
              key: 'edit',
              width: 150,
              render: (_: unknown, r) => (
                <Space size={4}>
                  <Button size="small" data-testid={several ? `edit-checklist-${r.cityId}-${r.kind}` : `edit-checklist-${r.kind}`} onClick={() => setListing(r)}>
                    {t('application.checklist.edit')}
                  </Button>
                  <Button
                    size="small"
                    data-testid={several ? `edit-setting-${r.cityId}-${r.kind}` : `edit-setting-${r.kind}`}
                    onClick={() => {
                      setEditing(r);
                      form.setFieldsValue({ promisedDays: r.promisedDays, reviewDepartmentIds: r.reviewDepartments.map((d) => d.id), submitted: r.stateDays.submitted ?? 0, reviewing: r.stateDays.reviewing ?? 0, deciding: r.stateDays.deciding ?? 0, supplementRequested: r.stateDays.supplementRequested ?? 15, supplementOverdue: r.supplementOverdue });
                    }}
                  >
                    {t('common.edit')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal open={!!editing} title={editing ? t('application.settings.modalTitle', { kind: kindTitle(editing) }) : ''} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="promisedDays" label={t('application.settings.promisedDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={120} className="sz-w-full" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="submitted" label={t('application.path.submitted')} rules={[{ required: true }]}>
              <InputNumber min={0} max={60} addonAfter={t('application.settings.dayUnit')} />
            </Form.Item>
            <Form.Item name="reviewing" label={t('application.path.reviewing')} rules={[{ required: true }]}>
              <InputNumber min={0} max={60} addonAfter={t('application.settings.dayUnit')} />
            </Form.Item>
            <Form.Item name="deciding" label={t('application.path.deciding')} rules={[{ required: true }]}>
              <InputNumber min={0} max={60} addonAfter={t('application.settings.dayUnit')} />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="supplementRequested" label={t('application.settings.supplementDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={60} addonAfter={t('application.settings.dayUnit')} />
            </Form.Item>
            <Form.Item name="supplementOverdue" label={t('application.settings.overdueRule')} rules={[{ required: true }]}>
              <Select className="sz-w-full" style={{ minWidth: 260 }} options={SUPPLEMENT_OVERDUE_RULES.map((r) => ({ value: r, label: locale === 'en-US' ? SUPPLEMENT_OVERDUE_RULE_NAMES[r].en : SUPPLEMENT_OVERDUE_RULE_NAMES[r].zh }))} />
            </Form.Item>
          </Space>
          <Form.Item name="reviewDepartmentIds" label={t('application.settings.departments')}>
            <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={(departments.data ?? []).filter((d) => d.cityId === editing?.cityId).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        </Form>
      </Modal>
      <RegistrationRulesCard cities={[...new Set(items.map((s) => s.cityId))].map((id) => ({ id, name: cityName(id) }))} manage={can('application.manage')} />
      <ChecklistEditor setting={listing} title={listing ? t('application.checklist.title', { kind: kindTitle(listing) }) : ''} onClose={() => setListing(null)} />
    </div>
  );
}
