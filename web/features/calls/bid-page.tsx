import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Collapse, Descriptions, Flex, Form, Input, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { formatYuan, parseYuan } from '../../../contracts/money';
import { useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { PageHeader } from '../../components/page-header';
import { useIsPhone } from '../../components/use-is-phone';
import { fenOf, showFieldErrors, useYuanRule } from '../projects/form-helpers';
import { ProblemAlert, yuan } from '../projects/project-labels';
import { EligibilityView } from './calls-page';
import { ownOrgIds, useBidMutations, useCalls, useEligibility, useOwnBids, type Bid, type Call } from './calls-api';

interface BidValues {
  plan: string;
  budgetItems: { name?: string; amount?: string }[];
  team: { name?: string; role?: string; certified?: boolean }[];
}

/** Headings an applicant usually budgets under; only a starting point. */
const DEFAULT_ITEMS = ['人员经费', '活动经费', '督导与培训', '管理费用'];

function valuesOf(bid: Bid | undefined, leadRole: string): BidValues {
  if (bid && bid.state === 'submitted')
    return {
      plan: bid.plan,
      budgetItems: bid.budgetItems.map((i) => ({ name: i.name, amount: formatYuan(i.amountFen, { grouping: false }) })),
      team: bid.team.map((m) => ({ ...m })),
    };
  return { plan: '', budgetItems: DEFAULT_ITEMS.map((name) => ({ name, amount: '' })), team: [{ name: '', role: leadRole, certified: true }] };
}

/** 申报 / 修改申报 (/calls/:projectId/bid): plan, budget lines that may not exceed the project's budget, and the team. */
export function BidPage() {
  const { projectId = '' } = useParams();
  // The organization chosen on the calls page, when the user acts for several.
  const [search] = useSearchParams();
  const { t } = useI18n();
  const me = useCurrentUser();
  const orgIds = ownOrgIds(me.grants);
  const calls = useCalls();
  const call = calls.data?.find((c) => c.projectId === projectId);
  const bids = useOwnBids(projectId ? [projectId] : [], orgIds.length > 0);
  if (orgIds.length === 0) return <Alert type="info" showIcon title={t('call.notMember')} />;
  if (calls.isPending || bids[0]?.isPending) return <Skeleton active />;
  if (!call)
    return (
      <Result
        status="warning"
        title={t('call.closedTitle')}
        subTitle={t('call.closedText')}
        extra={
          <Link to="/calls">
            <Button type="primary">{t('call.backToCalls')}</Button>
          </Link>
        }
        data-testid="bid-closed"
      />
    );
  const asked = search.get('org');
  const orgId = asked && orgIds.includes(asked) ? asked : orgIds[0];
  const existing = (bids[0]?.data ?? []).find((b) => b.state === 'submitted' && b.orgId === orgId);
  return <BidForm call={call} orgId={orgId} bid={existing} />;
}

function BidForm({ call, orgId, bid }: { call: Call; orgId: string; bid: Bid | undefined }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [form] = Form.useForm<BidValues>();
  const { submit, revise } = useBidMutations();
  const { notifySuccess } = useFeedback();
  const [error, setError] = useState<unknown>(null);
  const eligibility = useEligibility(call.projectId, orgId, true);
  const amountRule = useYuanRule({});
  const items = Form.useWatch('budgetItems', form) ?? [];
  const total = items.reduce((n, i) => n + fenOf(i?.amount), 0);
  const over = total > call.budgetFen;
  const unit = t('project.yuan');

  const send = (v: BidValues) => {
    setError(null);
    const body = {
      plan: v.plan.trim(),
      budgetItems: v.budgetItems.map((i) => ({ name: (i.name ?? '').trim(), amountFen: parseYuan(i.amount ?? '') ?? 0 })),
      team: v.team.map((m) => ({ name: (m.name ?? '').trim(), role: (m.role ?? '').trim(), certified: !!m.certified })),
    };
    const done = () => {
      notifySuccess(bid ? t('call.revised') : t('call.submitted', { title: call.title }));
      navigate('/calls');
    };
    const failed = (e: unknown) => {
      setError(e);
      showFieldErrors(form, e);
      window.scrollTo({ top: 0, behavior: 'smooth' });
    };
    if (bid) revise.mutate({ bidId: bid.id, version: bid.version, ...body }, { onSuccess: done, onError: failed });
    else submit.mutate({ projectId: call.projectId, orgId, ...body }, { onSuccess: done, onError: failed });
  };

  return (
    <div data-testid="bid-page" style={{ maxWidth: 880 }}>
      <PageHeader title={bid ? t('call.reviseTitle') : t('call.bidTitle')} description={call.title} extra={<Link to="/calls">{t('call.backToCalls')}</Link>} />
      <Card size="small" className="sz-mb-12">
        <Descriptions
          size="small"
          column={isPhone ? 1 : 3}
          items={[
            { key: 'budget', label: t('call.budget'), children: yuan(call.budgetFen, unit) },
            { key: 'deadline', label: t('call.deadline'), children: call.deadline },
            { key: 'duration', label: t('call.duration'), children: t('call.months', { months: call.durationMonths }) },
          ]}
        />
        {call.indicators.length ? (
          <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-4 sz-text-md">
            {t('call.indicatorsLine', { list: call.indicators.map((i) => `${i.name} ${i.target}${i.unit}`).join('；') })}
          </Typography.Paragraph>
        ) : null}
      </Card>
      {eligibility.data ? (
        eligibility.data.eligible ? (
          <Collapse
            size="small"
            className="sz-mb-12"
            items={[{ key: 'e', label: <Typography.Text type="success">{t('call.eligible', { org: eligibility.data.orgName })}</Typography.Text>, children: <EligibilityView result={eligibility.data} /> }]}
          />
        ) : (
          <Card size="small" className="sz-mb-12">
            <EligibilityView result={eligibility.data} />
          </Card>
        )
      ) : null}
      <ProblemAlert error={error} testId="bid-problem" />
      <Form<BidValues> form={form} layout="vertical" initialValues={valuesOf(bid, t('call.roleLead'))} onFinish={send} scrollToFirstError>
        <Card size="small" title={t('call.plan')} className="sz-mb-12">
          <Form.Item name="plan" extra={t('call.planHelp')} rules={[{ required: true, whitespace: true, message: t('call.planRequired') }, { min: 20, message: t('call.planTooShort') }, { max: 20000 }]} className="sz-mb-0">
            <Input.TextArea rows={isPhone ? 8 : 10} maxLength={20000} showCount placeholder={t('call.planPlaceholder')} data-testid="bid-plan" />
          </Form.Item>
        </Card>

        <Card size="small" title={t('call.budgetItems')} className="sz-mb-12">
          <Form.List
            name="budgetItems"
            rules={[
              {
                validator: async (_, value: unknown[]) => {
                  if (!value || value.length === 0) throw new Error(t('call.budgetItemsRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="flex-start" data-testid="bid-budget-item">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('call.budgetItemRequired') }, { max: 40 }]} style={{ flex: '1 1 0', marginBottom: 8 }}>
                      <Input maxLength={40} placeholder={t('call.budgetItem')} aria-label={t('call.budgetItem')} data-testid="bid-item-name" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'amount']} rules={[{ ...amountRule }]} style={{ flex: isPhone ? '0 0 130px' : '0 0 200px', marginBottom: 8 }}>
                      <Input inputMode="decimal" suffix={unit} autoComplete="off" aria-label={t('call.amount')} data-testid="bid-item-amount" />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label={t('call.removeItem')} />
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                {fields.length < 50 ? (
                  <Button type="dashed" icon={<PlusOutlined />} block onClick={() => add({ name: '', amount: '' })}>
                    {t('call.addItem')}
                  </Button>
                ) : null}
              </>
            )}
          </Form.List>
          <Flex justify="space-between" wrap gap={8} className="sz-mt-12" data-testid="bid-total">
            <Typography.Text strong>{t('call.total', { total: yuan(total, unit) })}</Typography.Text>
            {over ? (
              <Typography.Text type="danger">{t('call.overBudget', { budget: yuan(call.budgetFen, unit), over: yuan(total - call.budgetFen, unit) })}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('call.withinBudget', { budget: yuan(call.budgetFen, unit), left: yuan(call.budgetFen - total, unit) })}</Typography.Text>
            )}
          </Flex>
        </Card>

        <Card size="small" title={t('call.team')} className="sz-mb-12">
          <Form.List
            name="team"
            rules={[
              {
                validator: async (_, value: unknown[]) => {
                  if (!value || value.length === 0) throw new Error(t('call.teamRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="flex-start" wrap={isPhone} className={isPhone ? 'sz-dashed-bottom sz-mb-8' : undefined} data-testid="bid-member">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('call.memberNameRequired') }, { min: 2, message: t('call.memberNameRequired') }, { max: 30 }]} style={{ flex: '1 1 120px', marginBottom: 8 }}>
                      <Input maxLength={30} placeholder={t('call.memberName')} aria-label={t('call.memberName')} data-testid="bid-member-name" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true, whitespace: true, message: t('call.memberRoleRequired') }, { max: 30 }]} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                      <Input maxLength={30} placeholder={t('call.memberRole')} aria-label={t('call.memberRole')} data-testid="bid-member-role" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'certified']} valuePropName="checked" style={{ flex: '0 0 auto', marginBottom: 8, paddingTop: 4 }}>
                      <Checkbox>{t('call.certified')}</Checkbox>
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label={t('call.removeMember')} />
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                {fields.length < 50 ? (
                  <Button type="dashed" icon={<PlusOutlined />} block onClick={() => add({ name: '', role: '', certified: false })} data-testid="bid-member-add">
                    {t('call.addMember')}
                  </Button>
                ) : null}
              </>
            )}
          </Form.List>
        </Card>

        <Flex gap={8} justify={isPhone ? 'stretch' : 'flex-end'} vertical={isPhone}>
          <Button onClick={() => navigate('/calls')}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submit.isPending || revise.isPending} disabled={over} data-testid="bid-submit">
            {bid ? t('call.saveRevision') : t('call.submitBid')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: isPhone ? 'left' : 'right' }}>
          {t('call.submitHint', { deadline: call.deadline })}
        </Typography.Paragraph>
      </Form>
    </div>
  );
}
