import { CopyOutlined, EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, Modal, Popconfirm, Row, Segmented, Select, Skeleton, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DEPARTMENT_KIND_NAMES } from '../../../contracts/departments';
import { ProblemError } from '../../app/api';
import { useI18n, useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { chinaDay } from '../../components/china-time';
import { ErrorAlert } from '../../components/error-alert';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useCities, useCityDepartments, useCityMutations, useDepartmentMutations, type City, type CitySettingsInput, type CityTemplateReport, type Department } from './cities-api';
import { DepartmentDrawer } from './department-drawer';
import { TimeLimitsTab } from './time-limits-tab';

/** The Segmented picker holds a handful of names on one line; beyond that (or on a phone) a Select. */
const SEGMENTED_MAX = 5;
/** 1–4 Chinese characters (contracts/cities.ts checks the same on the server). */
const CERT_PREFIX = /^[\u3400-\u9fff]{1,4}$/u;

type SettingsValues = Omit<CitySettingsInput, 'version'>;

/** What a certificate number will read with this prefix: 浙海民证字第2026000123号 (the year is this year in China). */
function certificateExample(prefix: string): string {
  return `${prefix.trim() || '□□'}民证字第${chinaDay(new Date()).slice(0, 4)}000123号`;
}

function SettingsForm({ city, conflict, onConflict, onConflictClosed }: { city: City; conflict: boolean; onConflict: () => void; onConflictClosed: () => void }) {
  const t = useT();
  const [form] = Form.useForm<SettingsValues>();
  const { saveSettings } = useCityMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const prefix = (Form.useWatch('certPrefix', form) as string | undefined) ?? city.settings.certPrefix;
  const { version, ...initial } = city.settings;

  const submit = (values: SettingsValues) =>
    saveSettings.mutate(
      {
        cityId: city.id,
        version,
        certPrefix: values.certPrefix.trim(),
        registrationAuthority: values.registrationAuthority.trim(),
        portalName: values.portalName.trim(),
        portalContact: (values.portalContact ?? '').trim(),
        portalAddress: (values.portalAddress ?? '').trim(),
      },
      {
        onSuccess: () => {
          onConflictClosed();
          notifySuccess(t('city.settings.saved'));
        },
        onError: (error) => {
          // The page reloads the city (onSettled) and this form starts again from the saved values: say so by the button.
          if (error instanceof ProblemError && error.code === 'conflict') onConflict();
          else notifyError(error, form);
        },
      },
    );

  return (
    <Form<SettingsValues> form={form} name={`citySettings-${city.id}`} layout="vertical" initialValues={initial} onFinish={submit} className="sz-w-full" style={{ maxWidth: 760 }}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="certPrefix"
            label={t('city.settings.certPrefix')}
            extra={t('city.settings.certPrefixHelp')}
            rules={[
              { required: true, whitespace: true, message: t('city.settings.certPrefixRequired') },
              { pattern: CERT_PREFIX, message: t('city.settings.certPrefixInvalid') },
            ]}
          >
            <Input maxLength={4} data-testid="city-cert-prefix" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t('city.settings.preview')} colon={false}>
            <Typography.Text strong className="sz-text-md sz-wrap-anywhere" data-testid="city-cert-preview">
              {certificateExample(prefix ?? '')}
            </Typography.Text>
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="registrationAuthority"
            label={t('city.settings.registrationAuthority')}
            extra={t('city.settings.registrationAuthorityHelp')}
            rules={[{ required: true, whitespace: true, message: t('city.settings.registrationAuthorityRequired') }, { min: 2, message: t('city.settings.tooShort') }, { max: 40 }]}
          >
            <Input maxLength={40} data-testid="city-authority" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="portalName"
            label={t('city.settings.portalName')}
            extra={t('city.settings.portalNameHelp')}
            rules={[{ required: true, whitespace: true, message: t('city.settings.portalNameRequired') }, { min: 2, message: t('city.settings.tooShort') }, { max: 40 }]}
          >
            <Input maxLength={40} data-testid="city-portal-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="portalContact" label={t('city.settings.portalContact')} extra={t('city.settings.portalContactHelp')} rules={[{ max: 60 }]}>
            <Input maxLength={60} placeholder={t('city.settings.portalContactPlaceholder')} data-testid="city-portal-contact" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="portalAddress" label={t('city.settings.portalAddress')} extra={t('city.settings.portalAddressHelp')} rules={[{ max: 120 }]}>
            <Input maxLength={120} placeholder={t('city.settings.portalAddressPlaceholder')} data-testid="city-portal-address" />
          </Form.Item>
        </Col>
      </Row>
      {conflict ? <Alert type="warning" showIcon closable onClose={onConflictClosed} className="sz-mb-16" title={t('city.settings.conflict')} data-testid="city-settings-conflict" /> : null}
      <Button type="primary" htmlType="submit" loading={saveSettings.isPending} data-testid="city-settings-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** For those who may only read: the settings as text, not greyed-out inputs. */
function SettingsView({ city }: { city: City }) {
  const t = useT();
  const s = city.settings;
  const orDash = (value: string) => value || <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid="city-settings-view"
      items={[
        { key: 'certPrefix', label: t('city.settings.certPrefix'), children: s.certPrefix },
        { key: 'preview', label: t('city.settings.previewLabel'), children: certificateExample(s.certPrefix) },
        { key: 'registrationAuthority', label: t('city.settings.registrationAuthority'), children: s.registrationAuthority },
        { key: 'portalName', label: t('city.settings.portalName'), children: s.portalName },
        { key: 'portalContact', label: t('city.settings.portalContact'), children: orDash(s.portalContact) },
        { key: 'portalAddress', label: t('city.settings.portalAddress'), children: orDash(s.portalAddress) },
      ]}
    />
  );
}

