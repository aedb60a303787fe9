import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, List, Radio, Space, Spin, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { APPLICATION_KIND_NAMES, CHECKLISTS, type ApplicationKind } from '../../../contracts/application-kinds';
import { ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { api, ProblemError } from '../../app/api';
import { useCan, useCurrentUser } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { CaseAttachments } from '../cases/case-attachments';
import { fieldOfPath, KindForm, toForm } from './application-form';
import { useApplication, useApplicationGuide, useApplicationSettings, useCreateApplication, useFire, type Application } from './applications-api';

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
          <GuideCard kind={kind} />
          {!orgIds.length ? <Alert className="sz-mt-16" type="info" showIcon message="变更、注销和年度报告由已登记组织的账号成员办理；准予登记后，您的账号即成为该组织的联系人账号，可在“本组织”页面办理并添加其他成员。" /> : null}
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
                    if (!applyProblemToForm(form, e, (p) => (p.startsWith('form.') ? fieldOfPath(p) : null))) message.error(problemMessage(e, t));
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
      <Typography.Paragraph>请核对以下内容，确认无误后提交；提交后由登记机关审查，如需补正会一次性告知。</Typography.Paragraph>
      <Summary a={a} />
      <Descriptions size="small" bordered column={1} className="sz-mt-16" data-testid="wizard-summary-materials">
        <Descriptions.Item label="事项">{a.kindName}</Descriptions.Item>
        <Descriptions.Item label="材料">
          {missing.length ? <Typography.Text type="danger">缺少：{missing.map((m) => m.name).join('、')}</Typography.Text> : `齐全（${a.checklist.filter((i) => i.provided).length} 项）`}
        </Descriptions.Item>
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

/** 办事指南 of the chosen kind, before the form: conditions, materials with their templates, time limits, fees, legal basis. */
function GuideCard({ kind }: { kind: ApplicationKind }) {
  const { data: g, isPending } = useApplicationGuide(kind);
  const isPhone = useIsPhone();
  if (isPending) return <Spin className="sz-block sz-mt-16" />;
  if (!g) return null;
  return (
    <Card size="small" type="inner" className="sz-mt-16" title={`办事指南：${g.kindName}`} data-testid="application-guide">
      <Descriptions size="small" column={1} bordered layout={isPhone ? 'vertical' : 'horizontal'}>
        <Descriptions.Item label="申请条件">
          <ol className="sz-m-0" style={{ paddingInlineStart: 20 }}>
            {g.conditions.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ol>
        </Descriptions.Item>
        <Descriptions.Item label="申请材料">
          <List
            size="small"
            dataSource={g.materials}
            renderItem={(m) => (
              <List.Item className="sz-px-0">
                <Space wrap size={4}>
                  <span>{m.name}</span>
                  {m.required ? <Tag color="blue">必需</Tag> : <Tag>可选</Tag>}
                  {m.templateUrl ? (
                    <a href={m.templateUrl} data-testid={`template-${m.key}`}>
                      <DownloadOutlined /> 下载模板（Word）
                    </a>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        </Descriptions.Item>
        <Descriptions.Item label="办理时限">
          受理后 {g.promisedDays} 个工作日内办结；需补正的，申请人应在 {g.supplementDays ?? '—'} 个工作日内补正（{g.supplementOverdueName}）
        </Descriptions.Item>
        <Descriptions.Item label="收费">{g.fees}</Descriptions.Item>
        <Descriptions.Item label="办理方式">{g.channel}</Descriptions.Item>
        <Descriptions.Item label="设定依据">{g.legalBasis.join('；')}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

const SUMMARY_LABELS: Record<string, string> = {
  name: '名称',
  type: '组织类型',
  address: '住所',
  businessScope: '业务范围',
  registeredCapitalFen: '注册资金',
  legalRepName: '法定代表人（负责人）',
  legalRepIdNumber: '公民身份号码',
  legalRepPhone: '手机号码',
  reason: '理由',
  year: '年度',
  summary: '年度工作概述',
};

/** The form as saved, for the applicant to check before submitting (personal data masked, as the server answers it). */
function Summary({ a }: { a: Application }) {
  const form = { ...a.form, ...((a.form.changes as Record<string, unknown> | undefined) ?? {}) };
  const text = (k: string, v: unknown) => {
    if (k === 'registeredCapitalFen' && typeof v === 'number') return `${(v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;
    if (k === 'type' && typeof v === 'string') return ORG_TYPE_NAMES[v as keyof typeof ORG_TYPE_NAMES]?.zh ?? v;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '—';
  };
  return (
    <Descriptions size="small" bordered column={1} title={a.title} data-testid="wizard-summary">
      {Object.keys(SUMMARY_LABELS)
        .filter((k) => form[k] !== undefined && form[k] !== null && form[k] !== '')
        .map((k) => (
          <Descriptions.Item key={k} label={SUMMARY_LABELS[k]}>
            {text(k, form[k])}
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}
