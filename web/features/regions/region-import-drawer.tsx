import { Alert, Button, Checkbox, Descriptions, Drawer, Flex, Result, Space, Steps, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RegionImportReport } from '../../../contracts/regions';
import { api, formWith, ProblemError } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { useIsPhone } from '../../components/use-is-phone';
import { UploadProblemAlert, UploadProgress, UploadTrigger, useFileUpload } from '../cases/file-upload';

type Issue = RegionImportReport['errors'][number];
const ACTION_LABEL = { created: 'region.imp.created', renamed: 'region.imp.renamed', moved: 'region.imp.moved' } as const;

function sendImport(file: File, apply: boolean, skipInvalid: boolean, onProgress?: (percent: number) => void): Promise<RegionImportReport> {
  return api.upload<RegionImportReport>(`/regions/import?apply=${apply}${skipInvalid ? '&skipInvalid=true' : ''}`, formWith(file), { onProgress });
}

/** The counts of a report, one cell each; two columns on a phone. */
function Counts({ report, t }: { report: RegionImportReport; t: ReturnType<typeof useI18n>['t'] }) {
  const c = report.counts;
  return (
    <Descriptions size="small" bordered column={{ xs: 2, sm: 3 }} data-testid="region-import-counts">
      <Descriptions.Item label={t('region.imp.created')}>{c.created}</Descriptions.Item>
      <Descriptions.Item label={t('region.imp.renamed')}>{c.renamed}</Descriptions.Item>
      <Descriptions.Item label={t('region.imp.moved')}>{c.moved}</Descriptions.Item>
      <Descriptions.Item label={t('region.imp.unchanged')}>{c.unchanged}</Descriptions.Item>
      <Descriptions.Item label={t('region.imp.invalid')}>
        <Typography.Text type={c.invalid ? 'danger' : undefined}>{c.invalid}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('region.imp.skipped')}>{c.skipped}</Descriptions.Item>
    </Descriptions>
  );
}

/**
 * 导入区划代码: upload a CSV or .xlsx → the server's dry run (what would be created, renamed, moved or left, and
 * each refused row) → 确认导入 sends the same file with apply=true → the result. Nothing changes before 确认导入.
 */
