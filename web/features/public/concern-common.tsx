import { EditOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ProblemError } from '../../app/api';
import { useT, type Translate } from '../../app/i18n';
import { useCityPath, usePortalCity, usePublicCities } from './portal-city';
import { PublicShell } from './public-shell';

/** How each photo of a new concern fared (the concern is kept even when a photo is refused). */
export type PhotoOutcome = { name: string; ok: boolean; message?: string };

/**
 * The frame of the residents' concern pages: the portal's shell on its 民情反映 tab, and a switch between raising a
 * concern and following one.
 */
export function ConcernsShell({ active, children, testId }: { active: 'raise' | 'track'; children: ReactNode; testId?: string }) {
  const t = useT();
  const navigate = useNavigate();
  const cityPath = useCityPath();
  return (
    <PublicShell active="concerns" maxWidth={760} testId={testId}>
      <Segmented
        block
        size="large"
        className="sz-mb-12"
        value={active}
        onChange={(v) => void navigate(cityPath(v === 'raise' ? '/open/concerns' : '/open/concerns/track'))}
        options={[
          { value: 'raise', label: <span data-testid="concern-tab-raise"><EditOutlined /> {t('open.concern.tabRaise')}</span> },
          { value: 'track', label: <span data-testid="concern-tab-track"><SearchOutlined /> {t('open.concern.tabTrack')}</span> },
        ]}
      />
      {children}
    </PublicShell>
  );
}

/** An installation of several cities: a concern goes to one city's offices, so the resident chooses it first. */
export function NeedCity({ active }: { active: 'raise' | 'track' }) {
  const t = useT();
  const navigate = useNavigate();
  const { cities } = usePortalCity();
  const loading = usePublicCities().isPending;
  return (
    <ConcernsShell active={active}>
      {loading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
      <Card size="small" data-testid="concern-need-city">
        <Typography.Paragraph className="sz-m-0 sz-mb-8">{t('open.concern.chooseCity')}</Typography.Paragraph>
        <Flex gap={8} wrap>
          {cities.map((c) => (
            <Button key={c.code} onClick={() => void navigate(`${active === 'raise' ? '/open/concerns' : '/open/concerns/track'}?city=${c.code}`)}>
              {c.name}
            </Button>
          ))}
        </Flex>
      </Card>
      )}
    </ConcernsShell>
  );
}

/** What the resident can do about a refusal, beyond the server's sentence (shown under it). */
export function concernProblem(error: unknown, t: Translate): string | undefined {
  if (!(error instanceof ProblemError)) return undefined;
  if (error.status === 429) return t('open.concern.rateLimited');
  if (error.status === 0) return t('open.concern.offline');
  if (error.status >= 500) return t('open.concern.serverError');
  return undefined;
}

/** On the portal's home (the projects page): where a resident raises or follows a concern. */
export function ConcernCallout() {
  const t = useT();
  const navigate = useNavigate();
  const cityPath = useCityPath();
  return (
    <Card size="small" className="sz-mb-12 sz-soft-bg" data-testid="concern-callout">
      <Flex align="center" justify="space-between" gap={8} wrap>
        <span className="sz-min-w-0" style={{ flex: '1 1 260px' }}>
          <Typography.Text strong className="sz-block">
            {t('open.concern.homeTitle')}
          </Typography.Text>
          <Typography.Text type="secondary" className="sz-text-sm">
            {t('open.concern.homeText')}
          </Typography.Text>
        </span>
        <Flex gap={8}>
          <Button type="primary" icon={<EditOutlined />} onClick={() => void navigate(cityPath('/open/concerns'))} data-testid="concern-callout-raise">
            {t('open.concern.homeRaise')}
          </Button>
          <Button icon={<SearchOutlined />} onClick={() => void navigate(cityPath('/open/concerns/track'))}>
            {t('open.concern.homeTrack')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
