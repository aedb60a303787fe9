import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Empty, Flex, Form, Input, List, Modal, Popconfirm, Select, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { AGGREGATION_NAMES, type RubricInput, type RubricKind } from '../../../contracts/assessment';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { FilterBar, filterWidth } from '../../components/filter-bar';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useLang } from '../workforce/worker-labels';
import { AdjustmentKindTag, kindName, pts, RubricStateTag, SourceTag } from './assessment-labels';
import { useRoundMutations, useRubrics, type Rubric } from './assessment-api';
import { ROUND_KINDS } from './rounds-page';

/** A version's tree as the office writes one: what POST /assessment/rubrics takes. */
export function rubricInputOf(r: Rubric, name: string): RubricInput {
  return {
    kind: r.kind,
    code: r.code,
    name,
    description: r.description,
    aggregation: r.aggregation,
    trimMinEvaluators: r.trimMinEvaluators,
    dimensions: r.dimensions.map((d) => ({
      code: d.code,
      name: d.name,
      maxPoints: d.maxPoints,
      indicators: d.indicators.map((x) => ({ code: x.code, name: x.name, maxPoints: x.maxPoints, source: x.source, formula: x.formula, target: x.target, guide: x.guide, evidence: x.evidence, levels: x.levels })),
    })),
    adjustments: r.adjustments.map((a) => ({ code: a.code, name: a.name, kind: a.kind, cap: a.cap, rule: a.rule })),
    gradeBands: r.gradeBands.map((b) => ({ code: b.code, name: b.name, minComposite: b.minComposite })),
  };
}

