import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Form, Input, InputNumber, Row, Select, Tag, Typography, type FormItemProps } from 'antd';
import { createContext, useContext, type ReactNode } from 'react';
import type { ApplicationKind } from '../../../contracts/application-kinds';
import { ORG_TYPES, ORG_TYPE_NAMES, SERVICE_FIELDS } from '../../../contracts/org-kinds';
import { api, type Page } from '../../app/api';
import { useI18n, useT, type MessageKey } from '../../app/i18n';
import { useRegionsAtLevel, type Region } from '../regions/regions-api';

/*
 * The application form of each kind, shared by the wizard (a new application) and the edit page (a draft, or an
 * application answering a one-time notice). The server checks every field at save and names it (`form.<path>`);
 * fieldOfPath puts its message under the field that shows it.
 */

interface Department {
  id: string;
  cityId: string;
  name: string;
  shortName: string;
}

/** A notice item on a field, as the edit page shows it: what is wrong, and whether it is answered yet. */
export interface FieldNotice {
  no: number;
  problem: string;
  answered: boolean;
}

/** The notice's items by the form field they point at (the form's own field names). */
const NoticeContext = createContext<Record<string, FieldNotice>>({});

/** The form's field a stored form path is shown in (yuan fields for fen, a change's fields without `changes.`). */
export function fieldOfPath(path: string): string {
  const p = path.replace(/^form\./, '').replace(/^changes\./, '');
  if (p === 'registeredCapitalFen') return 'registeredCapitalYuan';
  if (p === 'revenueFen') return 'revenueYuan';
  if (p === 'expenditureFen') return 'expenditureYuan';
  return p;
}

/** A Form.Item that, when a notice item points at it, is marked and says what to correct. */
function F({ name, label, extra, ...rest }: Omit<FormItemProps, 'name' | 'label'> & { name: string; label: ReactNode }) {
  const t = useT();
  const notice = useContext(NoticeContext)[name];
  if (!notice) return <Form.Item name={name} label={label} extra={extra} {...rest} />;
  return (
    <Form.Item
      name={name}
      label={
        <span>
          {label} <Tag color={notice.answered ? 'success' : 'warning'}>{notice.answered ? t('application.answer.changed') : t('application.form.toCorrect', { no: notice.no })}</Tag>
        </span>
      }
      extra={
        <Typography.Text type={notice.answered ? 'secondary' : 'warning'} data-testid={`notice-field-${name}`}>
          {t('application.form.notice', { problem: notice.problem })}
        </Typography.Text>
      }
      {...rest}
    />
  );
}

/** The form values → the stored form (yuan → fen; a change's fields under `changes`). */
export function toForm(kind: ApplicationKind, v: Record<string, unknown>): Record<string, unknown> {
  const yuanToFen = (x: unknown) => (typeof x === 'number' ? Math.round(x * 100) : 0);
  if (kind === 'establishment' || kind === 'filing') return { ...v, registeredCapitalFen: yuanToFen(v.registeredCapitalYuan), registeredCapitalYuan: undefined };
  if (kind === 'change') {
    const changes: Record<string, unknown> = {};
    for (const k of ['name', 'address', 'businessScope', 'legalRepName', 'legalRepPhone', 'contactName', 'contactPhone']) if (v[k]) changes[k] = v[k];
    return { orgId: v.orgId, reason: v.reason, changes };
  }
  if (kind === 'annualReport') return { ...v, revenueFen: yuanToFen(v.revenueYuan), expenditureFen: yuanToFen(v.expenditureYuan), revenueYuan: undefined, expenditureYuan: undefined };
  return v;
}

/** The stored form (as the server answers it, personal data masked) → the form values. */
export function fromForm(kind: ApplicationKind, form: Record<string, unknown>): Record<string, unknown> {
  const fenToYuan = (x: unknown) => (typeof x === 'number' ? x / 100 : undefined);
  if (kind === 'establishment' || kind === 'filing') return { ...form, registeredCapitalYuan: fenToYuan(form.registeredCapitalFen) };
  if (kind === 'change') return { orgId: form.orgId, reason: form.reason, ...((form.changes as Record<string, unknown> | undefined) ?? {}) };
  if (kind === 'annualReport') return { ...form, revenueYuan: fenToYuan(form.revenueFen), expenditureYuan: fenToYuan(form.expenditureFen) };
  return form;
}

