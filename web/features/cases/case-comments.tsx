import { Button, Empty, Input, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import type { ZCase } from '../../../contracts/cases';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';

type CaseFile = Pick<z.infer<typeof ZCase>, 'id' | 'comments' | 'abilities'>;

/**
 * A case's comments and the box to write one, as the case's `abilities` allow: `comment` shows the box,
 * `commentInternal` the choice of a staff-only note. `everyoneLabel` names who sees an ordinary comment on this
 * kind of case ("申请人可见", "项目各方可见"); `onPosted` reloads whatever page shows the case.
 */
export function CaseComments({ c, everyoneLabel, onPosted, title }: { c: CaseFile; everyoneLabel: string; onPosted: () => unknown; title?: React.ReactNode }) {
  const t = useT();
  const { notifyError } = useFeedback();
  const [text, setText] = useState('');
  const [staffOnly, setStaffOnly] = useState(false);
  const [sending, setSending] = useState(false);
  const send = () => {
    setSending(true);
    api
      .post(`/cases/${c.id}/comments`, { body: text.trim(), visibility: staffOnly ? 'staff' : 'everyone' })
      .then(() => {
        setText('');
        return onPosted();
      })
      .catch((e: unknown) => notifyError(e))
      .finally(() => setSending(false));
  };
  return (
    <div data-testid="case-comments">
      {title ?? (
        <Typography.Title level={5} className="sz-mt-0">
          {t('case.comments')}
        </Typography.Title>
      )}
      {c.comments.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noComments')} /> : null}
      {c.comments.map((m) => (
        <div key={m.id} className="sz-mb-8">
          <Space size={4}>
            <strong>{m.authorName}</strong>
            {m.visibility === 'staff' ? <Tag>{t('case.internal')}</Tag> : null}
            <Typography.Text type="secondary" className="sz-text-sm">
              <DateTimeText value={m.createdAt} />
            </Typography.Text>
          </Space>
          <div className="sz-pre-wrap">{m.body}</div>
        </div>
      ))}
      {c.abilities.comment ? (
        <>
          <Space.Compact className="sz-w-full sz-mt-8">
            <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('case.commentPlaceholder')} maxLength={2000} data-testid="comment-input" />
            <Button type="primary" disabled={!text.trim()} loading={sending} onClick={send} data-testid="comment-send">
              {t('case.send')}
            </Button>
          </Space.Compact>
          {c.abilities.commentInternal ? (
            <Radio.Group
              size="small"
              className="sz-mt-8"
              value={staffOnly}
              onChange={(e) => setStaffOnly(e.target.value as boolean)}
              options={[
                { value: false, label: everyoneLabel },
                { value: true, label: t('case.staffOnly') },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
