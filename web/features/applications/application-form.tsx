import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Form, Input, InputNumber, Row, Select, Tag, Typography, type FormItemProps } from 'antd';
import { createContext, useContext, type ReactNode } from 'react';
import type { ApplicationKind } from '../../../contracts/application-kinds';
import { ORG_TYPES, ORG_TYPE_NAMES, SERVICE_FIELDS } from '../../../contracts/org-kinds';
import { api, type Page } from '../../app/api';
import { useT, type MessageKey } from '../../app/i18n';
import { useRegionsAtLevel, type Region } from '../regions/regions-api';

/*
 * The application form of each kind, shared by the wizard (a new application) and the edit page (a draft, or an
 * application answering a one-time notice). The server checks every field at save and names it (`form.<path>`);
 * fieldOfPath puts its message under the field that shows it.
 */

interface Department {
  id: string;
  name: string;
  shortName: string;
}

/** A notice item on a field, as the edit page shows it: what is wrong, and whether it is answered yet. */
export interface FieldNotice {
  no: number;
  problem: string;
  answered: boolean;
}

/** The notice's items by the form field they point at (the form's own field names). */
const NoticeContext = createContext<Record<string, FieldNotice>>({});

/** The form's field a stored form path is shown in (yuan fields for fen, a change's fields without `changes.`). */
export function fieldOfPath(path: string): string {
  const p = path.replace(/^form\./, '').replace(/^changes\./, '');
  if (p === 'registeredCapitalFen') return 'registeredCapitalYuan';
  if (p === 'revenueFen') return 'revenueYuan';
  if (p === 'expenditureFen') return 'expenditureYuan';
  return p;
}

/** A Form.Item that, when a notice item points at it, is marked and says what to correct. */
function F({ name, label, extra, ...rest }: Omit<FormItemProps, 'name' | 'label'> & { name: string; label: ReactNode }) {
  const notice = useContext(NoticeContext)[name];
  if (!notice) return <Form.Item name={name} label={label} extra={extra} {...rest} />;
  return (
    <Form.Item
      name={name}
      label={
        <span>
          {label} <Tag color={notice.answered ? 'success' : 'warning'}>{notice.answered ? '已修改' : `需补正 · 第 ${notice.no} 项`}</Tag>
        </span>
      }
      extra={
        <Typography.Text type={notice.answered ? 'secondary' : 'warning'} data-testid={`notice-field-${name}`}>
          一次性告知：{notice.problem}
        </Typography.Text>
      }
      {...rest}
    />
  );
}

/** The form values → the stored form (yuan → fen; a change's fields under `changes`). */
export function toForm(kind: ApplicationKind, v: Record<string, unknown>): Record<string, unknown> {
  const yuanToFen = (x: unknown) => (typeof x === 'number' ? Math.round(x * 100) : 0);
  if (kind === 'establishment' || kind === 'filing') return { ...v, registeredCapitalFen: yuanToFen(v.registeredCapitalYuan), registeredCapitalYuan: undefined };
  if (kind === 'change') {
    const changes: Record<string, unknown> = {};
    for (const k of ['name', 'address', 'businessScope', 'legalRepName', 'legalRepPhone', 'contactName', 'contactPhone']) if (v[k]) changes[k] = v[k];
    return { orgId: v.orgId, reason: v.reason, changes };
  }
  if (kind === 'annualReport') return { ...v, revenueFen: yuanToFen(v.revenueYuan), expenditureFen: yuanToFen(v.expenditureYuan), revenueYuan: undefined, expenditureYuan: undefined };
  return v;
}

/** The stored form (as the server answers it, personal data masked) → the form values. */
export function fromForm(kind: ApplicationKind, form: Record<string, unknown>): Record<string, unknown> {
  const fenToYuan = (x: unknown) => (typeof x === 'number' ? x / 100 : undefined);
  if (kind === 'establishment' || kind === 'filing') return { ...form, registeredCapitalYuan: fenToYuan(form.registeredCapitalFen) };
  if (kind === 'change') return { orgId: form.orgId, reason: form.reason, ...((form.changes as Record<string, unknown> | undefined) ?? {}) };
  if (kind === 'annualReport') return { ...form, revenueYuan: fenToYuan(form.revenueFen), expenditureYuan: fenToYuan(form.expenditureFen) };
  return form;
}

/** The fields of a kind's form; `notices` marks the fields a one-time notice points at. */
export function KindForm({ kind, orgs, notices = {} }: { kind: ApplicationKind; orgs: { id: string; name: string }[]; notices?: Record<string, FieldNotice> }) {
  return (
    <NoticeContext.Provider value={notices}>
      <KindFields kind={kind} orgs={orgs} />
    </NoticeContext.Provider>
  );
}

