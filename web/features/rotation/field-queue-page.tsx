import { CloudUploadOutlined, WifiOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { fieldQueue, useAutoSync, useFieldQueue, useOnline } from './field-api';
import type { QueueItem, SyncReport } from './field-queue';
import './field.css';

const time = (iso: string | number) => new Date(iso).toLocaleString('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 上次同步 and the state of the signal, with 立即同步: shown on 我的轮值 and on 待同步. */
export function SyncBar({ showLink = false }: { showLink?: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const online = useOnline();
  const { items, lastSync, syncing, syncNow } = useFieldQueue();
  const waiting = items?.filter((i) => i.state === 'waiting').length ?? 0;
  const refused = items?.filter((i) => i.state === 'refused').length ?? 0;
  const run = async () => {
    const report = await syncNow();
    if (report) void message.info(reportText(report, t));
  };
  return (
    <Card size="small" className="sz-mb-12" data-testid="field-sync-bar">
      <div className="sz-field-sync">
        <Space direction="vertical" size={0}>
          <Space wrap size={6}>
            {online ? <Tag color="green" icon={<WifiOutlined />}>{t('rotation.field.online')}</Tag> : <Tag color="orange">{t('rotation.field.offline')}</Tag>}
            <Typography.Text data-testid="field-waiting-count">{waiting > 0 ? t('rotation.field.waitingCount', { n: waiting }) : t('rotation.field.nothingWaiting')}</Typography.Text>
            {refused > 0 ? <Tag color="red">{t('rotation.field.refusedCount', { n: refused })}</Tag> : null}
          </Space>
          <Typography.Text type="secondary" className="sz-text-sm" data-testid="field-last-sync">
            {lastSync ? t('rotation.field.lastSync', { time: time(lastSync.at), text: reportText(lastSync, t) }) : t('rotation.field.neverSynced')}
          </Typography.Text>
        </Space>
        <Space>
          {showLink ? (
            <Link to="/rotation/mine/queue" data-testid="field-queue-link">
              <Button danger={refused > 0}>{t('rotation.field.queueNav', { n: waiting + refused })}</Button>
            </Link>
          ) : null}
          <Button type="primary" icon={<CloudUploadOutlined />} loading={syncing} disabled={!online || waiting === 0} onClick={() => void run()} data-testid="field-sync-now">
            {t('rotation.field.syncNow')}
          </Button>
        </Space>
      </div>
    </Card>
  );
}

function reportText(r: SyncReport, t: ReturnType<typeof useT>): string {
  if (r.sent === 0) return t('rotation.field.report.nothing');
  return t('rotation.field.report', { kept: r.kept, refused: r.refused, waiting: r.waiting });
}

/** Edit a refused concern in place: its category code stays, the text is what the server usually refuses. */
function ConcernEdit({ item, onClose }: { item: QueueItem; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ description: string; address?: string }>();
  const body = item.body as { description?: string; address?: string | null };
  return (
    <Modal
      open
      title={t('rotation.field.concern.edit')}
      okText={t('rotation.field.saveEdited')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(async (v) => {
          await fieldQueue.put({ ...item, body: { ...item.body, description: v.description.trim(), address: v.address?.trim() || null }, state: 'waiting', attempts: 0, nextAttemptAt: 0, lastError: null });
          onClose();
        })
      }
    >
      <Form form={form} layout="vertical" initialValues={{ description: body.description ?? '', address: body.address ?? '' }}>
        <Form.Item name="description" label={t('rotation.field.concern.description')} rules={[{ required: true, min: 5, message: t('rotation.field.concern.descriptionRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item name="address" label={t('rotation.field.concern.address')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A line of what the item says: the concern's description or the record's minutes. */
const excerpt = (item: QueueItem): string => {
  const text = item.kind === 'concern' ? item.body.description : item.body.note;
  return typeof text === 'string' ? text : '';
};

/** 待同步: what this phone still holds — waiting to be sent, or refused with the server's reasons. */
export function FieldQueuePage() {
  const t = useT();
  const { userId, items } = useFieldQueue();
  useAutoSync(userId);
  const [editing, setEditing] = useState<QueueItem | null>(null);
  return (
    <>
      <PageHeader title={t('rotation.field.queueTitle')} description={t('rotation.field.queueDescription')} extra={<Link to="/rotation/mine">{t('rotation.field.backToMine')}</Link>} />
      <SyncBar />
      {items === null ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('rotation.field.queueEmpty')} data-testid="field-queue-empty" />
      ) : (
        <List
          dataSource={items}
          data-testid="field-queue"
          renderItem={(item) => {
            const body = item.body as { assignmentId?: string };
            return (
              <Card size="small" className="sz-mb-8" data-testid="field-queue-item">
                <Space direction="vertical" size={4} className="sz-w-full">
                  <Space wrap size={6}>
                    <Tag color={item.kind === 'record' ? 'blue' : 'purple'}>{t(item.kind === 'record' ? 'rotation.field.item.record' : 'rotation.field.item.concern')}</Tag>
                    {item.state === 'refused' ? <Tag color="red">{t('rotation.field.state.refused')}</Tag> : <Tag color="gold">{t('rotation.field.state.waiting')}</Tag>}
                    {item.photos.length ? <Tag>{t('rotation.field.item.photos', { n: item.photos.length })}</Tag> : null}
                  </Space>
                  <Typography.Text strong>{item.label.title}</Typography.Text>
                  {excerpt(item) ? (
                    <Typography.Paragraph className="sz-mb-0" ellipsis={{ rows: 2 }}>
                      {excerpt(item)}
                    </Typography.Paragraph>
                  ) : null}
                  <Typography.Text type="secondary" className="sz-text-sm">
                    {item.label.place} · {t('rotation.field.item.savedAt', { time: time(item.createdAt) })}
                  </Typography.Text>
                  {item.lastError ? (
                    <Alert
                      type={item.state === 'refused' ? 'error' : 'warning'}
                      showIcon
                      title={item.lastError.message}
                      description={
                        item.lastError.fields.length ? (
                          <ul className="sz-m-0">
                            {item.lastError.fields.map((f, i) => (
                              <li key={i}>{f.message}</li>
                            ))}
                          </ul>
                        ) : item.state === 'waiting' && item.nextAttemptAt > Date.now() ? (
                          t('rotation.field.item.nextTry', { time: time(item.nextAttemptAt) })
                        ) : undefined
                      }
                      data-testid="field-queue-error"
                    />
                  ) : null}
                  <Space>
                    {item.state === 'refused' && item.kind === 'record' && body.assignmentId ? (
                      <Link to={`/rotation/mine/record/${body.assignmentId}?edit=${item.clientKey}`}>
                        <Button size="small" type="primary">
                          {t('rotation.field.item.edit')}
                        </Button>
                      </Link>
                    ) : null}
                    {item.state === 'refused' && item.kind === 'concern' ? (
                      <Button size="small" type="primary" onClick={() => setEditing(item)}>
                        {t('rotation.field.item.edit')}
                      </Button>
                    ) : null}
                    <Popconfirm title={t('rotation.field.item.deleteConfirm')} okText={t('rotation.field.delete')} cancelText={t('common.cancel')} onConfirm={() => void fieldQueue.remove(item.clientKey)}>
                      <Button size="small" danger>
                        {t('rotation.field.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                </Space>
              </Card>
            );
          }}
        />
      )}
      {editing ? <ConcernEdit item={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
