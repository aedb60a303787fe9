import { ErrorAlert } from '../../components/error-alert';
import { Alert, Tag, Typography } from 'antd';
import { formatYuan, type Fen } from '../../../contracts/money';
import { PROJECT_STATE_NAMES, type ProjectState } from '../../../contracts/projects';
import { ProblemError } from '../../app/api';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import type { Project } from './projects-api';

/** One colour per stage, wherever a project's stage is shown: grey before the call, blue while buying, green once delivered. */
const STATE_COLORS: Record<ProjectState, string> = {
  draft: 'default',
  proposed: 'gold',
  planned: 'cyan',
  calling: 'blue',
  procuring: 'purple',
  noticing: 'orange',
  awarded: 'geekblue',
  implementing: 'processing',
  evaluating: 'magenta',
  closing: 'lime',
  closed: 'success',
  rejected: 'error',
  cancelled: 'default',
};

export function ProjectStateTag({ state }: { state: ProjectState }) {
  const { locale } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="project-state">
      {PROJECT_STATE_NAMES[state][locale === 'zh-CN' ? 'zh' : 'en']}
    </Tag>
  );
}

export function useStateName(): (state: ProjectState) => string {
  const { locale } = useI18n();
  return (state) => PROJECT_STATE_NAMES[state][locale === 'zh-CN' ? 'zh' : 'en'];
}

/** The ten steps of the lifecycle as the Steps bar shows them, and the stage each state belongs to. */
export const LIFECYCLE: { key: MessageKey; states: ProjectState[] }[] = [
  { key: 'project.step.draft', states: ['draft'] },
  { key: 'project.step.proposed', states: ['proposed'] },
  { key: 'project.step.planned', states: ['planned'] },
  { key: 'project.step.calling', states: ['calling'] },
  { key: 'project.step.procuring', states: ['procuring'] },
  { key: 'project.step.noticing', states: ['noticing'] },
  { key: 'project.step.awarded', states: ['awarded'] },
  { key: 'project.step.implementing', states: ['implementing'] },
  { key: 'project.step.evaluating', states: ['evaluating'] },
  { key: 'project.step.closing', states: ['closing', 'closed'] },
];

export function stageOf(state: string): number {
  return LIFECYCLE.findIndex((s) => (s.states as string[]).includes(state));
}

/**
 * How far the project got: its stage now, or — for a project that ended early (rejected, cancelled) — the
 * stage it was in when it ended. Tabs for later stages stay hidden.
 */
export function reachedStage(p: Pick<Project, 'state' | 'case'>): number {
  const now = stageOf(p.state);
  if (now >= 0) return now;
  const last = [...p.case.steps].reverse().find((s) => s.fromState && stageOf(s.fromState) >= 0);
  return last?.fromState ? stageOf(last.fromState) : 0;
}

/** "12,345.00 元" — fen to yuan with two decimals, never through floating point. */
export function yuan(fen: Fen, unit: string): string {
  return `${formatYuan(fen)} ${unit}`;
}

export function Yuan({ fen, strong, testId }: { fen: Fen; strong?: boolean; testId?: string }) {
  const t = useT();
  return (
    <Typography.Text strong={strong} className="sz-nowrap sz-num" data-testid={testId}>
      {yuan(fen, t('project.yuan'))}
    </Typography.Text>
  );
}

/** The step's deadline: "截至 2026-12-03", red with "已超期" when it has passed. */
export function DueText({ dueOn, overdue }: { dueOn: string | null; overdue: boolean }) {
  const t = useT();
  if (!dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  if (overdue)
    return (
      <Tag color="error" data-testid="project-overdue">
        {t('project.overdueSince', { date: dueOn })}
      </Tag>
    );
  return <span className="sz-nowrap">{t('project.dueBy', { date: dueOn })}</span>;
}

/**
 * A refusal where the person is looking, in the server's words: the rule that stops the act (409), every
 * field problem (422), or "changed by someone else" with a note that the page now shows the current state.
 */
export function ProblemAlert({ error, testId = 'project-problem' }: { error: unknown; testId?: string }) {
  const t = useT();
  if (!error) return null;
  if (error instanceof ProblemError && error.code !== 'network') {
    const fields = error.errors.map((e) => e.message);
    return (
      <Alert
        type="error"
        showIcon
        className="sz-mb-16"
        title={error.title}
        description={
          <>
            {error.detail ? <div>{error.detail}</div> : null}
            {fields.length ? (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {fields.map((f, i) => (
                  <li key={i}>{f}</li>
                ))}
              </ul>
            ) : null}
            {error.code === 'conflict' ? <div>{t('project.conflictHint')}</div> : null}
          </>
        }
        data-testid={testId}
      />
    );
  }
  return <ErrorAlert error={error} className="sz-mb-16" testId={testId} />;
}

/** Server paths of a transition's input ("input.deadline") to the form's field names ("deadline"). */
export function inputPath(path: string): string {
  return path.startsWith('input.') ? path.slice('input.'.length).split('.')[0] : path.split('.')[0];
}
