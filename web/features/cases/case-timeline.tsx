import { Timeline, Typography } from 'antd';
import type { z } from 'zod';
import type { ZCase } from '../../../contracts/cases';
import { DateTimeText } from '../../components/date-text';

type Step = z.infer<typeof ZCase>['steps'][number];

const RED = new Set(['reject', 'cancel', 'terminate', 'withdraw']);
const GREEN = new Set(['approve', 'award', 'signContract', 'evaluate', 'close']);
const ORANGE = new Set(['requestSupplement', 'return', 'reconsider', 'reopenCall']);

/** A case's steps, newest first: what happened, who did it (in which capacity), when, and what they wrote. */
export function CaseTimeline({ steps }: { steps: readonly Step[] }) {
  return (
    <Timeline
      items={steps
        .slice()
        .reverse()
        .map((s) => ({
          color: RED.has(s.event) ? 'red' : GREEN.has(s.event) ? 'green' : ORANGE.has(s.event) ? 'orange' : 'blue',
          content: (
            <div data-testid="timeline-step">
              <div>
                <strong>{s.eventName}</strong> → {s.toStateName}
              </div>
              <Typography.Text type="secondary" className="sz-text-sm">
                {s.actorName}
                {s.departmentName ? `（${s.departmentName}）` : s.actingRoleName ? `（${s.actingRoleName}）` : ''} · <DateTimeText value={s.occurredAt} />
              </Typography.Text>
              {s.comment ? <div className="sz-mt-4 sz-pre-wrap">{s.comment}</div> : null}
            </div>
          ),
        }))}
    />
  );
}
