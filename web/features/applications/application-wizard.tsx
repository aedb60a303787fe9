import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Flex, Form, Input, InputNumber, Radio, Row, Select, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { APPLICATION_KIND_NAMES, CHECKLISTS, type ApplicationKind } from '../../../contracts/application-kinds';
import { ORG_TYPES, ORG_TYPE_NAMES, SERVICE_FIELDS } from '../../../contracts/org-kinds';
import { api, ProblemError, type Page } from '../../app/api';
import { useCan, useCurrentUser } from '../../app/auth';
import { useT, type MessageKey } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useRegionsAtLevel, type Region } from '../regions/regions-api';
import { CaseAttachments } from '../cases/case-attachments';
import { useApplication, useApplicationSettings, useCreateApplication, useFire } from './applications-api';

interface Department {
  id: string;
  name: string;
  shortName: string;
}

const KIND_HELP: Record<ApplicationKind, string> = {
  establishment: '新成立社会团体、社会服务机构或基金会，登记后取得统一社会信用代码和电子证书。',
  filing: '在镇（街道）备案的社区社会组织，无需注册资金下限。',
  change: '名称、住所、业务范围、法定代表人等登记事项发生变化。',
  deregistration: '组织终止，完成清算后申请注销登记。',
  annualReport: '报送上一年度工作和财务情况。',
};

