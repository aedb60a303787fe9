import { ErrorAlert } from '../../../components/error-alert';
import { TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Collapse, Empty, Flex, Form, List, Modal, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n, type MessageKey } from '../../../app/i18n';
import {  useFeedback } from '../../../app/query';
import { DateTimeText } from '../../../components/date-text';
import { useIsPhone } from '../../../components/use-is-phone';
import { ProblemAlert, reachedStage, Yuan } from '../project-labels';
import { useBids, useEvaluators, useExperts, useProjectMutations, useRanking, useRubric, type Expert, type Project, type Ranking } from '../projects-api';
import { BidContentView } from './bid-view';

const EXPERT_STATE: Record<Expert['state'], { key: MessageKey; color: string }> = {
  assigned: { key: 'project.expert.assigned', color: 'default' },
  declared: { key: 'project.expert.declared', color: 'green' },
  recused: { key: 'project.expert.recused', color: 'orange' },
};

/** 申报与评审: the bids (sealed while the call is open), the expert panel, and the ranking. */
export function ProcurementTab({ project }: { project: Project }) {
  const staff = project.abilities.seeReview;
  const reachedProcurement = reachedStage(project) >= 4;
  return (
    <div data-testid="project-procurement">
      <Bids project={project} />
      {staff && reachedProcurement ? <Panel project={project} /> : null}
      {staff && reachedProcurement ? <RankingView project={project} /> : null}
    </div>
  );
}

function Bids({ project }: { project: Project }) {
  const { t } = useI18n();
  const bids = useBids(project.id);
  if (bids.isPending) return <Skeleton active />;
  if (bids.isError) return <ErrorAlert error={bids.error} />;
  const { items, sealedCount } = bids.data;
  return (
    <>
      <Typography.Title level={5} className="sz-mt-0">
        {t('project.bidsTitle')}
      </Typography.Title>
      {sealedCount > 0 || (project.state === 'calling' && items.length === 0) ? (
        <Alert
          type="info"
          showIcon
          className="sz-mb-12"
          title={sealedCount > 0 ? t('project.bidsSealed', { count: sealedCount, deadline: project.callDeadline ?? '—' }) : t('project.bidsNone', { deadline: project.callDeadline ?? '—' })}
          data-testid="bids-sealed"
        />
      ) : null}
      {items.length === 0 && project.state !== 'calling' ? <Empty description={t('project.noBids')} /> : null}
      {items.length ? (
        <Collapse
          data-testid="bid-list"
          items={items.map((b) => ({
            key: b.id,
            label: (
              <Flex wrap gap={8} align="center" data-testid="bid-row">
                <Typography.Text strong>{b.orgName}</Typography.Text>
                <Yuan fen={b.totalFen} />
                {b.state === 'withdrawn' ? <Tag>{t('project.bidWithdrawn')}</Tag> : null}
                <Typography.Text type="secondary" className="sz-text-sm">
                  {t('project.submittedAt')} <DateTimeText value={b.submittedAt} />
                </Typography.Text>
              </Flex>
            ),
            children: <BidContentView bid={b} budgetFen={project.budgetFen} />,
          }))}
        />
      ) : null}
    </>
  );
}

