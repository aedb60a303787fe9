import { LeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Empty, Flex, Progress, Result, Skeleton, Steps, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatYuan } from '../../../contracts/money';
import type { ProjectState } from '../../../contracts/projects';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { chinaDay, chinaDayjs, daysUntil } from '../../components/china-time';
import { useIsPhone } from '../../components/use-is-phone';
import { usePublicProject, type Disclosure } from './public-api';
import { GradeTag, paidPercent, StageTag, useAmount } from './public-labels';
import { useCityPath } from './portal-city';
import { PublicShell } from './public-shell';

/** The milestones a resident follows, and the first project state at which each is reached. */
const MILESTONES: { key: 'initiation' | 'call' | 'award' | 'contract' | 'evaluation' | 'closure'; reachedAt: ProjectState[] }[] = [
  { key: 'initiation', reachedAt: ['planned', 'calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing', 'closed'] },
  { key: 'call', reachedAt: ['calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing', 'closed'] },
  { key: 'award', reachedAt: ['awarded', 'implementing', 'evaluating', 'closing', 'closed'] },
  { key: 'contract', reachedAt: ['implementing', 'evaluating', 'closing', 'closed'] },
  { key: 'evaluation', reachedAt: ['closing', 'closed'] },
  { key: 'closure', reachedAt: ['closed'] },
];

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card size="small" title={title} className="sz-mb-12" data-testid={testId}>
      {children}
    </Card>
  );
}

