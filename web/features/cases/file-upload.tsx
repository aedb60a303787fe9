import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Flex, Progress, Typography, Upload } from 'antd';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { fileSize, MAX_UPLOAD_BYTES, uploadRefusal } from './case-kit';

/**
 * The one upload control of the web app: a case's files (case-attachments.tsx), a service record's photos, a
 * meeting's files and the organization import all send their files through it, so every upload refuses an empty
 * file or one over 20 MB before sending it (naming the file and its size in MB), shows its progress (api.upload),
 * and says a failure the same way. A page gives only how a file is sent and what happens once it is in.
 */

/** A file on its way: the key it goes under (a checklist item, or ""), its name and how far it is (0–100). */
export interface UploadJob {
  uid: number;
  key: string;
  name: string;
  percent: number;
}

/** Why the last file did not go in; `local`: refused by the page (its text names the file), not by the server. */
export interface UploadProblem {
  name: string;
  error: unknown;
  local: boolean;
}

export interface FileUploadOptions<R> {
  /** Sends one file (api.upload with `onProgress`); `key` is the one given to `start`. */
  send: (file: File, onProgress: (percent: number) => void, key: string) => Promise<R>;
  /** After a file is in: reload, or keep what the server answered. */
  onUploaded?: (result: R, file: File, key: string) => unknown;
  /** Say "已上传：{name}" once a file is in (default); off where the page shows the file at once. */
  notify?: boolean;
  maxBytes?: number;
}

export interface FileUpload {
  jobs: readonly UploadJob[];
  busy: boolean;
  problem: UploadProblem | null;
  clearProblem: () => void;
  start: (file: File, key?: string) => Promise<void>;
}

/** A refusal the page makes itself (empty or too large), shown like the server's. */
function localProblem(detail: string, code: string): ProblemError {
  return new ProblemError({ type: 'about:blank', title: detail, status: 0, code, detail });
}

/** The upload's state: the files on their way and the last problem; `start` checks a file, sends it and reports. */
export function useFileUpload<R>({ send, onUploaded, notify = true, maxBytes = MAX_UPLOAD_BYTES }: FileUploadOptions<R>): FileUpload {
  const t = useT();
  const { notifySuccess } = useFeedback();
  const [jobs, setJobs] = useState<UploadJob[]>([]);
  const [problem, setProblem] = useState<UploadProblem | null>(null);
  const nextUid = useRef(0);

  const start = async (file: File, key = '') => {
    setProblem(null);
    const refusal = uploadRefusal(file, maxBytes);
    if (refusal) {
      const text = refusal === 'empty' ? t('case.fileEmpty', { name: file.name }) : t('case.fileTooLarge', { name: file.name, size: fileSize(file.size) });
      setProblem({ name: file.name, error: localProblem(text, refusal), local: true });
      return;
    }
    const uid = nextUid.current++;
    const move = (percent: number) => setJobs((list) => list.map((j) => (j.uid === uid ? { ...j, percent } : j)));
    setJobs((list) => [...list, { uid, key, name: file.name, percent: 0 }]);
    try {
      const result = await send(file, move, key);
      if (notify) notifySuccess(t('case.uploaded', { name: file.name }));
      await onUploaded?.(result, file, key);
    } catch (e) {
      setProblem({ name: file.name, error: e, local: false });
    } finally {
      setJobs((list) => list.filter((j) => j.uid !== uid));
    }
  };
  const clearProblem = useCallback(() => setProblem(null), []);
  return { jobs, busy: jobs.length > 0, problem, clearProblem, start };
}

export interface UploadTriggerProps {
  upload: FileUpload;
  /** The key the file goes under (a checklist item); its button is the one that spins. */
  fileKey?: string;
  accept?: string;
  multiple?: boolean;
  /** Also off while a file is on its way, unless `multiple`. */
  disabled?: boolean;
  label: ReactNode;
  size?: 'small' | 'middle';
  testId?: string;
  /** A drop area (the import wizard) instead of a button; its content under the inbox icon. */
  dragger?: ReactNode;
}