/** The fields of a kind's form; `notices` marks the fields a one-time notice points at. */
export function KindForm({ kind, orgs, notices = {} }: { kind: ApplicationKind; orgs: { id: string; name: string }[]; notices?: Record<string, FieldNotice> }) {
  return (
    <NoticeContext.Provider value={notices}>
      <KindFields kind={kind} orgs={orgs} />
    </NoticeContext.Provider>
  );
}

function KindFields({ kind, orgs }: { kind: ApplicationKind; orgs: { id: string; name: string }[] }) {
  const t = useT();
  const { locale } = useI18n();
  const towns = useRegionsAtLevel('town');
  const townId = Form.useWatch('townId') as string | undefined;
  const communities = useQuery({ queryKey: ['regions', 'children-of', townId], queryFn: () => api.get<Page<Region>>('/regions', { parentId: townId, limit: 100 }).then((r) => r.items), enabled: !!townId });
  const departments = useQuery({ queryKey: ['departments'], queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items) });
  // A town's parent is its city: once a town is chosen, the supervising unit is one of that city's departments.
  const townCityId = townId ? towns.data?.find((r) => r.id === townId)?.parentId : undefined;
  const col = { xs: 24, md: 12 };
  if (kind === 'establishment' || kind === 'filing') {
    return (
      <Row gutter={16}>
        <Col {...col}>
          <F name="name" label={t('application.form.name')} rules={[{ required: true, min: 4, message: t('application.form.nameRule') }]} extra={t('application.form.nameExtra')}>
            <Input maxLength={50} data-testid="f-name" />
          </F>
        </Col>
        <Col {...col}>
          <F name="type" label={t('application.form.type')} initialValue={kind === 'filing' ? 'communityOrg' : 'serviceAgency'} rules={[{ required: true }]}>
            <Select data-testid="f-type" options={ORG_TYPES.filter((x) => (kind === 'filing' ? x === 'communityOrg' : true)).map((x) => ({ value: x, label: locale === 'en-US' ? ORG_TYPE_NAMES[x].en : ORG_TYPE_NAMES[x].zh }))} />
          </F>
        </Col>
        <Col {...col}>
          <F name="townId" label={t('application.form.town')} rules={[{ required: true, message: t('application.form.townRule') }]}>
            <Select data-testid="f-town" showSearch optionFilterProp="label" loading={towns.isPending} options={(towns.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </F>
        </Col>
        <Col {...col}>
          <F name="communityId" label={t('application.form.community')}>
            <Select data-testid="f-community" allowClear showSearch optionFilterProp="label" disabled={!townId} options={(communities.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </F>
        </Col>
        <Col span={24}>
          <F name="address" label={t('application.form.address')} rules={[{ required: true, min: 4, message: t('application.form.addressRule') }]}>
            <Input maxLength={200} data-testid="f-address" />
          </F>
        </Col>
        <Col span={24}>
          <F name="businessScope" label={t('application.form.businessScope')} rules={[{ required: true, min: 4, message: t('application.form.businessScopeRule') }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="f-scope" />
          </F>
        </Col>
        <Col span={24}>
          <F name="serviceFields" label={t('application.form.serviceFields')} rules={[{ required: true, message: t('application.form.serviceFieldsRule') }]}>
            <Checkbox.Group data-testid="f-fields" options={SERVICE_FIELDS.map((f) => ({ value: f, label: t(`org.field.${f}` as MessageKey) }))} />
          </F>
        </Col>
        {kind === 'establishment' ? (
          <Col {...col}>
            <F name="supervisingUnitId" label={t('application.form.supervisingUnit')} rules={[{ required: true, message: t('application.form.supervisingUnitRule') }]}>
              <Select data-testid="f-supervisor" showSearch optionFilterProp="label" options={(departments.data ?? []).filter((d) => !townCityId || d.cityId === townCityId).map((d) => ({ value: d.id, label: d.name }))} />
            </F>
          </Col>
        ) : null}
        <Col {...col}>
          <F name="registeredCapitalYuan" label={t('application.form.capital')} initialValue={0} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} className="sz-w-full" data-testid="f-capital" />
          </F>
        </Col>
        <Col {...col}>
          <F name="legalRepName" label={t(kind === 'filing' ? 'application.form.personInCharge' : 'application.form.legalRep')} rules={[{ required: true, message: t('application.form.repRule') }]}>
            <Input maxLength={30} data-testid="f-rep" />
          </F>
        </Col>
        <Col {...col}>
          {/* The check digit and the date inside are checked by the server at save, naming this field. */}
          <F name="legalRepIdNumber" label={t('application.form.idNumber')} rules={[{ required: true, len: 18, message: t('application.form.idNumberRule') }]} extra={t('application.form.idNumberExtra')}>
            <Input maxLength={18} data-testid="f-rep-id" />
          </F>
        </Col>
        <Col {...col}>
          <F name="legalRepPhone" label={t('application.form.phone')} rules={[{ required: true, len: 11, message: t('application.form.phoneRule') }]}>
            <Input maxLength={11} data-testid="f-rep-phone" />
          </F>
        </Col>
      </Row>
    );
  }
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item name="orgId" label={t('application.form.org')} initialValue={orgs[0]?.id} rules={[{ required: true }]}>
          <Select options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
      </Col>
      {kind === 'change' ? (
        <>
          <Col span={24}>
            <Typography.Paragraph type="secondary">{t('application.form.changeHelp')}</Typography.Paragraph>
          </Col>
          <Col {...col}>
            <F name="name" label={t('application.form.newName')}>
              <Input />
            </F>
          </Col>
          <Col {...col}>
            <F name="address" label={t('application.form.newAddress')}>
              <Input />
            </F>
          </Col>
          <Col {...col}>
            <F name="legalRepName" label={t('application.form.newLegalRep')}>
              <Input />
            </F>
          </Col>
          <Col {...col}>
            <F name="legalRepPhone" label={t('application.form.newPhone')}>
              <Input maxLength={11} />
            </F>
          </Col>
          <Col span={24}>
            <F name="businessScope" label={t('application.form.newScope')}>
              <Input.TextArea rows={2} />
            </F>
          </Col>
          <Col span={24}>
            <F name="reason" label={t('application.form.changeReason')} rules={[{ required: true, min: 4, message: t('application.form.changeReasonRule') }]}>
              <Input.TextArea rows={2} />
            </F>
          </Col>
        </>
      ) : null}
      {kind === 'deregistration' ? (
        <>
          <Col span={24}>
            <F name="reason" label={t('application.form.deregReason')} rules={[{ required: true, min: 4, message: t('application.form.deregReasonRule') }]}>
              <Input.TextArea rows={2} />
            </F>
          </Col>
          <Col span={24}>
            <F name="liquidationDone" label={t('application.form.liquidation')} valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('application.form.liquidationRule')))) }]}>
              <Checkbox>{t('application.form.liquidationDone')}</Checkbox>
            </F>
          </Col>
        </>
      ) : null}
      {kind === 'annualReport' ? (
        <>
          <Col {...col}>
            <F name="year" label={t('application.form.year')} initialValue={new Date().getFullYear() - 1} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="revenueYuan" label={t('application.form.revenue')} initialValue={0}>
              <InputNumber min={0} precision={2} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="expenditureYuan" label={t('application.form.expenditure')} initialValue={0}>
              <InputNumber min={0} precision={2} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="activityCount" label={t('application.form.activities')} initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="beneficiaryCount" label={t('application.form.beneficiaries')} initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </F>
          </Col>
          <Col {...col}>
            <F name="staffCount" label={t('application.form.staff')} initialValue={0}>
              <InputNumber min={0} className="sz-w-full" />
            </F>
          </Col>
          <Col span={24}>
            <F name="summary" label={t('application.form.summary')} rules={[{ required: true, min: 10, message: t('application.form.summaryRule') }]}>
              <Input.TextArea rows={3} />
            </F>
          </Col>
        </>
      ) : null}
    </Row>
  );
}
