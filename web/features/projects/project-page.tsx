import { Alert, Button, Card, Descriptions, Skeleton, Space, Steps, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { ProjectActions } from './project-actions';
import { DueText, LIFECYCLE, ProblemAlert, ProjectStateTag, reachedStage, stageOf, Yuan } from './project-labels';
import { useProject, type Project } from './projects-api';
import { OverviewTab } from './tabs/overview-tab';
import { ProcurementTab } from './tabs/procurement-tab';
import { NoticeTab } from './tabs/notice-tab';
import { ContractTab } from './tabs/contract-tab';
import { DeliveryTab } from './tabs/delivery-tab';
import { SupervisionTab } from './tabs/supervision-tab';
import { EvaluationTab } from './tabs/evaluation-tab';
import { PaymentsTab } from './tabs/payments-tab';
import { DocumentsTab } from './tabs/documents-tab';
import { HistoryTab } from './tabs/history-tab';

/** Where the Steps bar stands: the stage now, finished when closed, red at the stage where it was rejected or cancelled. */
function stepsState(p: Project): { current: number; status: 'process' | 'finish' | 'error' } {
  if (p.state === 'closed') return { current: LIFECYCLE.length - 1, status: 'finish' };
  if (p.state === 'rejected' || p.state === 'cancelled') return { current: reachedStage(p), status: 'error' };
  return { current: stageOf(p.state), status: 'process' };
}

/**
 * Which tabs a project has: each appears once the project has reached its stage. Supervision from the award
 * (stage 6): the office names the third-party supervisors before the contract is signed.
 */
export const TAB_FROM_STAGE: Record<string, number> = { overview: 0, procurement: 3, notice: 5, contract: 6, delivery: 7, supervision: 6, payments: 7, evaluation: 8, documents: 0, history: 0 };

/**
 * 项目详情: where the project stands on its lifecycle, the acts this user may take now (from the case's
 * abilities: the page never decides who may act), and a tab per part of the file.
 */
export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const can = useCan();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const project = useProject(id);
  // Where this reader came from: the project list, a supervisor's worklist, or the calls of an org member.
  const [backTo, backLabel] = can('project.read')
    ? (['/projects', 'project.backToList'] as const)
    : can('project.supervise')
      ? (['/supervision', 'supervision.backTo'] as const)
      : (['/calls', 'project.backToCalls'] as const);
  if (project.isPending) return <Skeleton active />;
  if (project.isError)
    return (
      <>
        <ProblemAlert error={project.error} />
        <Space>
          <Button onClick={() => void project.refetch()}>{t('common.retry')}</Button>
          <Link to={backTo}>{t(backLabel)}</Link>
        </Space>
      </>
    );
  const p = project.data;
  const c = p.case;
  const reached = reachedStage(p);
  const steps = stepsState(p);
  const endedAt = p.state === 'rejected' || p.state === 'cancelled' ? [...c.steps].reverse().find((s) => s.toState === p.state) : undefined;
  const waiting = c.waitingOn.map((w) => (w.departmentName ? `${w.departmentName}：${w.task}` : w.task));
  const tabs = [
    { key: 'overview', label: t('project.tab.overview'), children: <OverviewTab project={p} /> },
    { key: 'procurement', label: t('project.tab.procurement'), children: <ProcurementTab project={p} /> },
    { key: 'notice', label: t('project.tab.notice'), children: <NoticeTab project={p} /> },
    { key: 'contract', label: t('project.tab.contractMilestones'), children: <ContractTab project={p} /> },
    { key: 'delivery', label: t('project.tab.delivery'), children: <DeliveryTab project={p} /> },
    { key: 'supervision', label: t('project.tab.supervision'), children: <SupervisionTab project={p} /> },
    { key: 'payments', label: t('project.tab.payments'), children: <PaymentsTab project={p} /> },
    { key: 'evaluation', label: t('project.tab.evaluation'), children: <EvaluationTab project={p} /> },
    { key: 'documents', label: t('project.tab.documents'), children: <DocumentsTab project={p} /> },
    { key: 'history', label: t('project.tab.history'), children: <HistoryTab project={p} /> },
  ].filter((tab) => reached >= TAB_FROM_STAGE[tab.key]);
  const asked = params.get('tab');
  const active = tabs.some((tab) => tab.key === asked) ? asked! : 'overview';

  return (
    <div data-testid="project-page">
      <PageHeader
        title={
          <Space wrap size={8}>
            <span data-testid="project-title">{p.title}</span>
            <ProjectStateTag state={p.state} />
          </Space>
        }
        description={`${p.number} · ${p.departmentName} · ${p.categoryName} · ${t('project.yearOption', { year: p.year })}`}
        extra={<Link to={backTo}>{t(backLabel)}</Link>}
      />
      <Card size="small" className="sz-mb-16">
        <div style={isPhone ? undefined : { overflowX: 'auto', paddingBottom: 4 }}>
          <Steps
            size="small"
            orientation={isPhone ? 'vertical' : 'horizontal'}
            titlePlacement={isPhone ? undefined : 'vertical'}
            responsive={false}
            current={steps.current}
            status={steps.status}
            items={LIFECYCLE.map((s, i) => ({
              title: t(s.key),
              // On a phone the vertical bar lists only the stages that matter now: done, current and the next.
              ...(isPhone && i > steps.current + 1 ? { style: { display: 'none' } } : {}),
            }))}
            style={isPhone ? undefined : { minWidth: 920 }}
            data-testid="project-steps"
          />
        </div>
        {endedAt ? (
          <Alert
            type={p.state === 'rejected' ? 'error' : 'warning'}
            showIcon
            className="sz-mt-12"
            title={`${endedAt.eventName}（${endedAt.actorName}）`}
            description={endedAt.comment ?? undefined}
            data-testid="project-ended"
          />
        ) : null}
        <Descriptions
          size="small"
          column={isPhone ? 1 : 3}
          className="sz-mt-16"
          items={[
            { key: 'stage', label: t('project.currentStage'), children: c.stateName },
            { key: 'due', label: t('project.stepDeadline'), children: <DueText dueOn={c.dueOn} overdue={c.overdue} /> },
            { key: 'budget', label: t('project.budget'), children: <Yuan fen={p.budgetFen} testId="project-budget" /> },
            ...(p.callDeadline ? [{ key: 'call', label: t('project.callDeadline'), children: p.callDeadline }] : []),
            ...(p.funds.lineName ? [{ key: 'line', label: t('project.fundLine'), children: p.funds.lineName }] : []),
            { key: 'waiting', label: t('project.waitingOn'), children: waiting.length ? waiting.join('；') : '—' },
          ]}
        />
        {isPhone && steps.current + 1 < LIFECYCLE.length - 1 ? (
          <Typography.Text type="secondary" className="sz-text-sm">
            {t('project.stepsRest', { count: LIFECYCLE.length - steps.current - 2 })}
          </Typography.Text>
        ) : null}
      </Card>
      <ProjectActions project={p} />
      <Card size="small">
        <Tabs
          activeKey={active}
          onChange={(key) => setParams(key === 'overview' ? {} : { tab: key }, { replace: true })}
          items={tabs.map((tab) => ({ ...tab, label: <span data-testid={`project-tab-${tab.key}`}>{tab.label}</span> }))}
          destroyOnHidden
        />
      </Card>
    </div>
  );
}
