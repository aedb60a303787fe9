import { ErrorAlert } from '../../components/error-alert';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, List, Modal, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ProblemError } from '../../app/api';
import { grantLabel } from '../../app/layout';
import { useT } from '../../app/i18n';
import {  useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { useIsPhone } from '../../components/use-is-phone';
import { generatePassword, PasswordPolicyHint, passwordRules } from '../auth/password-policy';
import { GrantFields, grantErrorPath, toGrantInput, type GrantFormValues } from './grant-fields';
import { UserStatusTag } from './user-labels';
import { useRoles, useUser, useUserMutations, type User } from './users-api';

type Mutations = ReturnType<typeof useUserMutations>;

function AddGrantForm({ user, mutations }: { user: User; mutations: Mutations }) {
  const t = useT();
  const [form] = Form.useForm<GrantFormValues>();
  const roles = useRoles();
  const { notifyError, notifySuccess } = useFeedback();
  return (
    <Form<GrantFormValues>
      form={form}
      name="grantAdd"
      layout="vertical"
      onFinish={(values) => {
        const grant = toGrantInput(values, roles.data ?? []);
        if (!grant) return;
        mutations.addGrant.mutate(
          { id: user.id, grant },
          {
            onSuccess: () => {
              notifySuccess(t('user.grantAdded'));
              form.resetFields();
            },
            onError: (error) => notifyError(error, form, grantErrorPath),
          },
        );
      }}
    >
      <GrantFields testIdPrefix="grant" />
      <Button htmlType="submit" icon={<PlusOutlined />} loading={mutations.addGrant.isPending} data-testid="user-grant-add">
        {t('user.addGrant')}
      </Button>
    </Form>
  );
}

function ResetPasswordModal({ user, open, onClose, mutations }: { user: User; open: boolean; onClose: () => void; mutations: Mutations }) {
  const t = useT();
  const [form] = Form.useForm<{ password: string }>();
  const { notifyError, notifySuccess } = useFeedback();
  return (
    <Modal open={open} title={t('user.resetPasswordTitle', { name: user.displayName })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={mutations.resetPassword.isPending} okText={t('user.resetPassword')}>
      <PasswordPolicyHint />
      <Form
        form={form}
        name="resetPassword"
        layout="vertical"
        onFinish={(values) =>
          mutations.resetPassword.mutate(
            { id: user.id, password: values.password },
            {
              onSuccess: () => {
                notifySuccess(t('user.passwordReset'));
                onClose();
              },
              onError: (error) => notifyError(error, form),
            },
          )
        }
      >
        <Form.Item label={t('user.newPassword')} required extra={t('user.resetPasswordHelp')}>
          <Space.Compact className="sz-w-full">
            <Form.Item name="password" noStyle rules={passwordRules(t)}>
              <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
            </Form.Item>
            <Button onClick={() => form.setFieldValue('password', generatePassword())}>{t('user.generatePassword')}</Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DisplayNameEditor({ user, mutations }: { user: User; mutations: Mutations }) {
  const t = useT();
  const { notifyError, notifySuccess } = useFeedback();
  if (!user.abilities.update) return <>{user.displayName}</>;
  return (
    <Typography.Text
      editable={{
        tooltip: t('common.edit'),
        onChange: (value) => {
          const displayName = value.trim();
          if (!displayName || displayName === user.displayName) return;
          mutations.update.mutate({ id: user.id, version: user.version, displayName }, { onSuccess: () => notifySuccess(t('common.saved')), onError: (error) => notifyError(error) });
        },
      }}
    >
      {user.displayName}
    </Typography.Text>
  );
}

function UserDetail({ user, mutations }: { user: User; mutations: Mutations }) {
  const t = useT();
  const [resetOpen, setResetOpen] = useState(false);
  const { notifyError, notifySuccess } = useFeedback();
  const a = user.abilities;

  const onStatusError = (error: unknown) => notifyError(error);

  return (
    <Space orientation="vertical" size={16} className="sz-w-full">
      {user.mustChangePassword ? <Alert type="info" showIcon title={t('user.mustChangePasswordNote')} /> : null}
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'username', label: t('user.username'), children: user.username },
          { key: 'displayName', label: t('user.displayName'), children: <DisplayNameEditor user={user} mutations={mutations} /> },
          { key: 'status', label: t('user.status'), children: <UserStatusTag status={user.status} /> },
          { key: 'lastLogin', label: t('user.lastLogin'), children: <DateTimeText value={user.lastLoginAt} empty={t('user.neverLoggedIn')} /> },
          { key: 'createdAt', label: t('user.createdAt'), children: <DateTimeText value={user.createdAt} /> },
        ]}
      />
      <Space wrap>
        {a.disable ? (
          <Popconfirm
            title={t('user.disableConfirm', { name: user.displayName })}
            okButtonProps={{ danger: true }}
            onConfirm={() => mutations.disable.mutateAsync({ id: user.id, version: user.version }).then(() => notifySuccess(t('user.disabledDone')), onStatusError)}
          >
            <Button danger data-testid="user-disable">
              {t('user.disable')}
            </Button>
          </Popconfirm>
        ) : null}
        {a.enable ? (
          <Popconfirm title={t('user.enableConfirm', { name: user.displayName })} onConfirm={() => mutations.enable.mutateAsync({ id: user.id, version: user.version }).then(() => notifySuccess(t('user.enabledDone')), onStatusError)}>
            <Button data-testid="user-enable">{t('user.enable')}</Button>
          </Popconfirm>
        ) : null}
        {a.resetPassword ? (
          <Button onClick={() => setResetOpen(true)} data-testid="user-reset">
            {t('user.resetPassword')}
          </Button>
        ) : null}
      </Space>
      <Card size="small" title={t('user.grants')}>
        {user.grants.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('user.noGrants')} />
        ) : (
          <List
            size="small"
            dataSource={user.grants}
            renderItem={(grant) => (
              <List.Item
                actions={
                  a.grant
                    ? [
                        <Popconfirm
                          key="remove"
                          title={t('user.removeGrantConfirm', { grant: grantLabel(grant) })}
                          okButtonProps={{ danger: true }}
                          onConfirm={() => mutations.removeGrant.mutateAsync({ id: user.id, grantId: grant.id }).then(() => notifySuccess(t('user.grantRemoved')), (error: unknown) => notifyError(error))}
                        >
                          <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('user.removeGrant')} data-testid="user-grant-remove" />
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <span>
                  <Tag color="blue">{grant.roleName}</Tag>
                  <Typography.Text>{grant.scopeName ?? t('user.scopeGlobalShort')}</Typography.Text>
                </span>
              </List.Item>
            )}
          />
        )}
        {a.grant ? (
          <div className="sz-dashed-top sz-mt-16" style={{ paddingTop: 16 }}>
            <Typography.Text strong className="sz-block sz-mb-8">
              {t('user.addGrant')}
            </Typography.Text>
            <AddGrantForm user={user} mutations={mutations} />
          </div>
        ) : null}
      </Card>
      {resetOpen ? <ResetPasswordModal user={user} open onClose={() => setResetOpen(false)} mutations={mutations} /> : null}
    </Space>
  );
}

export function UserDetailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const user = useUser(id);
  const mutations = useUserMutations();
  const notFound = user.error instanceof ProblemError && user.error.status === 404;

  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={isPhone ? '100%' : 560} title={user.data ? user.data.displayName : t('user.detailTitle')} destroyOnHidden>
      {user.isPending ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {user.isError ? notFound ? <Alert type="error" showIcon title={t('user.notFound')} /> : <ErrorAlert error={user.error} /> : null}
      {user.data ? <UserDetail user={user.data} mutations={mutations} /> : null}
    </Drawer>
  );
}
