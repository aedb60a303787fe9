import { Card, Empty, Flex, Select, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { RubricKind } from '../../../contracts/assessment';
import { useT } from '../../app/i18n';
import { chartColors } from '../../app/theme';
import { Chart } from '../../components/chart';
import { ErrorAlert } from '../../components/error-alert';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useLang } from '../workforce/worker-labels';
import { kindName, pts } from './assessment-labels';
import { useManyResults, useResults, useRounds, type Round, type RoundResults } from './assessment-api';
import { BasisTag, RankingView } from './ranking-view';
import { ROUND_KINDS } from './rounds-page';

const PUBLISHED = new Set(['notice', 'appeals', 'final']);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** One station's four dimensions against the city's average, each as a share of its maximum. */
function RadarCard({ results, subjectId, onSubject }: { results: RoundResults; subjectId: string | undefined; onSubject: (id: string) => void }) {
  const t = useT();
  const chosen = results.items.find((r) => r.subject.id === subjectId) ?? results.items[0];
  const option = useMemo(() => {
    if (!chosen) return {};
    const dims = chosen.dimensions;
    const average = dims.map((_, i) => round2(results.items.reduce((n, r) => n + (r.dimensions[i]?.score ?? 0), 0) / results.items.length));
    return {
      tooltip: {},
      legend: { bottom: 0, data: [chosen.subject.name, t('assess.cityAverage')] },
      radar: { indicator: dims.map((d) => ({ name: d.name, max: d.maxPoints })), radius: '62%', axisName: { color: chartColors.axisText } },
      series: [
        {
          type: 'radar',
          data: [
            { name: chosen.subject.name, value: dims.map((d) => d.score), itemStyle: { color: chartColors.primary }, areaStyle: { opacity: 0.2 } },
            { name: t('assess.cityAverage'), value: average, itemStyle: { color: chartColors.target }, lineStyle: { type: 'dashed' } },
          ],
        },
      ],
    };
  }, [chosen, results.items, t]);
  if (!chosen) return null;
  return (
    <Card
      size="small"
      title={t('assess.radarTitle')}
      extra={
        <Select
          size="small"
          value={chosen.subject.id}
          onChange={onSubject}
          options={results.items.map((r) => ({ value: r.subject.id, label: r.subject.name }))}
          popupMatchSelectWidth={false}
          showSearch
          optionFilterProp="label"
          data-testid="radar-subject"
        />
      }
    >
      <Chart option={option} height={320} testId="results-radar" />
      <Typography.Text type="secondary" className="sz-block sz-text-sm">
        {t('assess.radarHelp', { composite: pts(chosen.composite), rank: chosen.rank })}
      </Typography.Text>
    </Card>
  );
}

/** The towns' composites over the years: one line per town, from every published round of the town assessment. */
function TownTrend({ rounds }: { rounds: Round[] }) {
  const t = useT();
  const isPhone = useIsPhone();
  const published = rounds.filter((r) => PUBLISHED.has(r.state)).sort((a, b) => a.year - b.year);
  const results = useManyResults(published.map((r) => r.id));
  const loading = results.some((r) => r.isPending);
  const option = useMemo(() => {
    const years = published.map((r) => String(r.year));
    const towns = new Map<string, (number | null)[]>();
    results.forEach((q, i) => {
      for (const item of q.data?.items ?? []) {
        const line = towns.get(item.subject.name) ?? years.map(() => null);
        line[i] = item.composite;
        towns.set(item.subject.name, line);
      }
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: isPhone ? 56 : 40, containLabel: true },
      xAxis: { type: 'category', data: years, axisLabel: { color: chartColors.axisText } },
      yAxis: { type: 'value', scale: true, axisLabel: { color: chartColors.axisText }, splitLine: { lineStyle: { color: chartColors.splitLine } } },
      series: [...towns].map(([name, data], i) => ({ name, type: 'line', data, connectNulls: true, itemStyle: { color: chartColors.series[i % chartColors.series.length] } })),
    };
    // results is a new array each render; its data changes are what matter
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [published.map((r) => r.id).join(), results.map((r) => r.dataUpdatedAt).join(), isPhone]);
  return (
    <Card size="small" title={t('assess.townTrend')} className="sz-mt-16" data-testid="town-trend">
      {loading ? <Spin /> : published.length < 1 ? <Empty description={t('assess.noResults')} /> : <Chart option={option} height={360} testId="town-trend-chart" />}
      {published.length === 1 ? (
        <Typography.Text type="secondary" className="sz-text-sm">
          {t('assess.trendOneYear')}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/** 评估结果: the published rankings of SPPE and of the towns' yearly assessment; a station against the city's average; the towns' trend. */
export function ResultsPage() {
  const t = useT();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const kind: RubricKind = params.get('kind') === 'town' ? 'town' : 'sppe';
  const rounds = useRounds({ kind });
  const published = useMemo(() => (rounds.data ?? []).filter((r) => PUBLISHED.has(r.state)).sort((a, b) => b.year - a.year), [rounds.data]);
  const roundId = published.find((r) => r.id === params.get('round'))?.id ?? published[0]?.id;
  const results = useResults(roundId);
  const set = (change: Record<string, string | undefined>) => {
    const next: Record<string, string | undefined> = { kind, round: params.get('round') ?? undefined, subject: params.get('subject') ?? undefined, ...change };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(next)) if (v) out[k] = v;
    setParams(out, { replace: true });
  };
  return (
    <>
      <PageHeader title={t('assess.resultsNav')} description={t('assess.resultsDescription')} />
      <Card>
        <FilterBar testId="results-filters">
          <Select value={kind} onChange={(k: RubricKind) => set({ kind: k, round: undefined, subject: undefined })} options={ROUND_KINDS.map((k) => ({ value: k, label: kindName(k, lang) }))} popupMatchSelectWidth={false} data-testid="results-kind" />
          <Select
            value={roundId}
            onChange={(round: string) => set({ round, subject: undefined })}
            options={published.map((r) => ({ value: r.id, label: r.name }))}
            placeholder={t('assess.pickRound')}
            className={filterWidth.wide}
            loading={rounds.isPending}
            popupMatchSelectWidth={false}
            data-testid="results-round"
          />
        </FilterBar>
        {rounds.error ? (
          <ErrorAlert error={rounds.error} onRetry={rounds.refetch} />
        ) : !rounds.isPending && !roundId ? (
          <Empty description={t('assess.noPublishedRounds')} />
        ) : results.isPending ? (
          <Spin className="sz-block sz-m-32" />
        ) : results.error || !results.data ? (
          <ErrorAlert error={results.error} onRetry={results.refetch} />
        ) : (
          <>
            <Flex gap={8} align="center" wrap className="sz-mb-12">
              <BasisTag results={results.data} />
            </Flex>
            {kind === 'sppe' ? (
              <RankingView
                results={results.data}
                onOpen={(r) => set({ subject: r.subject.id })}
                aside={<RadarCard results={results.data} subjectId={params.get('subject') ?? undefined} onSubject={(subject) => set({ subject })} />}
              />
            ) : (
              <>
                <RankingView results={results.data} />
                <TownTrend rounds={rounds.data ?? []} />
              </>
            )}
          </>
        )}
      </Card>
    </>
  );
}