function KindFields({ kind, orgs }: { kind: ApplicationKind; orgs: { id: string; name: string }[] }) {
  const t = useT();
  const towns = useRegionsAtLevel('town');
  const townId = Form.useWatch('townId') as string | undefined;
  const communities = useQuery({ queryKey: ['regions', 'children-of', townId], queryFn: () => api.get<Page<Region>>('/regions', { parentId: townId, limit: 100 }).then((r) => r.items), enabled: !!townId });
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items) });
  const col = { xs: 24, md: 12 };
  if (kind === 'establishment' || kind === 'filing') {
    return (
      <Row gutter={16}>
        <Col {...col}>
          <F name="name" label="组织名称" rules={[{ required: true, min: 4, message: '请填写名称（至少 4 个字）' }]} extra="如：海宁市许村镇XX居家养老服务中心">
            <Input maxLength={50} data-testid="f-name" />
          </F>
        </Col>
        <Col {...col}>
          <F name="type" label="组织类型" initialValue={kind === 'filing' ? 'communityOrg' : 'serviceAgency'} rules={[{ required: true }]}>
            <Select data-testid="f-type" options={ORG_TYPES.filter((x) => (kind === 'filing' ? x === 'communityOrg' : true)).map((x) => ({ value: x, label: ORG_TYPE_NAMES[x].zh }))} />
          </F>
        </Col>
        <Col {...col}>
          <F name="townId" label="住所所在镇（街道）" rules={[{ required: true, message: '请选择镇（街道）' }]}>
            <Select data-testid="f-town" showSearch optionFilterProp="label" loading={towns.isPending} options={(towns.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </F>
        </Col>
        <Col {...col}>
          <F name="communityId" label="村（社区）">
            <Select data-testid="f-community" allowClear showSearch optionFilterProp="label" disabled={!townId} options={(communities.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </F>
        </Col>
        <Col span={24}>
          <F name="address" label="住所" rules={[{ required: true, min: 4, message: '请填写住所' }]}>
            <Input maxLength={200} data-testid="f-address" />
          </F>
        </Col>
        <Col span={24}>
          <F name="businessScope" label="业务范围" rules={[{ required: true, min: 4, message: '请填写业务范围' }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="f-scope" />
          </F>
        </Col>
        <Col span={24}>
          <F name="serviceFields" label="服务领域" rules={[{ required: true, message: '至少选择一个服务领域' }]}>
            <Checkbox.Group data-testid="f-fields" options={SERVICE_FIELDS.map((f) => ({ value: f, label: t(`org.field.${f}` as MessageKey) }))} />
          </F>
        </Col>
        {kind === 'establishment' ? (
          <Col {...col}>
            <F name="supervisingUnitId" label="业务主管单位" rules={[{ required: true, message: '请选择业务主管单位' }]}>
              <Select data-testid="f-supervisor" showSearch optionFilterProp="label" options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </F>
          </Col>
        ) : null}
        <Col {...col}>
          <F name="registeredCapitalYuan" label="注册资金（元）" initialValue={0} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} className="sz-w-full" data-testid="f-capital" />
          </F>
        </Col>
        <Col {...col}>
          <F name="legalRepName" label={kind === 'filing' ? '负责人' : '法定代表人'} rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={30} data-testid="f-rep" />
          </F>
        </Col>
        <Col {...col}>
          {/* The check digit and the date inside are checked by the server at save, naming this field. */}
          <F name="legalRepIdNumber" label="公民身份号码" rules={[{ required: true, len: 18, message: '请填写 18 位身份号码' }]} extra="已保存的号码部分隐藏显示；不修改则保持原值">
            <Input maxLength={18} data-testid="f-rep-id" />
          </F>
        </Col>
        <Col {...col}>
          <F name="legalRepPhone" label="手机号码" rules={[{ required: true, len: 11, message: '请填写 11 位手机号码' }]}>
            <Input maxLength={11} data-testid="f-rep-phone" />
          </F>
        </Col>
      </Row>
    );
  }
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item name="orgId" label="社会组织" initialValue={orgs[0]?.id} rules={[{ required: true }]}>
          <Select options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
      </Col>
      {kind === 'change' ? (
        <>
          <Col span={24}>
            <Typography.Paragraph type="secondary">只填写需要变更的事项，未填写的保持不变。</Typography.Paragraph>
          </Col>
          <Col {...col}>
            <F name="name" label="新名称">
              <Input />
            </F>
          </Col>
          <Col {...col}>
            <F name="address" label="新住所">
              <Input />
            </F>
          </Col>
          <Col {...col}>
            <F name="legalRepName" label="新法定代表人">
              <Input />
            </F>
          </Col>
          <Col {...col}>
            <F name="legalRepPhone" label="法定代表人新手机号">
              <Input maxLength={11} />
            </F>
          </Col>
          <Col span={24}>
            <F name="businessScope" label="新业务范围">
              <Input.TextArea rows={2} />
            </F>
          </Col>
          <Col span={24}>
            <F name="reason" label="变更理由" rules={[{ required: true, min: 4, message: '请说明变更理由' }]}>
              <Input.TextArea rows={2} />
            </F>
          </Col>
        </>
      ) : null}
      {kind === 'deregistration' ? (
        <>
          <Col span={24}>
            <F name="reason" label="注销理由" rules={[{ required: true, min: 4, message: '请说明注销理由' }]}>
              <Input.TextArea rows={2} />
            </F>
          </Col>
          <Col span={24}>
            <F name="liquidationDone" label="清算情况" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('注销前须完成清算'))) }]}>
              <Checkbox>已完成清算，清算报告已经理事会通过</Checkbox>
            </F>
          </Col>
        </>
      ) : null}
      {kind === 'annualReport' ? (
        <>
          <Col {...col}>
            <F name="year" label="年度" initialValue={new Date().getFullYear() - 1} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="revenueYuan" label="年度收入（元）" initialValue={0}>
              <InputNumber min={0} precision={2} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="expenditureYuan" label="年度支出（元）" initialValue={0}>
              <InputNumber min={0} precision={2} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="activityCount" label="开展活动（次）" initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="beneficiaryCount" label="服务对象（人次）" initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="staffCount" label="从业人员" initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </F>
          </Col>
          <Col span={24}>
            <F name="summary" label="年度工作概述" rules={[{ required: true, min: 10, message: '至少 10 个字' }]}>
              <Input.TextArea rows={3} />
            </F>
          </Col>
        </>
      ) : null}
    </Row>
  );
}
