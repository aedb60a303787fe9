import { ErrorAlert } from '../../components/error-alert';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, Collapse, DatePicker, Descriptions, Flex, Form, Input, Modal, Result, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { ChangesTable } from '../../components/changes-table';
import { renderRegionChange } from '../regions';
import { DateTimeText } from '../../components/date-text';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { actionOptions, ENTITY_TYPES, OUTCOME_TAG, OutcomeTag, roleName } from './audit-labels';
import { useAuditEvents, useVerifyAudit, type AuditEvent, type AuditFilter, type Outcome, type VerifyResult } from './audit-api';

interface FilterValues {
  actor?: string;
  action?: string;
  entityType?: string;
  outcome?: Outcome;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toFilter(values: FilterValues): AuditFilter {
  return {
    actor: values.actor?.trim() || undefined,
    action: values.action,
    entityType: values.entityType,
    outcome: values.outcome,
    from: values.range?.[0]?.startOf('day').toISOString(),
    to: values.range?.[1]?.endOf('day').toISOString(),
  };
}

function FilterBar({ onChange }: { onChange: (filter: AuditFilter) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  return (
    <Form<FilterValues> form={form} layout="vertical" onFinish={(values) => onChange(toFilter(values))} data-testid="audit-filter">
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={6} xl={4}>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear placeholder={t('audit.actorPlaceholder')} data-testid="audit-actor" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6} xl={5}>
          <Form.Item name="action" label={t('audit.action')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.all')} options={actionOptions(locale)} data-testid="audit-action" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={6} xl={4}>
          <Form.Item name="entityType" label={t('audit.entityType')}>
            <Select allowClear placeholder={t('common.all')} options={Object.entries(ENTITY_TYPES).map(([value, key]) => ({ value, label: t(key) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={6} xl={3}>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select allowClear placeholder={t('common.all')} options={(Object.keys(OUTCOME_TAG) as Outcome[]).map((value) => ({ value, label: t(OUTCOME_TAG[value].label) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16} lg={12} xl={5}>
          <Form.Item name="range" label={t('audit.dateRange')}>
            <DatePicker.RangePicker className="sz-w-full" allowEmpty={[true, true]} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8} lg={12} xl={3}>
          <Form.Item label=" " colon={false}>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  onChange({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Flex>
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

function EventDetail({ event }: { event: AuditEvent }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12, maxWidth: 900 }}>
      {event.changes && Object.keys(event.changes).length > 0 ? <ChangesTable changes={event.changes} renderValue={event.entityType === 'region' ? renderRegionChange : undefined} /> : <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        styles={{ content: { wordBreak: 'break-all' } }}
        items={[
          { key: 'seq', label: t('audit.seq'), children: event.seq },
          { key: 'ip', label: t('audit.ip'), children: event.ip ?? '—' },
          { key: 'entityId', label: t('audit.entityId'), children: event.entityId ? <Typography.Text copyable>{event.entityId}</Typography.Text> : '—' },
          { key: 'scope', label: t('audit.scope'), children: event.scope ?? '—' },
          { key: 'hash', label: t('audit.hash'), children: <Typography.Text code className="sz-break-all sz-text-sm">{event.hash}</Typography.Text> },
          ...(event.detail ? [{ key: 'detail', label: t('audit.detail'), children: <Typography.Text code className="sz-break-all sz-text-sm">{JSON.stringify(event.detail)}</Typography.Text> }] : []),
        ]}
      />
    </div>
  );
}

function VerifyOutcome({ result }: { result: VerifyResult }) {
  const { t } = useI18n();
  if (result.ok) return <Result status="success" title={t('audit.verifyOk')} subTitle={t('audit.verifyChecked', { count: result.checked })} />;
  return (
    <Result status="error" title={t('audit.verifyBroken')} subTitle={t('audit.verifyChecked', { count: result.checked })}>
      {result.firstBroken ? (
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'seq', label: t('audit.seq'), children: result.firstBroken.seq },
            { key: 'id', label: t('audit.eventId'), children: <Typography.Text copyable>{result.firstBroken.id}</Typography.Text> },
            { key: 'reason', label: t('audit.brokenReason'), children: result.firstBroken.reason },
          ]}
        />
      ) : null}
    </Result>
  );
}

export function AuditPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const [filter, setFilter] = useState<AuditFilter>({});
  const events = useAuditEvents(filter);
  const verify = useVerifyAudit();
  const [verifyOpen, setVerifyOpen] = useState(false);
  const isPhone = useIsPhone();
  const [openEvent, setOpenEvent] = useState<AuditEvent | null>(null);

  const entityLabel = (event: AuditEvent) => {
    if (!event.entityType) return '—';
    const key = ENTITY_TYPES[event.entityType];
    return key ? t(key) : event.entityType;
  };

  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        description={t('audit.pageDescription')}
        extra={
          can('audit.verify') ? (
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verify.isPending}
              onClick={() => {
                setVerifyOpen(true);
                verify.mutate();
              }}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
          ) : null
        }
      />
      <Card className="sz-mb-16" styles={{ body: { paddingBottom: 0 } }}>
        {isPhone ? (
          <Collapse ghost size="small" className="sz-mb-12" items={[{ key: 'filter', label: t('audit.filters'), children: <FilterBar onChange={setFilter} /> }]} />
        ) : (
          <FilterBar onChange={setFilter} />
        )}
      </Card>
      <Card>
        <ListShell<AuditEvent>
          list={events}
          rowKey="id"
          empty={t('audit.empty')}
          scrollX={1040}
          tableTestId="audit-table"
          listTestId="audit-list"
          onOpen={isPhone ? setOpenEvent : undefined}
          tableProps={{ size: 'middle', expandable: { expandedRowRender: (event) => <EventDetail event={event} />, rowExpandable: () => true } }}
          renderCard={(event) => (
            <>
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong>{event.actionName}</Typography.Text>
                <OutcomeTag outcome={event.outcome} />
              </Flex>
              <Typography.Text type="secondary" className="sz-text-md">
                <DateTimeText value={event.occurredAt} /> · {event.actorUsername ?? t('audit.system')} · {entityLabel(event)}
                {event.entityName ? ` ${event.entityName}` : ''}
              </Typography.Text>
            </>
          )}
          columns={[
            { title: t('audit.time'), dataIndex: 'occurredAt', width: 150, render: (value: string) => <DateTimeText value={value} /> },
            { title: t('audit.actor'), dataIndex: 'actorUsername', width: 110, render: (value: string | null) => value ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text> },
            { title: t('audit.role'), dataIndex: 'actingRole', width: 120, render: (value: string | null) => roleName(value, locale) },
            { title: t('audit.action'), dataIndex: 'actionName', width: 130 },
            {
              title: t('audit.entity'),
              key: 'entity',
              width: 180,
              render: (_, event) => (
                <span>
                  {entityLabel(event)}
                  {event.entityName ? (
                    <Typography.Text className="sz-ms-6" title={event.entityId ?? undefined}>
                      {event.entityName}
                    </Typography.Text>
                  ) : event.entityId ? (
                    <Typography.Text type="secondary" className="sz-text-sm sz-ms-6" title={event.entityId}>
                      {event.entityId.slice(0, 8)}
                    </Typography.Text>
                  ) : null}
                </span>
              ),
            },
            { title: t('audit.outcome'), dataIndex: 'outcome', width: 90, render: (value: Outcome) => <OutcomeTag outcome={value} /> },
            {
              title: t('audit.requestId'),
              dataIndex: 'requestId',
              width: 150,
              render: (value: string | null) => (value ? <Typography.Text copyable={{ text: value }} className="sz-text-sm" title={value}>{value.slice(0, 8)}</Typography.Text> : '—'),
            },
          ]}
        />
      </Card>
      <Modal open={Boolean(openEvent)} onCancel={() => setOpenEvent(null)} footer={null} title={openEvent?.actionName}>
        {openEvent ? <EventDetail event={openEvent} /> : null}
      </Modal>
      <Modal open={verifyOpen} onCancel={() => setVerifyOpen(false)} footer={<Button onClick={() => setVerifyOpen(false)}>{t('common.close')}</Button>} title={t('audit.verify')}>
        {verify.isPending ? <Result icon={<SafetyCertificateOutlined />} title={t('audit.verifying')} /> : null}
        {verify.isError ? <ErrorAlert error={verify.error} /> : null}
        {verify.data && !verify.isPending ? <VerifyOutcome result={verify.data} /> : null}
      </Modal>
    </>
  );
}
