import { Card, Empty, Flex, List, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useLang } from '../workforce/worker-labels';
import { kindName, RoundStateTag } from './assessment-labels';
import { useMySubjects, useRounds, type Round } from './assessment-api';

/** One round: the caller's own subjects in it (their station or town), each a link to its self-assessment. */
function RoundCard({ round }: { round: Round }) {
  const t = useT();
  const lang = useLang();
  const mine = useMySubjects(round.id);
  return (
    <Card
      size="small"
      className="sz-mb-12"
      data-testid="mine-round"
      title={
        <Flex gap={8} wrap align="center">
          <span className="sz-min-w-0">{round.name}</span>
          <RoundStateTag state={round.state} />
        </Flex>
      }
    >
      <Typography.Text type="secondary" className="sz-block sz-text-sm sz-mb-8">
        {kindName(round.kind, lang)} · {round.year}
        {round.selfDueOn ? ` · ${t('assess.selfDueBy', { date: round.selfDueOn })}` : ''}
        {round.noticeEndsOn ? ` · ${t('assess.noticeUntil', { date: round.noticeEndsOn })}` : ''}
      </Typography.Text>
      {mine.isPending ? (
        <Spin size="small" />
      ) : mine.error ? (
        <ErrorAlert error={mine.error} onRetry={mine.refetch} />
      ) : mine.data.length === 0 ? (
        <Typography.Text type="secondary">{t('assess.notASubject')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={mine.data}
          renderItem={(s) => (
            <List.Item
              actions={[
                <Link key="open" to={`/assessment/mine/${round.id}/${s.id}`} data-testid="self-link">
                  {s.mayAct && round.state === 'selfAssessment' && !s.selfSubmittedAt ? t('assess.doSelf') : t('assess.open')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={s.name}
                description={
                  s.selfSubmittedAt ? (
                    <span className="sz-text-sm">
                      <Tag color="green">{t('assess.selfSubmitted')}</Tag>
                      <DateTimeText value={s.selfSubmittedAt} />
                    </span>
                  ) : (
                    <Tag color="gold">{t('assess.selfNotSubmitted')}</Tag>
                  )
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 本单位评估: the city's rounds, and in each the station's or town's own self-assessment, result and appeals. */
export function MinePage() {
  const t = useT();
  const rounds = useRounds({});
  const shown = (rounds.data ?? []).filter((r) => r.state !== 'cancelled' && (r.kind === 'sppe' || r.kind === 'town')).sort((a, b) => b.year - a.year);
  return (
    <>
      <PageHeader title={t('assess.mineNav')} description={t('assess.mineDescription')} />
      {rounds.isPending ? <Spin className="sz-block sz-m-32" /> : rounds.error ? <ErrorAlert error={rounds.error} onRetry={rounds.refetch} /> : shown.length === 0 ? <Empty description={t('assess.noRounds')} /> : shown.map((r) => <RoundCard key={r.id} round={r} />)}
    </>
  );
}
