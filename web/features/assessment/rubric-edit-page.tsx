import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Empty, Flex, Form, Input, InputNumber, Select, Spin, Tooltip, Typography } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ADJUSTMENT_KIND_NAMES, ADJUSTMENT_KINDS, AGGREGATION_NAMES, AGGREGATIONS, INDICATOR_SOURCE_NAMES, INDICATOR_SOURCES, type AdjustmentKind, type Aggregation, type IndicatorSource, type RubricInput } from '../../../contracts/assessment';
import { ProblemError } from '../../app/api';
import { useT, type Translate } from '../../app/i18n';
import { problemMessage, useFeedback } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useLang } from '../workforce/worker-labels';
import { kindName, pts, RubricStateTag } from './assessment-labels';
import { useFormulas, useRubric, useRubricMutations, type Rubric } from './assessment-api';

interface LevelValues {
  name: string;
  minPoints: number | null;
  maxPoints: number | null;
  description: string;
}
interface IndicatorValues {
  code: string;
  name: string;
  maxPoints: number | null;
  source: IndicatorSource;
  formula: string | null;
  target: number | null;
  guide: string;
  evidence: string;
  levels: LevelValues[];
}
interface DimensionValues {
  code: string;
  name: string;
  maxPoints: number | null;
  indicators: IndicatorValues[];
}
interface Values {
  name: string;
  description: string;
  aggregation: Aggregation;
  trimMinEvaluators: number;
  dimensions: DimensionValues[];
  adjustments: { code: string; name: string; kind: AdjustmentKind; cap: number | null; rule: string }[];
  gradeBands: { code: string; name: string; minComposite: number | null }[];
}

/** The form's values from a version as the server has it. */
function valuesOf(r: Rubric): Values {
  return {
    name: r.name,
    description: r.description,
    aggregation: r.aggregation,
    trimMinEvaluators: r.trimMinEvaluators,
    dimensions: r.dimensions.map((d) => ({
      code: d.code,
      name: d.name,
      maxPoints: d.maxPoints,
      indicators: d.indicators.map((x) => ({ code: x.code, name: x.name, maxPoints: x.maxPoints, source: x.source, formula: x.formula, target: x.target, guide: x.guide, evidence: x.evidence, levels: x.levels.map((l) => ({ ...l })) })),
    })),
    adjustments: r.adjustments.map((a) => ({ code: a.code, name: a.name, kind: a.kind, cap: a.cap, rule: a.rule })),
    gradeBands: r.gradeBands.map((b) => ({ code: b.code, name: b.name, minComposite: b.minComposite })),
  };
}

/**
 * The whole tree as PUT takes it. Empty numbers go as they are (null): the server's refusal names the field. A
 * formula belongs to a computed indicator and a target to a computed or a survey one (the survey's minimum sample).
 */
function inputOf(r: Rubric, v: Values): RubricInput {
  const num = (n: number | null | undefined) => n as number;
  return {
    kind: r.kind,
    code: r.code,
    name: v.name?.trim() ?? '',
    description: v.description?.trim() ?? '',
    aggregation: v.aggregation,
    trimMinEvaluators: v.trimMinEvaluators,
    dimensions: (v.dimensions ?? []).map((d) => ({
      code: d.code?.trim() ?? '',
      name: d.name?.trim() ?? '',
      maxPoints: num(d.maxPoints),
      indicators: (d.indicators ?? []).map((x) => ({
        code: x.code?.trim() ?? '',
        name: x.name?.trim() ?? '',
        maxPoints: num(x.maxPoints),
        source: x.source,
        formula: x.source === 'computed' ? (x.formula ?? null) : null,
        target: x.source === 'computed' || x.source === 'survey' ? (x.target ?? null) : null,
        guide: x.guide?.trim() ?? '',
        evidence: x.evidence?.trim() ?? '',
        levels: (x.levels ?? []).map((l) => ({ name: l.name?.trim() ?? '', minPoints: num(l.minPoints), maxPoints: num(l.maxPoints), description: l.description?.trim() ?? '' })),
      })),
    })),
    adjustments: (v.adjustments ?? []).map((a) => ({ code: a.code?.trim() ?? '', name: a.name?.trim() ?? '', kind: a.kind, cap: num(a.cap), rule: a.rule?.trim() ?? '' })),
    gradeBands: (v.gradeBands ?? []).map((b) => ({ code: b.code?.trim() ?? '', name: b.name?.trim() ?? '', minComposite: num(b.minComposite) })),
  };
}