export function RegionImportDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const isPhone = useIsPhone();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState<RegionImportReport | null>(null);
  const [done, setDone] = useState<RegionImportReport | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const upload = useFileUpload({
    send: (f, onProgress) => sendImport(f, false, false, onProgress),
    onUploaded: (report, f) => {
      setFile(f);
      setDryRun(report);
      setSkipInvalid(false);
      setApplyError(null);
    },
    notify: false,
  });

  const reset = () => {
    setFile(null);
    setDryRun(null);
    setDone(null);
    setApplyError(null);
    upload.clearProblem();
  };
  const close = () => {
    reset();
    onClose();
  };
  const message = (i: Issue) => (locale === 'en-US' ? i.messageEn : i.message);

  const apply = async () => {
    if (!file) return;
    setApplying(true);
    setApplyError(null);
    try {
      const report = await sendImport(file, true, skipInvalid);
      setDone(report);
      // The tree, its counts and every search show the new regions.
      void client.invalidateQueries({ queryKey: ['regions'] });
    } catch (e) {
      // Rows refused meanwhile (the tree changed since the dry run): the server answers the new report.
      const report = e instanceof ProblemError ? (e.extensions.report as RegionImportReport | undefined) : undefined;
      if (report) setDryRun(report);
      setApplyError(problemMessage(e, t));
    } finally {
      setApplying(false);
    }
  };

  const step = done ? 2 : dryRun ? 1 : 0;
  const changes = dryRun ? dryRun.counts.created + dryRun.counts.renamed + dryRun.counts.moved : 0;
  const blocked = !!dryRun && dryRun.counts.invalid > 0 && !skipInvalid;

  return (
    <Drawer open={open} onClose={close} title={t('region.imp.title')} width={isPhone ? '100%' : 760} destroyOnHidden data-testid="region-import-drawer">
      <Flex vertical gap={16}>
        <Steps size="small" current={step} direction={isPhone ? 'vertical' : 'horizontal'} items={[{ title: t('region.imp.stepUpload') }, { title: t('region.imp.stepCheck') }, { title: t('region.imp.stepDone') }]} />
        {step === 0 ? (
          <>
            <Typography.Paragraph type="secondary" className="sz-m-0">
              {t('region.imp.help')}
            </Typography.Paragraph>
            <UploadProblemAlert upload={upload} />
            <UploadTrigger
              upload={upload}
              accept=".csv,.xlsx"
              testId="region-import-upload"
              label={t('region.imp.upload')}
              dragger={<Typography.Text type="secondary">{t('region.imp.uploadHelp')}</Typography.Text>}
            />
            <UploadProgress upload={upload} />
          </>
        ) : null}
        {dryRun && !done ? (
          <>
            <Typography.Text strong>{t('region.imp.checked', { name: file?.name ?? '', rows: dryRun.rows })}</Typography.Text>
            <Counts report={dryRun} t={t} />
            {applyError ? <Alert type="error" showIcon message={applyError} /> : null}
            {dryRun.errors.length > 0 ? (
              <>
                <Alert type="warning" showIcon message={t('region.imp.hasErrors', { n: dryRun.counts.invalid })} />
                <Table<Issue>
                  size="small"
                  rowKey={(r) => `${r.row}-${r.code}`}
                  dataSource={dryRun.errors}
                  pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
                  // No sideways scroll: on a phone the reason wraps under its own column instead of being cut off.
                  data-testid="region-import-errors"
                  columns={[
                    { title: t('region.imp.row'), dataIndex: 'row', width: 56 },
                    { title: t('region.field.code'), dataIndex: 'code', width: 116 },
                    { title: t('region.imp.reason'), render: (_, r) => message(r) },
                  ]}
                />
              </>
            ) : null}
            {dryRun.skipped.length > 0 ? <Alert type="info" showIcon message={t('region.imp.skippedNote', { n: dryRun.counts.skipped })} /> : null}
            {dryRun.changes.length > 0 ? (
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.code}`}
                dataSource={dryRun.changes}
                pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
                data-testid="region-import-changes"
                columns={[
                  { title: t('region.imp.row'), dataIndex: 'row', width: 56 },
                  { title: t('region.field.code'), dataIndex: 'code', width: 116 },
                  { title: t('region.field.name'), dataIndex: 'name' },
                  {
                    title: t('region.imp.action'),
                    render: (_, r) => (
                      <Space size={4} wrap>
                        <Tag color={r.action === 'created' ? 'green' : r.action === 'moved' ? 'orange' : 'blue'}>{t(ACTION_LABEL[r.action])}</Tag>
                        {r.before && r.before.name !== r.name ? <Typography.Text type="secondary">{t('region.imp.formerly', { name: r.before.name })}</Typography.Text> : null}
                      </Space>
                    ),
                  },
                ]}
              />
            ) : null}
            {dryRun.counts.invalid > 0 ? (
              <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} data-testid="region-import-skip-invalid">
                {t('region.imp.skipInvalid')}
              </Checkbox>
            ) : null}
            <Flex gap={8} wrap>
              <Button type="primary" loading={applying} disabled={changes === 0 || blocked} onClick={apply} data-testid="region-import-apply">
                {t('region.imp.apply')}
              </Button>
              <Button onClick={reset}>{t('region.imp.another')}</Button>
            </Flex>
            {changes === 0 ? <Typography.Text type="secondary">{t('region.imp.nothing')}</Typography.Text> : null}
          </>
        ) : null}
        {done ? (
          <Result
            status="success"
            title={t('region.imp.doneTitle')}
            subTitle={t('region.imp.doneCounts', { created: done.counts.created, renamed: done.counts.renamed, moved: done.counts.moved, unchanged: done.counts.unchanged })}
            extra={
              <Flex gap={8} wrap justify="center">
                <Button type="primary" onClick={close}>
                  {t('region.imp.close')}
                </Button>
                <Button onClick={reset}>{t('region.imp.another')}</Button>
              </Flex>
            }
            data-testid="region-import-done"
          />
        ) : null}
      </Flex>
    </Drawer>
  );
}
