import { CaseComments } from '../cases/case-comments';
import { CaseTimeline } from '../cases/case-timeline';
import { ErrorAlert } from '../../components/error-alert';
import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, List, Modal, Radio, Select, Space, Spin, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { CHECKLISTS } from '../../../contracts/application-kinds';
import { ORG_TYPE_NAMES } from '../../../contracts/org-kinds';
import { problemMessage } from '../../app/query';
import { useT, type MessageKey, type Translate } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { attachmentUrl, uploadAttachment, useApplication, useCertificate, useFire, useRefreshCases, type Application } from './applications-api';
import { DeadlineText, PATH, StateTag } from './application-labels';

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

/** What the action dialog's form collects. */
type ActValues = { comment?: string; opinion?: string; items?: { item?: string; problem: string }[] };

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
  if (isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
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
          items={PATH.map((p) => ({ title: p.key === 'submitted' && a.state === 'supplementRequested' ? '补正材料' : p.title }))}
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

function SupplementNotice({ a }: { a: Application }) {
  const n = a.supplementNotice!;
  return (
    <Alert
      className="sz-mb-16"
      type={n.open ? 'warning' : 'info'}
      showIcon
      data-testid="supplement-notice"
      message={n.open ? '一次性告知：请按以下各项补正后重新提交' : '曾发出的一次性告知（已补正）'}
      description={
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {n.items.map((i, k) => (
            <li key={k}>
              {i.itemName ? <strong>{i.itemName}：</strong> : null}
              {i.problem}
            </li>
          ))}
        </ol>
      }
    />
  );
}

function Materials({ a }: { a: Application }) {
  const { message } = App.useApp();
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const { refetch } = useApplication(a.id);
  // The case engine's answer for this caller and state (the owner in a draft or answering a notice).
  const canUpload = a.case.abilities.attach;
  const current = a.case.attachments.filter((x) => x.current);
  return (
    <Card size="small" title="申请材料" className="sz-mb-16" data-testid="materials">
      <List
        size="small"
        dataSource={CHECKLISTS[a.kind]}
        renderItem={(item) => {
          const files = current.filter((f) => f.item === item.key);
          return (
            <List.Item
              data-testid={`material-${item.key}`}
              actions={
                canUpload
                  ? [
                      <Upload
                        key="up"
                        showUploadList={false}
                        accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
                        customRequest={async ({ file }) => {
                          setBusy(item.key);
                          try {
                            await uploadAttachment(a.id, item.key, file as File);
                            message.success(`已上传：${item.name}`);
                            await refetch();
                          } catch (e) {
                            message.error(problemMessage(e, t));
                          } finally {
                            setBusy(null);
                          }
                        }}
                      >
                        <Button size="small" icon={<UploadOutlined />} loading={busy === item.key} data-testid={`upload-${item.key}`}>
                          {files.length ? '重新上传' : '上传'}
                        </Button>
                      </Upload>,
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={0} className="sz-min-w-0">
                <Space wrap>
                  <span>{item.name}</span>
                  {item.required ? (files.length ? <Tag color="success">已提供</Tag> : <Tag color="warning">必需 · 未提供</Tag>) : <Tag>可选</Tag>}
                </Space>
                {files.map((f) => (
                  <a key={f.id} href={attachmentUrl(a.id, f.id)} className="sz-text-sm">
                    <PaperClipOutlined /> {f.name}（{f.size < 1024 ? `${f.size} B` : f.size < 1048576 ? `${(f.size / 1024).toFixed(0)} KB` : `${(f.size / 1048576).toFixed(1)} MB`}）<DownloadOutlined />
                  </a>
                ))}
              </Space>
            </List.Item>
          );
        }}
      />
      <Typography.Text type="secondary" className="sz-text-sm">
        支持 PDF、JPG、PNG、DOCX、XLSX，单个文件不超过 20 MB；按文件内容识别类型。
      </Typography.Text>
    </Card>
  );
}

/** The buttons come from the server's `abilities`: the page never decides on its own who may act. */
function Actions({ a }: { a: Application }) {
  const { message } = App.useApp();
  const t = useT();
  const fire = useFire(a.id);
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm<ActValues>();
  const events = a.case.abilities.events;
  if (events.length === 0) return null;

  const run = async (event: string, values: ActValues = {}) => {
    const input = event === 'giveOpinion' ? { opinion: values.opinion } : event === 'requestSupplement' ? { items: (values.items ?? []).map((i) => ({ item: i.item ?? null, problem: i.problem })) } : undefined;
    try {
      await fire.mutateAsync({ event, version: a.case.version, comment: values.comment, input });
      message.success('已办理');
      setOpen(null);
      form.resetFields();
    } catch (e) {
      message.error(problemMessage(e, t));
    }
  };
  const needsDialog = (e: string, commentRequired: boolean) => commentRequired || e === 'requestSupplement' || e === 'giveOpinion' || e === 'approve';
  const current = events.find((e) => e.event === open);
  const primary = new Set(['submit', 'resubmit', 'accept', 'approve', 'giveOpinion']);
  return (
    <Card size="small" className="sz-mb-16" title="可办理的操作" data-testid="case-actions">
      <Space wrap>
        {events.map((e) => (
          <Button
            key={e.event}
            data-testid={`action-${e.event}`}
            type={primary.has(e.event) ? 'primary' : 'default'}
            danger={e.event === 'reject' || e.event === 'withdraw'}
            loading={fire.isPending && !open}
            onClick={() => (needsDialog(e.event, e.commentRequired) ? setOpen(e.event) : void run(e.event))}
          >
            {e.name}
          </Button>
        ))}
      </Space>
      <Modal
        open={!!current}
        title={current?.name}
        onCancel={() => setOpen(null)}
        okText="确定"
        cancelText="取消"
        confirmLoading={fire.isPending}
        onOk={() => void form.validateFields().then((v) => run(open!, v))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ items: [{}], opinion: 'agree' }}>
          {open === 'requestSupplement' ? (
            <Form.List name="items">
              {(fields, { add, remove }) => (
                <>
                  <Typography.Paragraph type="secondary">一次性列出全部需要补正的事项，申请人据此一次补齐。</Typography.Paragraph>
                  {fields.map((f) => (
                    <Flex key={f.key} gap={8} align="flex-start">
                      <Form.Item name={[f.name, 'item']} style={{ width: 180 }}>
                        <Select allowClear placeholder="对应材料（可选）" options={CHECKLISTS[a.kind].map((i) => ({ value: i.key, label: i.name }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'problem']} rules={[{ required: true, message: '请写明问题' }]} style={{ flex: 1 }}>
                        <Input placeholder="问题及补正要求" data-testid="notice-problem" />
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
          ) : null}
          {open === 'giveOpinion' ? (
            <Form.Item name="opinion" label="意见" rules={[{ required: true }]}>
              <Radio.Group options={[{ value: 'agree', label: '同意' }, { value: 'disagree', label: '不同意' }]} />
            </Form.Item>
          ) : null}
          {open !== 'requestSupplement' ? (
            <Form.Item name="comment" label={open === 'reject' ? '不予批准的理由' : '意见说明'} rules={[{ required: !!current?.commentRequired, message: '请填写' }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="action-comment" />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </Card>
  );
}