function Pending({ children }: { children: ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}

function Body({ p }: { p: Disclosure }) {
  const t = useT();
  const cityPath = useCityPath();
  const amount = useAmount();
  const isPhone = useIsPhone();
  // On a phone a long label ("统一社会信用代码") wraps instead of running into its value.
  const labelStyle = isPhone ? { width: 88, whiteSpace: 'normal' as const } : { width: 140, whiteSpace: 'nowrap' as const };
  const reached = (i: number) => MILESTONES[i].reachedAt.includes(p.state);
  const current = MILESTONES.findIndex((_, i) => !reached(i));
  const callLeft = p.call ? daysUntil(p.call.deadline) : null;
  return (
    <>
      <Card size="small" className="sz-mb-12">
        <Flex gap={8} align="flex-start" justify="space-between">
          <Typography.Title level={4} style={{ margin: 0, lineHeight: 1.4 }} data-testid="open-project-title">
            {p.title}
          </Typography.Title>
          <StageTag state={p.state} />
        </Flex>
        <Typography.Text type="secondary" className="sz-block sz-text-sm sz-m-0 sz-mt-4 sz-mb-12">
          {t('open.number', { number: p.number })} · {t('open.yearShort', { year: p.year })}
        </Typography.Text>
        <Descriptions column={isPhone ? 1 : 2} size="small" styles={{ label: labelStyle }}>
          <Descriptions.Item label={t('open.department')}>{p.departmentName}</Descriptions.Item>
          <Descriptions.Item label={t('open.category')}>{p.categoryName}</Descriptions.Item>
          <Descriptions.Item label={t('open.towns')}>{p.townNames.length ? p.townNames.join('、') : t('open.cityWide')}</Descriptions.Item>
          <Descriptions.Item label={t('open.budget')}>
            <span className="sz-num">
              {amount(p.budgetFen)}
              <Typography.Text type="secondary" className="sz-text-sm sz-ms-6">
                （{formatYuan(p.budgetFen)} {t('open.yuan')}）
              </Typography.Text>
            </span>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph className="sz-m-0 sz-mt-8">{p.summary}</Typography.Paragraph>
      </Card>

      {p.state === 'cancelled' ? null : (
        <Card size="small" className="sz-mb-12">
          {/* Dots with the titles under them stay one row on a phone; six vertical steps would fill the screen. */}
          <Steps
            size="small"
            type={isPhone ? 'dot' : undefined}
            responsive={false}
            current={current === -1 ? MILESTONES.length : current}
            status={current === -1 ? 'finish' : 'process'}
            items={MILESTONES.map((m) => ({ title: t(`open.milestone.${m.key}`) }))}
            data-testid="open-project-steps"
          />
        </Card>
      )}

      <Section title={t('open.initiationTitle')}>
        {p.initiation.approvedOn ? (
          <Typography.Text>{t('open.approvedOn', { date: p.initiation.approvedOn })}</Typography.Text>
        ) : (
          <Pending>{t('open.notYet')}</Pending>
        )}
      </Section>

      <Section title={t('open.callTitle')} testId="open-project-call">
        {p.call ? (
          <>
            <Descriptions column={1} size="small" styles={{ label: labelStyle }}>
              <Descriptions.Item label={t('open.method')}>{p.call.procurementMethodName}</Descriptions.Item>
              <Descriptions.Item label={t('open.callPublished')}>{chinaDay(p.call.publishedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('open.deadline')}>
                {p.call.deadline}
                {callLeft !== null && callLeft >= 0 && p.state === 'calling' ? (
                  <Tag color={callLeft <= 3 ? 'red' : 'blue'} className="sz-ms-8">
                    {callLeft === 0 ? t('open.deadlineToday') : t('open.daysLeft', { days: callLeft })}
                  </Tag>
                ) : (
                  <Tag className="sz-ms-8">{t('open.closed')}</Tag>
                )}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph className="sz-quote sz-m-0 sz-mt-8" ellipsis={{ rows: 5, expandable: 'collapsible', symbol: (open) => (open ? t('open.collapse') : t('open.expand')) }}>
              {p.call.notice}
            </Typography.Paragraph>
            {p.state === 'calling' && callLeft !== null && callLeft >= 0 ? (
              <Typography.Paragraph className="sz-m-0 sz-mt-8">
                <Link to={cityPath('/open/calls')}>{t('open.toCalls')}</Link>
              </Typography.Paragraph>
            ) : null}
          </>
        ) : (
          <Pending>{t('open.callPending')}</Pending>
        )}
      </Section>

      <Section title={t('open.awardTitle')} testId="open-project-award">
        {p.award ? (
          <Descriptions column={1} size="small" styles={{ label: labelStyle }}>
            <Descriptions.Item label={t('open.provider')}>
              <span data-testid="open-award-provider">{p.award.providerName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('open.creditCode')}>
              <span style={{ fontFamily: 'monospace' }}>{p.award.providerCreditCode ?? '—'}</span>
            </Descriptions.Item>
            {p.award.noticeStartsOn && p.award.noticeEndsOn ? (
              <Descriptions.Item label={t('open.noticePeriod')}>{t('open.period', { from: p.award.noticeStartsOn, to: p.award.noticeEndsOn })}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('open.awardedOn')}>{p.award.awardedOn ?? t('open.providerNoticing')}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Pending>{p.state === 'noticing' ? t('open.providerNoticing') : t('open.notYet')}</Pending>
        )}
      </Section>

      <Section title={t('open.contractTitle')} testId="open-project-contract">
        {p.contract ? (
          <Descriptions column={1} size="small" styles={{ label: labelStyle }}>
            <Descriptions.Item label={t('open.contractNumber')}>{p.contract.number}</Descriptions.Item>
            <Descriptions.Item label={t('open.contractValue')}>
              <span className="sz-num" data-testid="open-contract-value">
                {formatYuan(p.contract.valueFen)} {t('open.yuan')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('open.signedOn')}>{p.contract.signedOn}</Descriptions.Item>
            <Descriptions.Item label={t('open.servicePeriod')}>{t('open.period', { from: p.contract.startOn, to: p.contract.endOn })}</Descriptions.Item>
            <Descriptions.Item label={t('open.paid')}>
              <Flex vertical gap={2} className="sz-w-full">
                <span className="sz-num sz-nowrap" data-testid="open-contract-paid">
                  {formatYuan(p.contract.paidFen)} {t('open.yuan')}
                </span>
                <Progress percent={paidPercent(p.contract.paidFen, p.contract.valueFen)} size="small" style={{ margin: 0, maxWidth: 320 }} />
              </Flex>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Pending>{t('open.notYet')}</Pending>
        )}
      </Section>

      <Section title={t('open.evaluationTitle')}>
        {p.evaluation ? (
          <Flex gap={8} align="center" wrap>
            <GradeTag grade={p.evaluation.grade} />
            <Typography.Text>{t('open.score', { total: p.evaluation.total })}</Typography.Text>
            <Typography.Text type="secondary">{t('open.evaluatedOn', { date: p.evaluation.evaluatedOn })}</Typography.Text>
          </Flex>
        ) : (
          <Pending>{t('open.notYet')}</Pending>
        )}
      </Section>

      <Section title={t('open.meetingsTitle')} testId="open-project-meetings">
        {p.meetings.length ? (
          <Flex vertical gap={6}>
            {p.meetings.map((m) => (
              <Link key={m.id} to={cityPath(`/open/meetings?year=${chinaDayjs(m.startsAt).year()}&meeting=${m.id}`)}>
                <Typography.Text type="secondary" style={{ marginInlineEnd: 8, fontVariantNumeric: 'tabular-nums' }}>
                  {chinaDay(m.startsAt)}
                </Typography.Text>
                {m.kindName} · {m.title}
              </Link>
            ))}
          </Flex>
        ) : (
          <Pending>{t('open.noMeetings')}</Pending>
        )}
      </Section>
    </>
  );
}

/** 项目公开详情: what is public about one project — initiation, call, award, contract, evaluation, meetings. */
export function OpenProjectPage() {
  const t = useT();
  const cityPath = useCityPath();
  const { id = '' } = useParams();
  const query = usePublicProject(id);
  const missing = query.error instanceof ProblemError && (query.error.status === 404 || query.error.status === 422 || query.error.status === 400);
  return (
    <PublicShell active="projects" maxWidth={820} testId="open-project-page">
      <Link to={cityPath('/open/projects')} style={{ display: 'inline-block', marginBottom: 8 }} data-testid="open-back">
        <LeftOutlined /> {t('open.backToProjects')}
      </Link>
      {query.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : missing ? (
        <Card>
          <Result status="404" title={t('open.projectMissing')} subTitle={t('open.projectMissingHelp')} />
        </Card>
      ) : query.isError ? (
        <Card>
          <Empty description={problemMessage(query.error, t)} />
        </Card>
      ) : (
        <Body p={query.data} />
      )}
    </PublicShell>
  );
}
