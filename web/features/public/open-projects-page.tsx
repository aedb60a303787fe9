import { ErrorAlert } from '../../components/error-alert';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { RightOutlined } from '@ant-design/icons';
import {  Card, Empty, Flex, Input, Progress, Select, Skeleton, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { chinaDayjs } from '../../components/china-time';
import { LoadMore } from '../../components/load-more';
import { usePublicProjects, type Disclosure } from './public-api';
import { GradeTag, paidPercent, StageTag, useAmount } from './public-labels';
import { useCityPath } from './portal-city';
import { PublicShell } from './public-shell';
import { ConcernCallout } from './concern-common';

/** A label above a figure, the way a resident scans a card. */
function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="sz-min-w-0" data-testid={testId}>
      <Typography.Text type="secondary" className="sz-text-sm sz-block">
        {label}
      </Typography.Text>
      <div className="sz-num sz-wrap-anywhere">{children}</div>
    </div>
  );
}

function ProjectCard({ p }: { p: Disclosure }) {
  const t = useT();
  const amount = useAmount();
  const cityPath = useCityPath();
  const where = p.townNames.length ? p.townNames.join('、') : t('open.cityWide');
  return (
    <Link to={cityPath(`/open/projects/${p.id}`)} className="sz-inherit-color sz-block" data-testid="open-project-item">
      <Card size="small" hoverable>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Typography.Text strong className="sz-text-xl sz-leading-snug" data-testid="open-project-title">
            {p.title}
          </Typography.Text>
          <StageTag state={p.state} />
        </Flex>
        <Typography.Text type="secondary" className="sz-text-sm sz-block sz-m-0 sz-mt-2 sz-mb-10">
          {p.departmentName} · {p.categoryName} · {where} · {t('open.yearShort', { year: p.year })}
        </Typography.Text>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(130px, 1fr))', gap: '8px 16px' }}>
          <Figure label={t('open.budget')}>{amount(p.budgetFen)}</Figure>
          <Figure label={t('open.provider')} testId="open-project-provider">
            {p.award ? p.award.providerName : <Typography.Text type="secondary">{p.state === 'noticing' ? t('open.providerNoticing') : t('open.providerPending')}</Typography.Text>}
          </Figure>
          {p.contract ? (
            <Figure label={t('open.contractPaid')} testId="open-project-contract">
              {amount(p.contract.valueFen)}
              <Progress percent={paidPercent(p.contract.paidFen, p.contract.valueFen)} size="small" format={(n) => t('open.paidPercent', { percent: n ?? 0 })} className="sz-m-0" />
            </Figure>
          ) : null}
          {p.evaluation ? (
            <Figure label={t('open.evaluation')}>
              <GradeTag grade={p.evaluation.grade} /> <Typography.Text type="secondary">{t('open.score', { total: p.evaluation.total })}</Typography.Text>
            </Figure>
          ) : null}
        </div>
        <Flex justify="flex-end" className="sz-mt-6">
          <span className="sz-text-md sz-text-primary">
            {t('open.details')} <RightOutlined style={{ fontSize: 10 }} />
          </span>
        </Flex>
      </Card>
    </Link>
  );
}

/**
 * 项目公开: every purchased service project from the year's plan on — who buys what, for how much, who
 * delivers it, what the contract is worth and how much is paid, and how it was evaluated. Filters in the URL.
 */
export function OpenProjectsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const askedYear = Number(params.get('year'));
  const year = Number.isInteger(askedYear) && askedYear >= 2000 && askedYear <= 2100 ? askedYear : undefined;
  const [text, setText] = useState(q);
  const list = usePublicProjects({ year, q: q || undefined });
  const thisYear = chinaDayjs().year();
  const years = Array.from({ length: 11 }, (_, i) => thisYear - i);
  const set = (key: string, value: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <PublicShell active="projects" testId="open-projects-page">
      <ConcernCallout />
      <Card size="small" className="sz-mb-12">
        <Typography.Title level={4} className="sz-m-0 sz-mb-4">
          {t('open.projectsTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="sz-m-0 sz-mb-12">
          {t('open.projectsIntro')}
        </Typography.Paragraph>
        <FilterBar className="sz-mb-0">
          <Input.Search
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => set('q', v.trim() || undefined)}
            allowClear
            enterButton={t('open.search')}
            placeholder={t('open.searchPlaceholder')}
            className={filterWidth.wide}
            maxLength={40}
            data-testid="open-projects-search"
          />
          <Select
            value={year ?? 0}
            onChange={(y: number) => set('year', y ? String(y) : undefined)}
            options={[{ value: 0, label: t('open.allYears') }, ...years.map((y) => ({ value: y, label: t('open.yearOption', { year: y }) }))]}
            className={filterWidth.narrow}
            aria-label={t('open.year')}
            data-testid="open-projects-year"
          />
        </FilterBar>
      </Card>
      {list.error ? <ErrorAlert error={list.error} className="sz-mb-12" /> : null}
      {list.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : list.items.length === 0 ? (
        <Card>
          <Empty description={q ? t('open.projectsNoMatch', { q }) : t('open.projectsEmpty')} />
        </Card>
      ) : (
        <Flex vertical gap={10} data-testid="open-projects-list">
          {list.items.map((p) => (
            <ProjectCard key={p.id} p={p} />
          ))}
        </Flex>
      )}
      <LoadMore hasNextPage={!!list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
    </PublicShell>
  );
}
