import { Alert, App, Button, Checkbox, Form, InputNumber, Select, Skeleton, Switch, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { ROTATION_ROLES, SEASONS, type RotationRole } from '../../../contracts/workforce';
import { ProblemError } from '../../app/api';
import { useT, type MessageKey } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { useCatalog } from '../catalog/catalog-api';
import { useRegionsAtLevel } from '../regions';
import { roleName, useLang } from './worker-labels';
import { usePutRotationProfile, useRotationProfile, type Worker } from './workforce-api';

interface Values {
  seasons: number[];
  capacity: number;
  roles: RotationRole[];
  serviceDomains: string[];
  homeTownId: string | null;
  active: boolean;
}

export const seasonKey = (s: number) => `workforce.rotation.season.${s}` as MessageKey;

/**
 * 轮值档案: what the four-season rotation may ask of this person. Saved whole against the version read (0 while the
 * person has none yet, when the server shows its defaults); read-only for whoever may not change the person.
 */
export function RotationProfileCard({ worker }: { worker: Worker }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const profile = useRotationProfile(worker.kind, worker.id);
  const put = usePutRotationProfile(worker.kind, worker.id);
  const towns = useRegionsAtLevel('town');
  const catalog = useCatalog();
  const [form] = Form.useForm<Values>();
  const editable = worker.abilities.edit;
  const p = profile.data;

  useEffect(() => {
    if (p) form.setFieldsValue({ seasons: p.seasons, capacity: p.capacity, roles: p.roles, serviceDomains: p.serviceDomains.map((d) => d.code), homeTownId: p.homeTown?.id ?? null, active: p.active });
  }, [p, form]);

  const domainOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of catalog.data?.domains ?? []) if (!d.retired && d.cityId === worker.cityId) seen.set(d.code, d.name);
    for (const d of p?.serviceDomains ?? []) if (!seen.has(d.code)) seen.set(d.code, d.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [catalog.data, worker.cityId, p]);

  if (profile.isPending) return <Skeleton active />;
  if (!p) return <ErrorAlert error={profile.error} onRetry={profile.refetch} />;

  const save = (v: Values) =>
    put.mutate(
      { version: p.version, seasons: [...v.seasons].sort(), capacity: v.capacity, roles: v.roles, serviceDomains: v.serviceDomains, homeTownId: v.homeTownId ?? null, active: v.active },
      {
        onSuccess: () => void message.success(t('workforce.rotation.saved')),
        onError: (error) => {
          if (error instanceof ProblemError && error.status === 409) {
            void message.warning(t('workforce.rotation.conflict'));
            void profile.refetch();
          } else if (!applyProblemToForm(form, error)) void message.error(problemMessage(error, t));
        },
      },
    );

  return (
    <div data-testid="worker-rotation">
      <Typography.Paragraph type="secondary">{t('workforce.rotation.description')}</Typography.Paragraph>
      {p.version === 0 ? <Alert type="info" showIcon className="sz-mb-16" title={t('workforce.rotation.new')} data-testid="worker-rotation-new" /> : null}
      {!editable ? <Alert type="info" showIcon className="sz-mb-16" title={t('workforce.rotation.readOnly')} /> : null}
      <Form<Values> form={form} layout="vertical" disabled={!editable} onFinish={save} style={{ maxWidth: 640 }}>
        <Form.Item name="active" label={t('workforce.rotation.active')} valuePropName="checked">
          <Switch checkedChildren={t('workforce.rotation.activeOn')} unCheckedChildren={t('workforce.rotation.activeOff')} data-testid="worker-rotation-active" />
        </Form.Item>
        <Form.Item name="seasons" label={t('workforce.rotation.seasons')} rules={[{ required: true, type: 'array', min: 1, message: t('workforce.rotation.seasonsRequired') }]}>
          <Checkbox.Group options={SEASONS.map((s) => ({ value: s, label: t(seasonKey(s)) }))} data-testid="worker-rotation-seasons" />
        </Form.Item>
        <Form.Item name="capacity" label={t('workforce.rotation.capacity')} rules={[{ required: true, type: 'integer', min: 1, max: 20 }]}>
          <InputNumber min={1} max={20} precision={0} suffix={t('workforce.rotation.capacityUnit')} style={{ width: 170 }} data-testid="worker-rotation-capacity" />
        </Form.Item>
        <Form.Item name="roles" label={t('workforce.rotation.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('workforce.rotation.rolesRequired') }]}>
          <Checkbox.Group options={ROTATION_ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))} data-testid="worker-rotation-roles" />
        </Form.Item>
        <Form.Item name="serviceDomains" label={t('workforce.serviceDomains')}>
          <Select mode="multiple" allowClear optionFilterProp="label" options={domainOptions} loading={catalog.isPending} data-testid="worker-rotation-domains" />
        </Form.Item>
        <Form.Item name="homeTownId" label={t('workforce.rotation.homeTown')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('workforce.rotation.homeTownPlaceholder')}
            options={(towns.data ?? []).filter((r) => r.parentId === worker.cityId).map((r) => ({ value: r.id, label: r.name }))}
            data-testid="worker-rotation-town"
          />
        </Form.Item>
        {editable ? (
          <Button type="primary" htmlType="submit" loading={put.isPending} data-testid="worker-rotation-save">
            {t('workforce.rotation.save')}
          </Button>
        ) : null}
        {p.updatedAt ? (
          <Typography.Text type="secondary" className={editable ? 'sz-ms-8' : undefined}>
            {t('workforce.rotation.updatedAt')}
            <DateTimeText value={p.updatedAt} />
          </Typography.Text>
        ) : null}
      </Form>
    </div>
  );
}
