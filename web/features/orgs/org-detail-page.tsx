import { ErrorAlert } from '../../components/error-alert';
import { ArrowLeftOutlined, DownloadOutlined, EyeOutlined, FormOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, List, Modal, Space, Spin, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { formatYuan } from '../../../contracts/money';
import { ProblemError } from '../../app/api';
import { useCan } from '../../app/auth';
import { useT, type MessageKey, type Translate } from '../../app/i18n';
import { ChangesTable, formatValue } from '../../components/changes-table';
import { DateTimeText } from '../../components/date-text';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { DeadlineText, StateTag } from '../applications/application-labels';
import { useApplications, useCertificate, type ApplicationSummary } from '../applications/applications-api';
import { useDepartments } from '../people/users-api';
import { GradeTag, StatusTag } from './org-labels';
import { OrgProjectsTab } from './org-projects-tab';
import { OrgAccountsTab } from './org-accounts-tab';
import { useOrg, useOrgHistory, useOrgProjects, useReveal, type Org, type OrgHistoryItem, type RevealField, type Revealed } from './orgs-api';

const TABS = ['profile', 'history', 'projects', 'applications', 'certificate', 'accounts'] as const;
type TabKey = (typeof TABS)[number];

/** What the list passes along so that "back" returns to the same search and filters. */
export interface OrgListState {
  listSearch?: string;
}

/** The registry's field names as they appear in the history's `changes`, as people call them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'org.name',
  creditCode: 'org.creditCode',
  status: 'org.status',
  address: 'org.address',
  businessScope: 'org.businessScope',
  serviceFields: 'org.serviceFields',
  supervisingUnitId: 'org.supervisingUnit',
  registeredCapitalFen: 'org.registeredCapital',
  legalRepName: 'org.legalRep',
  legalRepIdNumber: 'org.legalRepId',
  legalRepPhone: 'org.legalRepPhone',
  contactName: 'org.contact',
  contactPhone: 'org.contactPhone',
};

/** The annual report's figures, in the order a clerk reads them. */
const REPORT_FIELDS: { key: string; label: MessageKey; money?: boolean }[] = [
  { key: 'revenueFen', label: 'org.report.revenue', money: true },
  { key: 'expenditureFen', label: 'org.report.expenditure', money: true },
  { key: 'activityCount', label: 'org.report.activityCount' },
  { key: 'beneficiaryCount', label: 'org.report.beneficiaryCount' },
  { key: 'staffCount', label: 'org.report.staffCount' },
];

const HISTORY_COLOR: Record<string, string> = { establishment: 'green', filing: 'green', change: 'blue', deregistration: 'gray', annualReport: 'blue', import: 'gray' };

const yuan = (fen: unknown, t: Translate) => (typeof fen === 'number' && Number.isInteger(fen) ? `${formatYuan(fen)} 元` : formatValue(fen, t));

function RevealDialog({ org, onClose }: { org: Org; onClose: () => void }) {
  const t = useT();
  const reveal = useReveal(org.id);
  const [form] = Form.useForm<{ reason: string }>();
  const fields: RevealField[] = ['legalRepIdNumber', 'legalRepPhone', 'contactPhone'];
  const labels: Record<RevealField, MessageKey> = { legalRepIdNumber: 'org.legalRepId', legalRepPhone: 'org.legalRepPhone', contactPhone: 'org.contactPhone' };
  const shown: Revealed | undefined = reveal.data;
  return (
    <Modal
      open
      title={t('org.revealTitle')}
      onCancel={onClose}
      okText={shown ? t('common.close') : t('org.reveal')}
      onOk={() => (shown ? onClose() : form.submit())}
      confirmLoading={reveal.isPending}
      okButtonProps={{ 'data-testid': 'org-reveal-confirm' }}
      destroyOnHidden
    >
      {shown ? (
        <>
          <Alert type="warning" showIcon title={t('org.revealed')} className="sz-mb-12" />
          <Descriptions column={1} size="small" bordered items={fields.map((f) => ({ key: f, label: t(labels[f]), children: <Typography.Text copyable data-testid={`org-revealed-${f}`}>{shown[f] ?? '—'}</Typography.Text> }))} />
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={(values) => reveal.mutate({ fields, reason: values.reason })}>
          <Alert type="info" showIcon title={t('org.revealHint')} className="sz-mb-12" />
          {reveal.isError ? <ErrorAlert error={reveal.error} className="sz-mb-12" /> : null}
          <Form.Item name="reason" label={t('org.revealReason')} rules={[{ required: true, min: 4, message: t('org.revealReasonPlaceholder') }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('org.revealReasonPlaceholder')} data-testid="org-reveal-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function ProfileTab({ o }: { o: Org }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [revealing, setRevealing] = useState(false);
  return (
    <div data-testid="org-profile">
      <Descriptions
        column={isPhone ? 1 : 2}
        size="small"
        bordered
        styles={{ label: { width: isPhone ? 112 : 168 } }}
        items={[
          { key: 'code', label: t('org.creditCode'), children: o.creditCode ? <Typography.Text copyable>{o.creditCode}</Typography.Text> : t('org.filed') },
          { key: 'type', label: t('org.type'), children: o.typeName },
          { key: 'town', label: t('org.town'), children: o.townName },
          { key: 'community', label: t('org.community'), children: o.communityName ?? '—' },
          { key: 'address', label: t('org.address'), children: o.address, span: isPhone ? 1 : 2 },
          { key: 'scope', label: t('org.businessScope'), children: o.businessScope, span: isPhone ? 1 : 2 },
          {
            key: 'fields',
            label: t('org.serviceFields'),
            span: isPhone ? 1 : 2,
            children: (
              <Space wrap size={4}>
                {o.serviceFields.map((f) => (
                  <Tag key={f}>{t(`org.field.${f}` as MessageKey)}</Tag>
                ))}
              </Space>
            ),
          },
          { key: 'sup', label: t('org.supervisingUnit'), children: o.supervisingUnit ?? '—' },
          { key: 'capital', label: t('org.registeredCapital'), children: `${formatYuan(o.registeredCapitalFen)} 元` },
          { key: 'founded', label: t('org.foundedOn'), children: o.foundedOn },
          { key: 'grade', label: t('org.grade'), children: <GradeTag grade={o.grade} /> },
          { key: 'rep', label: t('org.legalRep'), children: o.legalRepName },
          { key: 'repId', label: t('org.legalRepId'), children: <span data-testid="org-legal-rep-id">{o.legalRepIdNumber ?? '—'}</span> },
          { key: 'repPhone', label: t('org.legalRepPhone'), children: o.legalRepPhone ?? '—' },
          { key: 'contact', label: t('org.contact'), children: `${o.contactName ?? '—'} ${o.contactPhone ?? ''}` },
          { key: 'party', label: t('org.partyOrg'), children: o.hasPartyOrg ? t('org.yes') : t('org.no') },
          { key: 'sw', label: t('org.socialWorkers'), children: o.socialWorkerCount },
        ]}
      />
      {o.abilities.revealPersonalData ? (
        <Button icon={<EyeOutlined />} className="sz-mt-16" onClick={() => setRevealing(true)} data-testid="org-reveal">
          {t('org.reveal')}
        </Button>
      ) : null}
      {revealing ? <RevealDialog org={o} onClose={() => setRevealing(false)} /> : null}
    </div>
  );
}

function historyKindLabel(item: OrgHistoryItem, t: Translate): string {
  const key = `org.historyKind.${item.kind}` as MessageKey;
  const label = t(key);
  return label === key ? item.kindName : label;
}

/** One history entry's body: the annual report's figures, the details registered, or a before/after table. */
function HistoryChanges({ item }: { item: OrgHistoryItem }) {
  const t = useT();
  const isPhone = useIsPhone();
  const departments = useDepartments();
  const changes = item.changes ?? {};
  const departmentName = (id: unknown) => departments.data?.find((d) => d.id === id)?.name;
  const renderValue = (field: string, value: unknown): ReactNode | undefined => {
    if (field === 'status' && typeof value === 'string') return t(`org.status.${value}` as MessageKey);
    if (field === 'serviceFields' && Array.isArray(value)) return value.map((f) => t(`org.field.${String(f)}` as MessageKey)).join('、');
    if (field === 'registeredCapitalFen') return yuan(value, t);
    if (field === 'supervisingUnitId') return departmentName(value);
    return undefined;
  };
  const labelOf = (field: string) => (FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : undefined);

  const report = changes.annualReport?.after as Record<string, unknown> | undefined;
  if (report && typeof report === 'object') {
    return (
      <Descriptions
        size="small"
        bordered
        column={isPhone ? 1 : 3}
        title={<Typography.Text className="sz-text-base">{t('org.history.report', { year: typeof report.year === 'number' || typeof report.year === 'string' ? String(report.year) : '' })}</Typography.Text>}
        items={[
          // The last figure fills its row on desktop, so the summary starts a row of its own.
          ...REPORT_FIELDS.map((f, i) => ({ key: f.key, label: t(f.label), span: !isPhone && i === REPORT_FIELDS.length - 1 ? 2 : 1, children: f.money ? yuan(report[f.key], t) : formatValue(report[f.key], t) })),
          { key: 'summary', label: t('org.report.summary'), span: isPhone ? 1 : 3, children: formatValue(report.summary, t) },
        ]}
      />
    );
  }
  const entries = Object.entries(changes);
  if (entries.length === 0) return null;
  // A registration (or an import) has nothing "before": a list of what was registered reads better than a table of dashes.
  if (entries.every(([, change]) => change.before === null || change.before === undefined)) {
    return (
      <Descriptions
        size="small"
        bordered
        column={1}
        title={<Typography.Text className="sz-text-base">{t('org.history.registered')}</Typography.Text>}
        styles={{ label: { width: isPhone ? 112 : 168 } }}
        items={entries.map(([field, change]) => ({
          key: field,
          label: labelOf(field) ?? field,
          children: change.after === null || change.after === undefined ? (field === 'creditCode' ? t('org.filed') : '—') : (renderValue(field, change.after) ?? formatValue(change.after, t)),
        }))}
      />
    );
  }
  const heading = (
    <Typography.Text strong className="sz-block sz-mb-8">
      {t('org.history.changed')}
    </Typography.Text>
  );
  const show = (field: string, value: unknown) => (value === null || value === undefined ? '—' : (renderValue(field, value) ?? formatValue(value, t)));
  // On a phone a three-column table would hide "after" off screen: each field stacks its old and new value instead.
  if (isPhone)
    return (
      <>
        {heading}
        <Descriptions
          size="small"
          bordered
          column={1}
          styles={{ label: { width: 96 } }}
          items={entries.map(([field, change]) => ({
            key: field,
            label: labelOf(field) ?? field,
            children: (
              <>
                <Typography.Text type="secondary" className="sz-block">
                  {t('changes.before')}：<Typography.Text type="secondary" delete={change.before !== null && change.before !== undefined}>{show(field, change.before)}</Typography.Text>
                </Typography.Text>
                <Typography.Text className="sz-block">
                  {t('changes.after')}：<Typography.Text strong>{show(field, change.after)}</Typography.Text>
                </Typography.Text>
              </>
            ),
          }))}
        />
      </>
    );
  return (
    <>
      {heading}
      <ChangesTable changes={changes} labelOf={labelOf} renderValue={renderValue} />
    </>
  );
}

function HistoryTab({ id, canOpenCases }: { id: string; canOpenCases: boolean }) {
  const t = useT();
  const history = useOrgHistory(id);
  if (history.isPending) return <Spin className="sz-block sz-m-32" />;
  if (history.isError) return <ErrorAlert error={history.error} />;
  if (history.items.length === 0) return <Empty description={t('org.history.empty')} data-testid="org-history-empty" />;
  // Newest first (the server's order): the last change is what a clerk asks about.
  return (
    <>
    <Timeline
      data-testid="org-history"
      items={history.items.map((item) => ({
        key: item.id,
        color: HISTORY_COLOR[item.kind] ?? 'blue',
        content: (
          <div data-testid="org-history-item" style={{ paddingBottom: 8 }}>
            <Flex wrap gap={8} align="center" className="sz-mb-4">
              <Typography.Text strong>{historyKindLabel(item, t)}</Typography.Text>
              <Typography.Text type="secondary">
                <DateTimeText value={item.occurredAt} />
              </Typography.Text>
            </Flex>
            <Flex wrap gap={16} className="sz-mb-8">
              <Typography.Text type="secondary">
                {t('org.history.actor')}：{item.actorName}
              </Typography.Text>
              {item.caseNumber ? (
                <Typography.Text type="secondary">
                  {item.caseId ? t('org.history.case') : t('org.history.importFile')}：
                  {item.caseId && canOpenCases ? (
                    <Link to={`/applications/${item.caseId}`} data-testid="org-history-case">
                      {item.caseNumber}
                    </Link>
                  ) : (
                    item.caseNumber
                  )}
                </Typography.Text>
              ) : null}
            </Flex>
            <HistoryChanges item={item} />
          </div>
        ),
      }))}
    />
    <LoadMore hasNextPage={history.hasNextPage} isFetchingNextPage={history.isFetchingNextPage} fetchNextPage={history.fetchNextPage} />
    </>
  );
}

const dateOf = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : null);

function ApplicationsTab({ id }: { id: string }) {
  const t = useT();
  const isPhone = useIsPhone();
  const list = useApplications({ orgId: id });
  if (list.isError) return <ErrorAlert error={list.error} />;
  const empty = <Empty description={t('org.apps.empty')} />;
  const submitted = (a: ApplicationSummary) => dateOf(a.submittedAt) ?? <Typography.Text type="secondary">{t('org.apps.notSubmitted')}</Typography.Text>;
  return (
    <div data-testid="org-applications">
      <Typography.Paragraph type="secondary">{t('org.apps.hint')}</Typography.Paragraph>
      {isPhone ? (
        <List
          loading={list.isPending}
          dataSource={list.items}
          locale={{ emptyText: empty }}
          renderItem={(a) => (
            <List.Item className="sz-block">
              <Flex justify="space-between" gap={8} wrap>
                <Link to={`/applications/${a.id}`} data-testid="org-application-row">
                  <Typography.Text strong className="sz-inherit-color">
                    {a.kindName}
                  </Typography.Text>{' '}
                  <span>{a.number}</span>
                </Link>
                <StateTag state={a.state} outcome={a.outcome} />
              </Flex>
              <Flex wrap gap={8} align="center" className="sz-mt-4">
                <Typography.Text type="secondary">
                  {t('org.apps.submittedOn')}：{submitted(a)}
                </Typography.Text>
                {a.dueOn && a.workingDaysLeft !== null ? <DeadlineText overdue={a.overdue} workingDaysLeft={a.workingDaysLeft} dueOn={a.dueOn} /> : null}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table<ApplicationSummary>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText: empty }}
          columns={[
            {
              title: t('org.apps.number'),
              dataIndex: 'number',
              width: 140,
              render: (v: string, a) => (
                <Link to={`/applications/${a.id}`} data-testid="org-application-row">
                  {v}
                </Link>
              ),
            },
            { title: t('org.apps.kind'), dataIndex: 'kindName' },
            { title: t('org.apps.state'), dataIndex: 'state', width: 150, render: (v: string, a) => <StateTag state={v} outcome={a.outcome} /> },
            { title: t('org.apps.submittedOn'), dataIndex: 'submittedAt', width: 130, render: (_: unknown, a) => submitted(a) },
            { title: t('org.apps.deadline'), key: 'due', width: 160, render: (_: unknown, a) => <DeadlineText overdue={a.overdue} workingDaysLeft={a.workingDaysLeft} dueOn={a.dueOn} /> },
          ]}
        />
      )}
      <LoadMore hasNextPage={!!list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
    </div>
  );
}

/** The certificate the org's approved establishment (or filing) issued, found through that application. */
function CertificateTab({ o }: { o: Org }) {
  const t = useT();
  const isPhone = useIsPhone();
  const source = useApplications({ orgId: o.id, kind: o.registration === 'filed' ? 'filing' : 'establishment' });
  const approved = source.items.find((a) => a.state === 'completed' && a.outcome === 'approved');
  const cert = useCertificate(approved?.id ?? '', Boolean(approved));
  if (source.isPending || (approved && cert.isPending)) return <Spin className="sz-block sz-m-32" />;
  if (source.isError) return <ErrorAlert error={source.error} />;
  // 404: approved before certificates were issued; anything else is a failure to say so.
  if (cert.isError && !(cert.error instanceof ProblemError && cert.error.status === 404)) return <ErrorAlert error={cert.error} />;
  if (!approved || !cert.data) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.cert.none')} data-testid="org-certificate-none" />;
  const c = cert.data;
  const revoked = c.status === 'revoked';
  return (
    <div data-testid="org-certificate">
      <Descriptions
        size="small"
        bordered
        column={isPhone ? 1 : 2}
        title={
          <Space>
            <SafetyCertificateOutlined />
            {c.kind === 'filing' ? t('org.cert.filing') : t('org.cert.registration')}
          </Space>
        }
        styles={{ label: { width: isPhone ? 112 : 168 } }}
        items={[
          { key: 'serial', label: t('org.cert.serial'), children: <Typography.Text copyable={{ text: c.serialText }}>{c.serialText}</Typography.Text> },
          { key: 'status', label: t('org.cert.status'), children: <Tag color={revoked ? 'red' : 'green'}>{revoked ? t('org.cert.revoked') : t('org.cert.current')}</Tag> },
          { key: 'issued', label: t('org.cert.issuedAt'), children: <DateTimeText value={c.issuedAt} /> },
          c.revokedAt
            ? { key: 'revoked', label: t('org.cert.revokedAt'), children: <DateTimeText value={c.revokedAt} /> }
            : { key: 'case', label: t('org.cert.case'), children: <Link to={`/applications/${approved.id}`}>{approved.number}</Link> },
        ]}
      />
      <Space wrap className="sz-mt-16">
        <Button type="primary" icon={<DownloadOutlined />} href={c.pdfPath} data-testid="org-certificate-download">
          {t('org.cert.download')}
        </Button>
        <Button href={c.verifyPath} target="_blank" rel="noopener" data-testid="org-certificate-verify">
          {t('org.cert.verify')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" className="sz-mt-8 sz-mb-0">
        {t('org.cert.verifyHint')}
      </Typography.Paragraph>
    </div>
  );
}

/**
 * An organization's page in the registry: profile, record history, the service projects it delivered, its applications,
 * its certificate and its accounts. `mine`: the 本组织 page of a member — no way back to a registry they do not read,
 * and a way to start the org's own applications (annual report, change, deregistration).
 */
export function OrgDetailPage({ orgId, mine = false }: { orgId?: string; mine?: boolean } = {}) {
  const { id: routeId = '' } = useParams();
  const id = orgId ?? routeId;
  const navigate = useNavigate();
  const t = useT();
  const can = useCan();
  const isPhone = useIsPhone();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const org = useOrg(id);
  const history = useOrgHistory(id);
  const projects = useOrgProjects(id);
  // Applications and certificates are shown to those who may open cases; the list answers only with cases they may see.
  // An org's own members see its applications and certificate as their owners (本组织, or their org's page here).
  const seesCases = mine || can('application.read') || can('application.handle') || can('application.review') || can('org.members');
  const listSearch = (location.state as OrgListState | null)?.listSearch ?? '';
  const requested = params.get('tab') as TabKey | null;
  const tab: TabKey = requested && TABS.includes(requested) && (seesCases || requested === 'profile' || requested === 'history' || requested === 'projects' || requested === 'accounts') ? requested : 'profile';
  const switchTab = (key: string) => setParams(key === 'profile' ? {} : { tab: key }, { replace: true, state: location.state as unknown });

  // A member who does not read the registry has no list to go back to.
  const back = can('org.read') ? (
    <Link to={`/orgs${listSearch}`} data-testid="org-back">
      <ArrowLeftOutlined /> {t('org.backToList')}
    </Link>
  ) : null;
  const o = org.data;
  if (org.isPending) return <Spin className="sz-block sz-m-48" />;
  if (!o)
    return (
      <>
        {back && !mine ? <div className="sz-mb-12">{back}</div> : null}
        <ErrorAlert error={org.error} onRetry={org.refetch} />
      </>
    );

  // "50+" while more pages are still to load.
  const count = (n: number | undefined, more = false) => (n ? <Typography.Text type="secondary"> {n}{more ? '+' : ''}</Typography.Text> : null);
  return (
    <div data-testid={mine ? 'my-org' : 'org-detail'}>
      {back && !mine ? <div className="sz-mb-8">{back}</div> : null}
      <PageHeader
        title={<span data-testid="org-detail-name">{o.name}</span>}
        extra={
          mine && (o.status === 'active' || o.status === 'changing') ? (
            <Button type="primary" icon={<FormOutlined />} onClick={() => navigate('/applications/new')} data-testid="my-org-apply">
              {t('org.mine.apply')}
            </Button>
          ) : undefined
        }
        description={
          <Space wrap size={4} className="sz-mt-4">
            <Tag>{o.typeName}</Tag>
            <StatusTag status={o.status} />
            {o.grade ? <Tag color="blue">{o.grade}</Tag> : null}
            <span>{o.creditCode ?? t('org.filed')}</span>
            <span>· {o.townName}</span>
          </Space>
        }
      />
      <Card styles={{ body: { paddingTop: 4, paddingInline: isPhone ? 12 : undefined, paddingBottom: isPhone ? 12 : undefined } }}>
        <Tabs
          activeKey={tab}
          onChange={switchTab}
          // Five tabs fit a 375 px phone only with a narrower gap; otherwise 证书 hides behind "…".
          tabBarGutter={isPhone ? 18 : undefined}
          data-testid="org-tabs"
          items={[
            { key: 'profile', label: <span data-testid="org-tab-profile">{t('org.tab.profile')}</span>, children: <ProfileTab o={o} /> },
            {
              key: 'history',
              label: (
                <span data-testid="org-tab-history">
                  {t('org.tab.history')}
                  {count(history.items.length, history.hasNextPage)}
                </span>
              ),
              children: <HistoryTab id={o.id} canOpenCases={seesCases} />,
            },
            {
              key: 'projects',
              label: (
                <span data-testid="org-tab-projects">
                  {isPhone ? t('org.tab.projects') : t('org.projects.title')}
                  {count(projects.summary?.projectCount)}
                </span>
              ),
              children: <OrgProjectsTab id={o.id} />,
            },
            ...(seesCases
              ? [
                  { key: 'applications', label: <span data-testid="org-tab-applications">{t('org.tab.applications')}</span>, children: <ApplicationsTab id={o.id} /> },
                  { key: 'certificate', label: <span data-testid="org-tab-certificate">{t('org.tab.certificate')}</span>, children: <CertificateTab o={o} /> },
                ]
              : []),
            { key: 'accounts', label: <span data-testid="org-tab-accounts">{t('org.tab.accounts')}</span>, children: <OrgAccountsTab id={o.id} /> },
          ]}
        />
      </Card>
    </div>
  );
}
