import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CATALOG_TIER_NAMES, CATALOG_TIERS } from '../../../contracts/funds';
import { formatYuan, parseYuan } from '../../../contracts/money';
import type { ProjectProposal } from '../../../contracts/projects';
import { useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { chinaDayjs } from '../../components/china-time';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { useCatalog } from '../catalog/catalog-api';
import { useDepartments } from '../funds/funds-api';
import { useRegionsAtLevel } from '../regions';
import { showFieldErrors, useYuanRule } from './form-helpers';
import { ProblemAlert } from './project-labels';
import { useProject, useProjectMutations, type Project } from './projects-api';

/** The six groups and one central task of the policy (6+1), offered first; any other group may be typed. */
const TARGET_GROUP_SUGGESTIONS = ['老年人', '独居老人', '高龄老人', '妇女', '儿童', '青少年', '困境儿童', '留守儿童', '新居民', '残疾人', '困难家庭', '低收入家庭', '社区矫正对象', '信访群众', '少数民族群众', '公职人员'];

interface IndicatorValues {
  kind: 'output' | 'outcome';
  name?: string;
  target?: number;
  unit?: string;
}

interface ProposalValues {
  title: string;
  summary: string;
  year: number;
  departmentId?: string;
  catalogCategoryId?: string;
  domains: string[];
  targetGroups: string[];
  townIds: string[];
  budget: string;
  durationMonths: number;
  indicators: IndicatorValues[];
}

function valuesOf(p: Project): ProposalValues {
  return {
    title: p.title,
    summary: p.summary,
    year: p.year,
    departmentId: p.departmentId,
    catalogCategoryId: p.catalogCategoryId,
    domains: p.domains.map((d) => d.code),
    targetGroups: p.targetGroups,
    townIds: p.townIds,
    budget: formatYuan(p.budgetFen, { grouping: false }),
    durationMonths: p.durationMonths,
    indicators: p.indicators.map((i) => ({ ...i })),
  };
}

function proposalOf(v: ProposalValues): ProjectProposal {
  return {
    title: v.title.trim(),
    summary: v.summary.trim(),
    year: v.year,
    departmentId: v.departmentId!,
    catalogCategoryId: v.catalogCategoryId!,
    domains: v.domains,
    targetGroups: v.targetGroups.map((g) => g.trim()).filter(Boolean),
    townIds: v.townIds ?? [],
    budgetFen: parseYuan(v.budget) ?? 0,
    durationMonths: v.durationMonths,
    indicators: v.indicators.map((i) => ({ kind: i.kind, name: (i.name ?? '').trim(), target: i.target ?? 0, unit: (i.unit ?? '').trim() })),
  };
}

/** 提出项目需求 (/projects/new) and editing a draft (/projects/:id/edit): one form, single column on a phone. */
export function ProjectFormPage() {
  const { id = '' } = useParams();
  const editing = id !== '';
  const project = useProject(id);
  const { t } = useI18n();
  if (!editing) return <ProposalForm />;
  if (project.isPending) return <Skeleton active />;
  if (project.isError) return <ProblemAlert error={project.error} />;
  if (project.data.state !== 'draft')
    return (
      <Alert
        type="warning"
        showIcon
        title={t('project.editNotDraft')}
        action={
          <Link to={`/projects/${id}`}>
            <Button>{t('project.backToProject')}</Button>
          </Link>
        }
      />
    );
  return <ProposalForm project={project.data} />;
}

function ProposalForm({ project }: { project?: Project }) {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const me = useCurrentUser();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [form] = Form.useForm<ProposalValues>();
  const { notifySuccess } = useFeedback();
  const { propose, updateDraft } = useProjectMutations();
  const [error, setError] = useState<unknown>(null);
  const catalog = useCatalog();
  const towns = useRegionsAtLevel('town');
  // The server's rule (departmentReach of project.propose): a city-wide proposer picks any department.
  const all = me.wholeCity.includes('project.propose');
  const departments = useDepartments();
  const budgetRule = useYuanRule({ minFen: 100, maxFen: 1e11 });
  const thisYear = chinaDayjs().year();

  // Department staff propose for their own department only (the server refuses any other); the office for any service department.
  const ownDepartments = me.grants.filter((g) => g.scopeType === 'department' && g.scopeId).map((g) => ({ id: g.scopeId!, name: g.scopeName ?? '' }));
  const departmentOptions = useMemo(() => {
    if (!all) return ownDepartments.map((d) => ({ value: d.id, label: departments.data?.find((x) => x.id === d.id)?.shortName ?? d.name }));
    return (departments.data ?? []).filter((d) => d.isServiceDepartment || d.id === project?.departmentId).map((d) => ({ value: d.id, label: d.shortName }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- grants do not change while the form is open
  }, [all, departments.data, project?.departmentId]);

  const initialValues: Partial<ProposalValues> = project
    ? valuesOf(project)
    : {
        year: thisYear,
        departmentId: ownDepartments.length === 1 ? ownDepartments[0].id : undefined,
        domains: [],
        targetGroups: [],
        townIds: [],
        durationMonths: 12,
        indicators: [{ kind: 'output' }, { kind: 'outcome' }],
      };
  useEffect(() => {
    if (!project && ownDepartments.length === 1 && !form.getFieldValue('departmentId')) form.setFieldValue('departmentId', ownDepartments[0].id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once
  }, []);

  // A city buys from its own catalog and serves its own domains: those of the chosen department's city (a proposer who
  // reaches one city reads only that city's anyway).
  const departmentId = Form.useWatch('departmentId', form) ?? project?.departmentId;
  const departmentCity = departments.data?.find((d) => d.id === departmentId)?.cityId;
  const ofCity = (cityId: string) => !departmentCity || cityId === departmentCity;
  const categoryOptions = CATALOG_TIERS.map((tier) => ({
    label: CATALOG_TIER_NAMES[tier][lang],
    options: (catalog.data?.categories ?? []).filter((c) => c.tier === tier && ofCity(c.cityId) && (!c.retired || c.id === project?.catalogCategoryId)).map((c) => ({ value: c.id, label: c.name, title: c.description })),
  })).filter((g) => g.options.length > 0);
  const domainOptions = [
    ...new Map(
      (catalog.data?.domains ?? []).filter((d) => ofCity(d.cityId) && (!d.retired || project?.domains.some((x) => x.code === d.code))).map((d) => [d.code, { value: d.code, label: d.name }] as const),
    ).values(),
  ];

  const submit = (values: ProposalValues) => {
    setError(null);
    const body = proposalOf(values);
    const onError = (e: unknown) => {
      setError(e);
      showFieldErrors(form, e, { budgetFen: 'budget' });
    };
    if (project) {
      updateDraft.mutate(
        { id: project.id, version: project.case.version, ...body },
        {
          onSuccess: () => {
            notifySuccess(t('project.draftSaved'));
            navigate(`/projects/${project.id}`);
          },
          onError,
        },
      );
    } else {
      propose.mutate(body, {
        onSuccess: (created) => {
          notifySuccess(t('project.proposed'));
          navigate(`/projects/${created.id}`);
        },
        onError,
      });
    }
  };
  const half = { xs: 24, md: 12 };
  const pending = propose.isPending || updateDraft.isPending;

  return (
    <div data-testid="project-form-page" style={{ maxWidth: 960 }}>
      <PageHeader
        title={project ? t('project.editTitle') : t('project.proposeTitle')}
        description={project ? `${project.number} · ${t('project.editDescription')}` : t('project.proposeDescription')}
        extra={<Link to={project ? `/projects/${project.id}` : '/projects'}>{t('project.cancelEdit')}</Link>}
      />
      <ProblemAlert error={error} testId="project-form-problem" />
      <Form<ProposalValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} scrollToFirstError>
        <Card size="small" title={t('project.sectionNeed')} className="sz-mb-16">
          <Form.Item name="title" label={t('project.title')} rules={[{ required: true, whitespace: true, message: t('project.titleRequired') }, { min: 4, message: t('project.titleTooShort') }, { max: 60 }]}>
            <Input maxLength={60} showCount placeholder={t('project.titlePlaceholder')} data-testid="pf-title" />
          </Form.Item>
          <Form.Item
            name="summary"
            label={t('project.summary')}
            extra={t('project.summaryHelp')}
            rules={[{ required: true, whitespace: true, message: t('project.summaryRequired') }, { min: 10, message: t('project.summaryTooShort') }, { max: 2000 }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="pf-summary" />
          </Form.Item>
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item name="departmentId" label={t('project.department')} rules={[{ required: true, message: t('project.departmentRequired') }]} extra={all ? undefined : t('project.ownDepartmentOnly')}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  disabled={!all && ownDepartments.length === 1}
                  loading={departments.isPending}
                  options={departmentOptions}
                  placeholder={t('project.departmentPlaceholder')}
                  data-testid="pf-department"
                />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="year" label={t('project.year')} rules={[{ required: true }]}>
                <Select options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: t('project.yearOption', { year: y }) }))} data-testid="pf-year" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="catalogCategoryId" label={t('project.category')} rules={[{ required: true, message: t('project.categoryRequired') }]} extra={t('project.categoryHelp')}>
                <Select showSearch={{ optionFilterProp: 'label' }} loading={catalog.isPending} options={categoryOptions} placeholder={t('project.categoryPlaceholder')} data-testid="pf-category" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="domains" label={t('project.domains')} rules={[{ required: true, type: 'array', min: 1, message: t('project.domainsRequired') }, { type: 'array', max: 6, message: t('project.domainsMax') }]}>
                <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={domainOptions} placeholder={t('project.domainsPlaceholder')} data-testid="pf-domains" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item
                name="targetGroups"
                label={t('project.targetGroups')}
                extra={t('project.targetGroupsHelp')}
                rules={[{ required: true, type: 'array', min: 1, message: t('project.targetGroupsRequired') }, { type: 'array', max: 10 }]}
              >
                <Select mode="tags" tokenSeparators={[',', '，', '、']} options={TARGET_GROUP_SUGGESTIONS.map((g) => ({ value: g, label: g }))} placeholder={t('project.targetGroupsPlaceholder')} data-testid="pf-target-groups" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="townIds" label={t('project.towns')} extra={t('project.townsHelp')} rules={[{ type: 'array', max: 20 }]}>
                <Select
                  mode="multiple"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={towns.isPending}
                  options={(towns.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
                  placeholder={t('project.townsPlaceholder')}
                  data-testid="pf-towns"
                />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="budget" label={t('project.budget')} required rules={[budgetRule]} extra={t('project.budgetHelp')}>
                <Input inputMode="decimal" suffix={t('project.yuan')} placeholder="200000" autoComplete="off" data-testid="pf-budget" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="durationMonths" label={t('project.duration')} rules={[{ required: true, message: t('project.durationRequired') }]}>
                <InputNumber min={1} max={36} precision={0} suffix={t('project.monthsUnit')} className="sz-w-full" data-testid="pf-duration" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('project.indicators')} className="sz-mb-16">
          <Typography.Paragraph type="secondary" className="sz-mt-0">
            {t('project.indicatorsHelp')}
          </Typography.Paragraph>
          <Form.List
            name="indicators"
            rules={[
              {
                validator: async (_, value: unknown[]) => {
                  if (!value || value.length === 0) throw new Error(t('project.indicatorsRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.length && !isPhone ? (
                  <Flex gap={8} style={{ marginBottom: 4, paddingInlineEnd: 40 }}>
                    <Typography.Text type="secondary" style={{ flex: '0 0 120px' }}>
                      {t('project.indicatorKind')}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ flex: '1 1 0' }}>
                      {t('project.indicatorName')}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ flex: '0 0 130px' }}>
                      {t('project.indicatorTarget')}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ flex: '0 0 90px' }}>
                      {t('project.indicatorUnit')}
                    </Typography.Text>
                  </Flex>
                ) : null}
                {fields.map((field) => (
                  <Flex
                    key={field.key}
                    gap={8}
                    wrap={isPhone}
                    align="flex-start"
                    className={isPhone ? 'sz-boxed sz-mb-8' : undefined}
                    style={isPhone ? { padding: '8px 8px 0' } : undefined}
                    data-testid="pf-indicator"
                  >
                    <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]} style={{ flex: isPhone ? '1 1 100%' : '0 0 120px', marginBottom: 8 }}>
                      <Select
                        aria-label={t('project.indicatorKind')}
                        options={[
                          { value: 'output', label: t('project.kind.output') },
                          { value: 'outcome', label: t('project.kind.outcome') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: t('project.indicatorNameRequired') }, { min: 2, message: t('project.indicatorNameRequired') }, { max: 60 }]}
                      style={{ flex: isPhone ? '1 1 100%' : '1 1 0', marginBottom: 8 }}
                    >
                      <Input placeholder={t('project.indicatorNamePlaceholder')} maxLength={60} aria-label={t('project.indicatorName')} data-testid="pf-indicator-name" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'target']} rules={[{ required: true, message: t('project.indicatorTargetRequired') }]} style={{ flex: isPhone ? '1 1 0' : '0 0 130px', marginBottom: 8 }}>
                      <InputNumber min={0.01} max={1e9} placeholder={t('project.indicatorTarget')} className="sz-w-full" aria-label={t('project.indicatorTarget')} data-testid="pf-indicator-target" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'unit']} rules={[{ required: true, whitespace: true, message: t('project.indicatorUnitRequired') }, { max: 10 }]} style={{ flex: isPhone ? '0 0 90px' : '0 0 90px', marginBottom: 8 }}>
                      <Input placeholder={t('project.indicatorUnitPlaceholder')} maxLength={10} aria-label={t('project.indicatorUnit')} data-testid="pf-indicator-unit" />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('project.removeIndicator')} title={t('project.removeIndicator')} />
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                {fields.length < 20 ? (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'output' })} block data-testid="pf-indicator-add">
                    {t('project.addIndicator')}
                  </Button>
                ) : null}
              </>
            )}
          </Form.List>
        </Card>

        <Flex gap={8} justify={isPhone ? 'stretch' : 'flex-end'} vertical={isPhone}>
          <Button onClick={() => navigate(project ? `/projects/${project.id}` : '/projects')}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={pending} data-testid="pf-save">
            {project ? t('project.saveDraft') : t('project.createDraft')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: isPhone ? 'left' : 'right' }}>
          {t('project.draftHint')}
        </Typography.Paragraph>
      </Form>
    </div>
  );
}
