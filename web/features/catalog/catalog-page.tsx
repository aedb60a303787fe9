import { ErrorAlert } from '../../components/error-alert';
import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Input, InputNumber, List, Modal, Popconfirm, Row, Select, Skeleton, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CATALOG_TIER_NAMES, CATALOG_TIERS, type CatalogTier } from '../../../contracts/funds';
import { ProblemError } from '../../app/api';
import { useCan } from '../../app/auth';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import { applyProblemToForm, useFeedback } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useCities } from '../cities/cities-api';
import { usePublicCities } from '../public/portal-city';
import { useCatalog, useCatalogMutations, type CatalogCategory } from './catalog-api';
import { ServiceDomainsCard } from './service-domains-card';
import { tierColors } from '../../app/theme';

/** 1 core-leading, 2 brand, 3 basic, X featured: the numeral each tier carries in "123X". */
const TIER_MARK: Record<CatalogTier, string> = { core: '1', brand: '2', basic: '3', featured: 'X' };
const TIER_COLOR: Record<CatalogTier, string> = tierColors;
const TIER_HELP: Record<CatalogTier, MessageKey> = { core: 'catalog.tierHelp.core', brand: 'catalog.tierHelp.brand', basic: 'catalog.tierHelp.basic', featured: 'catalog.tierHelp.featured' };

function RefusalAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  if (error instanceof ProblemError && error.code !== 'network') {
    return (
      <Alert
        type="error"
        showIcon
        className="sz-mb-16"
        title={error.title}
        description={
          <>
            {error.detail}
            {error.code === 'conflict' ? <div>{t('catalog.conflictHint')}</div> : null}
          </>
        }
        data-testid="catalog-problem"
      />
    );
  }
  return <ErrorAlert error={error} className="sz-mb-16" testId="catalog-problem" />;
}

interface CategoryValues {
  tier: CatalogTier;
  code: string;
  name: string;
  description?: string;
  sortOrder?: number;
}

/** A code nobody has to invent: "<tier>.item<n>", the first n not yet taken. It can be changed before saving. */
function suggestCode(tier: CatalogTier, taken: Set<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`${tier}.item${n}`)) return `${tier}.item${n}`;
}

