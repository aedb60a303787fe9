import { ErrorAlert } from '../../components/error-alert';
import { CloseCircleOutlined, CloudUploadOutlined, DeleteOutlined, EditOutlined, EnvironmentOutlined, ClockCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Flex, Form, Input, Modal, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ProblemError } from '../../app/api';
import { useT, type Translate } from '../../app/i18n';
import { problemMessage, useFeedback } from '../../app/query';
import { chinaDateTime, chinaDayjs } from '../../components/china-time';
import { useIsPhone } from '../../components/use-is-phone';
import { UploadProblemAlert, UploadProgress, UploadTrigger, useFileUpload } from '../cases/file-upload';
import { CancelledTag, fileSize, FileIcon, MeetingKindTag, PublishedTag } from './meeting-labels';
import { meetingFileUrl, useMeeting, useMeetingMutations, type Meeting } from './meetings-api';

/** A refusal as one sentence: the field messages a 422 carries (e.g. "请先填写会议纪要再发布"), a 409 as what to do next. */
function refusal(error: unknown, t: Translate): string {
  if (error instanceof ProblemError) {
    if (error.code === 'conflict') return t('meeting.conflict');
    if (error.status === 422 && error.errors.length) return error.errors.map((e) => e.message).join('；');
  }
  return problemMessage(error, t);
}

