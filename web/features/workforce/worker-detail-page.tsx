import { ArrowLeftOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Skeleton, Space, Spin, Tabs, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import type { AuditEventDto } from '../../../contracts/audit';
import { CERTIFICATE_LEVELS, ROTATION_ROLES, WORKER_KINDS, WORKER_STATUSES, type CertificateLevel, type RotationRole, type WorkerKind, type WorkerStatus } from '../../../contracts/workforce';
import { useCan } from '../../app/auth';
import { useT, type Translate } from '../../app/i18n';
import { ChangesTable } from '../../components/changes-table';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useCatalog } from '../catalog/catalog-api';
import { useOrg } from '../orgs/orgs-api';
import { useRegionsAtLevel } from '../regions';
import { RotationProfileCard, seasonKey } from './rotation-profile-card';
import { ResourceCalendarCard } from '../rotation/resource-calendar-card';
import { WorkerFormModal } from './worker-form-modal';
import { DomainTags, KindTag, kindName, levelName, roleName, statusName, useLang, WORKER_FIELD_LABELS, WorkerStatusTag } from './worker-labels';
import type { WorkerListState } from './workforce-page';
import { useCityDepartments, useRevealWorker, useWorker, useWorkerHistory, type Revealed, type Worker } from './workforce-api';

function RevealDialog({ worker, onClose }: { worker: Worker; onClose: () => void }) {
  const t = useT();
  const reveal = useRevealWorker(worker.id);
  const [form] = Form.useForm<{ reason: string }>();
  const fields: ('idNumber' | 'phone')[] = worker.phone ? ['idNumber', 'phone'] : ['idNumber'];
  const shown: Revealed | undefined = reveal.data;
  const labels = { idNumber: t('workforce.idNumber'), phone: t('workforce.phone') };
  return (
    <Modal
      open
      title={t('workforce.revealTitle')}
      onCancel={onClose}
      okText={shown ? t('common.close') : t('workforce.reveal')}
      cancelButtonProps={shown ? { style: { display: 'none' } } : undefined}
      cancelText={t('common.cancel')}
      onOk={() => (shown ? onClose() : form.submit())}
      confirmLoading={reveal.isPending}
      okButtonProps={{ 'data-testid': 'worker-reveal-confirm' }}
      destroyOnHidden
    >
      {shown ? (
        <>
          <Alert type="warning" showIcon title={t('workforce.revealed')} className="sz-mb-12" />
          <Descriptions
            column={1}
            size="small"
            bordered
            items={fields.map((f) => ({ key: f, label: labels[f], children: <Typography.Text copyable data-testid={`worker-revealed-${f}`}>{shown[f] ?? '—'}</Typography.Text> }))}
          />
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate({ fields, reason: v.reason.trim() })}>
          <Alert type="info" showIcon title={t('workforce.revealHint')} className="sz-mb-12" />
          {reveal.isError ? <ErrorAlert error={reveal.error} className="sz-mb-12" /> : null}
          <Form.Item name="reason" label={t('workforce.revealReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('workforce.revealReasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('workforce.revealReasonPlaceholder')} data-testid="worker-reveal-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function OrgName({ id }: { id: string }) {
  const org = useOrg(id);
  return <>{org.data?.name ?? id}</>;
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

function WorkerHistory({ worker }: { worker: Worker }) {
  const t = useT();
  const lang = useLang();
  const history = useWorkerHistory(worker.id);
  const towns = useRegionsAtLevel('town');
  const catalog = useCatalog();
  const departments = useCityDepartments();
  if (history.isPending) return <Skeleton active />;
  if (history.isError) return <ErrorAlert error={history.error} onRetry={history.refetch} />;
  if (history.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workforce.history.empty')} />;

  const domainName = (code: string) => catalog.data?.domains.find((d) => d.code === code && d.cityId === worker.cityId)?.name ?? code;
  const renderValue = (field: string, value: unknown): ReactNode | undefined => {
    if (field === 'kind' && isOneOf<WorkerKind>(WORKER_KINDS, value)) return kindName(value, lang);
    if (field === 'status' && isOneOf<WorkerStatus>(WORKER_STATUSES, value)) return statusName(value, lang);
    if (field === 'certificateLevel' && isOneOf<CertificateLevel>(CERTIFICATE_LEVELS, value)) return levelName(value, lang);
    if (field === 'gender' && (value === 'female' || value === 'male')) return t(`workforce.gender.${value}`);
    if (field === 'homeTownId' && typeof value === 'string') return towns.data?.find((r) => r.id === value)?.name ?? value;
    if (field === 'departmentId' && typeof value === 'string') return departments.data?.find((d) => d.id === value)?.name ?? value;
    if (field === 'employerOrgId' && typeof value === 'string') return <OrgName id={value} />;
    if (field === 'serviceDomains' && Array.isArray(value)) return value.length ? value.map((c) => domainName(String(c))).join('、') : '—';
    if (field === 'seasons' && Array.isArray(value)) return value.map((s) => t(seasonKey(Number(s)))).join('、');
    if (field === 'roles' && Array.isArray(value)) return value.filter((r) => isOneOf<RotationRole>(ROTATION_ROLES, r)).map((r) => roleName(r, lang)).join('、');
    return undefined;
  };
  const labelOf = (field: string) => (WORKER_FIELD_LABELS[field] ? t(WORKER_FIELD_LABELS[field]) : undefined);
  const revealNote = (event: AuditEventDto, tr: Translate) => {
    const detail = event.detail ?? {};
    const parts: string[] = [];
    if (Array.isArray(detail.fields)) parts.push(tr('workforce.history.fields', { fields: detail.fields.map((f) => labelOf(String(f)) ?? String(f)).join('、') }));
    if (typeof detail.reason === 'string') parts.push(tr('workforce.history.reason', { reason: detail.reason }));
    return parts.join('；');
  };
  return (
    <>
      <Timeline
        data-testid="worker-history"
        items={history.items.map((event) => ({
          key: event.id,
          color: event.outcome === 'success' ? (event.action === 'workforce.revealPersonalData' ? 'gray' : 'blue') : 'red',
          content: (
            <div data-testid="worker-history-item">
              <Space wrap size={8}>
                <Typography.Text strong>{event.actionName}</Typography.Text>
                <Typography.Text type="secondary">
                  <DateTimeText value={event.occurredAt} />
                </Typography.Text>
                <Typography.Text type="secondary">{event.actorUsername ?? t('workforce.history.system')}</Typography.Text>
              </Space>
              {event.action === 'workforce.revealPersonalData' ? (
                <Typography.Text type="secondary" className="sz-block sz-mt-4">
                  {revealNote(event, t)}
                </Typography.Text>
              ) : null}
              {event.changes && Object.keys(event.changes).length > 0 ? (
                <div className="sz-mt-8">
                  <ChangesTable changes={event.changes} labelOf={labelOf} renderValue={renderValue} />
                </div>
              ) : null}
            </div>
          ),
        }))}
      />
      <LoadMore hasNextPage={history.hasNextPage} isFetchingNextPage={history.isFetchingNextPage} fetchNextPage={history.fetchNextPage} />
    </>
  );
}

/** 人员详情: the record (personal data masked), its rotation profile and its history. */
export function WorkerDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const isPhone = useIsPhone();
  const location = useLocation();
  const worker = useWorker(id);
  const [editing, setEditing] = useState(false);
  const [revealing, setRevealing] = useState(false);
  const listSearch = (location.state as WorkerListState | null)?.listSearch ?? '';
  const back = (
    <div className="sz-mb-8">
      <Link to={`/workforce${listSearch}`} data-testid="worker-back">
        <ArrowLeftOutlined /> {t('workforce.backToList')}
      </Link>
    </div>
  );
  if (worker.isPending) return <Spin className="sz-block sz-m-48" />;
  const w = worker.data;
  if (!w)
    return (
      <>
        {back}
        <ErrorAlert error={worker.error} onRetry={worker.refetch} />
      </>
    );

  const employer =
    w.kind === 'socialWorker'
      ? { key: 'employer', label: t('workforce.employerOrg'), children: w.employerOrg ? can('org.read') ? <Link to={`/orgs/${w.employerOrg.id}`}>{w.employerOrg.name}</Link> : w.employerOrg.name : '—' }
      : { key: 'employer', label: t('workforce.department'), children: w.department?.name ?? '—' };
  return (
    <div data-testid="worker-detail">
      {back}
      <PageHeader
        title={<span data-testid="worker-detail-name">{w.name}</span>}
        description={
          <Space wrap size={4} className="sz-mt-4">
            <KindTag kind={w.kind} />
            <WorkerStatusTag status={w.status} />
            <span>{w.homeTown.name}</span>
          </Space>
        }
        extra={
          <>
            {w.abilities.reveal ? (
              <Button icon={<EyeOutlined />} onClick={() => setRevealing(true)} data-testid="worker-reveal">
                {t('workforce.reveal')}
              </Button>
            ) : null}
            {w.abilities.edit ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="worker-edit">
                {t('workforce.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card className="sz-mb-16" title={t('workforce.tab.profile')} size={isPhone ? 'small' : undefined}>
        <Descriptions
          column={isPhone ? 1 : 2}
          size="small"
          bordered
          styles={{ label: { width: isPhone ? 104 : 150 } }}
          data-testid="worker-profile"
          items={[
            { key: 'kind', label: t('workforce.kind'), children: kindName(w.kind, lang) },
            { key: 'gender', label: t('workforce.gender'), children: w.gender ? t(`workforce.gender.${w.gender}`) : '—' },
            { key: 'id', label: t('workforce.idNumber'), children: <span data-testid="worker-id-number">{w.idNumber}</span> },
            { key: 'phone', label: t('workforce.phone'), children: <span data-testid="worker-phone">{w.phone ?? '—'}</span> },
            { key: 'level', label: t('workforce.certificateLevel'), children: w.certificateLevel ? levelName(w.certificateLevel, lang) : '—' },
            { key: 'no', label: t('workforce.certificateNo'), children: w.certificateNo ?? '—' },
            employer,
            { key: 'town', label: t('workforce.homeTownLong'), children: w.homeTown.name },
            { key: 'domains', label: t('workforce.serviceDomains'), span: isPhone ? 1 : 2, children: <DomainTags domains={w.serviceDomains} max={16} /> },
            { key: 'status', label: t('workforce.status'), children: <WorkerStatusTag status={w.status} /> },
            { key: 'updated', label: t('workforce.updatedAt'), children: <DateTimeText value={w.updatedAt} /> },
            { key: 'note', label: t('workforce.note'), span: isPhone ? 1 : 2, children: w.note ? <span className="sz-pre-wrap">{w.note}</span> : '—' },
          ]}
        />
      </Card>
      <Card styles={{ body: { paddingTop: 4, paddingInline: isPhone ? 12 : undefined } }}>
        <Tabs
          data-testid="worker-tabs"
          items={[
            { key: 'rotation', label: <span data-testid="worker-tab-rotation">{t('workforce.tab.rotation')}</span>, children: (
                <>
                  <RotationProfileCard worker={w} />
                  <ResourceCalendarCard kind={w.kind} id={w.id} />
                </>
              ),
            },
            { key: 'history', label: <span data-testid="worker-tab-history">{t('workforce.tab.history')}</span>, children: <WorkerHistory worker={w} /> },
          ]}
        />
      </Card>
      {editing ? <WorkerFormModal worker={w} onClose={() => setEditing(false)} /> : null}
      {revealing ? <RevealDialog worker={w} onClose={() => setRevealing(false)} /> : null}
    </div>
  );
}