/** What the user clicks (or drops a file on): antd's Upload without its own list, sending through `upload.start`. */
export function UploadTrigger({ upload, fileKey = '', accept, multiple = false, disabled = false, label, size, testId, dragger }: UploadTriggerProps) {
  const off = disabled || (!multiple && upload.busy);
  const customRequest = ({ file }: { file: unknown }) => void upload.start(file as File, fileKey);
  if (dragger !== undefined)
    return (
      <Upload.Dragger accept={accept} multiple={multiple} showUploadList={false} disabled={off} customRequest={customRequest} data-testid={testId}>
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{label}</p>
        {dragger}
      </Upload.Dragger>
    );
  return (
    <Upload accept={accept} multiple={multiple} showUploadList={false} disabled={off} customRequest={customRequest}>
      <Button size={size} icon={<UploadOutlined />} loading={upload.jobs.some((j) => j.key === fileKey)} disabled={off} data-testid={testId}>
        {label}
      </Button>
    </Upload>
  );
}

/** The files on their way (of one key, when given): name and progress bar. */
export function UploadProgress({ upload, fileKey }: { upload: FileUpload; fileKey?: string }) {
  const jobs = fileKey === undefined ? upload.jobs : upload.jobs.filter((j) => j.key === fileKey);
  return jobs.map((job) => (
    <Flex key={job.uid} gap={8} align="center" className="sz-w-full" data-testid="upload-progress">
      <Typography.Text type="secondary" className="sz-text-sm" ellipsis>
        {job.name}
      </Typography.Text>
      <Progress percent={job.percent} size="small" className="sz-m-0" />
    </Flex>
  ));
}

/** Why the last file did not go in: the page's own refusal names the file; under the server's, which file it was. */
export function UploadProblemAlert({ upload, className }: { upload: FileUpload; className?: string }) {
  const t = useT();
  const { problem } = upload;
  if (!problem) return null;
  return <ErrorAlert error={problem.error} className={className} testId="upload-problem" description={problem.local ? undefined : t('case.uploadFailed', { name: problem.name })} />;
}

export interface FileUploadControlProps<R> extends FileUploadOptions<R>, Omit<UploadTriggerProps, 'upload' | 'fileKey'> {
  /** Under the trigger: the accepted types and the limit. */
  help?: ReactNode;
}

/** Trigger, progress, problem and help in one column: the control where the page has no list of its own to weave them into. */
export function FileUploadControl<R>({ send, onUploaded, notify, maxBytes, help, ...trigger }: FileUploadControlProps<R>) {
  const upload = useFileUpload({ send, onUploaded, notify, maxBytes });
  return (
    <Flex vertical gap={8}>
      <UploadProblemAlert upload={upload} />
      <UploadTrigger upload={upload} {...trigger} />
      <UploadProgress upload={upload} />
      {help ? (
        <Typography.Text type="secondary" className="sz-text-sm">
          {help}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** A photo chosen on a form and sent once the record it belongs to exists (its thumbnail a local object URL). */
export interface PickedPhoto {
  uid: string;
  file: File;
  url: string;
}

export interface PhotoPickerProps {
  photos: readonly PickedPhoto[];
  /** Each file chosen, already checked to be neither empty nor over the limit: the page adds it or says why not. */
  onPick: (file: File) => void;
  /** An empty or too large file, named: the page shows it where it shows its own refusals. */
  onRefused: (message: string) => void;
  onRemove: (uid: string) => void;
  max: number;
  accept: string;
  label: ReactNode;
  maxBytes?: number;
  testId?: string;
}

/**
 * Photos picked on a form before there is anything to attach them to (a resident's concern: the photos follow it with
 * its tracking number): antd's picture cards, with the same empty and size refusals as every upload.
 */
export function PhotoPicker({ photos, onPick, onRefused, onRemove, max, accept, label, maxBytes = MAX_UPLOAD_BYTES, testId }: PhotoPickerProps) {
  const t = useT();
  return (
    <Upload
      listType="picture-card"
      accept={accept}
      multiple
      fileList={photos.map((p) => ({ uid: p.uid, name: p.file.name, status: 'done' as const, thumbUrl: p.url }))}
      beforeUpload={(file) => {
        const refusal = uploadRefusal(file, maxBytes);
        if (refusal) onRefused(refusal === 'empty' ? t('case.fileEmpty', { name: file.name }) : t('case.fileTooLarge', { name: file.name, size: fileSize(file.size) }));
        else onPick(file);
        return Upload.LIST_IGNORE;
      }}
      onRemove={(file) => onRemove(file.uid)}
      showUploadList={{ showPreviewIcon: false }}
      data-testid={testId}
    >
      {photos.length < max ? label : null}
    </Upload>
  );
}
