import { ErrorAlert } from '../../components/error-alert';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useCalendarDayMutations, useCalendarYear, type CalendarDay } from './calendar-api';
import { DayEditModal } from './day-edit-modal';
import { DAY_KIND_LOOK, MonthGrid, monthsOf } from './month-grid';
import { WorkingDaysTool } from './working-days-tool';

function Legend() {
  const t = useT();
  return (
    <Space wrap size={16} className="sz-text-md">
      <span>
        <Tag color="red">{t('calendar.markHoliday')}</Tag>
        {t('calendar.kind.holiday')}
      </span>
      <span>
        <Tag color="blue">{t('calendar.markWorkday')}</Tag>
        {t('calendar.kind.workday')}
      </span>
      <span style={{ color: 'var(--sz-weekend)' }}>{t('calendar.legendWeekend')}</span>
    </Space>
  );
}

function ExceptionsTable({ days }: { days: CalendarDay[] }) {
  const t = useT();
  if (days.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calendar.noExceptions')} />;
  return (
    <Table<CalendarDay>
      size="small"
      rowKey="date"
      dataSource={days}
      pagination={false}
      scroll={{ y: 320, x: 'max-content' }}
      columns={[
        { title: t('calendar.date'), dataIndex: 'date', render: (date: string) => dayjs(date).format(t('format.dateWithWeekday')) },
        { title: t('calendar.dayKind'), dataIndex: 'kind', render: (kind: CalendarDay['kind']) => <Tag color={kind === 'holiday' ? 'red' : 'blue'}>{t(DAY_KIND_LOOK[kind].mark)}</Tag> },
        { title: t('calendar.dayName'), dataIndex: 'name', render: (name: string | null) => name ?? '—' },
        { title: t('calendar.source'), dataIndex: 'source', render: (source: CalendarDay['source']) => t(source === 'official' ? 'calendar.source.official' : 'calendar.source.manual') },
      ]}
    />
  );
}

/** On a phone one month at a time, with ‹ › to step through the year. */
function PhoneMonth({ year, exceptions, today, onPick }: { year: number; exceptions: Map<string, CalendarDay>; today: string; onPick?: (date: string) => void }) {
  const t = useT();
  const now = dayjs();
  const [month, setMonth] = useState(() => (now.year() === year ? now.month() : 0));
  const months = monthsOf(year);
  return (
    <div>
      <Flex justify="space-between" align="center" className="sz-mb-8">
        <Button icon={<LeftOutlined />} disabled={month === 0} onClick={() => setMonth(month - 1)} aria-label={t('calendar.prevMonth')} />
        <Typography.Text strong>{`${year} · ${months[month].format(t('format.month'))}`}</Typography.Text>
        <Button icon={<RightOutlined />} disabled={month === 11} onClick={() => setMonth(month + 1)} aria-label={t('calendar.nextMonth')} />
      </Flex>
      <MonthGrid month={months[month]} exceptions={exceptions} today={today} onPick={onPick} large />
    </div>
  );
}

export function CalendarPage() {
  const t = useT();
  const can = useCan();
  const [year, setYear] = useState(() => dayjs().year());
  const calendar = useCalendarYear(year);
  const mutations = useCalendarDayMutations(year);
  const [editing, setEditing] = useState<string | null>(null);
  const canManage = can('calendar.manage');
  const today = dayjs().format('YYYY-MM-DD');
  const isPhone = useIsPhone();

  const exceptions = useMemo(() => new Map((calendar.data?.days ?? []).map((day) => [day.date, day])), [calendar.data]);

  return (
    <>
      <PageHeader
        title={t('nav.calendar')}
        description={canManage ? t('calendar.pageDescriptionManage') : t('calendar.pageDescription')}
        extra={<DatePicker picker="year" allowClear={false} value={dayjs(new Date(year, 0, 1))} onChange={(value) => value && setYear(value.year())} data-testid="calendar-year" />}
      />
      <Space orientation="vertical" size={16} className="sz-w-full">
        {calendar.data && !calendar.data.known ? <Alert type="warning" showIcon title={t('calendar.unknownYear', { year })} data-testid="calendar-unknown" /> : null}
        {calendar.isError ? <ErrorAlert error={calendar.error} /> : null}
        <Legend />
        {calendar.isPending ? (
          <Skeleton active paragraph={{ rows: 12 }} />
        ) : isPhone ? (
          <PhoneMonth key={year} year={year} exceptions={exceptions} today={today} onPick={canManage ? setEditing : undefined} />
        ) : (
          <Row gutter={[12, 12]}>
            {monthsOf(year).map((month) => (
              <Col key={month.month()} xs={24} sm={12} lg={8} xxl={6}>
                <MonthGrid month={month} exceptions={exceptions} today={today} onPick={canManage ? setEditing : undefined} />
              </Col>
            ))}
          </Row>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <WorkingDaysTool />
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('calendar.exceptionsTitle', { year })}>
              {calendar.data ? <ExceptionsTable days={calendar.data.days} /> : <Skeleton active />}
            </Card>
          </Col>
        </Row>
        <Typography.Text type="secondary" className="sz-text-sm">
          {t('calendar.footnote')}
        </Typography.Text>
      </Space>
      {editing ? <DayEditModal key={editing} date={editing} current={exceptions.get(editing)} mutations={mutations} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