function CategoryModal({ category, tier, categories, cityId, cityName, onClose }: { category: CatalogCategory | null; tier: CatalogTier; categories: CatalogCategory[]; cityId?: string; cityName?: string; onClose: () => void }) {
  const { t, locale } = useI18n();
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const [form] = Form.useForm<CategoryValues>();
  const { create, update } = useCatalogMutations();
  const { notifySuccess } = useFeedback();
  const taken = useMemo(() => new Set(categories.map((c) => c.code)), [categories]);
  const mutation = category ? update : create;
  // After a conflict the list reloads: edit against the version now on the server.
  const current = category ? (categories.find((c) => c.id === category.id) ?? category) : null;

  const submit = (values: CategoryValues) => {
    const done = {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (error: unknown) => applyProblemToForm(form, error),
    };
    const fields = { name: values.name.trim(), description: (values.description ?? '').trim(), sortOrder: values.sortOrder ?? 0 };
    if (current) update.mutate({ id: current.id, version: current.version, ...fields }, done);
    else create.mutate({ cityId, tier: values.tier, code: values.code.trim(), ...fields }, done);
  };

  const inTier = categories.filter((c) => c.tier === tier);
  return (
    <Modal
      open
      title={`${cityName ? `${cityName} · ` : ''}${category ? t('catalog.editTitle') : t('catalog.addTitle')}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={category ? t('common.save') : t('common.create')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'catalog-submit' }}
      destroyOnHidden
    >
      <RefusalAlert error={mutation.error} />
      <Form<CategoryValues>
        form={form}
        name="catalogCategory"
        layout="vertical"
        initialValues={
          category
            ? { tier: category.tier, code: category.code, name: category.name, description: category.description, sortOrder: category.sortOrder }
            : { tier, code: suggestCode(tier, taken), name: '', description: '', sortOrder: Math.max(0, ...inTier.map((c) => c.sortOrder)) + 1 }
        }
        onValuesChange={(changed: Partial<CategoryValues>) => {
          if (!category && changed.tier) form.setFieldValue('code', suggestCode(changed.tier, taken));
        }}
        onFinish={submit}
      >
        <Form.Item name="tier" label={t('catalog.tier')} rules={[{ required: true }]}>
          <Select disabled={Boolean(category)} options={CATALOG_TIERS.map((tr) => ({ value: tr, label: `${TIER_MARK[tr]} · ${CATALOG_TIER_NAMES[tr][lang]}` }))} data-testid="catalog-tier" />
        </Form.Item>
        <Form.Item name="name" label={t('catalog.name')} rules={[{ required: true, whitespace: true, message: t('catalog.nameRequired') }, { max: 60 }]}>
          <Input maxLength={60} placeholder={t('catalog.namePlaceholder')} data-testid="catalog-name" />
        </Form.Item>
        <Form.Item name="description" label={t('catalog.description')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('catalog.descriptionPlaceholder')} data-testid="catalog-description" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="sortOrder" label={t('catalog.sortOrder')} style={{ width: 120 }}>
            <InputNumber min={0} max={9999} precision={0} className="sz-w-full" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('catalog.code')}
            extra={category ? t('catalog.codeFixed') : t('catalog.codeHelp')}
            style={{ flex: '1 1 220px' }}
            rules={[{ required: true }, { pattern: /^[a-z][a-zA-Z0-9.]{1,39}$/, message: t('catalog.codeInvalid') }]}
          >
            <Input disabled={Boolean(category)} maxLength={40} data-testid="catalog-code" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** 项目清单: the 123X categories grouped by tier, and the service domains a project may serve — both the chosen city's. */
export function CatalogPage() {
  const { t, locale } = useI18n();
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const can = useCan();
  const isPhone = useIsPhone();
  const canManage = can('catalog.manage');
  const catalog = useCatalog();
  const { update } = useCatalogMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<{ category: CatalogCategory | null; tier: CatalogTier } | null>(null);

  // Each city keeps its own catalog (issue 16 §3). Someone who reads or keeps several (the platform administrator,
  // the auditor) chooses one: its categories are shown and a new one goes to it. The cities are those the caller
  // works in and those the catalog names; their names come from the portal's list, which everyone may read.
  // Not asked of those without city.read (an evaluator, a supervisor): a refusal would only be audited.
  const cities = useCities(can('city.read'));
  const publicCities = usePublicCities();
  const [params, setParams] = useSearchParams();
  const all = useMemo(() => catalog.data?.categories ?? [], [catalog.data]);
  const allDomains = useMemo(() => catalog.data?.domains ?? [], [catalog.data]);
  const cityIds = useMemo(() => {
    const ids = new Set([...(cities.data ?? []).map((c) => c.id), ...all.map((c) => c.cityId), ...allDomains.map((d) => d.cityId)]);
    const order = (publicCities.data ?? []).map((c) => c.id);
    return [...ids].sort((a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity));
  }, [cities.data, publicCities.data, all, allDomains]);
  const cityName = (id: string) => cities.data?.find((c) => c.id === id)?.name ?? publicCities.data?.find((c) => c.id === id)?.name ?? '—';
  const several = cityIds.length > 1;
  const asked = params.get('city');
  const cityId = several ? (asked && cityIds.includes(asked) ? asked : cityIds[0]) : undefined;
  const categories = cityId ? all.filter((c) => c.cityId === cityId) : all;
  const domains = cityId ? allDomains.filter((d) => d.cityId === cityId) : allDomains;
  const retiredCount = categories.filter((c) => c.retired).length + domains.filter((d) => d.retired).length;

  const setRetired = (c: CatalogCategory, retired: boolean) =>
    update.mutate(
      { id: c.id, version: c.version, retired },
      { onSuccess: () => notifySuccess(retired ? t('catalog.retired') : t('catalog.restored')), onError: (error) => notifyError(error) },
    );

  const tierCard = (tier: CatalogTier) => {
    const items = categories.filter((c) => c.tier === tier && (showRetired || !c.retired));
    return (
      <Card
        size="small"
        className="sz-h-full"
        data-testid={`catalog-tier-${tier}`}
        title={
          <Flex align="center" gap={10}>
            <span
              aria-hidden
              style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: 28, height: 28, borderRadius: 6, background: TIER_COLOR[tier], color: 'white', fontWeight: 700, fontSize: 16 }}
            >
              {TIER_MARK[tier]}
            </span>
            <span>
              {CATALOG_TIER_NAMES[tier][lang]}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8, fontSize: 12 }}>
                {t('catalog.count', { count: items.filter((c) => !c.retired).length })}
              </Typography.Text>
            </span>
          </Flex>
        }
        extra={
          canManage ? (
            <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEditing({ category: null, tier })} data-testid={`catalog-add-${tier}`}>
              {isPhone ? null : t('catalog.add')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary" className="sz-text-sm sz-mb-4">
          {t(TIER_HELP[tier])}
        </Typography.Paragraph>
        <List
          dataSource={items}
          locale={{ emptyText: t('catalog.tierEmpty') }}
          renderItem={(c) => (
            <List.Item
              data-testid="catalog-category"
              style={{ alignItems: 'flex-start', flexWrap: isPhone ? 'wrap' : undefined }}
              actions={
                canManage
                  ? [
                      <Button key="edit" size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing({ category: c, tier })} aria-label={t('common.edit')} data-testid="catalog-edit">
                        {isPhone ? null : t('common.edit')}
                      </Button>,
                      c.retired ? (
                        <Button key="restore" size="small" type="text" icon={<UndoOutlined />} onClick={() => setRetired(c, false)} data-testid="catalog-restore">
                          {isPhone ? null : t('catalog.restore')}
                        </Button>
                      ) : (
                        <Popconfirm key="retire" title={t('catalog.retireConfirm', { name: c.name })} description={t('catalog.retireHelp')} okText={t('catalog.retire')} onConfirm={() => setRetired(c, true)}>
                          <Button size="small" type="text" danger icon={<StopOutlined />} data-testid="catalog-retire">
                            {isPhone ? null : t('catalog.retire')}
                          </Button>
                        </Popconfirm>
                      ),
                    ]
                  : undefined
              }
            >
              <List.Item.Meta
                title={
                  <span className={c.retired ? 'sz-retired' : undefined}>
                    {c.name}
                    {c.retired ? <Tag className="sz-ms-8">{t('catalog.retiredTag')}</Tag> : null}
                  </span>
                }
                description={
                  // The code is the category's key for the API and imports, not a name people read: the edit form shows it.
                  <span className={c.retired ? 'sz-retired' : undefined}>{c.description || '—'}</span>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    );
  };

  let body;
  if (catalog.isPending) body = <Skeleton active />;
  else if (catalog.isError) body = <ErrorAlert error={catalog.error} />;
  else
    body = (
      <>
        <Row gutter={[16, 16]} className="sz-mb-16">
          {CATALOG_TIERS.map((tier) => (
            <Col key={tier} xs={24} lg={12}>
              {tierCard(tier)}
            </Col>
          ))}
        </Row>
        <ServiceDomainsCard domains={domains} cityId={cityId} cityName={cityId ? cityName(cityId) : undefined} canManage={canManage} showRetired={showRetired} />
      </>
    );

  return (
    <div data-testid="catalog-page">
      <PageHeader
        title={t('catalog.title')}
        description={several ? `${t('catalog.pageDescription')} ${t('catalog.cityHelp')}` : t('catalog.pageDescription')}
        extra={
          <>
            {several ? (
              <Select
                value={cityId}
                style={{ width: 140 }}
                options={cityIds.map((id) => ({ value: id, label: cityName(id) }))}
                onChange={(id: string) => setParams({ city: id }, { replace: true })}
                aria-label={t('catalog.city')}
                data-testid="catalog-city"
              />
            ) : null}
            {retiredCount > 0 ? (
              <Flex align="center" gap={6}>
                <Switch size="small" checked={showRetired} onChange={setShowRetired} data-testid="catalog-show-retired" />
                <Typography.Text>{t('catalog.showRetired', { count: retiredCount })}</Typography.Text>
              </Flex>
            ) : null}
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ category: null, tier: 'featured' })} data-testid="catalog-add">
                {t('catalog.add')}
              </Button>
            ) : null}
          </>
        }
      />
      {body}
      {editing ? <CategoryModal category={editing.category} tier={editing.tier} categories={categories} cityId={cityId} cityName={cityId ? cityName(cityId) : undefined} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
