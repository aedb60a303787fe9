import { Badge, Card, Descriptions, Flex, Spin, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { AGGREGATION_NAMES } from '../../../contracts/assessment';
import { useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { CaseActions, type EventSpec } from '../cases/case-actions';
import { CaseTimeline } from '../cases/case-timeline';
import { useLang } from '../workforce/worker-labels';
import { kindName, pts, RoundStateTag } from './assessment-labels';
import { useRefreshRound, useResults, useRound, useRoundCase, useRubrics, type Round } from './assessment-api';
import { RoundAppeals } from './round-appeals';
import { RoundPanel } from './round-panel';
import { RoundSubjects } from './round-subjects';
import { BasisTag, RankingView } from './ranking-view';
import { SheetProgress } from './rounds-page';

const TABS = ['overview', 'subjects', 'panel', 'results', 'appeals'] as const;

function useEventSpecs(): Record<string, EventSpec> {
  const t = useT();
  return {
    startSelfAssessment: { tone: 'primary', help: t('assess.event.startSelfAssessment') },
    startScoring: { tone: 'primary', help: t('assess.event.startScoring') },
    closeScoring: { tone: 'primary', help: t('assess.event.closeScoring') },
    reopenScoring: { help: t('assess.event.reopenScoring') },
    publish: { tone: 'primary', help: t('assess.event.publish') },
    closeNotice: { tone: 'primary', help: t('assess.event.closeNotice') },
    finalize: { tone: 'primary', help: t('assess.event.finalize') },
    cancel: { tone: 'danger', help: t('assess.event.cancel') },
  };
}

function Overview({ round }: { round: Round }) {
  const t = useT();
  const lang = useLang();
  const isPhone = useIsPhone();
  const caseFile = useRoundCase(round.id);
  const refresh = useRefreshRound(round.id);
  const specs = useEventSpecs();
  const rubric = useRubrics(round.kind, 'all').data?.find((r) => r.id === round.rubric.id);
  const file = caseFile.data;
  return (
    <>
      {file ? <CaseActions c={file} events={specs} onActed={refresh} /> : null}
      <Flex gap={16} vertical={isPhone} align="flex-start">
        <div className="sz-min-w-0 sz-w-full" style={{ flex: 3 }}>
          <Card size="small" title={t('assess.facts')} className="sz-mb-16" data-testid="round-facts">
            <Descriptions size="small" column={isPhone ? 1 : 2} bordered>
              <Descriptions.Item label={t('assess.state')}>
                <RoundStateTag state={round.state} />
              </Descriptions.Item>
              <Descriptions.Item label={t('assess.number')}>{round.number}</Descriptions.Item>
              <Descriptions.Item label={t('assess.kind')}>{kindName(round.kind, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('assess.year')}>{round.year}</Descriptions.Item>
              <Descriptions.Item label={t('assess.rubric')} span={isPhone ? 1 : 2}>
                {t('assess.rubricOption', { name: round.rubric.name, version: round.rubric.version, max: pts(round.rubric.maxPoints) })}
                {rubric ? <Typography.Text type="secondary" className="sz-block sz-text-sm">{AGGREGATION_NAMES[rubric.aggregation][lang]}</Typography.Text> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('assess.blind')}>{round.blind ? t('assess.blindOn') : t('assess.blindOff')}</Descriptions.Item>
              <Descriptions.Item label={t('assess.subjectsCount')}>{round.subjects}</Descriptions.Item>
              <Descriptions.Item label={t('assess.evaluators')}>{round.evaluators}</Descriptions.Item>
              <Descriptions.Item label={t('assess.progress')}>
                <SheetProgress submitted={round.sheetsSubmitted} owed={round.sheetsOwed} />
              </Descriptions.Item>
              <Descriptions.Item label={t('assess.selfDueOn')}>{round.selfDueOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('assess.scoringDueOn')}>{round.scoringDueOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('assess.noticePeriod')}>
                {round.noticeStartsOn ? `${round.noticeStartsOn} ~ ${round.noticeEndsOn ?? ''}` : t('assess.workingDaysN', { n: round.noticeWorkingDays })}
              </Descriptions.Item>
              <Descriptions.Item label={t('assess.appealWorkingDays')}>{t('assess.workingDaysN', { n: round.appealWorkingDays })}</Descriptions.Item>
              <Descriptions.Item label={t('assess.publishedAt')}>
                <DateTimeText value={round.publishedAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('assess.finalizedAt')}>
                <DateTimeText value={round.finalizedAt} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </div>
        <div className="sz-min-w-0 sz-w-full" style={{ flex: 2 }}>
          <Card size="small" title={t('case.history')} className="sz-mb-16" data-testid="case-timeline">
            {file ? <CaseTimeline steps={file.steps} /> : caseFile.error ? <ErrorAlert error={caseFile.error} onRetry={caseFile.refetch} /> : <Spin />}
          </Card>
        </div>
      </Flex>
    </>
  );
}

function ResultsTab({ round }: { round: Round }) {
  const t = useT();
  const results = useResults(round.id);
  if (results.isPending) return <Spin className="sz-block sz-m-32" />;
  if (results.error || !results.data) return <ErrorAlert error={results.error} onRetry={results.refetch} />;
  return (
    <>
      <Flex gap={8} align="center" wrap className="sz-mb-12">
        <BasisTag results={results.data} />
        <Typography.Text type="secondary" className="sz-text-sm">
          {results.data.basis === 'live' ? t('assess.basisLiveHelp') : t('assess.basisPublishedHelp')}
        </Typography.Text>
      </Flex>
      <RankingView results={results.data} />
    </>
  );
}

/** 评估轮次: its facts, actions and history; subjects with every score traced; the panel; results; appeals. */
export function RoundPage() {
  const { id = '' } = useParams();
  const t = useT();
  const [params, setParams] = useSearchParams();
  const round = useRound(id);
  const asked = params.get('tab');
  const tab = (TABS as readonly string[]).includes(asked ?? '') ? asked! : 'overview';
  if (round.isPending) return <Spin className="sz-block sz-m-48" />;
  if (round.error || !round.data) return <ErrorAlert error={round.error} onRetry={round.refetch} />;
  const r = round.data;
  return (
    <div data-testid="round-page">
      <PageHeader
        title={
          <Flex gap={8} wrap align="center">
            <span>{r.name}</span>
            <RoundStateTag state={r.state} />
          </Flex>
        }
        description={`${r.number} · ${t('assess.rubricOption', { name: r.rubric.name, version: r.rubric.version, max: pts(r.rubric.maxPoints) })}`}
        extra={<Link to="/assessment/rounds">{t('assess.backToRounds')}</Link>}
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'overview' ? {} : { tab: key }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'overview', label: <span data-testid="round-tab-overview">{t('assess.tab.overview')}</span>, children: <Overview round={r} /> },
            { key: 'subjects', label: <span data-testid="round-tab-subjects">{t('assess.tab.subjects')}</span>, children: <RoundSubjects round={r} /> },
            { key: 'panel', label: <span data-testid="round-tab-panel">{t('assess.tab.panel')}</span>, children: <RoundPanel round={r} /> },
            { key: 'results', label: <span data-testid="round-tab-results">{t('assess.tab.results')}</span>, children: <ResultsTab round={r} /> },
            {
              key: 'appeals',
              label: (
                <span data-testid="round-tab-appeals">
                  {t('assess.tab.appeals')} <Badge count={r.openAppeals} size="small" />
                </span>
              ),
              children: <RoundAppeals round={r} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