/** `dimensions.0.indicators.2.formula` → ['dimensions', 0, 'indicators', 2, 'formula'], the form's name of that field. */
const namePathOf = (path: string): (string | number)[] => path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
const hundredths = (n: number | null | undefined) => Math.round((n ?? 0) * 100);
const LISTS = ['dimensions', 'indicators', 'adjustments', 'gradeBands', 'levels'];
const TOP_FIELDS = ['name', 'description', 'aggregation', 'trimMinEvaluators'];

/** Widths of a row's fields on a wide screen; on a phone each takes the whole line. */
function useCol() {
  const isPhone = useIsPhone();
  return (basis: number | 'grow'): CSSProperties => (isPhone ? { flex: '1 1 100%', minWidth: 0 } : basis === 'grow' ? { flex: '1 1 200px', minWidth: 0 } : { flex: `0 0 ${basis}px` });
}

/** Up, down and remove for one item of a list. */
function ItemTools({ index, count, move, remove, what }: { index: number; count: number; move: (from: number, to: number) => void; remove: (i: number) => void; what: string }) {
  const t = useT();
  return (
    <Flex gap={2}>
      <Tooltip title={t('assess.edit.moveUp')}>
        <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={`${t('assess.edit.moveUp')} ${what}`} />
      </Tooltip>
      <Tooltip title={t('assess.edit.moveDown')}>
        <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => move(index, index + 1)} aria-label={`${t('assess.edit.moveDown')} ${what}`} />
      </Tooltip>
      <Tooltip title={t('assess.edit.remove')}>
        <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(index)} aria-label={`${t('assess.edit.remove')} ${what}`} data-testid="edit-remove" />
      </Tooltip>
    </Flex>
  );
}

const pointsInput = (max?: number) => <InputNumber min={0} max={max ?? 1000} step={0.5} precision={2} className="sz-w-full" />;

/** An indicator's scoring guide levels (优/良/中/差 with their ranges), folded until asked for or refused. */
function LevelsEditor({ path, open, onToggle }: { path: (string | number)[]; open: boolean; onToggle: () => void }) {
  const t = useT();
  const col = useCol();
  const isPhone = useIsPhone();
  const levels = Form.useWatch<LevelValues[] | undefined>([...path, 'levels']) ?? [];
  return (
    <Collapse
      ghost
      size="small"
      activeKey={open ? ['levels'] : []}
      onChange={onToggle}
      items={[
        {
          key: 'levels',
          label: <Typography.Text type="secondary">{t('assess.edit.levels', { n: levels.length })}</Typography.Text>,
          children: (
            <Form.List name={[path[path.length - 1], 'levels']}>
              {(fields, { add, remove, move }) => (
                <>
                  {fields.map((f) => (
                    <Flex key={f.key} gap={8} wrap align="flex-start" className={isPhone ? 'sz-dashed-bottom sz-mb-8' : 'sz-mb-4'}>
                      <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('assess.edit.required') }]} style={col(90)} className="sz-mb-4">
                        <Input maxLength={20} placeholder={t('assess.edit.levelName')} aria-label={t('assess.edit.levelName')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'minPoints']} rules={[{ required: true, message: t('assess.edit.required') }]} style={col(100)} className="sz-mb-4">
                        <InputNumber min={0} max={100} step={0.5} precision={2} className="sz-w-full" placeholder={t('assess.edit.levelMin')} aria-label={t('assess.edit.levelMin')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'maxPoints']} rules={[{ required: true, message: t('assess.edit.required') }]} style={col(100)} className="sz-mb-4">
                        <InputNumber min={0} max={100} step={0.5} precision={2} className="sz-w-full" placeholder={t('assess.edit.levelMax')} aria-label={t('assess.edit.levelMax')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'description']} style={col('grow')} className="sz-mb-4">
                        <Input maxLength={500} placeholder={t('assess.edit.levelDescription')} aria-label={t('assess.edit.levelDescription')} />
                      </Form.Item>
                      <ItemTools index={f.name} count={fields.length} move={move} remove={remove} what={t('assess.edit.level')} />
                    </Flex>
                  ))}
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', minPoints: null, maxPoints: null, description: '' })} disabled={fields.length >= 10}>
                    {t('assess.edit.addLevel')}
                  </Button>
                </>
              )}
            </Form.List>
          ),
        },
      ]}
    />
  );
}

