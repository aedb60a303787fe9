import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyProblemToForm, useFeedback } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { useIsPhone } from '../../components/use-is-phone';
import { useCatalogMutations, type ServiceDomain } from './catalog-api';

interface DomainValues {
  code: string;
  name: string;
  sortOrder?: number;
}

/** A code nobody has to invent: "domain<n>", the first n the city has not used. It can be changed before saving. */
function suggestCode(taken: Set<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`domain${n}`)) return `domain${n}`;
}

function DomainModal({ domain, domains, cityId, cityName, onClose }: { domain: ServiceDomain | null; domains: ServiceDomain[]; cityId?: string; cityName?: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<DomainValues>();
  const { createDomain, updateDomain } = useCatalogMutations();
  const { notifySuccess } = useFeedback();
  const mutation = domain ? updateDomain : createDomain;
  const taken = useMemo(() => new Set(domains.map((d) => d.code)), [domains]);
  // After a conflict the list reloads: edit against the domain as it now is.
  const current = domain ? (domains.find((d) => d.code === domain.code) ?? domain) : null;

  const submit = (values: DomainValues) => {
    const done = {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (error: unknown) => applyProblemToForm(form, error),
    };
    const fields = { name: values.name.trim(), sortOrder: values.sortOrder ?? 0 };
    if (current) updateDomain.mutate({ domain: current, ...fields }, done);
    else createDomain.mutate({ cityId, code: values.code.trim(), ...fields }, done);
  };

  const error = mutation.error;
  return (
    <Modal
      open
      title={`${cityName ? `${cityName} · ` : ''}${domain ? t('catalog.domainEditTitle') : t('catalog.domainAddTitle')}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={domain ? t('common.save') : t('common.create')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'domain-submit' }}
      destroyOnHidden
    >
      {error instanceof ProblemError && error.code !== 'network' ? (
        <Alert
          type="error"
          showIcon
          className="sz-mb-16"
          title={error.title}
          description={
            <>
              {error.detail}
              {error.code === 'conflict' || error.code === 'stale' ? <div>{t('catalog.conflictHint')}</div> : null}
            </>
          }
          data-testid="domain-problem"
        />
      ) : error ? (
        <ErrorAlert error={error} className="sz-mb-16" testId="domain-problem" />
      ) : null}
      <Form<DomainValues>
        form={form}
        name="serviceDomain"
        layout="vertical"
        initialValues={domain ? { code: domain.code, name: domain.name, sortOrder: domain.sortOrder } : { code: suggestCode(taken), name: '', sortOrder: Math.max(0, ...domains.map((d) => d.sortOrder)) + 1 }}
        onFinish={submit}
      >
        <Form.Item name="name" label={t('catalog.domainName')} rules={[{ required: true, whitespace: true, message: t('catalog.domainNameRequired') }, { max: 30 }]}>
          <Input maxLength={30} placeholder={t('catalog.domainNamePlaceholder')} data-testid="domain-name" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="sortOrder" label={t('catalog.sortOrder')} style={{ width: 120 }}>
            <InputNumber min={0} max={9999} precision={0} className="sz-w-full" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('catalog.code')}
            extra={domain ? t('catalog.codeFixed') : t('catalog.codeHelp')}
            style={{ flex: '1 1 220px' }}
            rules={[{ required: true }, { pattern: /^[a-z][a-zA-Z0-9]{1,39}$/, message: t('catalog.domainCodeInvalid') }]}
          >
            <Input disabled={Boolean(domain)} maxLength={40} data-testid="domain-code" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/**
 * 服务领域: one city's service domains (issue 16 §3), which its projects serve — listed in order, and for whoever keeps
 * the catalog added, renamed, reordered, retired and restored. A retired domain stays on the projects that name it.
 */
export function ServiceDomainsCard({ domains, cityId, cityName, canManage, showRetired }: { domains: ServiceDomain[]; cityId?: string; cityName?: string; canManage: boolean; showRetired: boolean }) {
  const t = useT();
  const isPhone = useIsPhone();
  const { updateDomain } = useCatalogMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const [editing, setEditing] = useState<{ domain: ServiceDomain | null } | null>(null);
  const shown = domains.filter((d) => showRetired || !d.retired);

  const setRetired = (d: ServiceDomain, retired: boolean) =>
    updateDomain.mutate({ domain: d, retired }, { onSuccess: () => notifySuccess(retired ? t('catalog.retired') : t('catalog.restored')), onError: (error) => notifyError(error) });

  return (
    <Card
      size="small"
      data-testid="catalog-domains"
      title={
        <span>
          {t('catalog.domains')}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8, fontSize: 12 }}>
            {t('catalog.domainCount', { count: domains.filter((d) => !d.retired).length })}
          </Typography.Text>
        </span>
      }
      extra={
        canManage ? (
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEditing({ domain: null })} data-testid="domain-add">
            {t('catalog.domainAdd')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" className="sz-text-sm">
        {t('catalog.domainsHelp')}
      </Typography.Paragraph>
      {!canManage ? (
        shown.length ? (
          <Flex wrap gap={8}>
            {shown.map((d) => (
              <Tag key={d.code} color={d.retired ? undefined : 'blue'} style={{ fontSize: 13, padding: '2px 10px', marginInlineEnd: 0 }} className={d.retired ? 'sz-retired' : undefined}>
                {d.name}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )
      ) : (
        <Table<ServiceDomain>
          size="small"
          rowKey="code"
          dataSource={shown}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          columns={[
            { title: t('catalog.sortOrder'), dataIndex: 'sortOrder', width: 72 },
            {
              title: t('catalog.domainName'),
              dataIndex: 'name',
              render: (_: unknown, d) => (
                <span className={d.retired ? 'sz-retired' : undefined}>
                  {d.name}
                  {d.retired ? <Tag className="sz-ms-8">{t('catalog.retiredTag')}</Tag> : null}
                </span>
              ),
            },
            ...(isPhone ? [] : [{ title: t('catalog.code'), dataIndex: 'code', render: (code: string) => <Typography.Text type="secondary">{code}</Typography.Text> }]),
            {
              title: t('common.actions'),
              key: 'actions',
              width: isPhone ? 96 : 180,
              render: (_: unknown, d) => (
                <Flex gap={4}>
                  <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing({ domain: d })} aria-label={t('common.edit')} data-testid="domain-edit">
                    {isPhone ? null : t('common.edit')}
                  </Button>
                  {d.retired ? (
                    <Button size="small" type="text" icon={<UndoOutlined />} onClick={() => setRetired(d, false)} aria-label={t('catalog.restore')} data-testid="domain-restore">
                      {isPhone ? null : t('catalog.restore')}
                    </Button>
                  ) : (
                    <Popconfirm title={t('catalog.retireConfirm', { name: d.name })} description={t('catalog.domainRetireHelp')} okText={t('catalog.retire')} onConfirm={() => setRetired(d, true)}>
                      <Button size="small" type="text" danger icon={<StopOutlined />} aria-label={t('catalog.retire')} data-testid="domain-retire">
                        {isPhone ? null : t('catalog.retire')}
                      </Button>
                    </Popconfirm>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      )}
      {editing ? <DomainModal domain={editing.domain} domains={domains} cityId={cityId} cityName={cityName} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}
