import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, Modal, Radio, Row, Select } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import { CERTIFICATE_LEVELS, WORKER_KINDS, WORKER_STATUSES, type CertificateLevel, type WorkerKind, type WorkerStatus } from '../../../contracts/workforce';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { useIsPhone } from '../../components/use-is-phone';
import { useCatalog } from '../catalog/catalog-api';
import { useRegionsAtLevel } from '../regions';
import { kindName, levelName, statusName, useLang } from './worker-labels';
import { useCityDepartments, useOrgSearch, useWorkerMutations, workerKeys, type Worker, type WorkerPatch } from './workforce-api';

interface Values {
  kind?: WorkerKind;
  name: string;
  gender?: 'female' | 'male' | null;
  idNumber?: string;
  phone?: string;
  certificateLevel?: CertificateLevel;
  certificateNo?: string;
  employerOrgId?: string | null;
  departmentId?: string | null;
  homeTownId?: string;
  serviceDomains: string[];
  status: WorkerStatus;
  note?: string;
}

const ID_PATTERN = /^\d{17}[\dXx]$/;
const PHONE_PATTERN = /^1\d{10}$/;
const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * 新增人员 / 修改人员信息. A new person is posted whole; a change sends the version and only the fields that changed.
 * The ID number and phone start empty when editing (the masked value as placeholder) and go only when typed.
 */
