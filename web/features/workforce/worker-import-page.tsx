import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Flex, Result, Select, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import type { ZWorkerImportReport } from '../../../contracts/workforce';
import { useCan } from '../../app/auth';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { UploadProblemAlert, UploadProgress, UploadTrigger, useFileUpload } from '../cases/file-upload';
import { useCities } from '../cities/cities-api';
import { WORKER_FIELD_LABELS } from './worker-labels';
import { sendWorkerImport, workerExportUrl, workerKeys } from './workforce-api';

type Report = z.infer<typeof ZWorkerImportReport>;
type RowError = Report['errors'][number];
type RowChange = Report['changes'][number];

/** The row number and the person's name in one narrow cell, so the report fits a phone without sideways scrolling. */
function RowCell({ row, name }: { row: number; name: string }) {
  const t = useT();
  return (
    <>
      <Typography.Text strong className="sz-block sz-nowrap">
        {t('workforce.imp.rowNumber', { row })}
      </Typography.Text>
      <Typography.Text type="secondary">{name}</Typography.Text>
    </>
  );
}

/**
 * 导入人员: upload an .xlsx or CSV under the export's headers → the server's dry run (who is added, who changes which
 * fields, which rows are refused and why) → 确认导入 sends the same file with apply=true (skipInvalid when ticked) →
 * the result. Nothing is written before 确认导入; the flow is the region import's (regions/region-import-drawer.tsx).
 */
