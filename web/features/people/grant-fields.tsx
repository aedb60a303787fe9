import { useQuery } from '@tanstack/react-query';
import { Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { RegionTreeSelect } from '../regions';
import { useDepartments, useRoles, type GrantInput, type Role, type RoleInfo } from './users-api';

export interface GrantFormValues {
  role?: Role;
  scope?: string;
}

/** Server field paths of a grant (`grants.0.regionId`, `departmentId`, …) → the form's two fields. */
export function grantErrorPath(path: string): string | null {
  const field = path.split('.').pop() ?? path;
  if (field === 'role') return 'role';
  if (field === 'regionId' || field === 'departmentId' || field === 'orgId') return 'scope';
  return path;
}

export function toGrantInput(values: GrantFormValues, roles: RoleInfo[]): GrantInput | null {
  const info = roles.find((r) => r.role === values.role);
  if (!info) return null;
  if (info.scopeType === 'region') return { role: info.role, regionId: values.scope };
  if (info.scopeType === 'department') return { role: info.role, departmentId: values.scope };
  if (info.scopeType === 'org') return { role: info.role, orgId: values.scope };
  return { role: info.role };
}

function DepartmentSelect({ value, onChange, testId }: { value?: string; onChange?: (value: string) => void; testId: string }) {
  const t = useT();
  const departments = useDepartments();
  return (
    <Select
      data-testid={testId}
      value={value}
      onChange={onChange}
      loading={departments.isPending}
      placeholder={t('user.pickDepartment')}
      showSearch={{ optionFilterProp: 'label' }}
      options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
    />
  );
}

/** An organization of the registry, found by typing part of its name (the directory's own search). */
function OrgSelect({ value, onChange, testId }: { value?: string; onChange?: (value: string) => void; testId: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['orgs', 'pick', q],
    queryFn: ({ signal }) => api.get<{ items: { id: string; name: string; townName: string }[] }>('/orgs', { q: q || undefined, limit: 20 }, signal),
    staleTime: 30_000,
  });
  return (
    <Select
      data-testid={testId}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: (text) => setQ(text.trim()) }}
      loading={found.isFetching}
      placeholder={t('user.pickOrg')}
      options={(found.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name}（${o.townName}）` }))}
    />
  );
}

/**
 * Role, then the scope that fits it: a region (only the levels the role allows — towns for town roles),
 * a department, an organization (社会组织成员, through the same rules as the org's own accounts page), or
 * nothing for global roles.
 */
/** `testIdPrefix`: `user` in the create form (user-role, user-scope), `grant` when adding to an existing user. */
export function GrantFields({ testIdPrefix = 'user' }: { testIdPrefix?: string }) {
  const t = useT();
  const roles = useRoles();
  const form = Form.useFormInstance<GrantFormValues>();
  const role = Form.useWatch('role', form);
  const info = roles.data?.find((r) => r.role === role);

  return (
    <>
      <Form.Item name="role" label={t('user.role')} rules={[{ required: true, message: t('user.roleRequired') }]}>
        <Select
          data-testid={`${testIdPrefix}-role`}
          loading={roles.isPending}
          placeholder={t('user.pickRole')}
          onChange={() => form.setFieldValue('scope', undefined)}
          options={(roles.data ?? []).map((r) => ({ value: r.role, label: r.name }))}
        />
      </Form.Item>
      {info?.scopeType === 'region' ? (
        <Form.Item name="scope" label={t('user.scopeRegion')} rules={[{ required: true, message: t('user.scopeRequired') }]} extra={t('user.scopeRegionHelp', { levels: (info.regionLevels ?? []).map((l) => t(`region.level.${l}`)).join(' / ') })}>
          <RegionTreeSelect levels={info.regionLevels ?? ['city', 'town', 'community', 'grid']} data-testid={`${testIdPrefix}-scope`} />
        </Form.Item>
      ) : null}
      {info?.scopeType === 'department' ? (
        <Form.Item name="scope" label={t('user.scopeDepartment')} rules={[{ required: true, message: t('user.scopeRequired') }]}>
          <DepartmentSelect testId={`${testIdPrefix}-scope`} />
        </Form.Item>
      ) : null}
      {info?.scopeType === 'org' ? (
        <Form.Item name="scope" label={t('user.scopeOrg')} rules={[{ required: true, message: t('user.scopeRequired') }]} extra={t('user.scopeOrgHelp')}>
          <OrgSelect testId={`${testIdPrefix}-scope`} />
        </Form.Item>
      ) : null}
      {info?.scopeType === 'global' ? (
        <Form.Item label={t('user.scope')}>
          <Typography.Text type="secondary" data-testid={`${testIdPrefix}-scope`}>
            {t('user.scopeGlobal')}
          </Typography.Text>
        </Form.Item>
      ) : null}
    </>
  );
}
