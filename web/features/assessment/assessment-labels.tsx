import { Tag } from 'antd';
import {
  ADJUSTMENT_KIND_NAMES,
  INDICATOR_SOURCE_NAMES,
  ROUND_STATE_NAMES,
  RUBRIC_KIND_NAMES,
  RUBRIC_STATE_NAMES,
  type AdjustmentKind,
  type IndicatorSource,
  type RoundState,
  type RubricKind,
  type RubricState,
} from '../../../contracts/assessment';
import { useT } from '../../app/i18n';
import { useLang } from '../workforce/worker-labels';

/** The one state → Tag colour map of the assessment round case type. */
const STATE_COLOR: Record<RoundState, string> = {
  open: 'default',
  selfAssessment: 'gold',
  scoring: 'processing',
  moderation: 'purple',
  notice: 'cyan',
  appeals: 'orange',
  final: 'green',
  cancelled: 'default',
};

const SOURCE_COLOR: Record<IndicatorSource, string> = { manual: 'blue', computed: 'geekblue', survey: 'cyan', self: 'gold' };

export const kindName = (kind: RubricKind, lang: 'zh' | 'en') => RUBRIC_KIND_NAMES[kind][lang];
export const roundStateName = (state: RoundState, lang: 'zh' | 'en') => ROUND_STATE_NAMES[state][lang];

export function RoundStateTag({ state }: { state: RoundState }) {
  const lang = useLang();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="round-state">
      {ROUND_STATE_NAMES[state][lang]}
    </Tag>
  );
}

export function SourceTag({ source }: { source: IndicatorSource }) {
  const lang = useLang();
  return <Tag color={SOURCE_COLOR[source]}>{INDICATOR_SOURCE_NAMES[source][lang]}</Tag>;
}

export function AdjustmentKindTag({ kind }: { kind: AdjustmentKind }) {
  const lang = useLang();
  return <Tag color={kind === 'bonus' ? 'green' : 'red'}>{ADJUSTMENT_KIND_NAMES[kind][lang]}</Tag>;
}

export function RubricStateTag({ state }: { state: RubricState }) {
  const lang = useLang();
  return <Tag color={state === 'published' ? 'green' : state === 'draft' ? 'gold' : 'default'}>{RUBRIC_STATE_NAMES[state][lang]}</Tag>;
}

/** 并列 beside a rank shared with another subject. */
export function RankText({ rank, tied }: { rank: number; tied: boolean }) {
  const t = useT();
  return (
    <span data-testid="result-rank">
      {rank}
      {tied ? (
        <Tag className="sz-ms-6" color="orange">
          {t('assess.tied')}
        </Tag>
      ) : null}
    </span>
  );
}

/** Points as people read them: at most two decimals, no trailing zeros. */
export const pts = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100));
