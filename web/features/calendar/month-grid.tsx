import { Card, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../app/i18n';
import type { CalendarDay, DayKind } from './calendar-api';
import { calendarDayColors } from '../../app/theme';

/** Exception kind → the mark and colours people know from printed calendars: red 休, blue 班. */
export const DAY_KIND_LOOK: Record<DayKind, { mark: 'calendar.markHoliday' | 'calendar.markWorkday'; color: string; background: string }> = {
  holiday: { mark: 'calendar.markHoliday', ...calendarDayColors.holiday },
  workday: { mark: 'calendar.markWorkday', ...calendarDayColors.workday },
};

interface MonthGridProps {
  month: Dayjs;
  exceptions: Map<string, CalendarDay>;
  today: string;
  onPick?: (date: string) => void;
  /** Bigger cells, for a phone showing one month. */
  large?: boolean;
}

/** One month, Monday first, with holidays and adjusted workdays marked; plain weekends in grey. */
export function MonthGrid({ month, exceptions, today, onPick, large = false }: MonthGridProps) {
  const t = useT();
  const first = month.startOf('month');
  const leading = (first.day() + 6) % 7; // Monday = 0
  const cells: (Dayjs | null)[] = [...Array<null>(leading).fill(null)];
  for (let d = 0; d < first.daysInMonth(); d++) cells.push(first.add(d, 'day'));
  while (cells.length % 7 !== 0) cells.push(null);
  const weekdays = t('calendar.weekdays').split(',');

  return (
    <Card size="small" title={large ? undefined : month.format(t('format.month'))} styles={{ body: { padding: 8 } }} className="sz-h-full">
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, textAlign: 'center', fontSize: 12 }}>
        {weekdays.map((w, i) => (
          <div key={w} style={{ color: i >= 5 ? 'var(--sz-text-3)' : 'var(--sz-text-2)', paddingBottom: 4 }}>
            {w}
          </div>
        ))}
        {cells.map((day, i) => {
          if (!day) return <div key={`blank-${i}`} />;
          const date = day.format('YYYY-MM-DD');
          const exception = exceptions.get(date);
          const look = exception ? DAY_KIND_LOOK[exception.kind] : null;
          const weekend = day.day() === 0 || day.day() === 6;
          const cell = (
            <button
              type="button"
              key={date}
              data-testid={`day-${date}`}
              disabled={!onPick}
              onClick={() => onPick?.(date)}
              style={{
                position: 'relative',
                border: date === today ? '1px solid var(--sz-primary)' : '1px solid transparent',
                borderRadius: 4,
                background: look?.background ?? 'transparent',
                color: look?.color ?? (weekend ? 'var(--sz-weekend)' : 'var(--sz-text-1)'),
                fontWeight: look ? 600 : 400,
                padding: '4px 0 6px',
                cursor: onPick ? 'pointer' : 'default',
                fontSize: large ? 16 : 13,
                lineHeight: large ? '28px' : '16px',
                minHeight: large ? 44 : 30,
              }}
            >
              {day.date()}
              {look ? <span style={{ position: 'absolute', top: 1, right: 2, fontSize: large ? 11 : 9, lineHeight: '11px' }}>{t(look.mark)}</span> : null}
            </button>
          );
          return exception?.name ? (
            <Tooltip key={date} title={`${exception.name}${exception.kind === 'workday' ? ` · ${t('calendar.adjustedWorkday')}` : ''}`}>
              {cell}
            </Tooltip>
          ) : (
            cell
          );
        })}
      </div>
    </Card>
  );
}

export function monthsOf(year: number): Dayjs[] {
  return Array.from({ length: 12 }, (_, m) => dayjs(new Date(year, m, 1)));
}
