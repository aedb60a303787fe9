import { CaseActions, type EventSpec } from '../cases/case-actions';
import { CaseAttachments } from '../cases/case-attachments';
import { CaseComments } from '../cases/case-comments';
import { CaseTimeline } from '../cases/case-timeline';
import { ErrorAlert } from '../../components/error-alert';
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, List, Radio, Select, Space, Spin, Steps, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { CHECKLISTS, FORM_FIELDS } from '../../../contracts/application-kinds';
import { ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { problemMessage } from '../../app/query';
import { useT, type MessageKey, type Translate } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useApplication, useCertificate, useRefreshCases, type Application } from './applications-api';
import { DeadlineText, PATH, StateTag } from './application-labels';
import { AnswerTag } from './application-edit-page';

const FORM_LABELS: Record<string, string> = {
  name: '名称',
  type: '组织类型',
  address: '住所',
  businessScope: '业务范围',
  serviceFields: '服务领域',
  registeredCapitalFen: '注册资金',
  legalRepName: '法定代表人（负责人）',
  legalRepIdNumber: '身份证号',
  legalRepPhone: '联系电话',
  contactName: '联系人',
  contactPhone: '联系人电话',
  reason: '理由',
  year: '年度',
  revenueFen: '年度收入',
  expenditureFen: '年度支出',
  activityCount: '开展活动（次）',
  beneficiaryCount: '服务对象（人次）',
  staffCount: '从业人员',
  summary: '工作概述',
};