export function WorkerImportPage() {
  const t = useT();
  const can = useCan();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const client = useQueryClient();
  // Someone who manages several cities names the one the file is for; with one city the server takes it.
  const cities = useCities(can('city.read'));
  const severalCities = (cities.data?.length ?? 0) > 1;
  const [cityId, setCityId] = useState<string | undefined>(undefined);
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const upload = useFileUpload({
    send: (f, onProgress) => sendWorkerImport(f, { cityId, apply: false, skipInvalid: false }, onProgress),
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

  const apply = async () => {
    if (!file) return;
    setApplying(true);
    setApplyError(null);
    try {
      const report = await sendWorkerImport(file, { cityId, apply: true, skipInvalid });
      setDone(report);
      void client.invalidateQueries({ queryKey: workerKeys.all });
    } catch (e) {
      // Refused as a whole, so nothing was written (a row the list now refuses, say): check the file again.
      const why = problemMessage(e, t);
      const again = await sendWorkerImport(file, { cityId, apply: false, skipInvalid: false }).catch(() => null);
      if (again) setDryRun(again);
      setApplyError(again ? `${why} ${t('workforce.imp.rechecked')}` : why);
    } finally {
      setApplying(false);
    }
  };

  const step = done ? 2 : dryRun ? 1 : 0;
  const changes = dryRun ? dryRun.counts.created + dryRun.counts.updated : 0;
  const blocked = !!dryRun && dryRun.counts.invalid > 0 && !skipInvalid;
  const needsCity = severalCities && !cityId;
  const fieldNames = (fields: string[]) => fields.map((f) => (WORKER_FIELD_LABELS[f] ? t(WORKER_FIELD_LABELS[f]) : f)).join('、');

  return (
    <div data-testid="worker-import-page">
      <PageHeader
        title={t('workforce.imp.title')}
        description={t('workforce.imp.description')}
        extra={
          <Link to="/workforce">
            <Button icon={<ArrowLeftOutlined />}>{t('workforce.imp.back')}</Button>
          </Link>
        }
      />
      <Card size="small" className="sz-mb-16">
        <Steps size="small" current={step} responsive={false} items={[{ title: t('workforce.imp.stepUpload') }, { title: t('workforce.imp.stepCheck') }, { title: t('workforce.imp.stepDone') }]} />
      </Card>
      <Card size={isPhone ? 'small' : undefined}>
        <Flex vertical gap={16}>
          {step === 0 ? (
            <>
              {severalCities ? (
                <Flex gap={8} align="center" wrap>
                  <Typography.Text>{t('workforce.imp.city')}</Typography.Text>
                  <Select
                    className="sz-min-w-0"
                    popupMatchSelectWidth={false}
                    placeholder={t('workforce.imp.cityRequired')}
                    options={(cities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                    value={cityId}
                    onChange={(id: string) => setCityId(id)}
                    data-testid="worker-import-city"
                  />
                </Flex>
              ) : null}
              <UploadProblemAlert upload={upload} />
              <UploadTrigger
                upload={upload}
                accept=".xlsx,.csv"
                disabled={needsCity}
                testId="worker-import-upload"
                label={t(needsCity ? 'workforce.imp.cityRequired' : 'workforce.imp.upload')}
                dragger={<Typography.Text type="secondary">{t('workforce.imp.uploadHelp')}</Typography.Text>}
              />
              <UploadProgress upload={upload} />
              <Flex vertical gap={4} align="flex-start">
                <Button icon={<DownloadOutlined />} href={workerExportUrl({ cityId })} disabled={needsCity} data-testid="worker-import-template">
                  {t('workforce.imp.template')}
                </Button>
                <Typography.Text type="secondary" className="sz-text-sm">
                  {t('workforce.imp.templateHint')}
                </Typography.Text>
              </Flex>
            </>
          ) : null}
          {dryRun && !done ? (
            <>
              <Typography.Text strong className="sz-wrap-anywhere">
                {t('workforce.imp.checked', { name: file?.name ?? '', rows: dryRun.rows })}
              </Typography.Text>
              <Descriptions size="small" bordered column={{ xs: 2, sm: 4 }} data-testid="worker-import-counts">
                <Descriptions.Item label={t('workforce.imp.created')}>{dryRun.counts.created}</Descriptions.Item>
                <Descriptions.Item label={t('workforce.imp.updated')}>{dryRun.counts.updated}</Descriptions.Item>
                <Descriptions.Item label={t('workforce.imp.unchanged')}>{dryRun.counts.unchanged}</Descriptions.Item>
                <Descriptions.Item label={t('workforce.imp.invalid')}>
                  <Typography.Text type={dryRun.counts.invalid ? 'danger' : undefined}>{dryRun.counts.invalid}</Typography.Text>
                </Descriptions.Item>
              </Descriptions>
              {applyError ? <Alert type="error" showIcon message={applyError} data-testid="worker-import-apply-error" /> : null}
              {dryRun.errors.length > 0 ? (
                <>
                  <Alert type="warning" showIcon message={t('workforce.imp.hasErrors', { n: dryRun.counts.invalid })} />
                  <Table<RowError>
                    size="small"
                    title={() => <Typography.Text strong>{t('workforce.imp.errorsTitle')}</Typography.Text>}
                    rowKey="row"
                    dataSource={dryRun.errors}
                    pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
                    data-testid="worker-import-errors"
                    columns={[
                      { title: t('workforce.imp.row'), key: 'row', width: isPhone ? 96 : 140, render: (_, r) => <RowCell row={r.row} name={r.name} /> },
                      {
                        title: t('workforce.imp.reason'),
                        key: 'reason',
                        // The server joins a row's reasons with "；": one line each.
                        render: (_, r) => (
                          <ul className="sz-m-0 sz-ps-18">
                            {r.message.split('；').map((reason, i) => (
                              <li key={i}>{reason}</li>
                            ))}
                          </ul>
                        ),
                      },
                    ]}
                  />
                </>
              ) : null}
              {dryRun.changes.length > 0 ? (
                <Table<RowChange>
                  size="small"
                  title={() => <Typography.Text strong>{t('workforce.imp.changesTitle')}</Typography.Text>}
                  rowKey="row"
                  dataSource={dryRun.changes}
                  pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
                  data-testid="worker-import-changes"
                  columns={[
                    { title: t('workforce.imp.row'), key: 'row', width: isPhone ? 96 : 140, render: (_, r) => <RowCell row={r.row} name={r.name} /> },
                    {
                      title: t('workforce.imp.change'),
                      key: 'change',
                      render: (_, r) =>
                        r.action === 'create' ? (
                          <Tag color="green">{t('workforce.imp.created')}</Tag>
                        ) : (
                          <Flex gap={4} wrap align="center">
                            <Tag color="blue">{t('workforce.imp.updated')}</Tag>
                            <Typography.Text type="secondary">{fieldNames(r.fields)}</Typography.Text>
                          </Flex>
                        ),
                    },
                  ]}
                />
              ) : null}
              {dryRun.counts.invalid > 0 ? (
                <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} data-testid="worker-import-skip-invalid">
                  {t('workforce.imp.skipInvalid')}
                </Checkbox>
              ) : null}
              {changes === 0 ? <Typography.Text type="secondary">{t('workforce.imp.nothing')}</Typography.Text> : null}
              <Flex gap={8} wrap>
                <Button type="primary" loading={applying} disabled={changes === 0 || blocked} onClick={apply} data-testid="worker-import-apply">
                  {t('workforce.imp.apply')}
                </Button>
                <Button onClick={reset} data-testid="worker-import-again">
                  {t('workforce.imp.another')}
                </Button>
              </Flex>
            </>
          ) : null}
          {done ? (
            <Result
              status="success"
              title={t('workforce.imp.doneTitle')}
              subTitle={
                t('workforce.imp.doneCounts', { created: done.counts.created, updated: done.counts.updated, unchanged: done.counts.unchanged }) +
                (done.counts.invalid ? t('workforce.imp.doneSkipped', { invalid: done.counts.invalid }) : '')
              }
              extra={
                <Flex gap={8} wrap justify="center">
                  <Button type="primary" onClick={() => navigate('/workforce')} data-testid="worker-import-to-list">
                    {t('workforce.imp.toList')}
                  </Button>
                  <Button onClick={reset}>{t('workforce.imp.more')}</Button>
                </Flex>
              }
              data-testid="worker-import-done"
            />
          ) : null}
        </Flex>
      </Card>
    </div>
  );
}
