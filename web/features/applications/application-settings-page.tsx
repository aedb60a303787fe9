import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { SUPPLEMENT_OVERDUE_RULES, SUPPLEMENT_OVERDUE_RULE_NAMES, type SupplementOverdueRule } from '../../../contracts/application-kinds';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { applicationKeys, useApplicationSettings, type ApplicationSetting } from './applications-api';

interface Department {
  id: string;
  name: string;
  shortName: string;
}

/** Rules as data: each kind's promise, its step limits and the departments in its joint review. */
export function ApplicationSettingsPage() {
  const { data, isPending } = useApplicationSettings();
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items) });
  const [editing, setEditing] = useState<ApplicationSetting | null>(null);
  const [form] = Form.useForm();
  const client = useQueryClient();
  const { message } = App.useApp();
  const t = useT();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = (await form.validateFields()) as { promisedDays: number; reviewDepartmentIds: string[]; submitted: number; reviewing: number; deciding: number; supplementRequested: number; supplementOverdue: SupplementOverdueRule };
    setSaving(true);
    try {
      await api.put(`/application-settings/${editing!.kind}`, {
        version: editing!.version,
        promisedDays: v.promisedDays,
        reviewDepartmentIds: v.reviewDepartmentIds ?? [],
        stateDays: { submitted: v.submitted, reviewing: v.reviewing, deciding: v.deciding, supplementRequested: v.supplementRequested },
        supplementOverdue: v.supplementOverdue,
      });
      await client.invalidateQueries({ queryKey: applicationKeys.settings });
      message.success('已保存；新的时限从下一个环节起生效');
      setEditing(null);
    } catch (e) {
      if (!applyProblemToForm(form, e, (p) => (p.startsWith('stateDays') ? 'reviewing' : p))) message.error(problemMessage(e, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div data-testid="application-settings-page">
      <PageHeader title="申办事项设置" description="承诺时限按工作日计；联审部门之外，组织的业务主管单位总会参加联审。修改留痕于审计日志。" extra={<Link to="/applications">返回网上申办</Link>} />
      <Card size="small">
        <Table
          rowKey="kind"
          loading={isPending}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          columns={[
            { title: '事项', dataIndex: 'kindName' },
            { title: '承诺时限', dataIndex: 'promisedDays', render: (v: number) => `${v} 个工作日` },
            { title: '受理 / 联审 / 决定（工作日）', key: 'steps', render: (_: unknown, r) => `${r.stateDays.submitted ?? '—'} / ${r.stateDays.reviewing ?? '—'} / ${r.stateDays.deciding ?? '—'}` },
            { title: '补正期限', key: 'supplement', render: (_: unknown, r) => `${r.stateDays.supplementRequested ?? '—'} 个工作日；${r.supplementOverdueName}` },
            { title: '联审部门', dataIndex: 'reviewDepartments', render: (v: ApplicationSetting['reviewDepartments']) => (v.length ? v.map((d) => <Tag key={d.id}>{d.name}</Tag>) : <Typography.Text type="secondary">仅业务主管单位</Typography.Text>) },
            {
              title: '操作',
              key: 'edit',
              width: 80,
              render: (_: unknown, r) => (
                <Button
                  size="small"
                  data-testid={`edit-setting-${r.kind}`}
                  onClick={() => {
                    setEditing(r);
                    form.setFieldsValue({ promisedDays: r.promisedDays, reviewDepartmentIds: r.reviewDepartments.map((d) => d.id), submitted: r.stateDays.submitted ?? 0, reviewing: r.stateDays.reviewing ?? 0, deciding: r.stateDays.deciding ?? 0, supplementRequested: r.stateDays.supplementRequested ?? 15, supplementOverdue: r.supplementOverdue });
                  }}
                >
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal open={!!editing} title={editing ? `设置：${editing.kindName}` : ''} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={saving} okText="保存" cancelText="取消" destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="promisedDays" label="承诺办结时限（自受理起，工作日）" rules={[{ required: true }]}>
            <InputNumber min={1} max={120} className="sz-w-full" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="submitted" label="受理审查" rules={[{ required: true }]}>
              <InputNumber min={0} max={60} addonAfter="日" />
            </Form.Item>
            <Form.Item name="reviewing" label="部门联审" rules={[{ required: true }]}>
              <InputNumber min={0} max={60} addonAfter="日" />
            </Form.Item>
            <Form.Item name="deciding" label="审批决定" rules={[{ required: true }]}>
              <InputNumber min={0} max={60} addonAfter="日" />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="supplementRequested" label="补正期限（自一次性告知起，工作日）" rules={[{ required: true }]}>
              <InputNumber min={1} max={60} addonAfter="日" />
            </Form.Item>
            <Form.Item name="supplementOverdue" label="逾期未补正" rules={[{ required: true }]}>
              <Select className="sz-w-full" style={{ minWidth: 260 }} options={SUPPLEMENT_OVERDUE_RULES.map((r) => ({ value: r, label: SUPPLEMENT_OVERDUE_RULE_NAMES[r].zh }))} />
            </Form.Item>
          </Space>
          <Form.Item name="reviewDepartmentIds" label="联审部门">
            <Select mode="multiple" allowClear showSearch optionFilterProp="label" options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
