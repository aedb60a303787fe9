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
        title="导入社会组织"
        description="用 Excel 批量导入或更新社会组织：可用导入模板，也可直接用本系统导出的名录（打码的身份证号、电话保持原值）。先逐行校验，再选择导入方式；同一文件重复导入不会产生重复数据。"
        extra={
          <Space>
            <a href="/api/v1/org-imports/template.xlsx">
              <Button icon={<DownloadOutlined />}>下载导入模板</Button>
            </a>
            <Link to="/orgs">返回名录</Link>
          </Space>
        }
      />
      <Card size="small" className="sz-mb-16">
        <Steps size="small" current={step} items={[{ title: '上传文件' }, { title: '逐行校验' }, { title: '选择导入方式' }, { title: '导入' }, { title: '完成' }]} />
      </Card>
      {!job ? (
        <Card>
          <Flex vertical gap={12}>
            <UploadProblemAlert upload={fileUpload} />
            <UploadTrigger
              upload={fileUpload}
              accept=".xlsx"
              testId="import-upload"
              label="点击或拖入 .xlsx 文件（不超过 20 MB）"
              dragger={<Typography.Text type="secondary">第一行为表头，列名与模板一致；Excel 的日期、数字单元格都能识别；身份证号、电话导入后加密保存。</Typography.Text>}
            />
            <UploadProgress upload={fileUpload} />
          </Flex>
        </Card>
      ) : null}
      {job ? (
        <Card title={job.fileName} size="small" className="sz-mb-16">
          {busy(job.status) ? (
            <div data-testid="import-progress">
              <Typography.Paragraph>{job.status === 'validating' ? '正在校验…' : '正在导入…'}已处理 {job.processedRows} 行</Typography.Paragraph>
              <Progress percent={job.status === 'importing' ? percent : undefined} status="active" showInfo={job.status === 'importing'} />
            </div>
          ) : null}
          {job.status === 'failed' ? <Alert type="error" showIcon message="导入未完成" description={job.error} /> : null}
          {job.status !== 'validating' && job.status !== 'failed' ? (
            <Descriptions size="small" column={{ xs: 2, md: 4 }} bordered data-testid="import-summary">
              <Descriptions.Item label="总行数">{job.totalRows}</Descriptions.Item>
              <Descriptions.Item label="新组织（可导入）">{job.validRows}</Descriptions.Item>
              <Descriptions.Item label="已在名录，将更新">{job.changedRows}</Descriptions.Item>
              <Descriptions.Item label="已在名录，无变化">{job.unchangedRows}</Descriptions.Item>
              <Descriptions.Item label="有错误">
                <Typography.Text type={job.invalidRows ? 'danger' : undefined}>{job.invalidRows}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="已导入">{job.importedRows}</Descriptions.Item>
              <Descriptions.Item label="已更新">{job.updatedRows}</Descriptions.Item>
            </Descriptions>
          ) : null}
          {job.status === 'validated' ? (
            <div className="sz-mt-16">
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
                <Space direction="vertical">
                  <Radio value="validOnly" data-testid="mode-valid-only">
                    仅导入正确的行（新增 {job.validRows} 行、更新 {job.changedRows} 行），有错误的行留待修改后再导入
                  </Radio>
                  <Radio value="allOrNothing" disabled={job.invalidRows > 0} data-testid="mode-all">
                    全部导入：任何一行有错误则一行都不导入{job.invalidRows > 0 ? '（当前有错误行，不可选）' : ''}
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
                    开始导入
                  </Button>
                  <Button onClick={() => setJobId(null)}>重新上传</Button>
                </Space>
              </div>
            </div>
          ) : null}
          {job.status === 'completed' ? (
            <Result
              status="success"
              title={`已导入 ${job.importedRows} 个社会组织${job.updatedRows ? `，更新 ${job.updatedRows} 个` : ''}`}
              subTitle={job.unchangedRows ? `${job.unchangedRows} 个已在名录中且没有变化，未重复导入。` : undefined}
              extra={<Button onClick={() => setJobId(null)}>继续导入</Button>}
            />
          ) : null}
        </Card>
      ) : null}
      {job && job.report.length > 0 ? (
        <Card size="small" title={`校验报告：${job.invalidRows} 行有错误`} data-testid="import-report">
          <Table
            size="small"
            rowKey="row"
            dataSource={job.report}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '行号', dataIndex: 'row', width: 80 },
              {
                title: '问题',
                dataIndex: 'issues',
                render: (issues: OrgImport['report'][number]['issues']) => (
                  <ul className="sz-m-0 sz-ps-18">
                    {issues.map((i, k) => (
                      <li key={k}>
                        <strong>{i.column}</strong>：{i.message}
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
