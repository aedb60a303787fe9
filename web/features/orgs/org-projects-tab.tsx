import { ErrorAlert } from '../../components/error-alert';
import {  Badge, Empty, Flex, List, Space, Spin, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import type { EvaluationGrade } from '../../../contracts/projects';
import { formatYuan } from '../../../contracts/money';
import { useT, type MessageKey } from '../../app/i18n';
import { LoadMore } from '../../components/load-more';
import { useIsPhone } from '../../components/use-is-phone';
import { useOrgProjects, type OrgProject, type OrgProjectRecord } from './orgs-api';

/** 优秀 green, 良好 blue, 合格 plain, 不合格 red — the grade as it stands on the organization's record. */
const GRADE_COLOR: Record<EvaluationGrade, string> = { excellent: 'green', good: 'blue', pass: 'default', fail: 'red' };
const GRADES: EvaluationGrade[] = ['excellent', 'good', 'pass', 'fail'];

function EvaluationGradeTag({ grade, testId }: { grade: EvaluationGrade; testId?: string }) {
  const t = useT();
  return (
    <Tag color={GRADE_COLOR[grade]} data-testid={testId}>
      {t(`project.grade.${grade}` as MessageKey)}
    </Tag>
  );
}

/** The project's title, linked to the page this user may open: the project file, or its public page. */
function ProjectLink({ p }: { p: OrgProject }) {
  const title = (
    <Typography.Text strong className="sz-inherit-color">
      {p.title}
    </Typography.Text>
  );
  if (p.opens === 'project')
    return (
      <Link to={`/projects/${p.id}`} data-testid="org-project-link">
        {title}
      </Link>
    );
  return (
    <Link to={`/open/projects/${p.id}`} data-testid="org-project-link">
      {title}
    </Link>
  );
}

function Evaluation({ p }: { p: OrgProject }) {
  const t = useT();
  if (!p.evaluation) return <Typography.Text type="secondary">{t('org.projects.notEvaluated')}</Typography.Text>;
  return (
    <Flex gap={6} align="center" wrap>
      <EvaluationGradeTag grade={p.evaluation.grade} testId="org-project-grade" />
      <Typography.Text>{t('org.projects.score', { score: p.evaluation.total })}</Typography.Text>
      <Typography.Text type="secondary">{p.evaluation.evaluatedOn}</Typography.Text>
    </Flex>
  );
}

const money = (fen: number | null) => (fen === null ? null : formatYuan(fen));

/** The stage as a dot and text, not a tag: a grey tag beside the grade would read like 合格. */
function Stage({ p }: { p: OrgProject }) {
  const status = p.state === 'closed' ? 'default' : p.state === 'cancelled' || p.state === 'rejected' ? 'error' : 'processing';
  return <Badge status={status} text={p.stateName} className="sz-nowrap" />;
}

/** "共承接 N 个项目，最近评估：优秀 92 分 · 2025-12-10（project）", the grades counted, and the money — over every project, not only the pages loaded. */
function Summary({ s }: { s: OrgProjectRecord['summary'] }) {
  const t = useT();
  const isPhone = useIsPhone();
  return (
    <div data-testid="org-projects-summary" style={{ marginBottom: 16, padding: isPhone ? '10px 12px' : '12px 16px', background: 'rgba(0, 0, 0, 0.02)', borderRadius: 8 }}>
      <Flex wrap gap={isPhone ? 4 : 0} align="center" vertical={isPhone} style={{ fontSize: 15, alignItems: isPhone ? 'flex-start' : 'center' }}>
        <Typography.Text strong data-testid="org-projects-count">
          {t('org.projects.summary', { count: s.projectCount })}
          {isPhone ? '' : t('org.projects.sep')}
        </Typography.Text>
        {s.latest ? (
          <Flex gap={6} align="center" wrap data-testid="org-projects-latest">
            <Typography.Text>{t('org.projects.latest')}</Typography.Text>
            <EvaluationGradeTag grade={s.latest.grade} />
            <Typography.Text>{t('org.projects.latestDetail', { score: s.latest.total, date: s.latest.evaluatedOn })}</Typography.Text>
            <Typography.Text type="secondary" className="sz-text-md">
              （<Link to={s.latest.opens === 'project' ? `/projects/${s.latest.projectId}` : `/open/projects/${s.latest.projectId}`}>{s.latest.title}</Link>）
            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('org.projects.noEvaluation')}</Typography.Text>
        )}
      </Flex>
      {s.evaluatedCount > 0 ? (
        <Flex wrap gap={isPhone ? 6 : 8} align="center" className="sz-mt-8" data-testid="org-projects-by-grade">
          {isPhone ? null : <Typography.Text type="secondary">{t('org.projects.byGrade', { count: s.evaluatedCount })}：</Typography.Text>}
          {GRADES.map((g) => (
            <Space key={g} size={4}>
              <EvaluationGradeTag grade={g} />
              <Typography.Text strong={s.byGrade[g] > 0} type={s.byGrade[g] > 0 ? undefined : 'secondary'} data-testid={`org-projects-grade-${g}`}>
                {s.byGrade[g]}
              </Typography.Text>
            </Space>
          ))}
        </Flex>
      ) : null}
      <Flex wrap gap={isPhone ? 0 : 16} vertical={isPhone} className="sz-mt-8">
        <Typography.Text type="secondary">{t('org.projects.totalValue', { value: formatYuan(s.contractValueFen) })}</Typography.Text>
        <Typography.Text type="secondary">{t('org.projects.totalPaid', { paid: formatYuan(s.paidFen) })}</Typography.Text>
      </Flex>
    </div>
  );
}

