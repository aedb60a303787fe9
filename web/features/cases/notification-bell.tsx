import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { LoadMore } from '../../components/load-more';
import { useMarkRead, useNotifications } from '../applications/applications-api';

/** The message center in the header: unread count, the latest messages, one click to the case. */
export function NotificationBell() {
  const t = useT();
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { items, unread } = notifications;
  const content = (
    <div style={{ width: 320, maxWidth: '80vw' }} data-testid="notifications">
      {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.bell.empty')} /> : null}
      <List
        size="small"
        dataSource={items}
        renderItem={(m) => (
          <List.Item
            style={{ cursor: m.link ? 'pointer' : 'default', opacity: m.readAt ? 0.6 : 1 }}
            onClick={() => {
              if (!m.readAt) markRead.mutate({ ids: [m.id] });
              setOpen(false);
              if (m.link) navigate(m.link);
            }}
          >
            <div className="sz-min-w-0">
              <Typography.Text strong={!m.readAt}>{m.title}</Typography.Text>
              <div className="sz-text-sm">{m.body}</div>
              <Typography.Text type="secondary" className="sz-text-sm">
                <DateTimeText value={m.createdAt} />
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      <LoadMore hasNextPage={notifications.hasNextPage} isFetchingNextPage={notifications.isFetchingNextPage} fetchNextPage={notifications.fetchNextPage} />
      {unread ? (
        <Button type="link" size="small" onClick={() => markRead.mutate({ all: true })}>
          {t('case.bell.markAllRead')}
        </Button>
      ) : null}
    </div>
  );
  return (
    <Popover content={content} title={t('case.bell.title')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Button type="text" aria-label={t('case.bell.title')} data-testid="notification-bell" className="sz-on-dark" icon={<Badge count={unread} size="small" offset={[2, -2]}><BellOutlined className="sz-on-dark" style={{ fontSize: 16 }} /></Badge>} />
    </Popover>
  );
}
