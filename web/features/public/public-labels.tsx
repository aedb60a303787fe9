import { Tag } from 'antd';
import { formatWanYuan, formatYuan, type Fen } from '../../../contracts/money';
import { PROJECT_STATE_NAMES, type EvaluationGrade, type ProjectState } from '../../../contracts/projects';
import { useI18n, type MessageKey } from '../../app/i18n';

/** One colour per stage a resident can see (the public sees a project from the plan on). */
const STAGE_COLORS: Partial<Record<ProjectState, string>> = {
  planned: 'default',
  calling: 'blue',
  procuring: 'purple',
  noticing: 'orange',
  awarded: 'cyan',
  implementing: 'processing',
  evaluating: 'gold',
  closing: 'green',
  closed: 'success',
  cancelled: 'default',
};

export function StageTag({ state }: { state: ProjectState }) {
  const { locale } = useI18n();
  return (
    <Tag color={STAGE_COLORS[state] ?? 'default'} data-testid="open-stage">
      {PROJECT_STATE_NAMES[state][locale === 'zh-CN' ? 'zh' : 'en']}
    </Tag>
  );
}

const GRADE_COLORS: Record<EvaluationGrade, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' };
const GRADE_KEYS: Record<EvaluationGrade, MessageKey> = { excellent: 'open.grade.excellent', good: 'open.grade.good', pass: 'open.grade.pass', fail: 'open.grade.fail' };

export function GradeTag({ grade }: { grade: EvaluationGrade }) {
  const { t } = useI18n();
  return (
    <Tag color={GRADE_COLORS[grade]} data-testid="open-grade">
      {t(GRADE_KEYS[grade])}
    </Tag>
  );
}

/** "45 万元" in Chinese (how residents read budgets), "CNY 450,000.00" in English (万 means nothing there). */
export function useAmount(): (fen: Fen) => string {
  const { locale } = useI18n();
  return (fen) => (locale === 'zh-CN' ? formatWanYuan(fen) : `CNY ${formatYuan(fen)}`);
}

/** Paid as a whole percentage of the contract value (rounded down, so 99.6 % is not shown as all paid). */
export function paidPercent(paidFen: Fen, valueFen: Fen): number {
  return valueFen > 0 ? Math.floor((paidFen * 100) / valueFen) : 0;
}
