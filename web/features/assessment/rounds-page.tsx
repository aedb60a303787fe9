import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Progress, Select, Switch, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { RUBRIC_KINDS, type RubricKind } from '../../../contracts/assessment';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { FilterBar } from '../../components/filter-bar';
import { ListShell } from '../../components/list-shell';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useLang } from '../workforce/worker-labels';
import { kindName, RoundStateTag } from './assessment-labels';
import { useRoundMutations, useRounds, useRubrics, type Round, type RoundFilter } from './assessment-api';

/** The kinds the office runs as rounds of its own here (procurement and evaluation rounds live in the projects' pages). */
export const ROUND_KINDS: readonly RubricKind[] = ['sppe', 'town'];
const THIS_YEAR = new Date().getFullYear();
export const YEARS = Array.from({ length: 6 }, (_, i) => THIS_YEAR + 1 - i);

export function roundFilterOf(params: URLSearchParams): RoundFilter {
  const kind = params.get('kind');
  const year = Number(params.get('year'));
  return {
    kind: kind && (RUBRIC_KINDS as readonly string[]).includes(kind) ? (kind as RubricKind) : undefined,
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
  };
}

/** Sheets handed in of those owed, as a bar. */
export function SheetProgress({ submitted, owed }: { submitted: number; owed: number }) {
  const t = useT();
  if (owed === 0) return <Typography.Text type="secondary">{t('assess.noSheets')}</Typography.Text>;
  return (
    <Flex vertical gap={0} className="sz-min-w-0">
      <Progress percent={Math.round((submitted / owed) * 100)} size="small" showInfo={false} status={submitted === owed ? 'success' : 'active'} />
      <Typography.Text type="secondary" className="sz-text-sm">
        {t('assess.sheetsOf', { submitted, owed })}
      </Typography.Text>
    </Flex>
  );
}

interface OpenValues {
  kind: RubricKind;
  rubricId: string;
  year: number;
  name: string;
  blind: boolean;
  selfDueOn?: Dayjs | null;
  scoringDueOn?: Dayjs | null;
  noticeWorkingDays: number;
  appealWorkingDays: number;
}

