import { CaseActions, type EventSpec } from '../cases/case-actions';
import { CaseAttachments } from '../cases/case-attachments';
import { CaseComments } from '../cases/case-comments';
import { CaseTimeline } from '../cases/case-timeline';
import { ErrorAlert } from '../../components/error-alert';
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, List, Radio, Select, Space, Spin, Steps, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { FORM_FIELDS } from '../../../contracts/application-kinds';
import { ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { problemMessage } from '../../app/query';
import { useI18n, useT, type MessageKey, type Translate } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useApplication, useCertificate, useRefreshCases, type Application } from './applications-api';
import { DeadlineText, PATH, StateTag } from './application-labels';
import { AnswerTag } from './application-edit-page';

const FORM_LABELS: Record<string, MessageKey> = {
  name: 'application.field.name',
  type: 'application.form.type',
  address: 'application.form.address',
  businessScope: 'application.form.businessScope',
  serviceFields: 'application.form.serviceFields',
  registeredCapitalFen: 'application.field.registeredCapital',
  legalRepName: 'application.field.legalRep',
  legalRepIdNumber: 'application.field.idNumber',
  legalRepPhone: 'application.field.phone',
  contactName: 'application.field.contactName',
  contactPhone: 'application.field.contactPhone',
  reason: 'application.field.reason',
  year: 'application.form.year',
  revenueFen: 'application.field.revenue',
  expenditureFen: 'application.field.expenditure',
  activityCount: 'application.form.activities',
  beneficiaryCount: 'application.form.beneficiaries',
  staffCount: 'application.form.staff',
  summary: 'application.field.summary',
};

