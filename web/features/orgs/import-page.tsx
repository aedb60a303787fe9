import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Progress, Radio, Result, Space, Steps, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import type { ZOrgImport } from '../../../contracts/orgs';
import { api, formWith } from '../../app/api';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { UploadProblemAlert, UploadProgress, UploadTrigger, useFileUpload } from '../cases/file-upload';

type OrgImport = z.infer<typeof ZOrgImport>;

function uploadFile(file: File, onProgress: (percent: number) => void): Promise<OrgImport> {
  return api.upload<OrgImport>('/org-imports', formWith(file), { onProgress });
}

const busy = (s: OrgImport['status']) => s === 'validating' || s === 'importing';

/** Excel import: upload → validation report → choose how to import → progress → result. */
export function OrgImportPage() {
  const { message } = App.useApp();
  const t = useT();
  const [jobId, setJobId] = useState<string | null>(null);
  const [mode, setMode] = useState<'validOnly' | 'allOrNothing'>('validOnly');
  // The kit's upload control: the file is checked (not empty, at most 20 MB) before it goes, with its progress.
  const fileUpload = useFileUpload({ send: uploadFile, onUploaded: (created) => setJobId(created.id), notify: false });
  const [running, setRunning] = useState(false);
  const { data: job } = useQuery({
    queryKey: ['org-imports', jobId],
    queryFn: () => api.get<OrgImport>(`/org-imports/${jobId}`),
    enabled: !!jobId,
    // Poll while the server works; stop once it has settled.
    refetchInterval: (q) => (q.state.data && !busy(q.state.data.status) ? false : 700),
  });
  const step = !job ? 0 : job.status === 'validating' ? 1 : job.status === 'validated' ? 2 : job.status === 'importing' ? 3 : 4;
  const percent = job && job.totalRows ? Math.round((job.processedRows / job.totalRows) * 100) : undefined;

  return (
    <div data-testid="org-import-page">
      <PageHeader
        title={t('org.imp.title')}
        description={t('org.imp.description')}
        extra={
          <Space>
            <a href="/api/v1/org-imports/template.xlsx">
              <Button icon={<DownloadOutlined />}>{t('org.imp.template')}</Button>
            </a>
            <Link to="/orgs">{t('org.imp.back')}</Link>
          </Space>
        }
      />
      <Card size="small" className="sz-mb-16">
        <Steps size="small" current={step} items={[{ title: t('org.imp.stepUpload') }, { title: t('org.imp.stepValidate') }, { title: t('org.imp.stepMode') }, { title: t('org.imp.stepImport') }, { title: t('org.imp.stepDone') }]} />
      </Card>
      {!job ? (
        <Card>
          <Flex vertical gap={12}>
            <UploadProblemAlert upload={fileUpload} />
            <UploadTrigger
              upload={fileUpload}
              accept=".xlsx"
              testId="import-upload"
              label={t('org.imp.uploadLabel')}
              dragger={<Typography.Text type="secondary">{t('org.imp.uploadHelp')}</Typography.Text>}
            />
            <UploadProgress upload={fileUpload} />
          </Flex>
        </Card>
      ) : null}
      {job ? (
        <Card title={job.fileName} size="small" className="sz-mb-16">
          {busy(job.status) ? (
            <div data-testid="import-progress">
              <Typography.Paragraph>{t(job.status === 'validating' ? 'org.imp.validating' : 'org.imp.importing', { rows: job.processedRows })}</Typography.Paragraph>
              <Progress percent={job.status === 'importing' ? percent : undefined} status="active" showInfo={job.status === 'importing'} />
            </div>
          ) : null}
          {job.status === 'failed' ? <Alert type="error" showIcon message={t('org.imp.failed')} description={job.error} /> : null}
          {job.status !== 'validating' && job.status !== 'failed' ? (
            <Descriptions size="small" column={{ xs: 2, md: 4 }} bordered data-testid="import-summary">
              <Descriptions.Item label={t('org.imp.total')}>{job.totalRows}</Descriptions.Item>
              <Descriptions.Item label={t('org.imp.new')}>{job.validRows}</Descriptions.Item>
              <Descriptions.Item label={t('org.imp.toUpdate')}>{job.changedRows}</Descriptions.Item>
              <Descriptions.Item label={t('org.imp.unchanged')}>{job.unchangedRows}</Descriptions.Item>
              <Descriptions.Item label={t('org.imp.errors')}>
                <Typography.Text type={job.invalidRows ? 'danger' : undefined}>{job.invalidRows}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('org.imp.imported')}>{job.importedRows}</Descriptions.Item>
              <Descriptions.Item label={t('org.imp.updated')}>{job.updatedRows}</Descriptions.Item>
            </Descriptions>
          ) : null}
          {job.status === 'validated' ? (
            <div className="sz-mt-16">
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
                <Space direction="vertical">
                  <Radio value="validOnly" data-testid="mode-valid-only">
                    {t('org.imp.modeValidOnly', { valid: job.validRows, changed: job.changedRows })}
                  </Radio>
                  <Radio value="allOrNothing" disabled={job.invalidRows > 0} data-testid="mode-all">
                    {t('org.imp.modeAll')}
                    {job.invalidRows > 0 ? t('org.imp.modeAllBlocked') : ''}
                  </Radio>
                </Space>
              </Radio.Group>
              <div className="sz-mt-12">
                <Space>
                  <Button
                    type="primary"
                    loading={running}
                    disabled={job.validRows + job.changedRows === 0}
                    data-testid="import-run"
                    onClick={async () => {
                      setRunning(true);
                      try {
                        await api.post(`/org-imports/${job.id}/run`, { mode, version: job.version });
                      } catch (e) {
                        message.error(problemMessage(e, t));
                      } finally {
                        setRunning(false);
                      }
                    }}
                  >
                    {t('org.imp.run')}
                  </Button>
                  <Button onClick={() => setJobId(null)}>{t('org.imp.again')}</Button>
                </Space>
              </div>
            </div>
          ) : null}
          {job.status === 'completed' ? (
            <Result
              status="success"
              title={t('org.imp.doneTitle', { imported: job.importedRows }) + (job.updatedRows ? t('org.imp.doneUpdated', { updated: job.updatedRows }) : '')}
              subTitle={job.unchangedRows ? t('org.imp.doneUnchanged', { unchanged: job.unchangedRows }) : undefined}
              extra={<Button onClick={() => setJobId(null)}>{t('org.imp.more')}</Button>}
            />
          ) : null}
        </Card>
      ) : null}
      {job && job.report.length > 0 ? (
        <Card size="small" title={t('org.imp.report', { rows: job.invalidRows })} data-testid="import-report">
          <Table
            size="small"
            rowKey="row"
            dataSource={job.report}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('org.imp.row'), dataIndex: 'row', width: 80 },
              {
                title: t('org.imp.issue'),
                dataIndex: 'issues',
                render: (issues: OrgImport['report'][number]['issues']) => (
                  <ul className="sz-m-0 sz-ps-18">
                    {issues.map((i, k) => (
                      <li key={k}>
                        <strong>{i.column}</strong>{t('org.imp.issueSeparator')}{i.message}
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </div>
  );
}
