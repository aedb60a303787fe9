import { ErrorAlert } from '../../../components/error-alert';
import {  Card, Descriptions, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import type { EvaluationGrade } from '../../../../contracts/projects';
import { useI18n, type MessageKey } from '../../../app/i18n';
import { useIsPhone } from '../../../components/use-is-phone';
import { useEvaluation, type Project } from '../projects-api';
import { chinaDay } from '../../../components/china-time';

const GRADE_COLORS: Record<EvaluationGrade, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' };

/** The text a step carried in its input (the final report's summary, the closing report). */
function stepText(p: Project, event: string, field: string): { text: string; by: string; at: string } | null {
  const step = [...p.case.steps].reverse().find((s) => s.event === event);
  const text = step?.input?.[field];
  return step && typeof text === 'string' ? { text, by: step.actorName, at: chinaDay(step.occurredAt) } : null;
}

/** 终期评估: the provider's final report, the evaluation's scores and grade, and the closing report. */
export function EvaluationTab({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const evaluation = useEvaluation(project.id);
  const report = stepText(project, 'submitFinalReport', 'summary');
  const closing = stepText(project, 'close', 'closingReport');
  return (
    <div data-testid="project-evaluation">
      {report ? (
        <Card size="small" title={t('project.finalReport')} className="sz-mb-16" extra={<Typography.Text type="secondary">{`${report.by} · ${report.at}`}</Typography.Text>}>
          <div className="sz-pre-wrap">{report.text}</div>
        </Card>
      ) : null}
      {evaluation.isPending ? (
        <Skeleton active />
      ) : evaluation.isError ? (
        <ErrorAlert error={evaluation.error} />
      ) : !evaluation.data ? (
        <Empty description={project.state === 'evaluating' ? t('project.evaluationPending') : t('project.noEvaluation')} />
      ) : (
        <>
          <Flex align="center" gap={12} wrap className="sz-mb-12" data-testid="evaluation-result">
            <Typography.Title level={3} className="sz-m-0">
              {t('project.totalPoints', { total: evaluation.data.total })}
            </Typography.Title>
            <Tag color={GRADE_COLORS[evaluation.data.grade]} style={{ fontSize: 16, padding: '2px 10px' }}>
              {t(`project.grade.${evaluation.data.grade}` as MessageKey)}
            </Tag>
            <Typography.Text type="secondary">
              {evaluation.data.evaluatorName} · {evaluation.data.evaluatedOn}
            </Typography.Text>
          </Flex>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={evaluation.data.criteria}
            columns={[
              { title: t('project.criterion'), dataIndex: 'name', render: (name: string, c) => (isPhone ? name : <span title={c.description}>{name}</span>) },
              { title: t('project.score'), key: 'score', width: 120, align: 'right', render: (_: unknown, c) => `${evaluation.data!.scores[c.key] ?? '—'} / ${c.maxPoints}` },
            ]}
          />
          <Descriptions size="small" column={1} className="sz-mt-12" items={[{ key: 'summary', label: t('project.evaluationSummary'), children: <span className="sz-pre-wrap">{evaluation.data.summary}</span> }]} />
        </>
      )}
      {closing ? (
        <Card size="small" title={t('project.closingReport')} className="sz-mt-16" extra={<Typography.Text type="secondary">{`${closing.by} · ${closing.at}`}</Typography.Text>}>
          <div className="sz-pre-wrap">{closing.text}</div>
        </Card>
      ) : null}
    </div>
  );
}