/** The panel: who is on it, whether each declared a conflict, how many bids each has scored; the office names experts. */
function Panel({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const experts = useExperts(project.id);
  const rubric = useRubric();
  const bidCount = project.bidCount;
  const [open, setOpen] = useState(false);
  const mayAssign = project.abilities.assignExperts;
  const declared = (experts.data ?? []).filter((e) => e.state === 'declared').length;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} className="sz-m-0 sz-mt-24 sz-mb-8">
        <Typography.Title level={5} className="sz-m-0">
          {t('project.panelTitle')}
        </Typography.Title>
        {mayAssign ? (
          <Button icon={<TeamOutlined />} onClick={() => setOpen(true)} data-testid="assign-experts">
            {t('project.assignExperts')}
          </Button>
        ) : null}
      </Flex>
      {rubric.data && project.state === 'procuring' ? (
        <Typography.Paragraph type="secondary" className="sz-mt-0">
          {t('project.panelHelp', { min: rubric.data.minExperts, declared })}
        </Typography.Paragraph>
      ) : null}
      {experts.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : experts.isError ? (
        <ErrorAlert error={experts.error} />
      ) : experts.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={mayAssign ? t('project.noExpertsYet') : t('project.noExperts')} />
      ) : (
        <List
          size="small"
          bordered
          dataSource={experts.data}
          data-testid="expert-list"
          renderItem={(e) => (
            <List.Item data-testid="expert-row">
              <Flex wrap gap={8} align="center" className="sz-w-full">
                <Typography.Text strong style={{ minWidth: isPhone ? undefined : 160 }}>
                  {e.name}
                </Typography.Text>
                <Tag color={EXPERT_STATE[e.state].color}>
                  {t(EXPERT_STATE[e.state].key)}
                </Tag>
                {e.state === 'declared' ? (
                  <Typography.Text type={e.scoredBids >= bidCount ? 'success' : 'secondary'}>{t('project.expertScored', { scored: e.scoredBids, total: bidCount })}</Typography.Text>
                ) : null}
                {e.conflictNote ? <Typography.Text type="secondary">{t('project.conflictNote', { note: e.conflictNote })}</Typography.Text> : null}
              </Flex>
            </List.Item>
          )}
        />
      )}
      {open ? <AssignExpertsModal project={project} assigned={(experts.data ?? []).map((e) => e.userId)} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function AssignExpertsModal({ project, assigned, onClose }: { project: Project; assigned: string[]; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ userIds: string[] }>();
  const evaluators = useEvaluators();
  const { assignExperts } = useProjectMutations();
  const { notifySuccess } = useFeedback();
  const options = (evaluators.data ?? []).filter((e) => !assigned.includes(e.id)).map((e) => ({ value: e.id, label: e.name }));
  return (
    <Modal
      open
      title={t('project.assignExpertsTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('project.assign')}
      confirmLoading={assignExperts.isPending}
      okButtonProps={{ 'data-testid': 'assign-experts-confirm' }}
      width={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      <ProblemAlert error={assignExperts.error} />
      <Typography.Paragraph type="secondary">{t('project.assignExpertsHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          assignExperts.mutate(
            { projectId: project.id, userIds: v.userIds },
            {
              onSuccess: () => {
                notifySuccess(t('project.expertsAssigned'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="userIds" label={t('project.experts')} rules={[{ required: true, type: 'array', min: 1, message: t('project.expertsRequired') }]}>
          <Select mode="multiple" loading={evaluators.isPending} options={options} placeholder={t('project.expertsPlaceholder')} showSearch={{ optionFilterProp: 'label' }} data-testid="assign-experts-select" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The panel's ranking: mean of the experts' totals, best first (ties: lower price, earlier bid). */
function RankingView({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const ranking = useRanking(project.id);
  if (ranking.isPending) return <Skeleton active />;
  if (ranking.isError) return <ErrorAlert error={ranking.error} />;
  const r = ranking.data;
  return (
    <>
      <Typography.Title level={5} className="sz-m-0 sz-mt-24 sz-mb-8">
        {t('project.rankingTitle')}
      </Typography.Title>
      {!r.complete && project.state === 'procuring' ? <MissingScores r={r} /> : null}
      {r.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.noRanking')} />
      ) : (
        <Table
          size="small"
          rowKey="bidId"
          pagination={false}
          dataSource={r.items}
          scroll={isPhone ? { x: 560 } : undefined}
          data-testid="ranking-table"
          columns={[
            { title: t('project.rank'), dataIndex: 'rank', width: 60 },
            {
              title: t('project.bidder'),
              dataIndex: 'orgName',
              render: (name: string, i) => (
                <Flex wrap gap={4} align="center">
                  <span>{name}</span>
                  {i.bidId === r.awardedBidId ? <Tag color="green">{t('project.awarded')}</Tag> : i.bidId === r.recommendedBidId ? <Tag color="orange">{t('project.recommended')}</Tag> : null}
                </Flex>
              ),
            },
            { title: t('project.averageScore'), dataIndex: 'average', width: 90, align: 'right', render: (v: number) => <strong>{v.toFixed(2)}</strong> },
            { title: t('project.expertTotals'), dataIndex: 'expertTotals', width: 150, render: (v: number[]) => (v.length ? v.join(' / ') : '—') },
            { title: t('project.bidPrice'), dataIndex: 'totalFen', width: 140, align: 'right', render: (fen: number) => <Yuan fen={fen} /> },
          ]}
        />
      )}
    </>
  );
}

function MissingScores({ r }: { r: Ranking }) {
  const { t } = useI18n();
  if (r.missing.length === 0) return <Alert type="warning" showIcon className="sz-mb-12" title={t('project.rankingNeedsExperts')} />;
  const byExpert = new Map<string, string[]>();
  for (const m of r.missing) byExpert.set(m.expertName, [...(byExpert.get(m.expertName) ?? []), m.orgName]);
  return (
    <Alert
      type="warning"
      showIcon
      className="sz-mb-12"
      title={t('project.rankingIncomplete')}
      description={[...byExpert].map(([expert, orgs]) => `${expert}：${orgs.join('、')}`).join('；')}
      data-testid="ranking-missing"
    />
  );
}