/** One indicator: code, name, points and source; the formula and target where they apply; guide and evidence; levels. */
function IndicatorEditor({ dim, index, count, move, remove, formulas, levelsOpen, toggleLevels }: {
  dim: number;
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  remove: (i: number) => void;
  formulas: { value: string; label: ReactNode; title: string }[];
  levelsOpen: boolean;
  toggleLevels: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const col = useCol();
  const isPhone = useIsPhone();
  const source = Form.useWatch<IndicatorSource | undefined>(['dimensions', dim, 'indicators', index, 'source']);
  const required = [{ required: true, whitespace: true, message: t('assess.edit.required') }];
  return (
    <div className="sz-boxed sz-soft-bg sz-mb-12" style={{ padding: isPhone ? 8 : 12 }} data-testid="edit-indicator">
      <Flex gap={8} wrap align="flex-start">
        <Form.Item name={[index, 'code']} label={t('assess.edit.code')} rules={required} style={col(110)} className="sz-mb-8">
          <Input maxLength={32} data-testid="edit-indicator-code" />
        </Form.Item>
        <Form.Item name={[index, 'name']} label={t('assess.edit.indicatorName')} rules={required} style={col('grow')} className="sz-mb-8">
          <Input maxLength={60} data-testid="edit-indicator-name" />
        </Form.Item>
        <Form.Item name={[index, 'maxPoints']} label={t('assess.edit.points')} rules={[{ required: true, message: t('assess.edit.required') }]} style={col(110)} className="sz-mb-8">
          <InputNumber min={0} max={100} step={0.5} precision={2} className="sz-w-full" data-testid="edit-indicator-points" />
        </Form.Item>
        <Form.Item name={[index, 'source']} label={t('assess.edit.source')} style={col(190)} className="sz-mb-8">
          <Select options={INDICATOR_SOURCES.map((s) => ({ value: s, label: INDICATOR_SOURCE_NAMES[s][lang] }))} popupMatchSelectWidth={false} data-testid="edit-indicator-source" />
        </Form.Item>
        <Form.Item label=" " colon={false} style={{ flex: 'none' }} className="sz-mb-8">
          <ItemTools index={index} count={count} move={move} remove={remove} what={t('assess.edit.indicator')} />
        </Form.Item>
      </Flex>
      {source === 'computed' || source === 'survey' ? (
        <Flex gap={8} wrap align="flex-start">
          {source === 'computed' ? (
            <Form.Item name={[index, 'formula']} label={t('assess.formula')} style={col('grow')} className="sz-mb-8">
              <Select allowClear showSearch optionFilterProp="title" options={formulas} placeholder={t('assess.edit.formulaPlaceholder')} popupMatchSelectWidth={false} data-testid="edit-indicator-formula" />
            </Form.Item>
          ) : null}
          <Form.Item
            name={[index, 'target']}
            label={source === 'survey' ? t('assess.edit.minSample') : t('assess.target')}
            tooltip={source === 'survey' ? t('assess.edit.minSampleHelp') : t('assess.edit.targetHelp')}
            style={col(160)}
            className="sz-mb-8"
          >
            <InputNumber min={0} max={1_000_000} className="sz-w-full" />
          </Form.Item>
        </Flex>
      ) : null}
      <Form.Item name={[index, 'guide']} label={t('assess.edit.guide')} className="sz-mb-8">
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name={[index, 'evidence']} label={t('assess.evidenceAsked')} className="sz-mb-4">
        <Input maxLength={500} />
      </Form.Item>
      <LevelsEditor path={['dimensions', dim, 'indicators', index]} open={levelsOpen} onToggle={toggleLevels} />
    </div>
  );
}

/** Whether a dimension's indicators add up to its points, said as it is typed (the server checks it again). */
function DimensionSum({ dim }: { dim: number }) {
  const t = useT();
  const max = Form.useWatch<number | null | undefined>(['dimensions', dim, 'maxPoints']);
  const indicators = Form.useWatch<IndicatorValues[] | undefined>(['dimensions', dim, 'indicators']) ?? [];
  const sum = indicators.reduce((n, x) => n + hundredths(x?.maxPoints), 0);
  const equal = sum === hundredths(max);
  return (
    <Typography.Text type={equal ? 'success' : 'warning'} strong={!equal} className="sz-block sz-mb-12" data-testid="edit-dimension-sum">
      {equal ? t('assess.edit.sumOk', { sum: pts(sum / 100) }) : t('assess.edit.sumOff', { sum: pts(sum / 100), max: pts(max ?? 0) })}
    </Typography.Text>
  );
}

/** The version's whole tree, the top of it for the header: what the dimensions add up to. */
function TotalPoints() {
  const t = useT();
  const dimensions = Form.useWatch<DimensionValues[] | undefined>('dimensions') ?? [];
  return <Typography.Text strong>{t('assess.edit.total', { n: pts(dimensions.reduce((n, d) => n + hundredths(d?.maxPoints), 0) / 100) })}</Typography.Text>;
}

function RubricForm({ rubric, onReload }: { rubric: Rubric; onReload: () => void }) {
  const t = useT();
  const lang = useLang();
  const col = useCol();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<Values>();
  const formulasQuery = useFormulas();
  const { updateRubric } = useRubricMutations();
  const { notifySuccess } = useFeedback();
  const [refusal, setRefusal] = useState<{ error: unknown; unplaced: string[] } | null>(null);
  const [openLevels, setOpenLevels] = useState<Set<string>>(new Set());
  const aggregation = Form.useWatch<Aggregation | undefined>('aggregation', form);
  const subjectType = rubric.kind === 'town' ? 'town' : rubric.kind === 'sppe' ? 'station' : null;
  const formulas = (formulasQuery.data ?? [])
    .filter((f) => !subjectType || f.subjectTypes.includes(subjectType))
    .map((f) => ({
      value: f.name,
      title: `${f.label[lang]} ${f.name}`,
      label: (
        <Tooltip title={f.description} placement="right">
          <span>
            {f.label[lang]} <Typography.Text type="secondary" className="sz-text-sm">{f.name}</Typography.Text>
          </span>
        </Tooltip>
      ),
    }));
  const toggle = (key: string) => setOpenLevels((all) => (all.has(key) ? new Set([...all].filter((k) => k !== key)) : new Set([...all, key])));

  /** A 422's field errors onto their fields (levels unfolded to show theirs); those with no field of their own above the form. */
  const placeErrors = (error: unknown) => {
    if (!(error instanceof ProblemError) || error.status !== 422) return setRefusal({ error, unplaced: [] });
    const placed: { name: NamePath; errors: string[] }[] = [];
    const unplaced: string[] = [];
    const levelKeys: string[] = [];
    for (const e of error.errors) {
      const name = namePathOf(e.path);
      const leaf = name[name.length - 1];
      // A list as a whole (至少一个维度, a dimension without indicators) and the version's code and kind have no field here.
      if (typeof leaf === 'number' || LISTS.includes(String(leaf)) || (name.length === 1 && !TOP_FIELDS.includes(String(leaf)))) {
        unplaced.push(e.message);
        continue;
      }
      if (name[0] === 'dimensions' && name[4] === 'levels') levelKeys.push(`${name[1]}-${name[3]}`);
      placed.push({ name, errors: [e.message] });
    }
    if (levelKeys.length) setOpenLevels((all) => new Set([...all, ...levelKeys]));
    form.setFields(placed);
    setRefusal({ error, unplaced });
    // After the levels unfold, so a level's field is there to scroll to.
    if (placed.length) setTimeout(() => form.scrollToField(placed[0].name, { block: 'center' }), 50);
  };

  const save = () => {
    // The whole store, not onFinish's values: those hold only mounted fields, and folded levels are not mounted.
    const v = form.getFieldsValue(true) as Values;
    setRefusal(null);
    updateRubric.mutate(
      { id: rubric.id, body: { ...inputOf(rubric, v), rowVersion: rubric.rowVersion } },
      {
        // The saved copy replaces the cached one (useRubricMutations): the page starts the form afresh from it.
        onSuccess: () => notifySuccess(t('assess.edit.saved')),
        onError: placeErrors,
      },
    );
  };
  const stale = refusal?.error instanceof ProblemError && refusal.error.status === 409;
  return (
    <Form<Values> form={form} layout="vertical" initialValues={valuesOf(rubric)} onFinish={save} onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name, { block: 'center' })} requiredMark={false} data-testid="rubric-edit-form">
      <Card size="small" title={t('assess.edit.basics')} className="sz-mb-16">
        <Flex gap={12} wrap align="flex-start">
          <Form.Item name="name" label={t('assess.rubricName')} rules={[{ required: true, whitespace: true, message: t('assess.rubricNameMissing') }]} style={col('grow')}>
            <Input maxLength={80} data-testid="edit-rubric-name" />
          </Form.Item>
          <Form.Item name="aggregation" label={t('assess.edit.aggregation')} style={col(300)}>
            <Select options={AGGREGATIONS.map((a) => ({ value: a, label: AGGREGATION_NAMES[a][lang] }))} popupMatchSelectWidth={false} />
          </Form.Item>
          {aggregation === 'trimmedMean' ? (
            <Form.Item name="trimMinEvaluators" label={t('assess.edit.trimMin')} tooltip={t('assess.edit.trimMinHelp')} style={col(160)}>
              <InputNumber min={3} max={15} precision={0} className="sz-w-full" />
            </Form.Item>
          ) : null}
        </Flex>
        <Form.Item name="description" label={t('assess.edit.description')} className="sz-mb-0">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
      </Card>

      <Form.List name="dimensions">
        {(dims, { add: addDim, remove: removeDim, move: moveDim }) => (
          <>
            {dims.map((d) => (
              <Card
                key={d.key}
                size="small"
                className="sz-mb-16"
                data-testid="edit-dimension"
                title={t('assess.edit.dimensionN', { n: d.name + 1 })}
                extra={<ItemTools index={d.name} count={dims.length} move={moveDim} remove={removeDim} what={t('assess.edit.dimension')} />}
              >
                <Flex gap={8} wrap align="flex-start">
                  <Form.Item name={[d.name, 'code']} label={t('assess.edit.code')} rules={[{ required: true, whitespace: true, message: t('assess.edit.required') }]} style={col(110)}>
                    <Input maxLength={32} />
                  </Form.Item>
                  <Form.Item name={[d.name, 'name']} label={t('assess.edit.dimensionName')} rules={[{ required: true, whitespace: true, message: t('assess.edit.required') }]} style={col('grow')}>
                    <Input maxLength={30} />
                  </Form.Item>
                  <Form.Item name={[d.name, 'maxPoints']} label={t('assess.edit.dimensionPoints')} rules={[{ required: true, message: t('assess.edit.required') }]} style={col(140)}>
                    <InputNumber min={0} max={1000} step={0.5} precision={2} className="sz-w-full" data-testid="edit-dimension-points" />
                  </Form.Item>
                </Flex>
                <DimensionSum dim={d.name} />
                <Form.List name={[d.name, 'indicators']}>
                  {(xs, { add, remove, move }) => (
                    <>
                      {xs.map((x) => (
                        <IndicatorEditor
                          key={x.key}
                          dim={d.name}
                          index={x.name}
                          count={xs.length}
                          move={move}
                          remove={remove}
                          formulas={formulas}
                          levelsOpen={openLevels.has(`${d.name}-${x.name}`)}
                          toggleLevels={() => toggle(`${d.name}-${x.name}`)}
                        />
                      ))}
                      {xs.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assess.edit.noIndicators')} /> : null}
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => {
                          const code = String(form.getFieldValue(['dimensions', d.name, 'code']) ?? 'X');
                          add({ code: `${code}-${xs.length + 1}`, name: '', maxPoints: null, source: 'manual', formula: null, target: null, guide: '', evidence: '', levels: [] });
                        }}
                        data-testid="edit-add-indicator"
                      >
                        {t('assess.edit.addIndicator')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button type="dashed" block icon={<PlusOutlined />} className="sz-mb-16" onClick={() => addDim({ code: '', name: '', maxPoints: null, indicators: [] })} disabled={dims.length >= 12}>
              {t('assess.edit.addDimension')}
            </Button>
          </>
        )}
      </Form.List>

      <Card size="small" title={t('assess.adjustments')} className="sz-mb-16">
        <Form.List name="adjustments">
          {(items, { add, remove, move }) => (
            <>
              {items.map((a) => (
                <div key={a.key} className="sz-dashed-bottom sz-mb-12" data-testid="edit-adjustment">
                  <Flex gap={8} wrap align="flex-start">
                    <Form.Item name={[a.name, 'code']} label={t('assess.edit.code')} rules={[{ required: true, whitespace: true, message: t('assess.edit.required') }]} style={col(110)} className="sz-mb-8">
                      <Input maxLength={32} />
                    </Form.Item>
                    <Form.Item name={[a.name, 'name']} label={t('assess.adjustmentItem')} rules={[{ required: true, whitespace: true, message: t('assess.edit.required') }]} style={col('grow')} className="sz-mb-8">
                      <Input maxLength={60} />
                    </Form.Item>
                    <Form.Item name={[a.name, 'kind']} label={t('assess.edit.adjustmentKind')} style={col(120)} className="sz-mb-8">
                      <Select options={ADJUSTMENT_KINDS.map((k) => ({ value: k, label: ADJUSTMENT_KIND_NAMES[k][lang] }))} />
                    </Form.Item>
                    <Form.Item name={[a.name, 'cap']} label={t('assess.edit.cap')} rules={[{ required: true, message: t('assess.edit.required') }]} style={col(110)} className="sz-mb-8">
                      {pointsInput(100)}
                    </Form.Item>
                    <Form.Item label=" " colon={false} style={{ flex: 'none' }} className="sz-mb-8">
                      <ItemTools index={a.name} count={items.length} move={move} remove={remove} what={t('assess.adjustmentItem')} />
                    </Form.Item>
                  </Flex>
                  <Form.Item name={[a.name, 'rule']} label={t('assess.edit.rule')} className="sz-mb-8">
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
                  </Form.Item>
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', kind: 'bonus', cap: null, rule: '' })} disabled={items.length >= 20}>
                {t('assess.edit.addAdjustment')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" title={t('assess.gradeBands')} className="sz-mb-16">
        <Typography.Paragraph type="secondary" className="sz-text-sm">
          {t('assess.edit.bandsHelp')}
        </Typography.Paragraph>
        <Form.List name="gradeBands">
          {(bands, { add, remove, move }) => (
            <>
              {bands.map((b) => (
                <Flex key={b.key} gap={8} wrap align="flex-start" className={isPhone ? 'sz-dashed-bottom sz-mb-8' : undefined} data-testid="edit-band">
                  <Form.Item name={[b.name, 'code']} rules={[{ required: true, whitespace: true, message: t('assess.edit.required') }]} style={col(110)} className="sz-mb-8">
                    <Input maxLength={32} placeholder={t('assess.edit.code')} aria-label={t('assess.edit.code')} />
                  </Form.Item>
                  <Form.Item name={[b.name, 'name']} rules={[{ required: true, whitespace: true, message: t('assess.edit.required') }]} style={col(140)} className="sz-mb-8">
                    <Input maxLength={20} placeholder={t('assess.edit.bandName')} aria-label={t('assess.edit.bandName')} />
                  </Form.Item>
                  <Form.Item name={[b.name, 'minComposite']} rules={[{ required: true, message: t('assess.edit.required') }]} style={col(150)} className="sz-mb-8">
                    <InputNumber min={0} max={1000} step={0.5} precision={2} className="sz-w-full" placeholder={t('assess.edit.bandMin')} aria-label={t('assess.edit.bandMin')} addonAfter={t('assess.edit.pointsUp')} />
                  </Form.Item>
                  <ItemTools index={b.name} count={bands.length} move={move} remove={remove} what={t('assess.grade')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', minComposite: null })} disabled={bands.length >= 8}>
                {t('assess.edit.addBand')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" className="sz-mb-16" style={{ position: 'sticky', bottom: 0, zIndex: 3 }} data-testid="edit-actions">
        {refusal ? (
          <Alert
            type={stale ? 'warning' : 'error'}
            showIcon
            className="sz-mb-12"
            data-testid="edit-refusal"
            title={stale ? t('assess.edit.stale') : refusal.error instanceof ProblemError && refusal.error.status === 422 ? t('assess.edit.fixFields') : problemMessageShort(refusal.error, t)}
            description={
              stale ? (
                <>
                  {t('assess.edit.staleHelp')}{' '}
                  <Button size="small" onClick={onReload} data-testid="edit-reload">
                    {t('assess.edit.reload')}
                  </Button>
                </>
              ) : refusal.unplaced.length ? (
                <ul className="sz-ps-18 sz-m-0">
                  {refusal.unplaced.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        ) : null}
        <Flex gap={12} wrap align="center">
          <Button type="primary" htmlType="submit" loading={updateRubric.isPending} data-testid="edit-save">
            {t('assess.edit.save')}
          </Button>
          <TotalPoints />
          <Typography.Text type="secondary" className="sz-text-sm">
            {t('assess.edit.saveHelp')}
          </Typography.Text>
        </Flex>
      </Card>
    </Form>
  );
}

/** The refusal's headline without the field messages the fields already show. */
function problemMessageShort(error: unknown, t: Translate): string {
  if (error instanceof ProblemError) return error.detail || error.title;
  return problemMessage(error, t);
}

/** 编辑草稿: a draft version's whole tree, saved against the row version it was read at. */
export function RubricEditPage() {
  const { id = '' } = useParams();
  const t = useT();
  const lang = useLang();
  const rubric = useRubric(id);
  // The form starts afresh from the server's copy after a save (its row version moved) or a reload after a conflict.
  const [generation, setGeneration] = useState(0);
  if (rubric.isPending) return <Spin className="sz-block sz-m-48" />;
  if (rubric.error || !rubric.data) return <ErrorAlert error={rubric.error} onRetry={rubric.refetch} />;
  const r = rubric.data;
  const back = `/assessment/rubrics?kind=${r.kind}&id=${r.id}`;
  return (
    <div data-testid="rubric-edit-page">
      <PageHeader
        title={
          <Flex gap={8} wrap align="center">
            <span>{t('assess.edit.title', { version: r.version })}</span>
            <RubricStateTag state={r.state} />
          </Flex>
        }
        description={`${kindName(r.kind, lang)} · ${t('assess.edit.codeIs', { code: r.code })}`}
        extra={<Link to={back} data-testid="edit-back">{t('assess.edit.back')}</Link>}
      />
      {r.state !== 'draft' ? (
        <Alert type="info" showIcon title={t('assess.edit.notDraft')} action={<Link to={back}>{t('assess.edit.back')}</Link>} />
      ) : (
        <RubricForm
          key={`${r.rowVersion}-${generation}`}
          rubric={r}
          onReload={() => void rubric.refetch().then(() => setGeneration((g) => g + 1))}
        />
      )}
    </div>
  );
}
