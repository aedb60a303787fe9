import { Space, Tag, Tooltip } from 'antd';
import { CONCERN_CHANNEL_NAMES, CONCERN_STATE_NAMES, ROUTING_TARGET_NAMES, type ConcernChannel, type ConcernState, type RoutingTarget } from '../../../contracts/concerns';
import { useT } from '../../app/i18n';
import { useLang } from '../workforce/worker-labels';

/** The one state → Tag colour map of the concern case type. */
const STATE_COLOR: Record<ConcernState, string> = {
  submitted: 'gold',
  accepted: 'blue',
  handling: 'processing',
  replied: 'cyan',
  rated: 'geekblue',
  closed: 'green',
  merged: 'default',
};

export const stateName = (state: ConcernState, lang: 'zh' | 'en') => CONCERN_STATE_NAMES[state][lang];
export const channelName = (channel: ConcernChannel, lang: 'zh' | 'en') => CONCERN_CHANNEL_NAMES[channel][lang];
export const targetName = (target: RoutingTarget, lang: 'zh' | 'en') => ROUTING_TARGET_NAMES[target][lang];

export function ConcernStateTag({ state }: { state: ConcernState }) {
  const lang = useLang();
  return <Tag color={STATE_COLOR[state]}>{stateName(state, lang)}</Tag>;
}

/** 超期 (past the step's promised working day) and 已督办 (escalated to the office), as the list and the page mark them. */
export function OverdueTags({ overdue, escalated }: { overdue: boolean; escalated: boolean }) {
  const t = useT();
  if (!overdue && !escalated) return null;
  return (
    <Space size={2} wrap>
      {overdue ? (
        <Tooltip title={t('concern.overdueHint')}>
          <Tag color="red" data-testid="concern-overdue">
            {t('concern.overdue')}
          </Tag>
        </Tooltip>
      ) : null}
      {escalated ? <Tag color="volcano">{t('concern.escalated')}</Tag> : null}
    </Space>
  );
}