function formValue(key: string, value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  if (key.endsWith('Fen') && typeof value === 'number') return `${(value / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`;
  if (key === 'type' && typeof value === 'string') return ORG_TYPE_NAMES[value as keyof typeof ORG_TYPE_NAMES]?.zh ?? value;
  if (key === 'serviceFields' && Array.isArray(value)) return value.map((v) => t(`org.field.${String(v)}` as MessageKey)).join('、');
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map((v) => formValue(key, v, t)).join('、');
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
  const refresh = useRefreshCases();
  if (isPending) return <Spin className="sz-block sz-m-48" />;
  if (error || !a) return <ErrorAlert error={error} onRetry={refetch} />;

  const c = a.case;
  const waiting = c.waitingOn.map((w) => (w.departmentName ? `${w.departmentName}：${w.task}` : w.task));
  return (
    <div data-testid="application-page">
      <PageHeader
        title={
          <Space wrap>
            <span>{a.title}</span>
            <StateTag state={a.state} outcome={a.outcome} />
          </Space>
        }
        description={`${a.number} · ${a.kindName}${a.townName ? ` · ${a.townName}` : ''}${a.applicantName ? ` · 申请人 ${a.applicantName}` : ''}`}
        extra={<Link to="/applications">返回列表</Link>}
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
          <Descriptions.Item label="当前环节">{c.stateName}</Descriptions.Item>
          <Descriptions.Item label="本环节时限">
            {c.dueOn ? (
              <Space>
                <span>{c.dueOn}</span>
                <DeadlineText overdue={c.overdue} workingDaysLeft={c.workingDaysLeft} dueOn={c.dueOn} />
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="承诺办结日">{a.promisedDueOn ?? '受理后确定'}</Descriptions.Item>
          <Descriptions.Item label="等待">{waiting.length ? waiting.join('；') : a.state === 'completed' ? '已办结' : '—'}</Descriptions.Item>
          {a.orgId ? (
            <Descriptions.Item label="社会组织">
              <Link to={`/orgs/${a.orgId}`}>查看登记信息</Link>
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
          <Card size="small" title="申请内容" className="sz-mb-16">
            {a.diff ? (
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={a.diff}
                columns={[
                  { title: '事项', dataIndex: 'label' },
                  { title: '变更前', dataIndex: 'before', render: (v: unknown, r) => formValue(r.field, v, t) },
                  { title: '变更后', dataIndex: 'after', render: (v: unknown, r) => <Typography.Text mark>{formValue(r.field, v, t)}</Typography.Text> },
                ]}
              />
            ) : null}
            <Descriptions size="small" column={isPhone ? 1 : 2} bordered style={{ marginTop: a.diff ? 12 : 0 }}>
              {Object.entries(a.form)
                .filter(([k]) => FORM_LABELS[k])
                .map(([k, v]) => (
                  <Descriptions.Item key={k} label={FORM_LABELS[k]}>
                    {formValue(k, v, t)}
                  </Descriptions.Item>
                ))}
            </Descriptions>
          </Card>
          <Materials a={a} />
          {a.reviewDepartments.length ? (
            <Card size="small" title="部门联审" className="sz-mb-16">
              <List
                size="small"
                dataSource={a.reviewDepartments}
                renderItem={(d) => (
                  <List.Item>
                    <Space direction="vertical" size={0}>
                      <Space>
                        <strong>{d.name}</strong>
                        {d.opinion === 'agree' ? <Tag color="success">同意</Tag> : d.opinion === 'disagree' ? <Tag color="error">不同意</Tag> : <Tag>待出具意见</Tag>}
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
            <CaseComments c={c} everyoneLabel="申请人可见" onPosted={refresh} />
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
  if (error || !cert) return <Alert type="warning" showIcon className="sz-mb-16" message={`电子证书暂不可用：${problemMessage(error, t)}`} />;
  const revoked = cert.status === 'revoked';
  return (
    <Card
      size="small"
      title={cert.kind === 'filing' ? '电子备案证明' : '电子登记证书'}
      className="sz-mb-16"
      data-testid="certificate-card"
      extra={revoked ? <Tag color="red">已注销</Tag> : <Tag color="green">有效</Tag>}
    >
      <Descriptions size="small" column={isPhone ? 1 : 3}>
        <Descriptions.Item label="证书编号">{cert.serialText}</Descriptions.Item>
        <Descriptions.Item label="发证时间">
          <DateTimeText value={cert.issuedAt} />
        </Descriptions.Item>
        {cert.revokedAt ? (
          <Descriptions.Item label="注销时间">
            <DateTimeText value={cert.revokedAt} />
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Space wrap className="sz-mt-8">
        <Button type="primary" icon={<DownloadOutlined />} href={cert.pdfPath} data-testid="certificate-download">
          下载证书（PDF）
        </Button>
        <Button href={cert.verifyPath} target="_blank" rel="noopener" data-testid="certificate-verify">
          在线核验
        </Button>
        <Typography.Text type="secondary">证书上的二维码指向在线核验页，任何人可扫码确认真伪。</Typography.Text>
      </Space>
    </Card>
  );
}

/** 决定书: the decision a closed application ends with — 准予 or 不予, with the reasons — not only "已办结". */
function DecisionCard({ a }: { a: Application }) {
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
          {d.comment ? <span className="sz-pre-wrap">{d.outcome === 'rejected' ? '理由：' : '意见：'}{d.comment}</span> : null}
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
            <span>
              一次性告知：请按以下各项补正后重新提交（已补正 {answered}/{n.items.length} 项）
            </span>
            {n.dueOn ? (
              <span>
                补正期限 {n.dueOn} <DeadlineText overdue={n.overdue} workingDaysLeft={n.workingDaysLeft} dueOn={n.dueOn} />
              </span>
            ) : null}
          </Space>
        ) : (
          '曾发出的一次性告知'
        )
      }
      description={
        <>
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            {n.items.map((i) => (
              <li key={i.no} data-testid={`notice-item-${i.no}`}>
                <Space wrap size={4} align="start">
                  <AnswerTag item={i} />
                  {i.itemName ? <strong>{i.itemName}：</strong> : null}
                  <span className="sz-pre-wrap">{i.problem}</span>
                </Space>
                {i.explanation ? <Typography.Text type="secondary" className="sz-block">申请人说明：{i.explanation}</Typography.Text> : null}
              </li>
            ))}
          </ol>
          {n.open ? (
            <Typography.Paragraph type="secondary" className="sz-mt-8 sz-mb-0">
              {n.overdueRuleName}。
            </Typography.Paragraph>
          ) : null}
          {n.open && a.abilities.edit ? (
            <Link to={`/applications/${a.id}/edit`}>
              <Button type="primary" icon={<EditOutlined />} className="sz-mt-8" data-testid="edit-application">
                逐项补正
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
  return (
    <Card size="small" title="申请材料" className="sz-mb-16" data-testid="materials">
      <CaseAttachments caseId={a.id} attachments={a.case.attachments} canUpload={a.case.abilities.attach} onUploaded={refetch} items={CHECKLISTS[a.kind]} />
    </Card>
  );
}

/** The values of the action dialog's own fields: a supplement notice's items, a joint reviewer's opinion. */
type ActValues = { comment?: string; opinion?: string; items?: { target?: string; problem: string }[] };

/** The buttons come from the server's `abilities` (the case kit): this page only adds its events' fields. */
function Actions({ a }: { a: Application }) {
  const refresh = useRefreshCases();
  const events: Record<string, EventSpec<ActValues>> = {
    submit: { tone: 'primary' },
    resubmit: { tone: 'primary' },
    accept: { tone: 'primary' },
    approve: { tone: 'primary', ask: true, commentLabel: '意见说明' },
    reject: { tone: 'danger', commentLabel: '不予批准的理由' },
    withdraw: { tone: 'danger', ask: true, help: '撤回后本申请即告终止，不能恢复；已上传的材料随申请存档。如只是需要修改，请用“修改申请”。确定撤回吗？' },
    lapse: { tone: 'danger', ask: true, help: '申请人逾期未补正。按本事项的规则，视为撤回申请，办理终止，并告知申请人。' },
    giveOpinion: {
      tone: 'primary',
      commentLabel: '意见说明',
      initialValues: { opinion: 'agree' },
      fields: () => (
        <Form.Item name="opinion" label="意见" rules={[{ required: true }]}>
          <Radio.Group options={[{ value: 'agree', label: '同意' }, { value: 'disagree', label: '不同意' }]} />
        </Form.Item>
      ),
      input: (v) => ({ opinion: v.opinion }),
    },
    requestSupplement: {
      comment: false,
      initialValues: { items: [{ problem: '' }] },
      wide: true,
      help: '一次性列出全部需要补正的事项：每一项对应申请表的一个字段或一项材料，申请人据此逐项修改、重新上传或说明理由。',
      fields: () => <SupplementItems a={a} />,
      input: (v) => ({ items: (v.items ?? []).map((i) => (i.target?.startsWith('field:') ? { field: i.target.slice(6), problem: i.problem } : { item: i.target?.slice(9) ?? null, problem: i.problem })) }),
    },
  };
  const edit = a.abilities.edit && a.state === 'draft' ? (
    <Link to={`/applications/${a.id}/edit`}>
      <Button icon={<EditOutlined />} data-testid="edit-application">
        修改申请
      </Button>
    </Link>
  ) : null;
  return <CaseActions c={a.case} events={events} onActed={refresh} extra={edit} />;
}

/** 一次性告知: every problem at once, each tied to a field of the form or a material, in as many lines as it needs. */
function SupplementItems({ a }: { a: Application }) {
  const options = [
    { label: '申请表字段', options: FORM_FIELDS[a.kind].map((f) => ({ value: `field:${f.key}`, label: f.name })) },
    { label: '申请材料', options: CHECKLISTS[a.kind].map((i) => ({ value: `material:${i.key}`, label: i.name })) },
  ];
  return (
    <Form.List name="items">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, k) => (
            <Flex key={f.key} gap={8} align="flex-start" wrap data-testid="notice-item">
              <Typography.Text className="sz-mt-4">{k + 1}.</Typography.Text>
              <Form.Item name={[f.name, 'target']} rules={[{ required: true, message: '请选择对应的字段或材料' }]} style={{ flex: '1 1 180px' }}>
                <Select showSearch optionFilterProp="label" placeholder="对应字段或材料" options={options} data-testid="notice-target" />
              </Form.Item>
              <Form.Item name={[f.name, 'problem']} rules={[{ required: true, whitespace: true, message: '请写明问题' }, { max: 1000 }]} style={{ flex: '3 1 260px' }}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={1000} placeholder="问题及补正要求（可分行写）" data-testid="notice-problem" />
              </Form.Item>
              {fields.length > 1 ? <Button onClick={() => remove(f.name)}>删除</Button> : null}
            </Flex>
          ))}
          <Button onClick={() => add({})} data-testid="notice-add">
            增加一项
          </Button>
        </>
      )}
    </Form.List>
  );
}