function SettingsTab({ city }: { city: City }) {
  const t = useT();
  const [conflict, setConflict] = useState(false);
  if (!city.manageable)
    return (
      <>
        {city.settings.version === 0 ? <Alert type="info" showIcon className="sz-mb-16" title={t('city.settings.defaultsReadOnly')} data-testid="city-settings-defaults" /> : null}
        <SettingsView city={city} />
      </>
    );
  return (
    <>
      {city.settings.version === 0 ? <Alert type="info" showIcon className="sz-mb-16" title={t('city.settings.defaults')} data-testid="city-settings-defaults" /> : null}
      {/* Keyed by the version: after a save or a conflict the form starts from what the server now holds; the conflict is said beside the save button, where the eye is. */}
      <SettingsForm key={`${city.id}:${city.settings.version}`} city={city} conflict={conflict} onConflict={() => setConflict(true)} onConflictClosed={() => setConflict(false)} />
    </>
  );
}

function RoleTags({ department }: { department: Department }) {
  const t = useT();
  if (!department.isMemberUnit && !department.isServiceDepartment) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {department.isMemberUnit ? (
        <Tag color="blue" className="sz-me-0">
          {t('city.dept.memberTag')}
        </Tag>
      ) : null}
      {department.isServiceDepartment ? (
        <Tag color="green" className="sz-me-0">
          {t('city.dept.serviceTag')}
        </Tag>
      ) : null}
    </Flex>
  );
}

function StatusTag({ department }: { department: Department }) {
  const t = useT();
  return department.retired ? <Tag className="sz-me-0">{t('city.dept.retired')}</Tag> : <Tag color="success" className="sz-me-0">{t('city.dept.active')}</Tag>;
}

