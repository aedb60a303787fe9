import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, List, Radio, Space, Spin, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { APPLICATION_KIND_NAMES, type ApplicationKind } from '../../../contracts/application-kinds';
import { ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { api, ProblemError } from '../../app/api';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { CaseAttachments } from '../cases/case-attachments';
import { fieldOfPath, KindForm, toForm } from './application-form';
import { useApplication, useApplicationGuide, useApplicationSettings, useCreateApplication, useFire, type Application } from './applications-api';

const KIND_HELP: Record<ApplicationKind, MessageKey> = {
  establishment: 'application.wizard.help.establishment',
  filing: 'application.wizard.help.filing',
  change: 'application.wizard.help.change',
  deregistration: 'application.wizard.help.deregistration',
  annualReport: 'application.wizard.help.annualReport',
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
  const { locale } = useI18n();
  const kinds: ApplicationKind[] = orgIds.length ? ['establishment', 'filing', 'change', 'deregistration', 'annualReport'] : ['establishment', 'filing'];
  // Each city sets its own promise; before the town is chosen the promise is told only where every city gives the same.
  const promises = new Set(settings.data?.items.filter((s) => s.kind === kind).map((s) => s.promisedDays));
  const promised = promises.size === 1 ? [...promises][0] : undefined;

  return (
    <div data-testid="application-wizard">
      <PageHeader title={t('application.list.new')} description={t('application.wizard.description')} />
      <Card size="small" className="sz-mb-16">
        <Steps size="small" current={step} items={[{ title: t('application.wizard.step.kind') }, { title: t('application.wizard.step.form') }, { title: t('application.wizard.step.materials') }, { title: t('application.wizard.step.confirm') }]} />
      </Card>
      {step === 0 ? (
        <Card>
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as ApplicationKind)} className="sz-w-full">
            <Space direction="vertical" className="sz-w-full">
              {kinds.map((k) => (
                <Radio key={k} value={k} data-testid={`kind-${k}`}>
                  <strong>{locale === 'en-US' ? APPLICATION_KIND_NAMES[k].en : APPLICATION_KIND_NAMES[k].zh}</strong>
                  <Typography.Text type="secondary" className="sz-block">
                    {t(KIND_HELP[k])}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          <GuideCard kind={kind} />
          {!orgIds.length ? <Alert className="sz-mt-16" type="info" showIcon message={t('application.wizard.orgOnly')} /> : null}
          {promised ? <Typography.Paragraph className="sz-mt-16">{t('application.wizard.promised', { days: promised })}</Typography.Paragraph> : null}
          {isCounter ? (
            <Alert
              className="sz-mb-16"
              type="info"
              showIcon
              message={t('application.wizard.counter')}
              description={<Input placeholder={t('application.wizard.applicantName')} value={applicantName} onChange={(e) => setApplicantName(e.target.value)} style={{ maxWidth: 240 }} data-testid="counter-applicant" />}
            />
          ) : null}
          <Button type="primary" onClick={() => setStep(1)} data-testid="wizard-next" disabled={isCounter && applicantName.trim().length < 2}>
            {t('application.wizard.next')}
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
              {t('application.wizard.back')}
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
              {t('application.wizard.saveNext')}
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
  const { locale } = useI18n();
  const [problems, setProblems] = useState<string[]>([]);
  if (!a) return null;
  const missing = a.checklist.filter((i) => i.required && !i.provided);
  if (step === 2) {
    return (
      <Card>
        <CaseAttachments caseId={a.id} attachments={a.case.attachments} canUpload={a.case.abilities.attach} onUploaded={refetch} items={a.checklist} testIdPrefix="wizard-material" />
        <Flex gap={8} className="sz-mt-16">
          <Button onClick={() => setStep(1)}>{t('application.wizard.back')}</Button>
          <Button type="primary" onClick={() => setStep(3)} data-testid="wizard-next">
            {missing.length ? t('application.wizard.nextMissing', { count: missing.length }) : t('application.wizard.next')}
          </Button>
        </Flex>
      </Card>
    );
  }
  return (
    <Card>
      <Typography.Paragraph>{t('application.wizard.check')}</Typography.Paragraph>
      <Summary a={a} />
      <Descriptions size="small" bordered column={1} className="sz-mt-16" data-testid="wizard-summary-materials">
        <Descriptions.Item label={t('application.wizard.kind')}>{a.kindName}</Descriptions.Item>
        <Descriptions.Item label={t('application.wizard.materials')}>
          {missing.length ? <Typography.Text type="danger">{t('application.wizard.missing', { names: missing.map((m) => m.name).join(locale === 'en-US' ? ', ' : '、') })}</Typography.Text> : t('application.wizard.complete', { count: a.checklist.filter((i) => i.provided).length })}
        </Descriptions.Item>
      </Descriptions>
      {problems.length ? (
        <Alert
          className="sz-mt-16"
          type="error"
          showIcon
          message={t('application.wizard.fixProblems')}
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
        <Button onClick={() => setStep(2)}>{t('application.wizard.back')}</Button>
        <Button onClick={() => navigate(`/applications/${id}`)}>{t('application.wizard.saveDraft')}</Button>
        <Button
          type="primary"
          data-testid="wizard-submit"
          loading={fire.isPending}
          onClick={() =>
            void fire
              .mutateAsync({ event: 'submit', version: a.case.version })
              .then(() => {
                message.success(t('application.edit.submitted'));
                navigate(`/applications/${id}`);
              })
              .catch((e: unknown) => setProblems(e instanceof ProblemError && e.errors.length ? e.errors.map((x) => x.message) : [problemMessage(e, t)]))
          }
        >
          {t('application.wizard.submit')}
        </Button>
      </Flex>
    </Card>
  );
}

/** 办事指南 of the chosen kind, before the form: conditions, materials with their templates, time limits, fees, legal basis. */
function GuideCard({ kind }: { kind: ApplicationKind }) {
  const { data: g, isPending } = useApplicationGuide(kind);
  const isPhone = useIsPhone();
  const t = useT();
  const { locale } = useI18n();
  if (isPending) return <Spin className="sz-block sz-mt-16" />;
  if (!g) return null;
  return (
    <Card size="small" type="inner" className="sz-mt-16" title={t('application.guide.title', { kind: g.kindName })} data-testid="application-guide">
      <Descriptions size="small" column={1} bordered layout={isPhone ? 'vertical' : 'horizontal'}>
        <Descriptions.Item label={t('application.guide.conditions')}>
          <ol className="sz-m-0" style={{ paddingInlineStart: 20 }}>
            {g.conditions.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ol>
        </Descriptions.Item>
        <Descriptions.Item label={t('application.materials')}>
          <List
            size="small"
            dataSource={g.materials}
            renderItem={(m) => (
              <List.Item className="sz-px-0">
                <Space wrap size={4}>
                  <span>{m.name}</span>
                  {m.required ? <Tag color="blue">{t('application.guide.required')}</Tag> : <Tag>{t('application.guide.optional')}</Tag>}
                  {m.templateUrl ? (
                    <a href={m.templateUrl} data-testid={`template-${m.key}`}>
                      <DownloadOutlined /> {t('application.guide.template')}
                    </a>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('application.guide.timeLimit')}>
          {t('application.guide.timeLimitText', { days: g.promisedDays, supplementDays: g.supplementDays ?? '—', rule: g.supplementOverdueName })}
        </Descriptions.Item>
        <Descriptions.Item label={t('application.guide.fees')}>{g.fees}</Descriptions.Item>
        <Descriptions.Item label={t('application.guide.channel')}>{g.channel}</Descriptions.Item>
        <Descriptions.Item label={t('application.guide.legalBasis')}>{g.legalBasis.join(locale === 'en-US' ? '; ' : '；')}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

const SUMMARY_LABELS: Record<string, MessageKey> = {
  name: 'application.field.name',
  type: 'application.form.type',
  address: 'application.form.address',
  businessScope: 'application.form.businessScope',
  registeredCapitalFen: 'application.field.registeredCapital',
  legalRepName: 'application.field.legalRep',
  legalRepIdNumber: 'application.form.idNumber',
  legalRepPhone: 'application.form.phone',
  reason: 'application.field.reason',
  year: 'application.form.year',
  summary: 'application.form.summary',
};

/** The form as saved, for the applicant to check before submitting (personal data masked, as the server answers it). */
function Summary({ a }: { a: Application }) {
  const t = useT();
  const { locale } = useI18n();
  const form = { ...a.form, ...((a.form.changes as Record<string, unknown> | undefined) ?? {}) };
  const text = (k: string, v: unknown) => {
    if (k === 'registeredCapitalFen' && typeof v === 'number') return t('application.field.yuan', { amount: (v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) });
    if (k === 'type' && typeof v === 'string') {
      const names = ORG_TYPE_NAMES[v as keyof typeof ORG_TYPE_NAMES];
      return names ? (locale === 'en-US' ? names.en : names.zh) : v;
    }
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '—';
  };
  return (
    <Descriptions size="small" bordered column={1} title={a.title} data-testid="wizard-summary">
      {Object.keys(SUMMARY_LABELS)
        .filter((k) => form[k] !== undefined && form[k] !== null && form[k] !== '')
        .map((k) => (
          <Descriptions.Item key={k} label={t(SUMMARY_LABELS[k])}>
            {text(k, form[k])}
          </Descriptions.Item>
        ))}
    </Descriptions>
  );
}