/** The organization's purchased service projects: what it delivered, for whom, for how much, and how it was graded. */
export function OrgProjectsTab({ id }: { id: string }) {
  const t = useT();
  const isPhone = useIsPhone();
  const record = useOrgProjects(id);
  if (record.isPending) return <Spin className="sz-block sz-m-32" />;
  if (record.isError || !record.summary) return <ErrorAlert error={record.error} />;
  // Newest year first, a page at a time (LoadMore below); the summary covers them all.
  const r = { summary: record.summary, items: record.items };
  if (r.items.length === 0) return <Empty description={t('org.projects.empty')} data-testid="org-projects-empty" />;
  return (
    <div data-testid="org-projects">
      <Typography.Paragraph type="secondary">
        {t('org.projects.hint')}
        {r.items.some((p) => p.opens === 'public') ? t('org.projects.publicHint') : null}
      </Typography.Paragraph>
      <Summary s={r.summary} />
      {isPhone ? (
        <List<OrgProject>
          dataSource={r.items}
          renderItem={(p) => (
            <List.Item style={{ display: 'block', paddingInline: 0 }} data-testid="org-project-row">
              <ProjectLink p={p} />
              <Typography.Text type="secondary" className="sz-block sz-mt-2 sz-text-md">
                {p.year} · {p.departmentName} · {p.number}
              </Typography.Text>
              <Flex wrap gap={8} align="center" className="sz-mt-6">
                <Stage p={p} />
                <Evaluation p={p} />
              </Flex>
              <Typography.Text className="sz-block sz-mt-6 sz-text-md">
                {p.contractValueFen === null ? (
                  <Typography.Text type="secondary">{t('org.projects.notSigned')}</Typography.Text>
                ) : (
                  <>
                    {t('org.projects.contract')} {money(p.contractValueFen)} 元 · {t('org.projects.paidShort')} {money(p.paidFen)} 元
                  </>
                )}
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Table<OrgProject>
          rowKey="id"
          size="middle"
          dataSource={r.items}
          pagination={false}
          onRow={() => ({ 'data-testid': 'org-project-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('org.projects.year'), dataIndex: 'year', width: 72 },
            {
              title: t('org.projects.project'),
              key: 'title',
              render: (_: unknown, p) => (
                <>
                  <ProjectLink p={p} />
                  <Typography.Text type="secondary" className="sz-block sz-text-sm">
                    {p.number}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('org.projects.department'), dataIndex: 'departmentName', width: 110 },
            {
              title: t('org.projects.contractValue'),
              dataIndex: 'contractValueFen',
              width: 130,
              align: 'right',
              render: (v: number | null) => money(v) ?? <Typography.Text type="secondary">{t('org.projects.notSigned')}</Typography.Text>,
            },
            { title: t('org.projects.paid'), dataIndex: 'paidFen', width: 120, align: 'right', render: (v: number) => money(v) },
            { title: t('org.projects.stage'), dataIndex: 'stateName', width: 110, render: (_: string, p) => <Stage p={p} /> },
            { title: t('org.projects.evaluation'), key: 'evaluation', width: 210, render: (_: unknown, p) => <Evaluation p={p} /> },
          ]}
        />
      )}
      <LoadMore hasNextPage={record.hasNextPage} isFetchingNextPage={record.isFetchingNextPage} fetchNextPage={record.fetchNextPage} />
    </div>
  );
}
