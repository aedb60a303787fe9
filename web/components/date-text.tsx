import dayjs from 'dayjs';

export const DATE_TIME = 'YYYY-MM-DD HH:mm';

/** An ISO timestamp as local date and time, with the exact time (seconds) on hover. */
export function DateTimeText({ value, empty = '—' }: { value: string | null | undefined; empty?: string }) {
  if (!value) return <>{empty}</>;
  const time = dayjs(value);
  return <span title={time.format('YYYY-MM-DD HH:mm:ss')}>{time.format(DATE_TIME)}</span>;
}