/** Applicants file in four steps: kind → form → materials → review and submit ("one trip at most"). */
export function ApplicationWizard() {
  const me = useCurrentUser();
  const orgIds = me.grants.filter((g) => g.role === 'orgMember' && g.scopeId).map((g) => ({ id: g.scopeId!, name: g.scopeName ?? '' }));
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ApplicationKind>('establishment');
  const [appId, setAppId] = useState<string | null>(null);
  const can = useCan();
  // Office staff filing here are entering a counter application for someone at the window.
  const isCounter = can('application.handle');
  const [applicantName, setApplicantName] = useState('');
  const [form] = Form.useForm();
  const create = useCreateApplication();
  const settings = useApplicationSettings();
  const { message } = App.useApp();
  const t = useT();
  const kinds: ApplicationKind[] = orgIds.length ? ['establishment', 'filing', 'change', 'deregistration', 'annualReport'] : ['establishment', 'filing'];
  const promised = settings.data?.items.find((s) => s.kind === kind)?.promisedDays;

  return (
    <div data-testid="application-wizard">
      <PageHeader title="新建申请" description="网上申办，最多跑一次：材料齐全即可在线提交，缺什么一次告知。" />
      <Card size="small" className="sz-mb-16">
        <Steps size="small" current={step} items={[{ title: '选择事项' }, { title: '填写申请表' }, { title: '上传材料' }, { title: '确认提交' }]} />
      </Card>
      {step === 0 ? (
        <Card>
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as ApplicationKind)} className="sz-w-full">
            <Space direction="vertical" className="sz-w-full">
              {kinds.map((k) => (
                <Radio key={k} value={k} data-testid={`kind-${k}`}>
                  <strong>{APPLICATION_KIND_NAMES[k].zh}</strong>
                  <Typography.Text type="secondary" className="sz-block">
                    {KIND_HELP[k]}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          {!orgIds.length ? <Alert className="sz-mt-16" type="info" showIcon message="变更、注销和年度报告由已登记组织的成员办理；组织成立后，登记机关会为您开通组织账号权限。" /> : null}
          {promised ? <Typography.Paragraph className="sz-mt-16">承诺办结时限：受理后 {promised} 个工作日。</Typography.Paragraph> : null}
          {isCounter ? (
            <Alert
              className="sz-mb-16"
              type="info"
              showIcon
              message="窗口代办：为到窗口办事的申请人录入申请"
              description={<Input placeholder="申请人姓名" value={applicantName} onChange={(e) => setApplicantName(e.target.value)} style={{ maxWidth: 240 }} data-testid="counter-applicant" />}
            />
          ) : null}
          <Button type="primary" onClick={() => setStep(1)} data-testid="wizard-next" disabled={isCounter && applicantName.trim().length < 2}>
            下一步
          </Button>
        </Card>
      ) : null}
      {step === 1 ? (
        <Card>
          <Form form={form} layout="vertical" scrollToFirstError>
            <KindForm kind={kind} orgs={orgIds} />
          </Form>
          <Flex gap={8}>
            <Button onClick={() => setStep(0)} disabled={!!appId}>
              上一步
            </Button>
            <Button
              type="primary"
              data-testid="wizard-save"
              loading={create.isPending}
              onClick={() =>
                void form.validateFields().then(async (values: Record<string, unknown>) => {
                  const body = toForm(kind, values);
                  try {
                    if (!appId) {
                      const created = await create.mutateAsync({ kind, form: body, applicantName: isCounter ? applicantName.trim() : undefined });
                      setAppId(created.id);
                    } else {
                      const current = await api.get<{ version: number }>(`/applications/${appId}`);
                      await api.put(`/applications/${appId}/form`, { version: current.version, form: body });
                    }
                    setStep(2);
                  } catch (e) {
                    if (!applyProblemToForm(form, e, (p) => p.replace(/^form\./, ''))) message.error(problemMessage(e, t));
                  }
                })
              }
            >
              保存并下一步
            </Button>
          </Flex>
        </Card>
      ) : null}
      {step >= 2 && appId ? <MaterialsAndSubmit id={appId} step={step} setStep={setStep} /> : null}
    </div>
  );
}

function toForm(kind: ApplicationKind, v: Record<string, unknown>): Record<string, unknown> {
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

function KindForm({ kind, orgs }: { kind: ApplicationKind; orgs: { id: string; name: string }[] }) {
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
          <Form.Item name="name" label="组织名称" rules={[{ required: true, min: 4, message: '请填写名称（至少 4 个字）' }]} extra="如：海宁市许村镇XX居家养老服务中心">
            <Input maxLength={50} data-testid="f-name" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="type" label="组织类型" initialValue={kind === 'filing' ? 'communityOrg' : 'serviceAgency'} rules={[{ required: true }]}>
            <Select data-testid="f-type" options={ORG_TYPES.filter((x) => (kind === 'filing' ? x === 'communityOrg' : true)).map((x) => ({ value: x, label: ORG_TYPE_NAMES[x].zh }))} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="townId" label="住所所在镇（街道）" rules={[{ required: true, message: '请选择镇（街道）' }]}>
            <Select data-testid="f-town" showSearch optionFilterProp="label" loading={towns.isPending} options={(towns.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="communityId" label="村（社区）">
            <Select data-testid="f-community" allowClear showSearch optionFilterProp="label" disabled={!townId} options={(communities.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="address" label="住所" rules={[{ required: true, min: 4, message: '请填写住所' }]}>
            <Input maxLength={200} data-testid="f-address" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="businessScope" label="业务范围" rules={[{ required: true, min: 4, message: '请填写业务范围' }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="f-scope" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="serviceFields" label="服务领域" rules={[{ required: true, message: '至少选择一个服务领域' }]}>
            <Checkbox.Group data-testid="f-fields" options={SERVICE_FIELDS.map((f) => ({ value: f, label: t(`org.field.${f}` as MessageKey) }))} />
          </Form.Item>
        </Col>
        {kind === 'establishment' ? (
          <Col {...col}>
            <Form.Item name="supervisingUnitId" label="业务主管单位" rules={[{ required: true, message: '请选择业务主管单位' }]}>
              <Select data-testid="f-supervisor" showSearch optionFilterProp="label" options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
          </Col>
        ) : null}
        <Col {...col}>
          <Form.Item name="registeredCapitalYuan" label="注册资金（元）" initialValue={0} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} className="sz-w-full" data-testid="f-capital" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="legalRepName" label={kind === 'filing' ? '负责人' : '法定代表人'} rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={30} data-testid="f-rep" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="legalRepIdNumber" label="公民身份号码" rules={[{ required: true, len: 18, message: '请填写 18 位身份号码' }]}>
            <Input maxLength={18} data-testid="f-rep-id" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="legalRepPhone" label="手机号码" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号码' }]}>
            <Input maxLength={11} data-testid="f-rep-phone" />
          </Form.Item>
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
            <Form.Item name="name" label="新名称">
              <Input />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="address" label="新住所">
              <Input />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="legalRepName" label="新法定代表人">
              <Input />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="legalRepPhone" label="法定代表人新手机号">
              <Input maxLength={11} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="businessScope" label="新业务范围">
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="reason" label="变更理由" rules={[{ required: true, min: 4, message: '请说明变更理由' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </>
      ) : null}
      {kind === 'deregistration' ? (
        <>
          <Col span={24}>
            <Form.Item name="reason" label="注销理由" rules={[{ required: true, min: 4, message: '请说明注销理由' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="liquidationDone" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('注销前须完成清算'))) }]}>
              <Checkbox>已完成清算，清算报告已经理事会通过</Checkbox>
            </Form.Item>
          </Col>
        </>
      ) : null}
      {kind === 'annualReport' ? (
        <>
          <Col {...col}>
            <Form.Item name="year" label="年度" initialValue={new Date().getFullYear() - 1} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} className="sz-w-full" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="revenueYuan" label="年度收入（元）" initialValue={0}>
              <InputNumber min={0} precision={2} className="sz-w-full" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="expenditureYuan" label="年度支出（元）" initialValue={0}>
              <InputNumber min={0} precision={2} className="sz-w-full" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="activityCount" label="开展活动（次）" initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="beneficiaryCount" label="服务对象（人次）" initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="staffCount" label="从业人员" initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="summary" label="年度工作概述" rules={[{ required: true, min: 10, message: '至少 10 个字' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
        </>
      ) : null}
    </Row>
  );
}

function MaterialsAndSubmit({ id, step, setStep }: { id: string; step: number; setStep: (n: number) => void }) {
  const { data: a, refetch } = useApplication(id);
  const fire = useFire(id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const t = useT();
  const [problems, setProblems] = useState<string[]>([]);
  if (!a) return null;
  const missing = a.checklist.filter((i) => i.required && !i.provided);
  if (step === 2) {
    return (
      <Card>
        <CaseAttachments caseId={a.id} attachments={a.case.attachments} canUpload={a.case.abilities.attach} onUploaded={refetch} items={CHECKLISTS[a.kind]} testIdPrefix="wizard-material" />
        <Flex gap={8} className="sz-mt-16">
          <Button onClick={() => setStep(1)}>上一步</Button>
          <Button type="primary" onClick={() => setStep(3)} data-testid="wizard-next">
            下一步{missing.length ? `（还缺 ${missing.length} 项必需材料）` : ''}
          </Button>
        </Flex>
      </Card>
    );
  }
  return (
    <Card>
      <Descriptions size="small" bordered column={1} title={a.title}>
        <Descriptions.Item label="事项">{a.kindName}</Descriptions.Item>
        <Descriptions.Item label="材料">{missing.length ? <Typography.Text type="danger">缺少：{missing.map((m) => m.name).join('、')}</Typography.Text> : '齐全'}</Descriptions.Item>
      </Descriptions>
      {problems.length ? (
        <Alert
          className="sz-mt-16"
          type="error"
          showIcon
          message="请修改以下问题后再提交"
          description={
            <ul className="sz-m-0">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Flex gap={8} className="sz-mt-16">
        <Button onClick={() => setStep(2)}>上一步</Button>
        <Button onClick={() => navigate(`/applications/${id}`)}>暂存草稿</Button>
        <Button
          type="primary"
          data-testid="wizard-submit"
          loading={fire.isPending}
          onClick={() =>
            void fire
              .mutateAsync({ event: 'submit', version: a.case.version })
              .then(() => {
                message.success('已提交，请留意办理进度');
                navigate(`/applications/${id}`);
              })
              .catch((e: unknown) => setProblems(e instanceof ProblemError && e.errors.length ? e.errors.map((x) => x.message) : [problemMessage(e, t)]))
          }
        >
          提交申请
        </Button>
      </Flex>
    </Card>
  );
}
