import { Card, Empty, Select, Skeleton } from 'antd';
import { useState } from 'react';
import type { ResourceKind } from '../../../contracts/workforce';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { ErrorAlert } from '../../components/error-alert';
import { CalendarList } from './my-rotation-page';
import { useResourceCalendar } from './rotation-api';
import { useResourceRecordTotals } from './field-api';
import { RecordTotals } from './records-view';
import { thisYear } from './rotation-page';

/** A resource's assignments of a year, season by season (drafts marked), on its own page. */
export function ResourceCalendarCard({ kind, id }: { kind: ResourceKind; id: string }) {
  const t = useT();
  const [year, setYear] = useState(thisYear());
  const calendar = useResourceCalendar(kind, id, year);
  // Field records count toward the resource's service hours (issue 17 §3).
  const totals = useResourceRecordTotals(kind, id, year);
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={t('rotation.calendar.title')}
      data-testid="resource-calendar"
      extra={<Select size="small" value={year} onChange={setYear} options={[thisYear() - 1, thisYear(), thisYear() + 1].map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 96 }} aria-label={t('rotation.year')} />}
    >
      {calendar.isPending ? (
        <Skeleton active />
      ) : calendar.data ? (
        <>
          {totals.data && totals.data.total.records > 0 ? <RecordTotals totals={totals.data} /> : null}
          <CalendarList calendar={calendar.data} />
        </>
      ) : calendar.error instanceof ProblemError && calendar.error.status === 404 ? (
        // No profile yet: not in the rotation, so nothing to show.
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rotation.mine.none')} />
      ) : (
        <ErrorAlert error={calendar.error} onRetry={calendar.refetch} />
      )}
    </Card>
  );
}
