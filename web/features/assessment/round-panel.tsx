import { UserAddOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Modal, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ListShell } from '../../components/list-shell';
import { useIsPhone } from '../../components/use-is-phone';
import { useEvaluatorPool, useOfficeMutations, usePanel, useSubjects, type PanelMember, type Round } from './assessment-api';
import { SheetProgress } from './rounds-page';

interface AssignValues {
  evaluatorIds: string[];
  subjectIds?: string[];
}

/** 指派专家: evaluators from the pool, each scoring every subject or the ones chosen. */
function AssignModal({ round, open, onClose, taken }: { round: Round; open: boolean; onClose: () => void; taken: ReadonlySet<string> }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<AssignValues>();
  const pool = useEvaluatorPool(open);
  const subjects = useSubjects(round.id);
  const { assignPanel } = useOfficeMutations(round.id);
  const { notifyError, notifySuccess } = useFeedback();
  const submit = (v: AssignValues) =>
    assignPanel.mutate(
      { assignments: v.evaluatorIds.map((evaluatorId) => ({ evaluatorId, subjectIds: v.subjectIds?.length ? v.subjectIds : undefined })) },
      {
        onSuccess: () => {
          notifySuccess(t('assess.assigned'));
          onClose();
        },
        onError: (e) => notifyError(e, form, (p) => (p.startsWith('assignments') ? (p.includes('subjectIds') ? 'subjectIds' : 'evaluatorIds') : null)),
      },
    );
  return (
    <Modal
      open={open}
      title={t('assess.assignEvaluators')}
      onCancel={onClose}
      onOk={() => form.submit()}
      cancelText={t('common.cancel')}
      confirmLoading={assignPanel.isPending}
      width={isPhone ? '100%' : 600}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('assess.assignHelp')}</Typography.Paragraph>
      <Form<AssignValues> form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item name="evaluatorIds" label={t('assess.evaluators')} rules={[{ required: true, message: t('assess.evaluatorsMissing') }]}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={pool.isPending}
            options={(pool.data ?? []).map((e) => ({ value: e.id, label: taken.has(e.id) ? `${e.name}${t('assess.alreadyOnPanel')}` : e.name }))}
            data-testid="assign-evaluators"
          />
        </Form.Item>
        <Form.Item name="subjectIds" label={t('assess.assignSubjects')} extra={t('assess.assignSubjectsHelp')}>
          <Select mode="multiple" showSearch optionFilterProp="label" allowClear options={(subjects.data ?? []).map((s) => ({ value: s.id, label: `${s.blindLabel} · ${s.name}` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 专家组: who scores, whether they declared (and their conflicts), and their sheets handed in. */
export function RoundPanel({ round }: { round: Round }) {
  const t = useT();
  const panel = usePanel(round.id);
  const [open, setOpen] = useState(false);
  const canAssign = !['final', 'cancelled', 'notice', 'appeals'].includes(round.state);
  const columns: ColumnsType<PanelMember> = [
    { title: t('assess.evaluator'), dataIndex: 'name', width: 120 },
    {
      title: t('assess.declaration'),
      dataIndex: 'state',
      width: 200,
      render: (_: unknown, m) =>
        m.state === 'declared' ? (
          <span>
            <Tag color="green">{t('assess.declared')}</Tag>
            <DateTimeText value={m.declaredAt} />
          </span>
        ) : (
          <Tag color="gold">{t('assess.notDeclared')}</Tag>
        ),
    },
    { title: t('assess.assignedCount'), dataIndex: 'assigned', width: 90 },
    { title: t('assess.recused'), dataIndex: 'recused', width: 90, render: (n: number) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : '0') },
    { title: t('assess.sheets'), key: 'sheets', width: 170, render: (_: unknown, m) => <SheetProgress submitted={m.submitted} owed={m.assigned - m.recused} /> },
    { title: t('assess.conflictNote'), dataIndex: 'conflictNote', ellipsis: true, render: (n: string | null) => n ?? '—' },
  ];
  return (
    <>
      <Flex justify="space-between" align="center" gap={8} wrap className="sz-mb-12">
        <Typography.Text type="secondary">{t('assess.panelHelp')}</Typography.Text>
        {canAssign ? (
          <Button icon={<UserAddOutlined />} onClick={() => setOpen(true)} data-testid="assign-panel">
            {t('assess.assignEvaluators')}
          </Button>
        ) : null}
      </Flex>
      <ListShell<PanelMember>
        list={{ items: panel.data ?? [], isPending: panel.isPending, error: panel.error, refetch: panel.refetch }}
        columns={columns}
        rowKey="evaluatorId"
        empty={t('assess.noPanel')}
        scrollX={860}
        tableTestId="panel-table"
        listTestId="panel-cards"
        tableProps={{ size: 'small' }}
      />
      <AssignModal round={round} open={open} onClose={() => setOpen(false)} taken={new Set((panel.data ?? []).map((m) => m.evaluatorId))} />
    </>
  );
}
