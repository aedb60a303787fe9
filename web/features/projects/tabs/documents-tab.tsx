import { ErrorAlert } from '../../../components/error-alert';
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import {  Button, Checkbox, Empty, Flex, List, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { ProjectDocumentOrigin } from '../../../../contracts/projects';
import { useI18n, type MessageKey } from '../../../app/i18n';
import { chinaDateTime, chinaDay } from '../../../components/china-time';
import { DateTimeText } from '../../../components/date-text';
import { useIsPhone } from '../../../components/use-is-phone';
import { FileIcon, fileSize, MeetingKindTag, MeetingStatusTag } from '../../meetings/meeting-labels';
import { useProjectDocuments, type Project, type ProjectDocument } from '../projects-api';

/** Where a file came from, in the order of the lifecycle. */
const ORIGINS: Record<ProjectDocumentOrigin, { key: MessageKey; color: string }> = {
  checklist: { key: 'project.doc.origin.checklist', color: 'purple' },
  step: { key: 'project.doc.origin.step', color: 'blue' },
  serviceRecord: { key: 'project.doc.origin.serviceRecord', color: 'cyan' },
  rectification: { key: 'project.doc.origin.rectification', color: 'orange' },
  meeting: { key: 'project.doc.origin.meeting', color: 'green' },
  upload: { key: 'project.doc.origin.upload', color: 'default' },
};
const ORIGIN_ORDER = Object.keys(ORIGINS) as ProjectDocumentOrigin[];

/** A date-only value as it is; an instant as its day in China. */
const dayOf = (v: string) => (v.length === 10 ? v : chinaDay(v));

/** A text written into the system rather than uploaded: the call notice, the final and closing reports, a meeting's minutes. */
interface TextDoc {
  key: string;
  kind: MessageKey;
  title: string;
  meta: string;
  text: string | null;
  tags?: ReactNode;
}

/** The text a step carried in its input, with who wrote it and when. */
function stepText(p: Project, event: string, field: string): { text: string; by: string; at: string } | null {
  const step = [...p.case.steps].reverse().find((s) => s.event === event);
  const text = step?.input?.[field];
  return step && typeof text === 'string' ? { text, by: step.actorName, at: step.occurredAt } : null;
}

/**
 * 文档: every file of the project the viewer may open, in one list with where it came from (a step, a
 * service record, a rectification, a meeting), who uploaded it, when and how big — each downloaded through
 * the server's access-checked address — and the texts written into the system (call notice, reports,
 * meeting minutes).
 */
export function DocumentsTab({ project }: { project: Project }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const docs = useProjectDocuments(project.id);
  const [origin, setOrigin] = useState<ProjectDocumentOrigin | 'all'>('all');
  const [showOld, setShowOld] = useState(false);
  const [reading, setReading] = useState<TextDoc | null>(null);

  const all = useMemo(() => [...(docs.data?.items ?? [])].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt)), [docs.data]);
  const oldCount = all.filter((d) => d.superseded).length;
  const current = showOld ? all : all.filter((d) => !d.superseded);
  const shown = origin === 'all' ? current : current.filter((d) => d.origin === origin);
  const counts = new Map<ProjectDocumentOrigin, number>();
  for (const d of current) counts.set(d.origin, (counts.get(d.origin) ?? 0) + 1);
  const meetings = docs.data?.meetings ?? [];

  const texts: TextDoc[] = [];
  if (project.callNotice)
    texts.push({ key: 'call', kind: 'project.doc.text.callNotice', title: t('project.callNotice'), meta: project.callPublishedAt ? t('project.doc.publishedOn', { date: chinaDay(project.callPublishedAt) }) : '', text: project.callNotice });
  const report = stepText(project, 'submitFinalReport', 'summary');
  if (report) texts.push({ key: 'final', kind: 'project.doc.text.report', title: t('project.finalReport'), meta: `${report.by} · ${chinaDateTime(report.at)}`, text: report.text });
  const closing = stepText(project, 'close', 'closingReport');
  if (closing) texts.push({ key: 'closing', kind: 'project.doc.text.report', title: t('project.closingReport'), meta: `${closing.by} · ${chinaDateTime(closing.at)}`, text: closing.text });
  for (const m of meetings)
    texts.push({
      key: m.id,
      kind: 'project.doc.text.minutes',
      title: m.title,
      meta: `${chinaDateTime(m.startsAt)} · ${m.place}`,
      text: m.minutes,
      tags: (
        <>
          <MeetingKindTag kind={m.kind} />
          <MeetingStatusTag meeting={m} />
        </>
      ),
    });

  const originCell = (d: ProjectDocument) => (
    <div className="sz-min-w-0">
      <Tag color={ORIGINS[d.origin].color} className="sz-me-6" data-testid="document-origin">
        {t(ORIGINS[d.origin].key)}
      </Tag>
      {d.originDetail ? <Typography.Text>{d.originDetail}</Typography.Text> : null}
      {d.originAt ? (
        <Typography.Text type="secondary" className="sz-text-sm sz-ms-6 sz-nowrap">
          {dayOf(d.originAt)}
        </Typography.Text>
      ) : null}
    </div>
  );
  const nameCell = (d: ProjectDocument) => (
    <Space size={6} align="start" className="sz-min-w-0">
      <FileIcon mime={d.mime} />
      <span className="sz-min-w-0 sz-wrap-anywhere">
        <a href={d.url} target="_blank" rel="noopener" data-testid="document-link">
          {d.name}
        </a>
        {d.superseded ? (
          <Tag className="sz-ms-6" data-testid="document-superseded">
            {t('project.doc.superseded')}
          </Tag>
        ) : null}
      </span>
    </Space>
  );
  const download = (d: ProjectDocument) => (
    <Button size="small" type="link" icon={<DownloadOutlined />} href={d.url} target="_blank" rel="noopener" aria-label={t('project.doc.downloadName', { name: d.name })} style={{ paddingInline: 0 }}>
      {t('project.doc.download')}
    </Button>
  );

  return (
    <div data-testid="project-documents">
      <Flex justify="space-between" align="center" wrap gap={8} className="sz-mb-8">
        <Typography.Title level={5} className="sz-m-0">
          {t('project.doc.filesTitle')}
          {docs.data ? (
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginInlineStart: 8 }} data-testid="documents-count">
              {t('project.doc.count', { count: current.length })}
            </Typography.Text>
          ) : null}
        </Typography.Title>
        {current.length > 0 ? (
          <Flex wrap gap={8} align={isPhone ? "stretch" : "center"} vertical={isPhone} style={{ width: isPhone ? '100%' : undefined }}>
            {oldCount > 0 ? (
              <Checkbox checked={showOld} onChange={(e) => setShowOld(e.target.checked)}>
                {t('project.doc.showSuperseded', { count: oldCount })}
              </Checkbox>
            ) : null}
            <Select
              value={origin}
              onChange={setOrigin}
              style={{ width: isPhone ? '100%' : 200 }}
              aria-label={t('project.doc.origin')}
              data-testid="documents-origin-filter"
              options={[
                { value: 'all', label: t('project.doc.allOrigins', { count: current.length }) },
                ...ORIGIN_ORDER.filter((o) => counts.get(o)).map((o) => ({ value: o, label: `${t(ORIGINS[o].key)}（${counts.get(o)}）` })),
              ]}
            />
          </Flex>
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary" className="sz-text-sm sz-mb-12">
        {t('project.doc.filesHint')}
      </Typography.Paragraph>

      {docs.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : docs.isError ? (
        <ErrorAlert error={docs.error} />
      ) : shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={origin === 'all' ? t('project.doc.noFiles') : t('project.doc.noFilesOfOrigin')} data-testid="documents-empty" />
      ) : isPhone ? (
        <List
          bordered
          size="small"
          dataSource={shown}
          data-testid="documents-list"
          renderItem={(d) => (
            <List.Item className="sz-block" data-testid="document-row">
              {nameCell(d)}
              <div className="sz-mt-4">{originCell(d)}</div>
              <Flex justify="space-between" align="center" gap={8} className="sz-mt-4">
                <Typography.Text type="secondary" className="sz-text-sm">
                  {d.uploaderName ?? '—'} · <span className="sz-nowrap">{<DateTimeText value={d.uploadedAt} />}</span> · <span className="sz-nowrap">{fileSize(d.size)}</span>
                </Typography.Text>
                {download(d)}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 960 }}
          data-testid="documents-list"
          onRow={() => ({ 'data-testid': 'document-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('project.doc.name'), key: 'name', width: 280, render: (_: unknown, d) => nameCell(d) },
            { title: t('project.doc.origin'), key: 'origin', render: (_: unknown, d) => originCell(d) },
            { title: t('project.doc.uploader'), dataIndex: 'uploaderName', width: 160, render: (v: string | null) => v ?? '—' },
            { title: t('project.doc.uploadedAt'), dataIndex: 'uploadedAt', width: 150, render: (v: string) => <DateTimeText value={v} />, sorter: (a, b) => a.uploadedAt.localeCompare(b.uploadedAt), defaultSortOrder: 'descend' },
            { title: t('project.doc.size'), dataIndex: 'size', width: 90, align: 'right', render: (v: number) => fileSize(v) },
            { title: t('common.actions'), key: 'download', width: 80, render: (_: unknown, d) => download(d) },
          ]}
        />
      )}

      <Typography.Title level={5} className="sz-mt-24">
        {t('project.doc.textsTitle')}
      </Typography.Title>
      {docs.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : texts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.doc.noTexts')} data-testid="documents-texts-empty" />
      ) : (
        <List
          bordered
          size="small"
          dataSource={texts}
          data-testid="documents-texts"
          renderItem={(d) => (
            <List.Item
              data-testid="document-text-row"
              actions={[
                d.text ? (
                  <Button key="read" size="small" icon={<FileTextOutlined />} onClick={() => setReading(d)} data-testid="document-text-read">
                    {t('project.doc.read')}
                  </Button>
                ) : (
                  <Typography.Text key="none" type="secondary" className="sz-text-sm">
                    {t('project.doc.noMinutes')}
                  </Typography.Text>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <Tag>{t(d.kind)}</Tag>
                    <span className="sz-wrap-anywhere">{d.title}</span>
                    {d.tags}
                  </Space>
                }
                description={<span className="sz-text-sm">{d.meta}</span>}
              />
            </List.Item>
          )}
        />
      )}
      {reading ? (
        <Modal open title={reading.title} onCancel={() => setReading(null)} footer={null} width={isPhone ? '100%' : 640} destroyOnHidden>
          <Typography.Text type="secondary" className="sz-text-sm">
            {t(reading.kind)} · {reading.meta}
          </Typography.Text>
          <Typography.Paragraph className="sz-quote sz-mt-8" data-testid="document-text-body">
            {reading.text}
          </Typography.Paragraph>
        </Modal>
      ) : null}
    </div>
  );
}
