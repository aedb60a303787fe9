import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Flex, List, Progress, Space, Tag, Typography, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { fileSize, filesOf, uploadRefusal, type CaseAttachment } from './case-kit';
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
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx';

/** A refusal the page makes itself (empty or too large), shown like the server's. */
function localProblem(detail: string, code: string): ProblemError {
  return new ProblemError({ type: 'about:blank', title: detail, status: 0, code, detail });
}

/**
 * A case's files and their upload: a checklist's rows (provided / required / optional) or the files as a list,
 * each with its size, a download link, and — when the case allows this caller to attach — an upload button
 * showing the upload's progress (api.upload). An empty file or one over 20 MB is refused before it is sent; a
 * refusal names the file.
 */
export function CaseAttachments({ caseId, attachments, canUpload, onUploaded, items, accept = ACCEPT, help, testIdPrefix = 'material' }: CaseAttachmentsProps) {
  const t = useT();
  const { notifySuccess } = useFeedback();
  // The item (or "" for a case without a checklist) being uploaded, and how far it is.
  const [busy, setBusy] = useState<{ key: string; name: string; percent: number } | null>(null);
  // A refusal the page made itself names the file in its text; the server's is named under it.
  const [problem, setProblem] = useState<{ name: string; error: unknown; local: boolean } | null>(null);

  const send = async (key: string, file: File) => {
    setProblem(null);
    const refusal = uploadRefusal(file);
    if (refusal) {
      const text = refusal === 'empty' ? t('case.fileEmpty', { name: file.name }) : t('case.fileTooLarge', { name: file.name, size: fileSize(file.size) });
      setProblem({ name: file.name, error: localProblem(text, refusal), local: true });
      return;
    }
    setBusy({ key, name: file.name, percent: 0 });
    try {
      await uploadCaseFile(caseId, file, { item: key || undefined, onProgress: (percent) => setBusy({ key, name: file.name, percent }) });
      notifySuccess(t('case.uploaded', { name: file.name }));
      await onUploaded();
    } catch (e) {
      setProblem({ name: file.name, error: e, local: false });
    } finally {
      setBusy(null);
    }
  };

  const uploadButton = (key: string, again: boolean) => (
    <Upload key="upload" showUploadList={false} accept={accept} disabled={!!busy} customRequest={({ file }) => void send(key, file as File)}>
      <Button size="small" icon={<UploadOutlined />} loading={busy?.key === key} data-testid={`upload-${key || 'file'}`}>
        {key ? (again ? t('case.uploadAgain') : t('case.upload')) : t('case.uploadFile')}
      </Button>
    </Upload>
  );
  const progress = (key: string) =>
    busy?.key === key ? (
      <Flex gap={8} align="center" className="sz-w-full" data-testid="upload-progress">
        <Typography.Text type="secondary" className="sz-text-sm" ellipsis>
          {busy.name}
        </Typography.Text>
        <Progress percent={busy.percent} size="small" className="sz-m-0" />
      </Flex>
    ) : null;
  const fileLink = (f: CaseAttachment) => (
    <a key={f.id} href={caseAttachmentUrl(caseId, f.id)} target="_blank" rel="noopener" className="sz-text-sm" data-testid="case-file">
      <PaperClipOutlined /> {f.name}（{fileSize(f.size)}）<DownloadOutlined />
    </a>
  );

  return (
    <div data-testid="case-attachments">
      {problem ? (
        <ErrorAlert error={problem.error} className="sz-mb-8" testId="upload-problem" description={problem.local ? undefined : t('case.uploadFailed', { name: problem.name })} />
      ) : null}
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
                  {files.map(fileLink)}
                  {progress(item.key)}
                </Space>
              </List.Item>
            );
          }}
        />
      ) : (
        <>
          {filesOf(attachments, null).length === 0 && !busy ? (
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