export function WorkerFormModal({ worker, onClose, onSaved }: { worker: Worker | null; onClose: () => void; onSaved?: (w: Worker) => void }) {
  const t = useT();
  const lang = useLang();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { create, update } = useWorkerMutations();
  const [conflict, setConflict] = useState(false);
  const kind = Form.useWatch('kind', form) ?? worker?.kind;
  const homeTownId = Form.useWatch('homeTownId', form);
  const towns = useRegionsAtLevel('town');
  const catalog = useCatalog();
  const departments = useCityDepartments(kind === 'certifiedEmployee');
  const [orgQuery, setOrgQuery] = useState('');
  const deferredQuery = useDeferredValue(orgQuery.trim());

  // The person's city: theirs when editing, the chosen town's when adding (undefined until a town is chosen).
  const cityId = worker?.cityId ?? towns.data?.find((r) => r.id === homeTownId)?.parentId ?? undefined;
  const orgs = useOrgSearch(deferredQuery, cityId, kind === 'socialWorker');
  const townOptions = (towns.data ?? []).filter((r) => !worker || r.parentId === worker.cityId).map((r) => ({ value: r.id, label: r.name }));
  const domainOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of catalog.data?.domains ?? []) if (!d.retired && (!cityId || d.cityId === cityId) && !seen.has(d.code)) seen.set(d.code, d.name);
    // A domain the person keeps but the city has since retired still shows by its name.
    for (const d of worker?.serviceDomains ?? []) if (!seen.has(d.code)) seen.set(d.code, d.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [catalog.data, cityId, worker]);
  const departmentOptions = (departments.data ?? []).filter((d) => (!d.retired || d.id === worker?.department?.id) && (!cityId || d.cityId === cityId)).map((d) => ({ value: d.id, label: d.name }));
  const orgOptions = useMemo(() => {
    const found = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name, town: o.townName }));
    const current = worker?.employerOrg;
    return current && !found.some((o) => o.value === current.id) ? [{ value: current.id, label: current.name, town: '' }, ...found] : found;
  }, [orgs.data, worker]);

  const initialValues: Partial<Values> = worker
    ? {
        kind: worker.kind,
        name: worker.name,
        gender: worker.gender,
        idNumber: '',
        phone: '',
        certificateLevel: worker.certificateLevel ?? undefined,
        certificateNo: worker.certificateNo ?? '',
        employerOrgId: worker.employerOrg?.id ?? null,
        departmentId: worker.department?.id ?? null,
        homeTownId: worker.homeTown.id,
        serviceDomains: worker.serviceDomains.map((d) => d.code),
        status: worker.status,
        note: worker.note ?? '',
      }
    : { name: '', serviceDomains: [], status: 'active' };

  const fail = (error: unknown) => {
    if (error instanceof ProblemError && error.status === 409) {
      setConflict(true);
      return;
    }
    if (!applyProblemToForm(form, error)) void message.error(problemMessage(error, t));
  };

  const submit = (v: Values) => {
    const employerOrgId = v.kind === 'socialWorker' ? (v.employerOrgId ?? null) : null;
    const departmentId = v.kind === 'certifiedEmployee' ? (v.departmentId ?? null) : null;
    const facts = {
      name: v.name.trim(),
      gender: v.gender ?? null,
      certificateLevel: v.certificateLevel ?? null,
      certificateNo: text(v.certificateNo),
      employerOrgId,
      departmentId,
      homeTownId: v.homeTownId!,
      serviceDomains: v.serviceDomains,
      status: v.status,
      note: text(v.note),
    };
    if (!worker) {
      create.mutate(
        { cityId, kind: v.kind!, idNumber: v.idNumber!.trim(), phone: text(v.phone), ...facts },
        {
          onSuccess: (made) => {
            void message.success(t('workforce.created', { name: made.name }));
            onClose();
            onSaved?.(made);
          },
          onError: fail,
        },
      );
      return;
    }
    const before = {
      name: worker.name,
      gender: worker.gender,
      certificateLevel: worker.certificateLevel,
      certificateNo: worker.certificateNo,
      employerOrgId: worker.employerOrg?.id ?? null,
      departmentId: worker.department?.id ?? null,
      homeTownId: worker.homeTown.id,
      serviceDomains: worker.serviceDomains.map((d) => d.code),
      status: worker.status,
      note: worker.note,
    };
    const patch: Omit<WorkerPatch, 'version'> = Object.fromEntries(Object.entries(facts).filter(([key, value]) => !same(before[key as keyof typeof before], value)));
    if (text(v.idNumber)) patch.idNumber = text(v.idNumber)!;
    if (text(v.phone)) patch.phone = text(v.phone);
    if (Object.keys(patch).length === 0) {
      void message.info(t('workforce.noChange'));
      onClose();
      return;
    }
    update.mutate(
      { id: worker.id, version: worker.version, ...patch },
      {
        onSuccess: () => {
          void message.success(t('workforce.saved'));
          onClose();
        },
        onError: fail,
      },
    );
  };

  const reload = () => {
    if (worker) void client.invalidateQueries({ queryKey: workerKeys.detail(worker.id) });
    onClose();
  };
  const half = { xs: 24, md: 12 };

  return (
    <Modal
      open
      title={worker ? t('workforce.editTitle') : t('workforce.addTitle')}
      width={isPhone ? undefined : 760}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ disabled: conflict, 'data-testid': 'worker-submit' }}
      destroyOnHidden
      data-testid="worker-form"
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          className="sz-mb-16"
          title={t('workforce.conflict')}
          action={
            <Button size="small" onClick={reload} data-testid="worker-reload">
              {t('workforce.reload')}
            </Button>
          }
          data-testid="worker-conflict"
        />
      ) : null}
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} requiredMark="optional" scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item name="kind" label={t('workforce.kind')} rules={[{ required: true, message: t('workforce.kindRequired') }]} extra={worker ? t('workforce.kindFixed') : undefined}>
              <Radio.Group
                disabled={Boolean(worker)}
                options={WORKER_KINDS.map((k) => ({ value: k, label: kindName(k, lang) }))}
                data-testid="worker-form-kind"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('workforce.name')} rules={[{ required: true, whitespace: true, message: t('workforce.nameRequired') }, { max: 30 }]}>
              <Input maxLength={30} data-testid="worker-form-name" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="gender" label={t('workforce.gender')}>
              <Radio.Group
                options={[
                  { value: 'female', label: t('workforce.gender.female') },
                  { value: 'male', label: t('workforce.gender.male') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="idNumber"
              label={t('workforce.idNumber')}
              rules={[{ required: !worker, message: t('workforce.idRequired') }, { pattern: ID_PATTERN, message: t('workforce.idRequired') }]}
              normalize={(v: string) => v.trim().toUpperCase()}
            >
              <Input maxLength={18} autoComplete="off" placeholder={worker ? t('workforce.idKeep', { masked: worker.idNumber }) : undefined} data-testid="worker-form-id" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="phone" label={t('workforce.phone')} rules={[{ pattern: PHONE_PATTERN, message: t('workforce.phoneHint') }]} normalize={(v: string) => v.trim()}>
              <Input
                maxLength={11}
                inputMode="numeric"
                autoComplete="off"
                placeholder={worker?.phone ? t('workforce.phoneKeep', { masked: worker.phone }) : t('workforce.phoneHint')}
                data-testid="worker-form-phone"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="certificateLevel" label={t('workforce.certificateLevel')} rules={[{ required: true, message: t('workforce.levelRequired') }]}>
              <Select options={CERTIFICATE_LEVELS.map((l) => ({ value: l, label: levelName(l, lang) }))} data-testid="worker-form-level" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="certificateNo" label={t('workforce.certificateNo')} rules={[{ max: 40 }]}>
              <Input maxLength={40} placeholder={t('workforce.certificateNoPlaceholder')} data-testid="worker-form-certificate" />
            </Form.Item>
          </Col>
          {kind === 'socialWorker' ? (
            <Col xs={24}>
              <Form.Item name="employerOrgId" label={t('workforce.employerOrg')} extra={t('workforce.orgHint')}>
                <Select
                  allowClear
                  showSearch
                  filterOption={false}
                  onSearch={setOrgQuery}
                  placeholder={t('workforce.orgSearch')}
                  loading={orgs.isFetching}
                  options={orgOptions.map((o) => ({ value: o.value, label: o.town ? `${o.label}（${o.town}）` : o.label }))}
                  data-testid="worker-form-org"
                />
              </Form.Item>
            </Col>
          ) : null}
          {kind === 'certifiedEmployee' ? (
            <Col xs={24}>
              <Form.Item name="departmentId" label={t('workforce.department')} rules={[{ required: true, message: t('workforce.departmentRequired') }]}>
                <Select showSearch optionFilterProp="label" loading={departments.isPending} options={departmentOptions} data-testid="worker-form-department" />
              </Form.Item>
            </Col>
          ) : null}
          <Col {...half}>
            <Form.Item name="homeTownId" label={t('workforce.homeTownLong')} extra={t('workforce.townHint')} rules={[{ required: true, message: t('workforce.townRequired') }]}>
              <Select showSearch optionFilterProp="label" loading={towns.isPending} options={townOptions} data-testid="worker-form-town" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="status" label={t('workforce.status')} rules={[{ required: true }]}>
              <Select options={WORKER_STATUSES.map((s) => ({ value: s, label: statusName(s, lang) }))} data-testid="worker-form-status" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="serviceDomains" label={t('workforce.serviceDomains')} extra={t('workforce.domainsHint')} rules={[{ type: 'array', max: 16 }]}>
              <Select mode="multiple" allowClear optionFilterProp="label" loading={catalog.isPending} options={domainOptions} data-testid="worker-form-domains" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label={t('workforce.note')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('workforce.notePlaceholder')} data-testid="worker-form-note" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
