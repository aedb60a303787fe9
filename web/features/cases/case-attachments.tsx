import { DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Flex, List, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../app/i18n';
import { fileSize, filesOf, type CaseAttachment } from './case-kit';
import { UploadProblemAlert, UploadProgress, UploadTrigger, useFileUpload } from './file-upload';
import { caseAttachmentUrl, uploadCaseFile } from './cases-api';

/** One entry of a checklist: the files of one kind the case asks for. */
export interface ChecklistItem {
  key: string;
  name: string;
  required: boolean;
}

/** The case's files as the kit shows them. */
export interface CaseAttachmentsProps {
  caseId: string;
  attachments: readonly CaseAttachment[];
  /** The case's `abilities.attach`: the server's answer for this caller and state. */
  canUpload: boolean;
  /** Reloads the case once a file is in. */
  onUploaded: () => unknown;
  /** A checklist: a row per item, with its files and its own upload button; without one, a row per file and one button. */
  items?: readonly ChecklistItem[];
  accept?: string;
  /** Under the list (default: the accepted types and the 20 MB limit). */
  help?: ReactNode;
  /** The rows' data-testid is `<prefix>-<item key>` ("material-charter", "wizard-material-charter"). */
  testIdPrefix?: string;
  /** Under an item's name: what the page has to say about it (a one-time notice's request for that material). */
  notes?: Readonly<Record<string, ReactNode>>;
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx';

/**
 * A case's files and their upload: a checklist's rows (provided / required / optional) or the files as a list,
 * each with its size, a download link, and — when the case allows this caller to attach — an upload button
 * showing the upload's progress (the kit's upload control, file-upload.tsx: an empty file or one over 20 MB is
 * refused before it is sent; a refusal names the file).
 */
export function CaseAttachments({ caseId, attachments, canUpload, onUploaded, items, accept = ACCEPT, help, testIdPrefix = 'material', notes }: CaseAttachmentsProps) {
  const t = useT();
  const upload = useFileUpload({
    send: (file, onProgress, key) => uploadCaseFile(caseId, file, { item: key || undefined, onProgress }),
    onUploaded: () => onUploaded(),
  });

  const uploadButton = (key: string, again: boolean) => (
    <UploadTrigger
      key="upload"
      upload={upload}
      fileKey={key}
      accept={accept}
      size="small"
      testId={`upload-${key || 'file'}`}
      label={key ? (again ? t('case.uploadAgain') : t('case.upload')) : t('case.uploadFile')}
    />
  );
  const progress = (key: string) => <UploadProgress upload={upload} fileKey={key} />;
  const fileLink = (f: CaseAttachment) => (
    <a key={f.id} href={caseAttachmentUrl(caseId, f.id)} target="_blank" rel="noopener" className="sz-text-sm" data-testid="case-file">
      <PaperClipOutlined /> {f.name}（{fileSize(f.size)}）<DownloadOutlined />
    </a>
  );

  return (
    <div data-testid="case-attachments">
      <UploadProblemAlert upload={upload} className="sz-mb-8" />
      {items ? (
        <List
          size="small"
          dataSource={[...items]}
          renderItem={(item) => {
            const files = filesOf(attachments, item.key);
            return (
              <List.Item data-testid={`${testIdPrefix}-${item.key}`} actions={canUpload ? [uploadButton(item.key, files.length > 0)] : []}>
                <Space orientation="vertical" size={0} className="sz-min-w-0 sz-w-full">
                  <Space wrap>
                    <span>{item.name}</span>
                    {item.required ? files.length ? <Tag color="success">{t('case.provided')}</Tag> : <Tag color="warning">{t('case.requiredMissing')}</Tag> : <Tag>{t('case.optional')}</Tag>}
                  </Space>
                  {notes?.[item.key] ?? null}
                  {files.map(fileLink)}
                  {progress(item.key)}
                </Space>
              </List.Item>
            );
          }}
        />
      ) : (
        <>
          {filesOf(attachments, null).length === 0 && !upload.busy ? (
            <Typography.Paragraph type="secondary" className="sz-mb-8">
              {t('case.noFiles')}
            </Typography.Paragraph>
          ) : null}
          <Flex vertical gap={4} className="sz-mb-8">
            {filesOf(attachments, null).map(fileLink)}
            {progress('')}
          </Flex>
          {canUpload ? uploadButton('', false) : null}
        </>
      )}
      {canUpload ? (
        <Typography.Paragraph type="secondary" className="sz-text-sm sz-mt-8 sz-mb-0">
          {help ?? t('case.filesHelp')}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
