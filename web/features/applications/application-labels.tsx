import { Tag } from 'antd';
import type { ApplicationState } from '../../../contracts/application-kinds';
import { APPLICATION_STATE_NAMES } from '../../../contracts/application-kinds';

/** One colour per state, used wherever an application's state is shown. */
const STATE_COLORS: Record<ApplicationState, string> = {
  draft: 'default',
  submitted: 'processing',
  supplementRequested: 'warning',
  reviewing: 'processing',
  deciding: 'purple',
  completed: 'success',
  withdrawn: 'default',
};

export function StateTag({ state, outcome }: { state: string; outcome?: string | null }) {
  const s = state as ApplicationState;
  if (s === 'completed' && outcome === 'rejected') return <Tag color="error">不予批准</Tag>;
  if (s === 'completed' && outcome === 'approved') return <Tag color="success">已办结·准予</Tag>;
  return <Tag color={STATE_COLORS[s] ?? 'default'}>{APPLICATION_STATE_NAMES[s]?.zh ?? state}</Tag>;
}

/** "剩 3 个工作日" / "超期 2 个工作日" with a colour a clerk reads at a glance. */
export function DeadlineText({ overdue, workingDaysLeft, dueOn }: { overdue: boolean; workingDaysLeft: number | null; dueOn: string | null }) {
  if (!dueOn || workingDaysLeft === null) return <span style={{ color: 'rgba(0,0,0,.45)' }}>—</span>;
  if (overdue) return <Tag color="error" data-testid="deadline-overdue">超期 {Math.abs(workingDaysLeft)} 个工作日</Tag>;
  if (workingDaysLeft <= 1) return <Tag color="warning">剩 {workingDaysLeft} 个工作日</Tag>;
  return <Tag>剩 {workingDaysLeft} 个工作日</Tag>;
}

/** The order of the happy path, for the Steps bar. */
export const PATH: { key: ApplicationState; title: string }[] = [
  { key: 'draft', title: '填写申请' },
  { key: 'submitted', title: '受理审查' },
  { key: 'reviewing', title: '部门联审' },
  { key: 'deciding', title: '审批决定' },
  { key: 'completed', title: '办结' },
];
