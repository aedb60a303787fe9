import { ErrorAlert } from '../../components/error-alert';
import { CalendarOutlined, LeftOutlined, PlusOutlined, RightOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Calendar, Card, Empty, Flex, Segmented, Select, Skeleton, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { MEETING_KINDS, type MeetingKind } from '../../../contracts/projects';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { chinaDay, chinaDayjs, chinaTime } from '../../components/china-time';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { MeetingDrawer } from './meeting-drawer';
import { MeetingFormModal } from './meeting-form';
import { MEETING_KIND_COLORS, MeetingKindTag, MeetingStatusTag, useKindName } from './meeting-labels';
import { useMeetings, type Meeting } from './meetings-api';

type View = 'calendar' | 'list';

/** Minutes are due after the meeting, not before. */
const isFuture = (m: Meeting) => Date.parse(m.startsAt) > Date.now();

/** A meeting in a calendar cell: its kind's colour, the time and the title; dashed while not yet published. */
function MeetingPill({ meeting, onOpen }: { meeting: Meeting; onOpen: (id: string) => void }) {
  const t = useT();
  const kindName = useKindName();
  const colors = MEETING_KIND_COLORS[meeting.kind];
  return (
    <Tooltip title={`${kindName(meeting.kind)} · ${chinaTime(meeting.startsAt)} ${meeting.title} · ${meeting.place}${meeting.cancelledAt ? ` · ${t('meeting.cancelled')}` : meeting.publishedAt ? '' : ` · ${t('meeting.notPublished')}`}`}>
      <div
        role="button"
        tabIndex={0}
        onClick={(e) => {
          e.stopPropagation();
          onOpen(meeting.id);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onOpen(meeting.id);
        }}
        style={{
          background: colors.soft,
          border: `1px ${meeting.publishedAt ? 'solid' : 'dashed'} ${colors.solid}`,
          borderInlineStartWidth: 3,
          borderRadius: 4,
          padding: '0 4px',
          marginBottom: 3,
          fontSize: 12,
          lineHeight: '18px',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          color: 'var(--sz-ink)',
          cursor: 'pointer',
          // Faded, struck through and saying so first (before the ellipsis can cut it): nobody should set off for a cancelled meeting.
          ...(meeting.cancelledAt ? { opacity: 0.75 } : {}),
        }}
        data-testid="meeting-pill"
      >
        <div style={{ color: colors.solid, fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {meeting.cancelledAt ? (
            <span className="sz-text-error sz-me-4" data-testid="meeting-pill-cancelled">
              {t('meeting.cancelled')}
            </span>
          ) : null}
          <span style={meeting.cancelledAt ? { textDecoration: 'line-through' } : undefined}>
            {chinaTime(meeting.startsAt)} {kindName(meeting.kind)}
          </span>
        </div>
        <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', textDecoration: meeting.cancelledAt ? 'line-through' : undefined }}>{meeting.title}</div>
      </div>
    </Tooltip>
  );
}

function Legend() {
  const t = useT();
  const kindName = useKindName();
  return (
    <Flex gap={12} wrap className="sz-text-sm" align="center">
      {MEETING_KINDS.map((k) => (
        <span key={k}>
          <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: MEETING_KIND_COLORS[k].solid, marginInlineEnd: 4 }} />
          {kindName(k)}
        </span>
      ))}
      <span>
        <span style={{ display: 'inline-block', width: 16, height: 10, border: '1px dashed var(--sz-muted)', borderRadius: 2, marginInlineEnd: 4, verticalAlign: -1 }} />
        {t('meeting.legendDraft')}
      </span>
    </Flex>
  );
}

/** What a meeting's card says: when, what kind, its title, where and how far its minutes are. */
function MeetingCardBody({ meeting }: { meeting: Meeting }) {
  const t = useT();
  return (
    <Flex vertical gap={4}>
      <Flex gap={6} wrap align="center">
        <Typography.Text strong className="sz-num">
          {chinaDayjs(meeting.startsAt).format(t('meeting.cardTimeFormat'))}
        </Typography.Text>
        <MeetingKindTag kind={meeting.kind} />
        <MeetingStatusTag meeting={meeting} />
      </Flex>
      <Typography.Text delete={Boolean(meeting.cancelledAt)}>{meeting.title}</Typography.Text>
      <Typography.Text type="secondary" className="sz-text-sm">
        {meeting.place} · {t('meeting.projectsShort', { count: meeting.projects.length })}
        {meeting.minutes || meeting.cancelledAt ? '' : ` · ${isFuture(meeting) ? t('meeting.minutesAfter') : t('meeting.minutesMissing')}`}
      </Typography.Text>
    </Flex>
  );
}

const kindEdge = (meeting: Meeting) => ({ borderInlineStart: `3px solid ${MEETING_KIND_COLORS[meeting.kind].solid}` });

/** A meeting as a card (under the small calendar on a phone). */
function MeetingCard({ meeting, onOpen }: { meeting: Meeting; onOpen: (id: string) => void }) {
  return (
    <Card size="small" hoverable onClick={() => onOpen(meeting.id)} style={kindEdge(meeting)} data-testid="meeting-card">
      <MeetingCardBody meeting={meeting} />
    </Card>
  );
}

function MeetingCards({ meetings, onOpen, empty }: { meetings: Meeting[]; onOpen: (id: string) => void; empty: string }) {
  if (!meetings.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <Flex vertical gap={8}>
      {meetings.map((m) => (
        <MeetingCard key={m.id} meeting={m} onOpen={onOpen} />
      ))}
    </Flex>
  );
}

/** The year's meetings as a list: a table from md up, cards on a phone. */
function MeetingList({ meetings, onOpen }: { meetings: Meeting[]; onOpen: (id: string) => void }) {
  const t = useT();
  return (
    <ListShell<Meeting>
      list={{ items: meetings, isPending: false, error: null }}
      rowKey="id"
      empty={t('meeting.emptyYear')}
      onOpen={(m) => onOpen(m.id)}
      renderCard={(m) => <MeetingCardBody meeting={m} />}
      cardStyle={kindEdge}
      cardTestId="meeting-card"
      tableTestId="meeting-table"
      tableProps={{
        size: 'middle',
        scroll: { x: 'max-content' },
        onRow: (m) => ({ onClick: () => onOpen(m.id), 'data-testid': 'meeting-row' }) as HTMLAttributes<HTMLElement>,
      }}
      columns={[
        { title: t('meeting.time'), dataIndex: 'startsAt', width: 170, render: (v: string) => <span className="sz-num sz-nowrap">{chinaDayjs(v).format(t('meeting.rowTimeFormat'))}</span> },
        { title: t('meeting.kind'), dataIndex: 'kind', width: 110, render: (k: MeetingKind) => <MeetingKindTag kind={k} /> },
        { title: t('meeting.titleLabel'), dataIndex: 'title', render: (v: string, m) => <Typography.Link delete={Boolean(m.cancelledAt)}>{v}</Typography.Link> },
        { title: t('meeting.place'), dataIndex: 'place', width: 200 },
        { title: t('meeting.projectsColumn'), key: 'projects', width: 80, align: 'right', render: (_, m) => m.projects.length },
        {
          title: t('meeting.minutes'),
          key: 'minutes',
          width: 90,
          render: (_, m) =>
            m.minutes ? (
              t('meeting.minutesDone')
            ) : m.cancelledAt ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : isFuture(m) ? (
              <Typography.Text type="secondary">{t('meeting.minutesAfter')}</Typography.Text>
            ) : (
              <Typography.Text type="warning">{t('meeting.minutesMissing')}</Typography.Text>
            ),
        },
        { title: t('meeting.filesColumn'), key: 'files', width: 70, align: 'right', render: (_, m) => m.attachments.length },
        { title: t('meeting.status'), dataIndex: 'publishedAt', width: 90, render: (_: string | null, m) => <MeetingStatusTag meeting={m} /> },
      ]}
    />
  );
}

/**
 * 三会日程: the launch briefings, supervision meetings and evaluation briefings of a year, as a month
 * calendar or a list. The office schedules them, writes the minutes, attaches files and publishes them to
 * the public portal; departments and auditors read them. Year, kind, view, month and the open meeting are
 * in the URL, so a link (or a notification) opens the same view.
 */
export function MeetingsPage() {
  const t = useT();
  const can = useCan();
  const canManage = can('project.manage');
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const today = chinaDayjs();
  const thisYear = today.year();
  const askedYear = Number(params.get('year'));
  const year = Number.isInteger(askedYear) && askedYear >= 2000 && askedYear <= 2100 ? askedYear : thisYear;
  const kind = MEETING_KINDS.find((k) => k === params.get('kind'));
  const view: View = params.get('view') === 'list' ? 'list' : params.get('view') === 'calendar' ? 'calendar' : isPhone ? 'list' : 'calendar';
  const openId = params.get('meeting');
  const meetings = useMeetings({ year, kind });
  const items = useMemo(() => meetings.data ?? [], [meetings.data]);
  const askedMonth = Number(params.get('month'));
  const month = askedMonth >= 1 && askedMonth <= 12 ? askedMonth : year === thisYear ? today.month() + 1 : items.length ? chinaDayjs(items[0].startsAt).month() + 1 : 1;
  const monthStart = dayjs(`${year}-${String(month).padStart(2, '0')}-01`);
  const [pickedDay, setPickedDay] = useState<string | null>(null);
  const [editing, setEditing] = useState<Meeting | 'new' | null>(null);

  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  const open = (id: string | null) => setParams((current) => {
    const next = new URLSearchParams(current);
    if (id) next.set('meeting', id);
    else next.delete('meeting');
    return next;
  });
  const goMonth = (date: Dayjs) => {
    setPickedDay(null);
    setParam({ year: String(date.year()), month: String(date.month() + 1) });
  };

  const byDay = useMemo(() => {
    const map = new Map<string, Meeting[]>();
    for (const m of items) {
      const day = chinaDay(m.startsAt);
      map.set(day, [...(map.get(day) ?? []), m]);
    }
    return map;
  }, [items]);
  const inMonth = items.filter((m) => chinaDay(m.startsAt).startsWith(monthStart.format('YYYY-MM')));
  // A cancelled meeting is not waiting to be published.
  const unpublished = items.filter((m) => !m.publishedAt && !m.cancelledAt).length;
  const years = Array.from({ length: 7 }, (_, i) => thisYear + 1 - i);
  if (!years.includes(year)) years.push(year);

  const header = (
    <PageHeader
      title={t('meeting.title')}
      description={t('meeting.description')}
      extra={
        <>
          <Segmented<View>
            value={view}
            onChange={(v) => setParam({ view: v })}
            options={[
              { value: 'calendar', icon: <CalendarOutlined />, label: <span data-testid="meeting-view-calendar">{t('meeting.viewCalendar')}</span> },
              { value: 'list', icon: <UnorderedListOutlined />, label: <span data-testid="meeting-view-list">{t('meeting.viewList')}</span> },
            ]}
          />
          <Select value={year} style={{ width: 110 }} onChange={(y: number) => goMonth(monthStart.year(y))} options={years.map((y) => ({ value: y, label: t('meeting.yearOption', { year: y }) }))} aria-label={t('meeting.year')} data-testid="meeting-year" />
          <Select
            value={kind ?? ''}
            style={{ width: 130 }}
            onChange={(k: string) => setParam({ kind: k || null })}
            options={[{ value: '', label: t('meeting.allKinds') }, ...MEETING_KINDS.map((k) => ({ value: k, label: <MeetingKindLabel kind={k} /> }))]}
            aria-label={t('meeting.kind')}
            data-testid="meeting-kind-filter"
          />
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="meeting-create">
              {t('meeting.create')}
            </Button>
          ) : null}
        </>
      }
    />
  );

  const monthNav = (
    <Flex justify="space-between" align="center" wrap gap={8} className="sz-mb-8">
      <Flex align="center" gap={4}>
        <Button type="text" icon={<LeftOutlined />} onClick={() => goMonth(monthStart.subtract(1, 'month'))} aria-label={t('meeting.prevMonth')} data-testid="meeting-prev-month" />
        <Typography.Text strong style={{ fontSize: 16, minWidth: 96, textAlign: 'center' }} data-testid="meeting-month">
          {monthStart.format(t('meeting.monthFormat'))}
        </Typography.Text>
        <Button type="text" icon={<RightOutlined />} onClick={() => goMonth(monthStart.add(1, 'month'))} aria-label={t('meeting.nextMonth')} data-testid="meeting-next-month" />
        {monthStart.isSame(today, 'month') ? null : (
          <Button size="small" onClick={() => goMonth(today)}>
            {t('meeting.thisMonth')}
          </Button>
        )}
      </Flex>
      <Legend />
    </Flex>
  );

  let body;
  if (meetings.isPending) body = <Skeleton active />;
  else if (meetings.isError) body = <ErrorAlert error={meetings.error} />;
  else if (view === 'list') {
    body = (
      <Card size="small">
        <Typography.Paragraph type="secondary" className="sz-mt-0" data-testid="meeting-summary">
          {t('meeting.summary', { year, count: items.length, unpublished })}
        </Typography.Paragraph>
        <MeetingList meetings={items} onOpen={open} />
      </Card>
    );
  } else if (isPhone) {
    const dayList = pickedDay ? byDay.get(pickedDay) ?? [] : inMonth;
    body = (
      <>
        <Card size="small" className="sz-mb-12" data-testid="meeting-calendar">
          {monthNav}
          <Calendar
            fullscreen={false}
            value={pickedDay ? dayjs(pickedDay) : monthStart}
            headerRender={() => null}
            onSelect={(date, info) => {
              if (info.source !== 'date') return;
              if (!date.isSame(monthStart, 'month')) goMonth(date);
              setPickedDay(date.format('YYYY-MM-DD'));
            }}
            fullCellRender={(date, info) => {
              if (info.type !== 'date') return info.originNode;
              const list = date.isSame(monthStart, 'month') ? byDay.get(date.format('YYYY-MM-DD')) ?? [] : [];
              return (
                <div style={{ paddingBottom: 2 }}>
                  <div className="ant-picker-cell-inner" style={pickedDay ? undefined : { background: 'transparent', color: 'inherit' }}>
                    {date.date()}
                  </div>
                  <div style={{ height: 6, display: 'flex', justifyContent: 'center', gap: 2 }}>
                    {list.slice(0, 3).map((m) => (
                      <span key={m.id} style={{ width: 5, height: 5, borderRadius: 3, background: MEETING_KIND_COLORS[m.kind].solid }} />
                    ))}
                  </div>
                </div>
              );
            }}
          />
        </Card>
        <Flex justify="space-between" align="center" style={{ margin: '0 4px 8px' }}>
          <Typography.Text strong>{pickedDay ? dayjs(pickedDay).format(t('meeting.dayFormat')) : t('meeting.monthList', { month: monthStart.format(t('meeting.monthFormat')) })}</Typography.Text>
          {pickedDay ? (
            <Button type="link" size="small" onClick={() => setPickedDay(null)}>
              {t('meeting.showMonth')}
            </Button>
          ) : null}
        </Flex>
        <MeetingCards meetings={dayList} onOpen={open} empty={pickedDay ? t('meeting.emptyDay') : t('meeting.emptyMonth')} />
      </>
    );
  } else {
    body = (
      <Card size="small" data-testid="meeting-calendar" className={pickedDay ? undefined : 'sz-calendar-unpicked'}>
        {monthNav}
        <Calendar
          value={pickedDay ? dayjs(pickedDay) : monthStart}
          headerRender={() => null}
          onSelect={(date, info) => {
            if (info.source !== 'date') return;
            if (!date.isSame(monthStart, 'month')) goMonth(date);
            setPickedDay(date.format('YYYY-MM-DD'));
          }}
          cellRender={(date, info) => {
            if (info.type !== 'date' || !date.isSame(monthStart, 'month')) return null;
            const list = byDay.get(date.format('YYYY-MM-DD')) ?? [];
            return list.map((m) => <MeetingPill key={m.id} meeting={m} onOpen={open} />);
          }}
        />
        {items.length === 0 ? <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-8">{t('meeting.emptyYear')}</Typography.Paragraph> : null}
      </Card>
    );
  }

  return (
    <Flex vertical data-testid="meetings-page">
      {header}
      {body}
      <MeetingDrawer meetingId={openId} canManage={canManage} onClose={() => open(null)} onEdit={(m) => setEditing(m)} />
      {editing ? (
        <MeetingFormModal
          meeting={editing === 'new' ? undefined : editing}
          defaultYear={year}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            const at = chinaDayjs(saved.startsAt);
            setPickedDay(null);
            setParams((current) => {
              const next = new URLSearchParams(current);
              next.set('year', String(at.year()));
              next.set('month', String(at.month() + 1));
              next.set('meeting', saved.id);
              return next;
            });
          }}
        />
      ) : null}
    </Flex>
  );
}

function MeetingKindLabel({ kind }: { kind: MeetingKind }) {
  const kindName = useKindName();
  return (
    <span>
      <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: MEETING_KIND_COLORS[kind].solid, marginInlineEnd: 6 }} />
      {kindName(kind)}
    </span>
  );
}