/** 开展评估: a published rubric version, the year, the name, blind or not, due dates and working-day limits. */
function OpenRoundModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const { notifyError, notifySuccess } = useFeedback();
  const [form] = Form.useForm<OpenValues>();
  const kind = Form.useWatch('kind', form) ?? 'sppe';
  const rubrics = useRubrics(kind, 'published', open);
  const { openRound } = useRoundMutations();
  const submit = (v: OpenValues) =>
    openRound.mutate(
      {
        rubricId: v.rubricId,
        year: v.year,
        name: v.name,
        blind: v.blind,
        selfDueOn: v.selfDueOn?.format('YYYY-MM-DD') ?? null,
        scoringDueOn: v.scoringDueOn?.format('YYYY-MM-DD') ?? null,
        noticeWorkingDays: v.noticeWorkingDays,
        appealWorkingDays: v.appealWorkingDays,
      },
      {
        onSuccess: (round) => {
          notifySuccess(t('assess.opened', { name: round.name }));
          onClose();
          navigate(`/assessment/rounds/${round.id}`);
        },
        onError: (e) => notifyError(e, form),
      },
    );
  const suggestName = (k: RubricKind, year: number) => form.setFieldValue('name', t('assess.defaultRoundName', { year, kind: kindName(k, lang) }));
  return (
    <Modal
      open={open}
      title={t('assess.openRound')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('assess.openRoundOk')}
      cancelText={t('common.cancel')}
      confirmLoading={openRound.isPending}
      width={isPhone ? '100%' : 600}
      destroyOnHidden
      maskClosable={false}
      okButtonProps={{ 'data-testid': 'open-round-confirm' }}
    >
      <Form<OpenValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'sppe', year: THIS_YEAR, blind: true, noticeWorkingDays: 5, appealWorkingDays: 5, name: t('assess.defaultRoundName', { year: THIS_YEAR, kind: kindName('sppe', lang) }) }}
        onFinish={submit}
        scrollToFirstError
      >
        <Form.Item name="kind" label={t('assess.kind')} rules={[{ required: true }]}>
          <Select
            options={ROUND_KINDS.map((k) => ({ value: k, label: kindName(k, lang) }))}
            onChange={(k: RubricKind) => {
              form.setFieldValue('rubricId', undefined);
              suggestName(k, form.getFieldValue('year') as number);
            }}
          />
        </Form.Item>
        <Form.Item name="rubricId" label={t('assess.rubric')} rules={[{ required: true, message: t('assess.rubricMissing') }]} extra={rubrics.data?.length === 0 ? t('assess.noPublishedRubric') : undefined}>
          <Select
            loading={rubrics.isPending}
            options={(rubrics.data ?? []).map((r) => ({ value: r.id, label: t('assess.rubricOption', { name: r.name, version: r.version, max: r.maxPoints }) }))}
            data-testid="open-round-rubric"
          />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="year" label={t('assess.year')} rules={[{ required: true }]} className="sz-flex-none">
            <Select options={YEARS.map((y) => ({ value: y, label: String(y) }))} onChange={(y: number) => suggestName(form.getFieldValue('kind') as RubricKind, y)} data-testid="open-round-year" />
          </Form.Item>
          <Form.Item name="blind" label={t('assess.blind')} valuePropName="checked" tooltip={t('assess.blindHelp')}>
            <Switch checkedChildren={t('assess.blindOn')} unCheckedChildren={t('assess.blindOff')} />
          </Form.Item>
        </Flex>
        <Form.Item name="name" label={t('assess.roundName')} rules={[{ required: true, whitespace: true, message: t('assess.roundNameMissing') }, { max: 80 }]}>
          <Input maxLength={80} data-testid="open-round-name" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="selfDueOn" label={t('assess.selfDueOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="scoringDueOn" label={t('assess.scoringDueOn')}>
            <DatePicker />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="noticeWorkingDays" label={t('assess.noticeWorkingDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} precision={0} suffix={t('assess.workingDays')} />
          </Form.Item>
          <Form.Item name="appealWorkingDays" label={t('assess.appealWorkingDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} precision={0} suffix={t('assess.workingDays')} />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** 评估考核: the office's rounds of SPPE and of the towns' yearly assessment, by kind and year. */
export function RoundsPage() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => roundFilterOf(params), [params]);
  const rounds = useRounds(filter);
  const [opening, setOpening] = useState(false);
  const setFilter = (change: Partial<RoundFilter>) => {
    const next = { ...filter, ...change };
    const out: Record<string, string> = {};
    if (next.kind) out.kind = next.kind;
    if (next.year) out.year = String(next.year);
    setParams(out, { replace: true });
  };
  const columns: ColumnsType<Round> = [
    {
      title: t('assess.roundName'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Link to={`/assessment/rounds/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid="round-row">
          {name}
        </Link>
      ),
    },
    { title: t('assess.kind'), dataIndex: 'kind', width: 190, render: (k: RubricKind) => kindName(k, lang) },
    { title: t('assess.year'), dataIndex: 'year', width: 70 },
    { title: t('assess.state'), dataIndex: 'state', width: 110, render: (_: unknown, r) => <RoundStateTag state={r.state} /> },
    { title: t('assess.subjectsCount'), dataIndex: 'subjects', width: 90 },
    { title: t('assess.progress'), key: 'progress', width: 170, render: (_: unknown, r) => <SheetProgress submitted={r.sheetsSubmitted} owed={r.sheetsOwed} /> },
    { title: t('assess.openAppeals'), dataIndex: 'openAppeals', width: 110, render: (n: number) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : '—') },
  ];
  return (
    <>
      <PageHeader
        title={t('assess.nav')}
        description={t('assess.roundsDescription')}
        extra={
          <>
            <Link to="/assessment/rubrics">
              <Button data-testid="to-rubrics">{t('assess.rubricsNav')}</Button>
            </Link>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="open-round">
              {t('assess.openRound')}
            </Button>
          </>
        }
      />
      <Card>
        <FilterBar testId="round-filters">
          <Select allowClear placeholder={t('assess.allKinds')} value={filter.kind} onChange={(kind?: RubricKind) => setFilter({ kind })} options={ROUND_KINDS.map((k) => ({ value: k, label: kindName(k, lang) }))} popupMatchSelectWidth={false} />
          <Select allowClear placeholder={t('assess.allYears')} value={filter.year} onChange={(year?: number) => setFilter({ year })} options={YEARS.map((y) => ({ value: y, label: String(y) }))} />
        </FilterBar>
        <ListShell<Round>
          list={{ items: rounds.data ?? [], isPending: rounds.isPending, error: rounds.error, refetch: rounds.refetch }}
          columns={columns}
          rowKey="id"
          onOpen={(r) => navigate(`/assessment/rounds/${r.id}`)}
          empty={t('assess.noRounds')}
          scrollX={960}
          tableTestId="round-table"
          listTestId="round-cards"
        />
      </Card>
      <OpenRoundModal open={opening} onClose={() => setOpening(false)} />
    </>
  );
}
