import { App, Button, Card, Col, Empty, Popconfirm, Progress, Row, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useLang } from '../workforce/worker-labels';
import { CoverageView } from './coverage-view';
import { PairingView } from './pairing-view';
import { RulesView } from './rules-view';
import { RecordsView } from './records-view';
import { seasonName } from './rotation-labels';
import { usePlans, useRotationMutations, type PlanSummary } from './rotation-api';

export const thisYear = () => new Date().getFullYear();

/** The season cards of a year: each plan's state and coverage, with compute and open. */
function SeasonCards({ year }: { year: number }) {
  const t = useT();
  const lang = useLang();
  const can = useCan();
  const { message, modal } = App.useApp();
  const plans = usePlans(year);
  const { compute } = useRotationMutations();
  const manage = can('rotation.manage');
  if (plans.isPending) return <Skeleton active />;
  if (!plans.data) return <ErrorAlert error={plans.error} onRetry={plans.refetch} />;
  const run = (season?: number) =>
    compute.mutate(
      { year, season, timeLimitSeconds: 60 },
      {
        onSuccess: () => void message.success(season ? t('rotation.computedSeason', { season: seasonName(season, lang) }) : t('rotation.computedYear')),
        onError: (e) => void modal.error({ title: t('rotation.computeFailed'), content: problemMessage(e, t) }),
      },
    );
  const bySeason = new Map<number, PlanSummary>(plans.data.map((p) => [p.season, p]));
  const allPublished = [1, 2, 3, 4].every((s) => bySeason.get(s)?.state === 'published');
  return (
    <>
      {manage && !allPublished ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <Popconfirm title={t('rotation.computeYearConfirm')} onConfirm={() => run()} okText={t('rotation.compute')} cancelText={t('common.cancel')}>
            <Button type="primary" loading={compute.isPending} data-testid="rotation-compute-year">
              {t('rotation.computeYear')}
            </Button>
          </Popconfirm>
          <Typography.Text type="secondary">{compute.isPending ? t('rotation.computing') : t('rotation.computeHint')}</Typography.Text>
        </Space>
      ) : null}
      <Row gutter={[16, 16]}>
        {[1, 2, 3, 4].map((s) => {
          const p = bySeason.get(s);
          return (
            <Col key={s} xs={24} sm={12} xl={6}>
              <Card
                size="small"
                data-testid={`rotation-season-${s}`}
                title={`${year}年${seasonName(s, lang)}`}
                extra={p ? <Tag color={p.state === 'published' ? 'green' : 'gold'}>{t(p.state === 'published' ? 'rotation.state.published' : 'rotation.state.draft')}</Tag> : <Tag>{t('rotation.state.none')}</Tag>}
                actions={[
                  p ? (
                    <Link key="open" to={`/rotation/plans/${year}/${s}`} data-testid={`rotation-open-${s}`}>
                      {p.state === 'draft' && manage ? t('rotation.openEdit') : t('rotation.open')}
                    </Link>
                  ) : null,
                  manage && p?.state !== 'published' ? (
                    <Button key="compute" type="link" size="small" loading={compute.isPending && compute.variables?.season === s} onClick={() => run(s)} data-testid={`rotation-compute-${s}`}>
                      {p ? t('rotation.recompute') : t('rotation.compute')}
                    </Button>
                  ) : null,
                ].filter(Boolean)}
              >
                {p ? (
                  <>
                    <Progress percent={Math.round(p.coverage * 1000) / 10} size="small" status={p.coverage >= 1 ? 'success' : 'active'} format={(v) => `${v}%`} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('rotation.coverageLabel')} · {t('rotation.assignmentsCount', { n: p.assignments })}
                    </Typography.Text>
                    <div style={{ marginTop: 6 }}>
                      {p.hardBreaches ? <Tag color="red">{t('rotation.hardBreaches', { n: p.hardBreaches })}</Tag> : <Tag color="green">{t('rotation.noHardBreach')}</Tag>}
                      {p.softBreaches ? <Tag color="orange">{t('rotation.softBreaches', { n: p.softBreaches })}</Tag> : null}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.publishedAt ? (
                        <>
                          {t('rotation.publishedAt')} <DateTimeText value={p.publishedAt} />
                        </>
                      ) : p.computedAt ? (
                        <>
                          {t('rotation.computedAt')} <DateTimeText value={p.computedAt} />
                        </>
                      ) : null}
                    </Typography.Text>
                  </>
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={manage ? t('rotation.noPlanManage') : t('rotation.noPlan')} />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </>
  );
}

/** 四季轮值: the year's seasons, its coverage, the pairing, and the rules with the community profiles. */
export function RotationPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear();
  const tab = params.get('tab') ?? 'plans';
  const [years] = useState(() => [thisYear() - 1, thisYear(), thisYear() + 1]);
  const set = (k: string, v: string) => setParams((p) => ({ ...Object.fromEntries(p), [k]: v }), { replace: true });
  return (
    <>
      <PageHeader
        title={t('rotation.nav')}
        description={t('rotation.pageDescription')}
        extra={<Select value={year} onChange={(v) => set('year', String(v))} options={[...new Set([...years, year])].sort().map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 110 }} aria-label={t('rotation.year')} data-testid="rotation-year" />}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k)}
        items={[
          { key: 'plans', label: t('rotation.tab.plans'), children: <SeasonCards year={year} /> },
          { key: 'coverage', label: t('rotation.tab.coverage'), children: <CoverageView year={year} /> },
          { key: 'pairing', label: t('rotation.tab.pairing'), children: <PairingView year={year} /> },
          { key: 'records', label: t('rotation.records.tab'), children: <RecordsView year={year} /> },
          { key: 'rules', label: t('rotation.tab.rules'), children: <RulesView /> },
        ]}
      />
    </>
  );
}
