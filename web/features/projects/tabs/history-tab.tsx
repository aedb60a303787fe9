import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Input, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../app/i18n';
import { useFeedback } from '../../../app/query';
import { DateTimeText } from '../../../components/date-text';
import { useIsPhone } from '../../../components/use-is-phone';
import { attachmentUrl, useProjectMutations, type Project } from '../projects-api';

const RED = new Set(['reject', 'cancel', 'terminate', 'withdraw']);
const GREEN = new Set(['approve', 'award', 'signContract', 'evaluate', 'close']);
const ORANGE = new Set(['return', 'reconsider', 'reopenCall']);

/** 办理记录: every step of the case (who, when, what they wrote), the case's files, and the comments. */
export function HistoryTab({ project: p }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const c = p.case;
  return (
    <Flex gap={24} vertical={isPhone} align="flex-start" data-testid="project-history">
      <div style={{ flex: 3, minWidth: 0, width: '100%' }}>
        <Timeline
          data-testid="case-timeline"
          items={c.steps
            .slice()
            .reverse()
            .map((s) => ({
              color: RED.has(s.event) ? 'red' : GREEN.has(s.event) ? 'green' : ORANGE.has(s.event) ? 'orange' : 'blue',
              content: (
                <div data-testid="timeline-step">
                  <div>
                    <strong>{s.eventName}</strong> → {s.toStateName}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.actorName}
                    {s.departmentName ? `（${s.departmentName}）` : s.actingRoleName ? `（${s.actingRoleName}）` : ''} · <DateTimeText value={s.occurredAt} />
                  </Typography.Text>
                  {s.comment ? <div style={{ marginTop: 4, whiteSpace: 'pre-wrap' }}>{s.comment}</div> : null}
                </div>
              ),
            }))}
        />
      </div>
      <div style={{ flex: 2, minWidth: 0, width: '100%' }}>
        {c.attachments.length ? (
          <>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('project.files')}
            </Typography.Title>
            <Flex vertical gap={4} style={{ marginBottom: 16 }}>
              {c.attachments.map((a) => (
                <a key={a.id} href={attachmentUrl(p.id, a.id)} target="_blank" rel="noopener">
                  <PaperClipOutlined /> {a.name}
                </a>
              ))}
            </Flex>
          </>
        ) : null}
        <Comments project={p} />
      </div>
    </Flex>
  );
}

function Comments({ project: p }: { project: Project }) {
  const { t } = useI18n();
  const { comment } = useProjectMutations();
  const { notifyError } = useFeedback();
  const [text, setText] = useState('');
  const [staffOnly, setStaffOnly] = useState(false);
  const c = p.case;
  return (
    <div data-testid="project-comments">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('project.comments')}
      </Typography.Title>
      {c.comments.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.noComments')} /> : null}
      {c.comments.map((m) => (
        <div key={m.id} style={{ marginBottom: 8 }}>
          <Space size={4}>
            <strong>{m.authorName}</strong>
            {m.visibility === 'staff' ? <Tag>{t('project.internal')}</Tag> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <DateTimeText value={m.createdAt} />
            </Typography.Text>
          </Space>
          <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
        </div>
      ))}
      {c.abilities.comment ? (
        <>
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('project.commentPlaceholder')} maxLength={2000} data-testid="comment-input" />
            <Button
              type="primary"
              disabled={!text.trim()}
              loading={comment.isPending}
              onClick={() =>
                comment.mutate(
                  { caseId: p.id, body: text.trim(), visibility: staffOnly ? 'staff' : 'everyone' },
                  { onSuccess: () => setText(''), onError: (e) => notifyError(e) },
                )
              }
              data-testid="comment-send"
            >
              {t('project.send')}
            </Button>
          </Space.Compact>
          {c.abilities.commentInternal ? (
            <Radio.Group
              size="small"
              style={{ marginTop: 8 }}
              value={staffOnly}
              onChange={(e) => setStaffOnly(e.target.value as boolean)}
              options={[
                { value: false, label: t('project.visibleToAll') },
                { value: true, label: t('project.staffOnly') },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
