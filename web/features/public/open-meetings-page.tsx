import { ErrorAlert } from '../../components/error-alert';
import { ClockCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Flex, Segmented, Select, Skeleton, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { MEETING_KINDS } from '../../../contracts/projects';
import { useT } from '../../app/i18n';
import { chinaDayjs } from '../../components/china-time';
import { useIsPhone } from '../../components/use-is-phone';
import { CancelledTag, fileSize, FileIcon, MEETING_KIND_COLORS, MeetingKindTag, useKindName } from '../meetings/meeting-labels';
import { meetingFileUrl } from '../meetings/meetings-api';
import { usePublicMeetings, type PublicMeeting } from './public-api';
import { useCityPath } from './portal-city';
import { PublicShell } from './public-shell';

/** A briefing may cover dozens of projects: the first few, then the rest on request (never "1 more"). */
const SHOWN_PROJECTS = 5;

function MeetingCard({ m, highlighted }: { m: PublicMeeting; highlighted: boolean }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const cityPath = useCityPath();
  const [allProjects, setAllProjects] = useState(false);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [highlighted]);
  return (
    <div ref={ref} style={{ scrollMarginTop: 12 }}>
      <Card
        size="small"
        style={{ borderInlineStart: `3px solid ${MEETING_KIND_COLORS[m.kind].solid}`, boxShadow: highlighted ? '0 0 0 2px var(--sz-accent)' : undefined }}
        data-testid="open-meeting-item"
      >
        <Flex gap={8} wrap align="center" className="sz-mb-4">
          <MeetingKindTag kind={m.kind} />
          {m.cancelledAt ? <CancelledTag /> : null}
          <Typography.Text type="secondary" className="sz-text-sm" delete={Boolean(m.cancelledAt)}>
            <ClockCircleOutlined /> {chinaDayjs(m.startsAt).format(t('open.meetingTimeFormat'))}
          </Typography.Text>
        </Flex>
        <Typography.Text strong className="sz-text-xl sz-block sz-leading-snug" data-testid="open-meeting-title">
          {m.title}
        </Typography.Text>
        {m.cancelledAt ? (
          <Alert
            type="error"
            showIcon
            className="sz-m-0 sz-mt-6 sz-mb-8"
            title={t('meeting.cancelledAlert', { time: chinaDayjs(m.cancelledAt).format(t('open.meetingTimeFormat')) })}
            description={m.cancelReason ? t('meeting.cancelledReason', { reason: m.cancelReason }) : undefined}
            data-testid="open-meeting-cancelled"
          />
        ) : null}
        <Typography.Text type="secondary" className="sz-text-md sz-block sz-mb-8">
          <EnvironmentOutlined /> {m.place}
        </Typography.Text>

        <Typography.Text type="secondary" className="sz-text-sm sz-block">
          {t('open.meetingProjects', { count: m.projects.length })}
        </Typography.Text>
        <Flex vertical gap={2} className="sz-mb-8">
          {(allProjects || m.projects.length <= SHOWN_PROJECTS + 1 ? m.projects : m.projects.slice(0, SHOWN_PROJECTS)).map((p) => (
            <Link key={p.id} to={cityPath(`/open/projects/${p.id}`)} data-testid="open-meeting-project">
              {p.title}
            </Link>
          ))}
          {m.projects.length > SHOWN_PROJECTS + 1 ? (
            <Typography.Link onClick={() => setAllProjects((v) => !v)} className="sz-text-md">
              {allProjects ? t('open.fewerProjects') : t('open.moreProjects', { count: m.projects.length - SHOWN_PROJECTS })}
            </Typography.Link>
          ) : null}
        </Flex>

        {m.attendees.length ? (
          <Typography.Paragraph type="secondary" className="sz-text-md sz-m-0 sz-mb-8" ellipsis={{ rows: 2, expandable: 'collapsible', symbol: (open) => (open ? t('open.collapse') : t('open.expand')) }}>
            {t('open.attendees')}：{m.attendees.join('、')}
          </Typography.Paragraph>
        ) : null}

        <Typography.Text type="secondary" className="sz-text-sm sz-block">
          {t('open.minutes')}
        </Typography.Text>
        <Typography.Paragraph
          className="sz-quote sz-m-0 sz-mt-2 sz-mb-8" 
          ellipsis={{ rows: 6, expandable: 'collapsible', symbol: (open) => (open ? t('open.collapse') : t('open.expandMinutes')) }}
          data-testid="open-meeting-minutes"
        >
          {m.minutes}
        </Typography.Paragraph>

        {/* A cancelled meeting's files (agenda, notices) are about a meeting that will not happen: not offered. */}
        {m.attachments.length && !m.cancelledAt ? (
          <>
            <Typography.Text type="secondary" className="sz-text-sm sz-block">
              {t('open.files')}
            </Typography.Text>
            <Flex vertical gap={4}>
              {m.attachments.map((f) => (
                <a key={f.id} href={meetingFileUrl(m.id, f.id)} target="_blank" rel="noreferrer" className="sz-wrap-anywhere" data-testid="open-meeting-file">
                  <FileIcon mime={f.mime} /> {f.name}{' '}
                  <Typography.Text type="secondary" className="sz-text-sm">
                    {fileSize(f.size)}
                  </Typography.Text>
                </a>
              ))}
            </Flex>
          </>
        ) : null}
      </Card>
    </div>
  );
}