/** Asks for the reason before cancelling; the reason goes on the record and on the portal. */
function CancelMeetingModal({ meeting, open, onClose, onProblem }: { meeting: Meeting; open: boolean; onClose: () => void; onProblem: (e: unknown) => void }) {
  const t = useT();
  const { notifySuccess } = useFeedback();
  const { cancel } = useMeetingMutations();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = ({ reason }: { reason: string }) =>
    cancel.mutate(
      { id: meeting.id, version: meeting.version, reason: reason.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('meeting.cancelledDone'));
          form.resetFields();
          onClose();
        },
        onError: (e) => {
          onProblem(e);
          onClose();
        },
      },
    );
  return (
    <Modal
      open={open}
      title={t('meeting.cancelTitle')}
      onCancel={onClose}
      okText={t('meeting.cancelConfirm')}
      cancelText={t('meeting.keep')}
      okButtonProps={{ danger: true, loading: cancel.isPending, 'data-testid': 'meeting-cancel-confirm' }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('meeting.cancelHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="reason" label={t('meeting.cancelReason')} rules={[{ required: true, whitespace: true, message: t('meeting.cancelReasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} showCount placeholder={t('meeting.cancelReasonPlaceholder')} data-testid="meeting-cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * A meeting: when and where, the projects on the agenda (links to their pages), attendees, minutes and
 * files. Holders of project.manage edit it, write the minutes, attach files and publish it to the portal,
 * or cancel it (kept, marked cancelled with the reason; nothing can be changed after that).
 */
export function MeetingDrawer({ meetingId, canManage, onClose, onEdit }: { meetingId: string | null; canManage: boolean; onClose: () => void; onEdit: (meeting: Meeting) => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const { notifySuccess } = useFeedback();
  const query = useMeeting(meetingId);
  const { update, upload, removeFile } = useMeetingMutations();
  const m = query.data;
  const [editingMinutes, setEditingMinutes] = useState(false);
  const [minutes, setMinutes] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);
  // The kit's upload control: refuses an empty or too large file before sending, shows progress, says a failure.
  const fileUpload = useFileUpload({ send: (file, onProgress) => upload.mutateAsync({ id: meetingId ?? '', file, onProgress }) });
  const clearUploadProblem = fileUpload.clearProblem;
  // A cancelled meeting is a record: nobody edits, publishes or uploads to it any more.
  const manage = canManage && Boolean(m) && !m?.cancelledAt;

  useEffect(() => {
    setEditingMinutes(false);
    setProblem(null);
    setCancelling(false);
    clearUploadProblem();
  }, [meetingId, clearUploadProblem]);

  const startMinutes = () => {
    setMinutes(m?.minutes ?? '');
    setEditingMinutes(true);
    setProblem(null);
  };
  const saveMinutes = () => {
    if (!m) return;
    setProblem(null);
    update.mutate(
      { id: m.id, version: m.version, minutes: minutes.trim() },
      {
        onSuccess: () => {
          setEditingMinutes(false);
          notifySuccess(t('meeting.minutesSaved'));
        },
        onError: setProblem,
      },
    );
  };
  const setPublished = (published: boolean) => {
    if (!m) return;
    setProblem(null);
    update.mutate({ id: m.id, version: m.version, published }, { onSuccess: () => notifySuccess(published ? t('meeting.publishedDone') : t('meeting.unpublishedDone')), onError: setProblem });
  };

  let body;
  if (query.isPending) body = <Skeleton active />;
  else if (query.isError) body = <ErrorAlert error={query.error} />;
  else if (m) {
    const past = chinaDayjs(m.startsAt).isBefore(chinaDayjs());
    body = (
      <Flex vertical gap={16} data-testid="meeting-drawer">
        <Flex gap={8} wrap align="center">
          <MeetingKindTag kind={m.kind} />
          <PublishedTag publishedAt={m.publishedAt} />
          {m.publishedAt ? (
            <Typography.Text type="secondary" className="sz-text-sm">
              {t('meeting.publishedAt', { time: chinaDateTime(m.publishedAt) })}
            </Typography.Text>
          ) : null}
        </Flex>
        {m.cancelledAt ? (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleOutlined />}
            title={t('meeting.cancelledAlert', { time: chinaDateTime(m.cancelledAt) })}
            description={m.cancelReason ? t('meeting.cancelledReason', { reason: m.cancelReason }) : undefined}
            data-testid="meeting-cancelled"
          />
        ) : null}
        {problem ? <Alert type="error" showIcon title={refusal(problem, t)} closable={{ onClose: () => setProblem(null) }} data-testid="meeting-problem" /> : null}
        <Descriptions column={1} size="small" bordered styles={{ label: { width: isPhone ? 84 : 110, whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={<><ClockCircleOutlined /> {t('meeting.time')}</>}>
            <span data-testid="meeting-time">{chinaDayjs(m.startsAt).format(t('meeting.timeFormat'))}</span>
            {past || m.cancelledAt ? null : (
              <Tag color="processing" className="sz-ms-8">
                {t('meeting.upcoming')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={<><EnvironmentOutlined /> {t('meeting.place')}</>}>{m.place}</Descriptions.Item>
        </Descriptions>

        <section>
          <Typography.Title level={5} className="sz-mt-0">
            {t('meeting.projectsCount', { count: m.projects.length })}
          </Typography.Title>
          <Flex vertical gap={6} data-testid="meeting-projects-list">
            {m.projects.map((p) => (
              <Link key={p.id} to={`/projects/${p.id}`} data-testid="meeting-project-link">
                <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 8 }}>
                  {p.number}
                </Typography.Text>
                {p.title}
              </Link>
            ))}
          </Flex>
        </section>

        <section>
          <Typography.Title level={5} className="sz-mt-0">
            {t('meeting.attendees')}
          </Typography.Title>
          {m.attendees.length ? (
            <Flex gap={6} wrap data-testid="meeting-attendees-list">
              {m.attendees.map((a) => (
                <Tag key={a}>
                  {a}
                </Tag>
              ))}
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('meeting.noAttendees')}</Typography.Text>
          )}
        </section>

        <section>
          <Flex justify="space-between" align="center" className="sz-mb-8">
            <Typography.Title level={5} className="sz-m-0">
              {t('meeting.minutes')}
            </Typography.Title>
            {manage && !editingMinutes ? (
              <Button size="small" icon={<EditOutlined />} onClick={startMinutes} data-testid="meeting-minutes-edit">
                {m.minutes ? t('meeting.minutesEdit') : t('meeting.minutesWrite')}
              </Button>
            ) : null}
          </Flex>
          {editingMinutes ? (
            <>
              {m.publishedAt ? <Alert type="warning" showIcon className="sz-mb-8" title={t('meeting.minutesPublishedHint')} /> : null}
              <Input.TextArea
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                autoSize={{ minRows: 6, maxRows: 18 }}
                maxLength={20000}
                showCount
                placeholder={t('meeting.minutesPlaceholder')}
                data-testid="meeting-minutes-input"
              />
              <Flex gap={8} justify="flex-end" className="sz-mt-8">
                <Button onClick={() => setEditingMinutes(false)}>{t('common.cancel')}</Button>
                <Button type="primary" loading={update.isPending} onClick={saveMinutes} data-testid="meeting-minutes-save">
                  {t('meeting.minutesSave')}
                </Button>
              </Flex>
            </>
          ) : m.minutes ? (
            <Typography.Paragraph className="sz-quote sz-m-0" data-testid="meeting-minutes">
              {m.minutes}
            </Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary" data-testid="meeting-minutes-empty">
              {manage ? t('meeting.noMinutesManage') : t('meeting.noMinutes')}
            </Typography.Text>
          )}
        </section>

        <section>
          <Flex justify="space-between" align="center" className="sz-mb-8">
            <Typography.Title level={5} className="sz-m-0">
              {t('meeting.files')}
            </Typography.Title>
            {manage ? <UploadTrigger upload={fileUpload} accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx" size="small" label={t('meeting.upload')} testId="meeting-upload" /> : null}
          </Flex>
          {m.attachments.length ? (
            <Flex vertical gap={6} data-testid="meeting-files">
              {m.attachments.map((f) => (
                <Flex key={f.id} gap={8} align="center" justify="space-between">
                  <a href={meetingFileUrl(m.id, f.id)} target="_blank" rel="noreferrer" data-testid="meeting-file" className="sz-min-w-0 sz-wrap-anywhere">
                    <FileIcon mime={f.mime} /> {f.name}{' '}
                    <Typography.Text type="secondary" className="sz-text-sm">
                      {fileSize(f.size)}
                    </Typography.Text>
                  </a>
                  {manage ? (
                    <Popconfirm
                      title={t('meeting.fileRemoveConfirm')}
                      description={t('meeting.fileRemoveHelp')}
                      okText={t('meeting.fileRemove')}
                      okButtonProps={{ danger: true, 'data-testid': 'meeting-file-remove-confirm' }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => {
                        setProblem(null);
                        removeFile.mutate({ id: m.id, attachmentId: f.id }, { onSuccess: () => notifySuccess(t('meeting.fileRemoved', { name: f.name })), onError: setProblem });
                      }}
                    >
                      <Button type="link" size="small" danger icon={<DeleteOutlined />} className="sz-flex-none" data-testid="meeting-file-remove">
                        {t('meeting.fileRemove')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Flex>
              ))}
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('meeting.noFiles')}</Typography.Text>
          )}
          <UploadProgress upload={fileUpload} />
          <UploadProblemAlert upload={fileUpload} className="sz-mt-8" />
          {manage ? (
            <Typography.Paragraph type="secondary" className="sz-text-sm sz-mt-8 sz-mb-0">
              {t('meeting.filesHelp')}
            </Typography.Paragraph>
          ) : null}
        </section>
      </Flex>
    );
  }

  const footer =
    manage && m ? (
      <Flex gap={8} wrap justify="flex-end">
        <Button danger type="text" icon={<CloseCircleOutlined />} onClick={() => setCancelling(true)} disabled={editingMinutes} className="sz-me-auto" data-testid="meeting-cancel">
          {t('meeting.cancel')}
        </Button>
        <Button icon={<EditOutlined />} onClick={() => onEdit(m)} data-testid="meeting-edit">
          {t('meeting.edit')}
        </Button>
        {m.publishedAt ? (
          <Popconfirm title={t('meeting.unpublishConfirm')} description={t('meeting.unpublishHelp')} okText={t('meeting.unpublish')} cancelText={t('common.cancel')} onConfirm={() => setPublished(false)}>
            <Button danger icon={<StopOutlined />} loading={update.isPending} data-testid="meeting-unpublish">
              {t('meeting.unpublish')}
            </Button>
          </Popconfirm>
        ) : (
          <Popconfirm title={t('meeting.publishConfirm')} description={t('meeting.publishHelp')} okText={t('meeting.publish')} cancelText={t('common.cancel')} onConfirm={() => setPublished(true)} okButtonProps={{ 'data-testid': 'meeting-publish-confirm' }}>
            <Button type="primary" icon={<CloudUploadOutlined />} loading={update.isPending} disabled={editingMinutes} data-testid="meeting-publish">
              {t('meeting.publish')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    ) : null;

  return (
    <Drawer open={Boolean(meetingId)} onClose={onClose} title={
        m ? (
          // The cancelled mark sits beside the title, where the eye lands first.
          <Flex gap={8} align="center" wrap>
            <span className="sz-min-w-0 sz-wrap-anywhere">{m.title}</span>
            {m.cancelledAt ? <CancelledTag /> : null}
          </Flex>
        ) : (
          t('meeting.drawerTitle')
        )
      } size={isPhone ? '100%' : 560} footer={footer} destroyOnHidden>
      {body}
      {m && manage ? <CancelMeetingModal meeting={m} open={cancelling} onClose={() => setCancelling(false)} onProblem={setProblem} /> : null}
    </Drawer>
  );
}
