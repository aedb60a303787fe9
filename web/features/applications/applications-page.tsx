import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { APPLICATION_KINDS, APPLICATION_KIND_NAMES, APPLICATION_STATES, APPLICATION_STATE_NAMES, type ApplicationKind } from '../../../contracts/application-kinds';
import { useCan } from '../../app/auth';
import { ListShell } from '../../components/list-shell';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { PageHeader } from '../../components/page-header';
import { useApplications, type ApplicationFilter, type ApplicationSummary } from './applications-api';
import { DeadlineText, StateTag } from './application-labels';

/** Applications: an applicant's own, or every one in a staff member's reach, with filters. */
export function ApplicationsPage() {
  const can = useCan();
  const isApplicant = can('application.apply') && !can('application.read') && !can('application.handle');
  const [filter, setFilter] = useState<ApplicationFilter>({});
  const [q, setQ] = useState('');
  const list = useApplications(filter);
  return (
    <div data-testid="applications-page">
      <PageHeader
        title={isApplicant ? '我的申请' : '网上申办'}
        description={isApplicant ? '在线办理成立、变更、注销登记、年度报告和社区社会组织备案，最多跑一次。' : '本辖区的全部申请；点击进入办理。'}
        extra={
          <>
            {can('application.manage') ? (
              <Link to="/applications/settings">
                <Button icon={<SettingOutlined />}>事项设置</Button>
              </Link>
            ) : null}
            {can('application.apply') ? (
              <Link to="/applications/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="new-application">
                  新建申请
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <Card size="small" className="sz-mb-12">
        <FilterBar className="sz-mb-0">
          <Input.Search placeholder="名称或编号" allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setFilter((f) => ({ ...f, q: v || undefined }))} className={filterWidth.wide} />
          <Select allowClear placeholder="类别" value={filter.kind} onChange={(v?: ApplicationKind) => setFilter((f) => ({ ...f, kind: v }))} options={APPLICATION_KINDS.map((k) => ({ value: k, label: APPLICATION_KIND_NAMES[k].zh }))} />
          <Select allowClear placeholder="状态" value={filter.state} onChange={(v?: string) => setFilter((f) => ({ ...f, state: v }))} options={APPLICATION_STATES.map((s) => ({ value: s, label: APPLICATION_STATE_NAMES[s].zh }))} />
          <Select className={filterWidth.narrow} value={filter.overdueOnly ? 'overdue' : 'all'} onChange={(v) => setFilter((f) => ({ ...f, overdueOnly: v === 'overdue' || undefined }))} options={[{ value: 'all', label: '全部' }, { value: 'overdue', label: '仅超期' }]} />
        </FilterBar>
      </Card>
      <ListShell<ApplicationSummary>
        list={list}
        rowKey="id"
        empty={isApplicant ? '还没有申请，点击“新建申请”开始。' : '没有符合条件的申请'}
        columns={[
          { title: '编号', dataIndex: 'number', width: 130 },
          { title: '事项', dataIndex: 'title', render: (v: string, r) => <Link to={`/applications/${r.id}`} data-testid="application-row">{v}</Link> },
          { title: '类别', dataIndex: 'kindName', width: 110 },
          { title: '镇街', dataIndex: 'townName', width: 100 },
          { title: '申请人', dataIndex: 'applicantName', width: 100 },
          { title: '状态', dataIndex: 'state', width: 150, render: (v: string, r) => <StateTag state={v} outcome={r.outcome} /> },
          { title: '本环节时限', key: 'due', width: 150, render: (_: unknown, r) => <DeadlineText overdue={r.overdue} workingDaysLeft={r.workingDaysLeft} dueOn={r.dueOn} /> },
          { title: '承诺办结', dataIndex: 'promisedDueOn', width: 110, render: (v: string | null) => v ?? '—' },
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