function formValue(key: string, value: unknown, t: Translate, en: boolean): string {
  const separator = en ? ', ' : '、';
  if (value === null || value === undefined || value === '') return '—';
  if (key.endsWith('Fen') && typeof value === 'number') return t('application.field.yuan', { amount: (value / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) });
  if (key === 'type' && typeof value === 'string') {
    const names = ORG_TYPE_NAMES[value as keyof typeof ORG_TYPE_NAMES];
    return names ? (en ? names.en : names.zh) : value;
  }
  if (key === 'serviceFields' && Array.isArray(value)) return value.map((v) => t(`org.field.${String(v)}` as MessageKey)).join(separator);
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (Array.isArray(value)) return value.map((v) => formValue(key, v, t, en)).join(separator);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function currentStep(a: Application): number {
  if (a.state === 'supplementRequested') return 1;
  if (a.state === 'withdrawn') return 0;
  return Math.max(0, PATH.findIndex((p) => p.key === a.state));
}

/** The case page: where the application stands, what is missing, who acts next, and the actions this user may take. */
export function ApplicationPage() {
  const { id = '' } = useParams();
  const { data: a, isPending, error, refetch } = useApplication(id);
  const isPhone = useIsPhone();
  const t = useT();
  const en = useI18n().locale === 'en-US';
  const refresh = useRefreshCases();
  if (isPending) return <Spin className="sz-block sz-m-48" />;
  if (error || !a) return <ErrorAlert error={error} onRetry={refetch} />;

  const c = a.case;
  const waiting = c.waitingOn.map((w) => (w.departmentName ? t('application.page.waitingOn', { department: w.departmentName, task: w.task }) : w.task));
  return (
    <div data-testid="application-page">
      <PageHeader
        title={
          <Space wrap>
            <span>{a.title}</span>
            <StateTag state={a.state} outcome={a.outcome} />
          </Space>
        }
        description={`${a.number} · ${a.kindName}${a.townName ? ` · ${a.townName}` : ''}${a.applicantName ? ` · ${t('application.page.applicant', { name: a.applicantName })}` : ''}`}
        extra={<Link to="/applications">{t('application.page.back')}</Link>}
      />
      <Card size="small" className="sz-mb-16">
        <Steps
          size="small"
          direction={isPhone ? 'vertical' : 'horizontal'}
          current={currentStep(a)}
          status={a.outcome === 'rejected' ? 'error' : a.state === 'completed' ? 'finish' : 'process'}
          items={PATH.map((p) => ({ title: t(p.key === 'submitted' && a.state === 'supplementRequested' ? 'application.path.supplement' : p.title) }))}
        />
        <Descriptions size="small" column={isPhone ? 1 : 3} className="sz-mt-16">
          <Descriptions.Item label={t('application.page.currentStep')}>{c.stateName}</Descriptions.Item>
          <Descriptions.Item label={t('application.list.due')}>
            {c.dueOn ? (
              <Space>
                <span>{c.dueOn}</span>
                <DeadlineText overdue={c.overdue} workingDaysLeft={c.workingDaysLeft} dueOn={c.dueOn} />
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('application.page.promisedDue')}>{a.promisedDueOn ?? t('application.page.afterAcceptance')}</Descriptions.Item>
          <Descriptions.Item label={t('application.page.waiting')}>{waiting.length ? waiting.join(en ? '; ' : '；') : a.state === 'completed' ? t('application.page.completed') : '—'}</Descriptions.Item>
          {a.orgId ? (
            <Descriptions.Item label={t('application.form.org')}>
              <Link to={`/orgs/${a.orgId}`}>{t('application.page.viewOrg')}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      {a.decision ? <DecisionCard a={a} /> : null}
      {a.state === 'completed' && a.outcome === 'approved' && (a.kind === 'establishment' || a.kind === 'filing') ? <CertificateCard a={a} /> : null}
      {a.supplementNotice ? <SupplementNotice a={a} /> : null}
      <Actions a={a} />

      <Flex gap={16} vertical={isPhone} align="flex-start">
        <div style={{ flex: 3, minWidth: 0, width: '100%' }}>
          <Card size="small" title={t('application.page.content')} className="sz-mb-16">
            {a.diff ? (
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={a.diff}
                columns={[
                  { title: t('application.page.diffItem'), dataIndex: 'label' },
                  { title: t('application.page.before'), dataIndex: 'before', render: (v: unknown, r) => formValue(r.field, v, t, en) },
                  { title: t('application.page.after'), dataIndex: 'after', render: (v: unknown, r) => <Typography.Text mark>{formValue(r.field, v, t, en)}</Typography.Text> },
                ]}
              />
            ) : null}
            <Descriptions size="small" column={isPhone ? 1 : 2} bordered style={{ marginTop: a.diff ? 12 : 0 }}>
              {Object.entries(a.form)
                .filter(([k]) => FORM_LABELS[k])
                .map(([k, v]) => (
                  <Descriptions.Item key={k} label={t(FORM_LABELS[k])}>
                    {formValue(k, v, t, en)}
                  </Descriptions.Item>
                ))}
            </Descriptions>
          </Card>
          <Materials a={a} />
          {a.reviewDepartments.length ? (
            <Card size="small" title={t('application.path.reviewing')} className="sz-mb-16">
              <List
                size="small"
                dataSource={a.reviewDepartments}
                renderItem={(d) => (
                  <List.Item>
                    <Space direction="vertical" size={0}>
                      <Space>
                        <strong>{d.name}</strong>
                        {d.opinion === 'agree' ? <Tag color="success">{t('application.page.agree')}</Tag> : d.opinion === 'disagree' ? <Tag color="error">{t('application.page.disagree')}</Tag> : <Tag>{t('application.page.pendingOpinion')}</Tag>}
                        {d.answeredAt ? <DateTimeText value={d.answeredAt} /> : null}
                      </Space>
                      {d.comment ? <Typography.Text type="secondary">{d.comment}</Typography.Text> : null}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          ) : null}
        </div>
        <div style={{ flex: 2, minWidth: 0, width: '100%' }}>
          <Card size="small" title={t('case.history')} className="sz-mb-16" data-testid="case-timeline">
            <CaseTimeline steps={c.steps} />
          </Card>
          <Card size="small" className="sz-mb-16">
            <CaseComments c={c} everyoneLabel={t('application.page.everyone')} onPosted={refresh} />
          </Card>
        </div>
      </Flex>
    </div>
  );
}

/** The electronic certificate an approval issued: its number, whether it is in force, the PDF and the public check. */
function CertificateCard({ a }: { a: Application }) {
  const t = useT();
  const { data: cert, error, isPending } = useCertificate(a.id, true);
  const isPhone = useIsPhone();
  if (isPending) return null;
  if (error || !cert) return <Alert type="warning" showIcon className="sz-mb-16" message={t('application.cert.unavailable', { reason: problemMessage(error, t) })} />;
  const revoked = cert.status === 'revoked';
  return (
    <Card
      size="small"
      title={t(cert.kind === 'filing' ? 'application.cert.filing' : 'application.cert.registration')}
      className="sz-mb-16"
      data-testid="certificate-card"
      extra={revoked ? <Tag color="red">{t('application.cert.revoked')}</Tag> : <Tag color="green">{t('application.cert.valid')}</Tag>}
    >
      <Descriptions size="small" column={isPhone ? 1 : 3}>
        <Descriptions.Item label={t('application.cert.number')}>{cert.serialText}</Descriptions.Item>
        <Descriptions.Item label={t('application.cert.issuedAt')}>
          <DateTimeText value={cert.issuedAt} />
        </Descriptions.Item>
        {cert.revokedAt ? (
          <Descriptions.Item label={t('application.cert.revokedAt')}>
            <DateTimeText value={cert.revokedAt} />
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Space wrap className="sz-mt-8">
        <Button type="primary" icon={<DownloadOutlined />} href={cert.pdfPath} data-testid="certificate-download">
          {t('application.cert.download')}
        </Button>
        <Button href={cert.verifyPath} target="_blank" rel="noopener" data-testid="certificate-verify">
          {t('application.cert.verify')}
        </Button>
        <Typography.Text type="secondary">{t('application.cert.help')}</Typography.Text>
      </Space>
    </Card>
  );
}

/** 决定书: the decision a closed application ends with — 准予 or 不予, with the reasons — not only "已办结". */
function DecisionCard({ a }: { a: Application }) {
  const t = useT();
  const d = a.decision!;
  const tone = d.outcome === 'approved' ? 'success' : d.outcome === 'rejected' ? 'error' : 'info';
  return (
    <Alert
      className="sz-mb-16"
      type={tone}
      showIcon
      data-testid="decision"
      message={<strong>{d.title}</strong>}
      description={
        <Space direction="vertical" size={2}>
          <span>{d.text}</span>
          {d.comment ? <span className="sz-pre-wrap">{t(d.outcome === 'rejected' ? 'application.decision.reason' : 'application.decision.opinion', { text: d.comment })}</span> : null}
          <Typography.Text type="secondary">
            {d.decidedBy ? `${d.decidedBy} · ` : ''}
            <DateTimeText value={d.decidedAt} />
          </Typography.Text>
        </Space>
      }
    />
  );
}

/** The one-time notice: each item with its field or material, what is wrong, and whether it is answered; the 补正 deadline. */
function SupplementNotice({ a }: { a: Application }) {
  const t = useT();
  const n = a.supplementNotice!;
  const answered = n.items.filter((i) => i.answer).length;
  return (
    <Alert
      className="sz-mb-16"
      type={n.open ? (n.overdue ? 'error' : 'warning') : 'info'}
      showIcon
      data-testid="supplement-notice"
      message={
        n.open ? (
          <Space wrap>
            <span>{t('application.notice.open', { answered, total: n.items.length })}</span>
            {n.dueOn ? (
              <span>
                {t('application.notice.dueOn', { date: n.dueOn })} <DeadlineText overdue={n.overdue} workingDaysLeft={n.workingDaysLeft} dueOn={n.dueOn} />
              </span>
            ) : null}
          </Space>
        ) : (
          t('application.notice.closed')
        )
      }
      description={
        <>
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            {n.items.map((i) => (
              <li key={i.no} data-testid={`notice-item-${i.no}`}>
                <Space wrap size={4} align="start">
                  <AnswerTag item={i} />
                  {i.itemName ? <strong>{t('application.notice.itemName', { name: i.itemName })}</strong> : null}
                  <span className="sz-pre-wrap">{i.problem}</span>
                </Space>
                {i.explanation ? <Typography.Text type="secondary" className="sz-block">{t('application.notice.explanation', { text: i.explanation })}</Typography.Text> : null}
              </li>
            ))}
          </ol>
          {n.open ? (
            <Typography.Paragraph type="secondary" className="sz-mt-8 sz-mb-0">
              {t('application.notice.rule', { rule: n.overdueRuleName })}
            </Typography.Paragraph>
          ) : null}
          {n.open && a.abilities.edit ? (
            <Link to={`/applications/${a.id}/edit`}>
              <Button type="primary" icon={<EditOutlined />} className="sz-mt-8" data-testid="edit-application">
                {t('application.notice.correct')}
              </Button>
            </Link>
          ) : null}
        </>
      }
    />
  );
}

/** 申请材料: the kind's checklist, each item with its files and — when the case allows this caller to attach — its upload. */
function Materials({ a }: { a: Application }) {
  const { refetch } = useApplication(a.id);
  const t = useT();
  return (
    <Card size="small" title={t('application.materials')} className="sz-mb-16" data-testid="materials">
      <CaseAttachments caseId={a.id} attachments={a.case.attachments} canUpload={a.case.abilities.attach} onUploaded={refetch} items={a.checklist} />
    </Card>
  );
}

/** The values of the action dialog's own fields: a supplement notice's items, a joint reviewer's opinion. */
type ActValues = { comment?: string; opinion?: string; items?: { target?: string; problem: string }[] };

/** The buttons come from the server's `abilities` (the case kit): this page only adds its events' fields. */
function Actions({ a }: { a: Application }) {
  const refresh = useRefreshCases();
  const t = useT();
  const events: Record<string, EventSpec<ActValues>> = {
    submit: { tone: 'primary' },
    resubmit: { tone: 'primary' },
    accept: { tone: 'primary' },
    approve: { tone: 'primary', ask: true, commentLabel: t('case.comment') },
    reject: { tone: 'danger', commentLabel: t('application.action.rejectReason') },
    withdraw: { tone: 'danger', ask: true, help: t('application.action.withdrawHelp') },
    lapse: { tone: 'danger', ask: true, help: t('application.action.lapseHelp') },
    giveOpinion: {
      tone: 'primary',
      commentLabel: t('case.comment'),
      initialValues: { opinion: 'agree' },
      fields: () => (
        <Form.Item name="opinion" label={t('application.action.opinion')} rules={[{ required: true }]}>
          <Radio.Group options={[{ value: 'agree', label: t('application.page.agree') }, { value: 'disagree', label: t('application.page.disagree') }]} />
        </Form.Item>
      ),
      input: (v) => ({ opinion: v.opinion }),
    },
    requestSupplement: {
      comment: false,
      initialValues: { items: [{ problem: '' }] },
      wide: true,
      help: t('application.action.supplementHelp'),
      fields: () => <SupplementItems a={a} />,
      input: (v) => ({ items: (v.items ?? []).map((i) => (i.target?.startsWith('field:') ? { field: i.target.slice(6), problem: i.problem } : { item: i.target?.slice(9) ?? null, problem: i.problem })) }),
    },
  };
  const edit = a.abilities.edit && a.state === 'draft' ? (
    <Link to={`/applications/${a.id}/edit`}>
      <Button icon={<EditOutlined />} data-testid="edit-application">
        {t('application.action.edit')}
      </Button>
    </Link>
  ) : null;
  return <CaseActions c={a.case} events={events} onActed={refresh} extra={edit} />;
}

/** 一次性告知: every problem at once, each tied to a field of the form or a material, in as many lines as it needs. */
function SupplementItems({ a }: { a: Application }) {
  const t = useT();
  const en = useI18n().locale === 'en-US';
  const options = [
    { label: t('application.notice.formFields'), options: FORM_FIELDS[a.kind].map((f) => ({ value: `field:${f.key}`, label: en ? f.nameEn : f.name })) },
    { label: t('application.materials'), options: a.checklist.map((i) => ({ value: `material:${i.key}`, label: i.name })) },
  ];
  return (
    <Form.List name="items">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, k) => (
            <Flex key={f.key} gap={8} align="flex-start" wrap data-testid="notice-item">
              <Typography.Text className="sz-mt-4">{k + 1}.</Typography.Text>
              <Form.Item name={[f.name, 'target']} rules={[{ required: true, message: t('application.notice.targetRule') }]} style={{ flex: '1 1 180px' }}>
                <Select showSearch optionFilterProp="label" placeholder={t('application.notice.target')} options={options} data-testid="notice-target" />
              </Form.Item>
              <Form.Item name={[f.name, 'problem']} rules={[{ required: true, whitespace: true, message: t('application.notice.problemRule') }, { max: 1000 }]} style={{ flex: '3 1 260px' }}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={1000} placeholder={t('application.notice.problem')} data-testid="notice-problem" />
              </Form.Item>
              {fields.length > 1 ? <Button onClick={() => remove(f.name)}>{t('application.notice.remove')}</Button> : null}
            </Flex>
          ))}
          <Button onClick={() => add({})} data-testid="notice-add">
            {t('application.notice.add')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