/**
 * 三会公开: the launch briefings, supervision meetings and evaluation briefings the office has published —
 * when and where, the projects, the attendees, the minutes and the files. `?meeting=<id>` scrolls to one.
 */
export function OpenMeetingsPage() {
  const t = useT();
  const kindName = useKindName();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const thisYear = chinaDayjs().year();
  const askedYear = Number(params.get('year'));
  const year = Number.isInteger(askedYear) && askedYear >= 2000 && askedYear <= 2100 ? askedYear : thisYear;
  const kind = MEETING_KINDS.find((k) => k === params.get('kind'));
  const highlighted = params.get('meeting');
  const meetings = usePublicMeetings({ year, kind });
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.unshift(year);
  const set = (key: string, value: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        next.delete('meeting');
        return next;
      },
      { replace: true },
    );
  const kindOptions = [{ value: '', label: t('open.allKinds') }, ...MEETING_KINDS.map((k) => ({ value: k, label: kindName(k) }))];

  return (
    <PublicShell active="meetings" testId="open-meetings-page">
      <Card size="small" className="sz-mb-12">
        <Typography.Title level={4} className="sz-m-0 sz-mb-4">
          {t('open.meetingsTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="sz-m-0 sz-mb-12">
          {t('open.meetingsIntro')}
        </Typography.Paragraph>
        <Flex gap={8} wrap>
          <Select value={year} onChange={(y: number) => set('year', String(y))} options={years.map((y) => ({ value: y, label: t('open.yearOption', { year: y }) }))} style={{ width: 110 }} aria-label={t('open.year')} data-testid="open-meetings-year" />
          {isPhone ? (
            <Select value={kind ?? ''} onChange={(k: string) => set('kind', k || undefined)} options={kindOptions} style={{ flex: 1, minWidth: 140 }} aria-label={t('open.kind')} />
          ) : (
            <Segmented value={kind ?? ''} onChange={(k) => set('kind', String(k) || undefined)} options={kindOptions} />
          )}
        </Flex>
      </Card>
      {meetings.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : meetings.isError ? (
        <ErrorAlert error={meetings.error} />
      ) : meetings.data.length === 0 ? (
        <Card>
          <Empty description={t('open.meetingsEmpty', { year })} />
        </Card>
      ) : (
        <Flex vertical gap={10} data-testid="open-meetings-list">
          {meetings.data.map((m) => (
            <MeetingCard key={m.id} m={m} highlighted={m.id === highlighted} />
          ))}
        </Flex>
      )}
    </PublicShell>
  );
}