/** The tree, read-only: dimensions → indicators (source, points, guide, evidence, levels), adjustments, grade bands. */
export function RubricTree({ rubric }: { rubric: Rubric }) {
  const t = useT();
  const lang = useLang();
  return (
    <div data-testid="rubric-tree">
      <Typography.Paragraph type="secondary">
        {rubric.description ? `${rubric.description} ` : ''}
        {t('assess.rubricSummary', { max: pts(rubric.maxPoints), dims: rubric.dimensions.length, indicators: rubric.dimensions.reduce((n, d) => n + d.indicators.length, 0) })}
        {' · '}
        {AGGREGATION_NAMES[rubric.aggregation][lang]}
        {rubric.aggregation === 'trimmedMean' ? t('assess.trimFrom', { n: rubric.trimMinEvaluators }) : ''}
      </Typography.Paragraph>
      <Collapse
        className="sz-mb-16"
        items={rubric.dimensions.map((d) => ({
          key: d.code,
          label: (
            <Flex justify="space-between" gap={8}>
              <span>
                {d.code} {d.name}
              </span>
              <Typography.Text strong>{t('assess.pointsN', { n: pts(d.maxPoints) })}</Typography.Text>
            </Flex>
          ),
          children: d.indicators.map((x) => (
            <div key={x.id} className="sz-dashed-bottom sz-mb-8" data-testid="rubric-indicator">
              <Flex justify="space-between" align="baseline" gap={8} wrap>
                <Typography.Text strong className="sz-min-w-0">
                  {x.code} {x.name}
                </Typography.Text>
                <Flex gap={4} align="center">
                  <SourceTag source={x.source} />
                  <Typography.Text strong className="sz-nowrap">
                    {t('assess.pointsN', { n: pts(x.maxPoints) })}
                  </Typography.Text>
                </Flex>
              </Flex>
              {x.formula ? (
                <Typography.Text type="secondary" className="sz-block sz-text-sm">
                  {t('assess.formula')}：{x.formula}
                  {x.target !== null ? ` · ${t('assess.target')}：${x.target}` : ''}
                </Typography.Text>
              ) : null}
              {x.guide ? <Typography.Paragraph className="sz-pre-wrap sz-mb-4 sz-text-md">{x.guide}</Typography.Paragraph> : null}
              {x.evidence ? (
                <Typography.Text type="secondary" className="sz-block sz-text-sm">
                  {t('assess.evidenceAsked')}：{x.evidence}
                </Typography.Text>
              ) : null}
              {x.levels.length ? (
                <ul className="sz-ps-18 sz-mt-4 sz-mb-8">
                  {x.levels.map((l) => (
                    <li key={l.name} className="sz-text-sm">
                      <Typography.Text strong className="sz-text-sm">
                        {l.name}（{pts(l.minPoints)}–{pts(l.maxPoints)}）
                      </Typography.Text>
                      {l.description ? `：${l.description}` : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          )),
        }))}
      />
      <Flex gap={16} wrap align="flex-start">
        <Card size="small" title={t('assess.adjustments')} className="sz-min-w-0" style={{ flex: '2 1 320px' }}>
          {rubric.adjustments.length === 0 ? (
            <Typography.Text type="secondary">{t('assess.noAdjustmentItems')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={rubric.adjustments}
              renderItem={(a) => (
                <List.Item>
                  <div className="sz-min-w-0">
                    <AdjustmentKindTag kind={a.kind} />
                    <Typography.Text strong>
                      {a.name}（{t('assess.capN', { n: pts(a.cap) })}）
                    </Typography.Text>
                    {a.rule ? <Typography.Text type="secondary" className="sz-block sz-text-sm">{a.rule}</Typography.Text> : null}
                  </div>
                </List.Item>
              )}
            />
          )}
        </Card>
        <Card size="small" title={t('assess.gradeBands')} className="sz-min-w-0" style={{ flex: '1 1 220px' }}>
          {rubric.gradeBands.length === 0 ? (
            <Typography.Text type="secondary">{t('assess.noGradeBands')}</Typography.Text>
          ) : (
            [...rubric.gradeBands]
              .sort((a, b) => b.minComposite - a.minComposite)
              .map((b) => (
                <Flex key={b.code} justify="space-between" className="sz-mb-4">
                  <Tag color="blue">{b.name}</Tag>
                  <span>{t('assess.atLeast', { n: pts(b.minComposite) })}</span>
                </Flex>
              ))
          )}
        </Card>
      </Flex>
    </div>
  );
}

/** 以此为基础新建下一版: the same tree under a new name, as a draft to publish. */
function NextVersionModal({ base, onClose, onDone }: { base: Rubric | null; onClose: () => void; onDone: (r: Rubric) => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<{ name: string }>();
  const { draftRubric } = useRoundMutations();
  const { notifyError, notifySuccess } = useFeedback();
  return (
    <Modal
      open={!!base}
      title={t('assess.nextVersion')}
      onCancel={onClose}
      onOk={() => form.submit()}
      cancelText={t('common.cancel')}
      confirmLoading={draftRubric.isPending}
      width={isPhone ? '100%' : 520}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('assess.nextVersionHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ name: base?.name }}
        onFinish={(v) =>
          base &&
          draftRubric.mutate(rubricInputOf(base, v.name), {
            onSuccess: (r) => {
              notifySuccess(t('assess.draftCreated', { version: r.version }));
              onDone(r);
            },
            onError: (e) => notifyError(e, form),
          })
        }
      >
        <Form.Item name="name" label={t('assess.rubricName')} rules={[{ required: true, whitespace: true, message: t('assess.rubricNameMissing') }, { max: 80 }]}>
          <Input maxLength={80} data-testid="next-version-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 评估标准: every version of the city's rubrics, one read as a tree; a draft of the next version from any of them. */
export function RubricsPage() {
  const t = useT();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const kind = (ROUND_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as RubricKind) : 'sppe';
  const rubrics = useRubrics(kind, 'all');
  const sorted = useMemo(() => [...(rubrics.data ?? [])].sort((a, b) => b.version - a.version), [rubrics.data]);
  const chosenId = params.get('id') ?? sorted.find((r) => r.state === 'published')?.id ?? sorted[0]?.id;
  const chosen = sorted.find((r) => r.id === chosenId);
  const draft = sorted.find((r) => r.state === 'draft');
  const [base, setBase] = useState<Rubric | null>(null);
  const navigate = useNavigate();
  const { publishRubric } = useRoundMutations();
  const { notifyError, notifySuccess } = useFeedback();
  const set = (next: Record<string, string | undefined>) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries({ kind, id: chosenId, ...next })) if (v) out[k] = v;
    setParams(out, { replace: true });
  };
  return (
    <>
      <PageHeader title={t('assess.rubricsNav')} description={t('assess.rubricsDescription')} extra={<Link to="/assessment/rounds">{t('assess.backToRounds')}</Link>} />
      <Card>
        <FilterBar testId="rubric-filters">
          <Select value={kind} onChange={(k: RubricKind) => set({ kind: k, id: undefined })} options={ROUND_KINDS.map((k) => ({ value: k, label: kindName(k, lang) }))} popupMatchSelectWidth={false} data-testid="rubric-kind" />
          <Select
            value={chosenId}
            onChange={(id: string) => set({ id })}
            options={sorted.map((r) => ({ value: r.id, label: t('assess.versionOption', { version: r.version, name: r.name }) }))}
            popupMatchSelectWidth={false}
            loading={rubrics.isPending}
            className={filterWidth.wide}
            data-testid="rubric-version"
          />
        </FilterBar>
        {rubrics.isPending ? (
          <Spin />
        ) : rubrics.error ? (
          <ErrorAlert error={rubrics.error} onRetry={rubrics.refetch} />
        ) : !chosen ? (
          <Empty description={t('assess.noRubrics')} />
        ) : (
          <>
            <Flex justify="space-between" align="center" gap={8} wrap className="sz-mb-12">
              <Flex gap={8} align="center" wrap>
                <Typography.Title level={5} className="sz-m-0">
                  {t('assess.versionOption', { version: chosen.version, name: chosen.name })}
                </Typography.Title>
                <RubricStateTag state={chosen.state} />
                {chosen.publishedAt ? (
                  <Typography.Text type="secondary" className="sz-text-sm">
                    {t('assess.publishedAt')} <DateTimeText value={chosen.publishedAt} />
                  </Typography.Text>
                ) : null}
              </Flex>
              <Flex gap={8} wrap>
                {chosen.state === 'draft' ? (
                  <Link to={`/assessment/rubrics/${chosen.id}/edit`}>
                    <Button icon={<EditOutlined />} data-testid="edit-rubric">
                      {t('assess.edit.open')}
                    </Button>
                  </Link>
                ) : null}
                {chosen.state === 'draft' ? (
                  <Popconfirm
                    title={t('assess.publishRubricConfirm')}
                    onConfirm={() =>
                      publishRubric.mutate(
                        { id: chosen.id, rowVersion: chosen.rowVersion },
                        { onSuccess: () => notifySuccess(t('assess.rubricPublished')), onError: (e) => notifyError(e) },
                      )
                    }
                    okText={t('common.yes')}
                    cancelText={t('common.no')}
                  >
                    <Button type="primary" loading={publishRubric.isPending} data-testid="publish-rubric">
                      {t('assess.publishRubric')}
                    </Button>
                  </Popconfirm>
                ) : null}
                {/* One draft at a time per rubric: where one exists, it is the one to change. */}
                {draft ? (
                  chosen.state === 'draft' ? null : (
                    <Link to={`/assessment/rubrics/${draft.id}/edit`}>
                      <Button data-testid="open-draft">{t('assess.edit.openDraft', { version: draft.version })}</Button>
                    </Link>
                  )
                ) : (
                  <Button onClick={() => setBase(chosen)} data-testid="next-version">
                    {t('assess.nextVersion')}
                  </Button>
                )}
              </Flex>
            </Flex>
            <RubricTree rubric={chosen} />
          </>
        )}
      </Card>
      <NextVersionModal
        base={base}
        onClose={() => setBase(null)}
        onDone={(r) => {
          setBase(null);
          // A new version is drafted to be changed: straight into its editor.
          navigate(`/assessment/rubrics/${r.id}/edit`);
        }}
      />
    </>
  );
}
