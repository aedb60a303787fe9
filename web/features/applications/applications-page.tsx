import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { APPLICATION_KINDS, APPLICATION_KIND_NAMES, APPLICATION_STATES, APPLICATION_STATE_NAMES, type ApplicationKind } from '../../../contracts/application-kinds';
import { useCan } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
import { ListShell } from '../../components/list-shell';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { PageHeader } from '../../components/page-header';
import { useApplications, type ApplicationFilter, type ApplicationSummary } from './applications-api';
import { DeadlineText, StateTag } from './application-labels';

/** Applications: an applicant's own, or every one in a staff member's reach, with filters. */
export function ApplicationsPage() {
  const can = useCan();
  const t = useT();
  const { locale } = useI18n();
  const label = (names: { zh: string; en: string }) => (locale === 'en-US' ? names.en : names.zh);
  const isApplicant = can('application.apply') && !can('application.read') && !can('application.handle');
  const [filter, setFilter] = useState<ApplicationFilter>({});
  const [q, setQ] = useState('');
  const list = useApplications(filter);
  return (
    <div data-testid="applications-page">
      <PageHeader
        title={t(isApplicant ? 'application.list.mine' : 'application.list.all')}
        description={t(isApplicant ? 'application.list.mineHelp' : 'application.list.allHelp')}
        extra={
          <>
            {can('application.manage') ? (
              <Link to="/applications/settings">
                <Button icon={<SettingOutlined />}>{t('application.list.settings')}</Button>
              </Link>
            ) : null}
            {can('application.apply') ? (
              <Link to="/applications/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="new-application">
                  {t('application.list.new')}
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <Card size="small" className="sz-mb-12">
        <FilterBar className="sz-mb-0">
          <Input.Search placeholder={t('application.list.search')} allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setFilter((f) => ({ ...f, q: v || undefined }))} className={filterWidth.wide} />
          <Select allowClear placeholder={t('application.list.kind')} value={filter.kind} onChange={(v?: ApplicationKind) => setFilter((f) => ({ ...f, kind: v }))} options={APPLICATION_KINDS.map((k) => ({ value: k, label: label(APPLICATION_KIND_NAMES[k]) }))} />
          <Select allowClear placeholder={t('application.list.state')} value={filter.state} onChange={(v?: string) => setFilter((f) => ({ ...f, state: v }))} options={APPLICATION_STATES.map((s) => ({ value: s, label: label(APPLICATION_STATE_NAMES[s]) }))} />
          <Select className={filterWidth.narrow} value={filter.overdueOnly ? 'overdue' : 'all'} onChange={(v) => setFilter((f) => ({ ...f, overdueOnly: v === 'overdue' || undefined }))} options={[{ value: 'all', label: t('application.list.all.filter') }, { value: 'overdue', label: t('application.list.overdueOnly') }]} />
        </FilterBar>
      </Card>
      <ListShell<ApplicationSummary>
        list={list}
        rowKey="id"
        empty={t(isApplicant ? 'application.list.emptyMine' : 'application.list.empty')}
        columns={[
          { title: t('application.list.number'), dataIndex: 'number', width: 130 },
          { title: t('application.list.item'), dataIndex: 'title', render: (v: string, r) => <Link to={`/applications/${r.id}`} data-testid="application-row">{v}</Link> },
          { title: t('application.list.kind'), dataIndex: 'kindName', width: 110 },
          { title: t('application.list.town'), dataIndex: 'townName', width: 100 },
          { title: t('application.list.applicant'), dataIndex: 'applicantName', width: 100 },
          { title: t('application.list.state'), dataIndex: 'state', width: 150, render: (v: string, r) => <StateTag state={v} outcome={r.outcome} /> },
          { title: t('application.list.due'), key: 'due', width: 150, render: (_: unknown, r) => <DeadlineText overdue={r.overdue} workingDaysLeft={r.workingDaysLeft} dueOn={r.dueOn} /> },
          { title: t('application.list.promised'), dataIndex: 'promisedDueOn', width: 110, render: (v: string | null) => v ?? '—' },
        ]}
        renderCard={(a) => (
          <>
            <Link to={`/applications/${a.id}`} data-testid="application-row">
              <Typography.Text strong>{a.title}</Typography.Text>
            </Link>
            <Flex wrap gap={4} align="center" className="sz-mt-4">
              <StateTag state={a.state} outcome={a.outcome} />
              <DeadlineText overdue={a.overdue} workingDaysLeft={a.workingDaysLeft} dueOn={a.dueOn} />
            </Flex>
            <Typography.Text type="secondary" className="sz-text-sm">
              {a.number} · {a.kindName}
            </Typography.Text>
          </>
        )}
      />
    </div>
  );
}