function DepartmentsTab({ city }: { city: City }) {
  const { t, locale } = useI18n();
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const departments = useCityDepartments(city.id);
  const { update } = useDepartmentMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<{ department: Department | null } | null>(null);
  const manageable = city.manageable;

  const all = useMemo(() => [...(departments.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN')), [departments.data]);
  const retiredCount = all.filter((d) => d.retired).length;
  const shown = showRetired ? all : all.filter((d) => !d.retired);
  const nextSortOrder = Math.max(0, ...all.map((d) => d.sortOrder)) + 1;

  const setRetired = (d: Department, retired: boolean) =>
    update.mutateAsync({ id: d.id, version: d.version, retired }).then(
      () => notifySuccess(t(retired ? 'city.dept.retiredDone' : 'city.dept.restored', { name: d.name })),
      (error: unknown) => notifyError(error),
    );

  const actions = (d: Department): ReactNode =>
    manageable ? (
      <Flex gap={4} wrap>
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing({ department: d })} data-testid="department-edit">
          {t('common.edit')}
        </Button>
        {d.retired ? (
          <Popconfirm placement="topRight" title={t('city.dept.restoreConfirm', { name: d.name })} okText={t('city.dept.restore')} onConfirm={() => setRetired(d, false)}>
            <Button size="small" type="link" icon={<UndoOutlined />} data-testid="department-restore">
              {t('city.dept.restore')}
            </Button>
          </Popconfirm>
        ) : (
          <Popconfirm placement="topRight" title={t('city.dept.retireConfirm', { name: d.name })} description={<div style={{ maxWidth: 280 }}>{t('city.dept.retireHelp')}</div>} okText={t('city.dept.retire')} okButtonProps={{ danger: true }} onConfirm={() => setRetired(d, true)}>
            <Button size="small" type="link" danger icon={<StopOutlined />} data-testid="department-retire">
              {t('city.dept.retire')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    ) : null;

  const columns: ColumnsType<Department> = [
    {
      key: 'name',
      title: t('city.dept.name'),
      render: (_, d) => <span className={d.retired ? 'sz-retired' : undefined}>{d.name}</span>,
    },
    { key: 'shortName', title: t('city.dept.shortName'), dataIndex: 'shortName', width: 140, render: (v: string, d) => <span className={d.retired ? 'sz-retired' : undefined}>{v}</span> },
    { key: 'kind', title: t('city.dept.kind'), dataIndex: 'kind', width: 130, render: (kind: Department['kind']) => DEPARTMENT_KIND_NAMES[kind][lang] },
    { key: 'roles', title: t('city.dept.roles'), width: 190, render: (_, d) => <RoleTags department={d} /> },
    { key: 'status', title: t('city.dept.status'), width: 90, render: (_, d) => <StatusTag department={d} /> },
    ...(manageable ? [{ key: 'actions', title: t('common.actions'), width: 170, render: (_: unknown, d: Department) => actions(d) }] : []),
  ];

  const renderCard = (d: Department) => (
    <>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Typography.Text strong className={d.retired ? 'sz-retired sz-min-w-0' : 'sz-min-w-0'}>
          {d.name}
        </Typography.Text>
        <StatusTag department={d} />
      </Flex>
      <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mt-4">
        {d.shortName} · {DEPARTMENT_KIND_NAMES[d.kind][lang]}
      </Typography.Text>
      <div className="sz-mt-8">
        <RoleTags department={d} />
      </div>
      {manageable ? <div className="sz-mt-8">{actions(d)}</div> : null}
    </>
  );

  return (
    <>
      <Typography.Paragraph type="secondary" className="sz-text-sm">
        {t('city.dept.help')}
      </Typography.Paragraph>
      <Flex align="center" wrap gap={12} className="sz-mb-12">
        <Typography.Text type="secondary">{t('city.dept.count', { count: all.length - retiredCount })}</Typography.Text>
        {retiredCount > 0 ? (
          <Flex align="center" gap={6}>
            <Switch size="small" checked={showRetired} onChange={setShowRetired} data-testid="department-show-retired" />
            <Typography.Text>{t('city.dept.showRetired', { count: retiredCount })}</Typography.Text>
          </Flex>
        ) : null}
        {manageable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ department: null })} className="sz-ms-auto" data-testid="department-add">
            {t('city.dept.add')}
          </Button>
        ) : null}
      </Flex>
      <ListShell<Department>
        list={{ items: shown, isPending: departments.isPending, error: departments.error, refetch: departments.refetch }}
        columns={columns}
        rowKey="id"
        renderCard={renderCard}
        empty={t('city.dept.empty')}
        scrollX={manageable ? 900 : 730}
        tableTestId="department-table"
        listTestId="department-list"
        cardTestId="department-card"
        rowTestId="department-row"
        tableProps={{ size: 'middle', rowClassName: (d) => (d.retired ? 'sz-retired' : '') }}
      />
      {editing ? <DepartmentDrawer cityId={city.id} department={editing.department} nextSortOrder={nextSortOrder} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function CopyTemplateModal({ city, cities, onClose }: { city: City; cities: City[]; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ fromCityId: string }>();
  const { copyTemplate } = useCityMutations();
  const { notifyError } = useFeedback();
  const [report, setReport] = useState<CityTemplateReport | null>(null);
  const sources = cities.filter((c) => c.id !== city.id);

  const [fromName, setFromName] = useState('');

  const run = ({ fromCityId }: { fromCityId: string }) =>
    copyTemplate.mutate(
      { cityId: city.id, fromCityId },
      {
        onSuccess: (result) => {
          setFromName(sources.find((c) => c.id === fromCityId)?.name ?? '');
          setReport(result);
        },
        onError: (error) => notifyError(error, form),
      },
    );

  return (
    <Modal
      open
      title={report ? t('city.copy.doneTitle') : t('city.copy.title', { name: city.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        report ? (
          <Button type="primary" onClick={onClose} data-testid="city-copy-close">
            {t('common.close')}
          </Button>
        ) : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" icon={<CopyOutlined />} loading={copyTemplate.isPending} onClick={() => form.submit()} data-testid="city-copy-run">
              {t('city.copy.run')}
            </Button>
          </Flex>
        )
      }
    >
      {report ? (
        report.parts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('city.copy.nothing')} />
        ) : (
          <>
            <Typography.Paragraph>{t('city.copy.doneFrom', { from: fromName, to: city.name })}</Typography.Paragraph>
            <Table
              size="small"
              rowKey="module"
              pagination={false}
              dataSource={report.parts}
              data-testid="city-copy-report"
              columns={[
                { key: 'label', title: t('city.copy.part'), dataIndex: 'label' },
                { key: 'copied', title: t('city.copy.copied'), dataIndex: 'copied', align: 'right', className: 'sz-num' },
                { key: 'skipped', title: t('city.copy.skipped'), dataIndex: 'skipped', align: 'right', className: 'sz-num' },
              ]}
            />
          </>
        )
      ) : (
        <>
          <Alert type="info" showIcon className="sz-mb-16" title={t('city.copy.help')} />
          <Form form={form} name="cityCopy" layout="vertical" initialValues={sources.length === 1 ? { fromCityId: sources[0]?.id } : undefined} onFinish={run}>
            <Form.Item name="fromCityId" label={t('city.copy.from')} rules={[{ required: true, message: t('city.copy.fromRequired') }]}>
              <Select showSearch optionFilterProp="label" placeholder={t('city.copy.fromPlaceholder')} options={sources.map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }))} data-testid="city-copy-from" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** 城市设置: one city's own settings and its member units and service departments (every city's, for the platform administrator). */
export function CitiesPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const cities = useCities();
  const [params, setParams] = useSearchParams();
  const [copying, setCopying] = useState(false);
  const items = useMemo(() => cities.data ?? [], [cities.data]);
  const city = items.find((c) => c.id === params.get('city')) ?? items[0];
  const askedTab = params.get('tab');
  const tab = askedTab === 'departments' || askedTab === 'limits' ? askedTab : 'settings';

  const go = (next: { city?: string; tab?: string }) => {
    const merged = { city: city?.id, tab, ...next };
    setParams({ ...(merged.city && merged.city !== items[0]?.id ? { city: merged.city } : {}), ...(merged.tab === 'departments' || merged.tab === 'limits' ? { tab: merged.tab } : {}) }, { replace: true });
  };

  // A link to a city the caller no longer sees falls back to the first.
  useEffect(() => {
    const asked = params.get('city');
    if (asked && items.length > 0 && !items.some((c) => c.id === asked)) setParams({}, { replace: true });
  }, [items, params, setParams]);

  let body: ReactNode;
  if (cities.isPending) body = <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  else if (cities.isError) body = <ErrorAlert error={cities.error} onRetry={cities.refetch} />;
  else if (!city) body = <Card><Empty description={t('city.none')} /></Card>;
  else {
    const several = items.length > 1;
    const picker = several ? (
      isPhone || items.length > SEGMENTED_MAX ? (
        <Select
          value={city.id}
          onChange={(id) => go({ city: id })}
          showSearch
          optionFilterProp="label"
          options={items.map((c) => ({ value: c.id, label: c.name }))}
          aria-label={t('city.pick')}
          className={isPhone ? 'sz-w-full' : undefined}
          style={isPhone ? undefined : { minWidth: 200 }}
          data-testid="city-picker"
        />
      ) : (
        <Segmented value={city.id} onChange={(id) => go({ city: String(id) })} options={items.map((c) => ({ value: c.id, label: c.name }))} data-testid="city-picker" />
      )
    ) : null;

    body = (
      <>
        {several ? (
          <Flex justify="space-between" align="center" wrap gap={12} className="sz-mb-16">
            <Flex align="center" gap={8} wrap className={isPhone ? 'sz-w-full' : undefined}>
              <Typography.Text type="secondary">{t('city.pick')}</Typography.Text>
              <div className={isPhone ? 'sz-min-w-0' : undefined} style={isPhone ? { flex: 1 } : undefined}>
                {picker}
              </div>
            </Flex>
            {city.manageable ? (
              <Button icon={<CopyOutlined />} onClick={() => setCopying(true)} block={isPhone} data-testid="city-copy-open">
                {t('city.copy.open')}
              </Button>
            ) : null}
          </Flex>
        ) : null}
        {city.manageable ? null : <Alert type="info" showIcon className="sz-mb-16" title={t('city.readOnly')} data-testid="city-read-only" />}
        <Card
          title={
            <Flex align="baseline" gap={8} wrap>
              <span data-testid="city-name">{city.name}</span>
              <Typography.Text type="secondary" className="sz-text-sm" style={{ fontWeight: 'normal' }}>
                {city.code}
              </Typography.Text>
            </Flex>
          }
          styles={isPhone ? { header: { paddingInline: 12 }, body: { paddingTop: 0, paddingInline: 12 } } : { body: { paddingTop: 0 } }}
        >
          <Tabs
            activeKey={tab}
            onChange={(key) => go({ tab: key })}
            items={[
              { key: 'settings', label: <span data-testid="city-tab-settings">{t('city.tab.settings')}</span>, children: <SettingsTab city={city} /> },
              { key: 'departments', label: <span data-testid="city-tab-departments">{t('city.tab.departments')}</span>, children: <DepartmentsTab city={city} /> },
              { key: 'limits', label: <span data-testid="city-tab-limits">{t('city.tab.limits')}</span>, children: <TimeLimitsTab city={city} /> },
            ]}
            destroyOnHidden
          />
        </Card>
        {copying ? <CopyTemplateModal city={city} cities={items} onClose={() => setCopying(false)} /> : null}
      </>
    );
  }

  return (
    <div data-testid="cities-page">
      <PageHeader title={t('city.title')} description={t('city.pageDescription')} />
      {body}
    </div>
  );
}
