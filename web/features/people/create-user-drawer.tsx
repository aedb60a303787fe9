import { Button, Drawer, Flex, Form, Input, Space } from 'antd';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { generatePassword, PasswordPolicyHint, passwordRules } from '../auth/password-policy';
import { useIsPhone } from '../../components/use-is-phone';
import { GrantFields, grantErrorPath, toGrantInput, type GrantFormValues } from './grant-fields';
import { useRoles, useUserMutations, type User } from './users-api';

interface CreateUserValues extends GrantFormValues {
  username: string;
  displayName: string;
  password: string;
}

export function CreateUserDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (user: User) => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<CreateUserValues>();
  const roles = useRoles();
  const { create } = useUserMutations();
  const { notifyError, notifySuccess } = useFeedback();


  const submit = (values: CreateUserValues) => {
    const grant = toGrantInput(values, roles.data ?? []);
    create.mutate(
      { username: values.username.trim(), displayName: values.displayName.trim(), password: values.password, grants: grant ? [grant] : [] },
      {
        onSuccess: (user) => {
          notifySuccess(t('user.created', { name: user.displayName }));
          onClose();
          onCreated(user);
        },
        onError: (error) => notifyError(error, form, grantErrorPath),
      },
    );
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('user.createTitle')}
      size={isPhone ? '100%' : 480}
      destroyOnHidden
      footer={
        <Flex justify="flex-end">
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={() => form.submit()} loading={create.isPending} data-testid="user-submit">
              {t('common.create')}
            </Button>
          </Space>
        </Flex>
      }
    >
      <Form<CreateUserValues> form={form} name="userCreate" layout="vertical" onFinish={submit}>
        <Form.Item
          name="username"
          label={t('user.username')}
          extra={t('user.usernameHelp')}
          rules={[{ required: true, message: t('user.usernameRequired') }, { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('user.usernameInvalid') }]}
        >
          <Input autoComplete="off" maxLength={32} data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true, message: t('user.displayNameRequired') }, { max: 40 }]}>
          <Input maxLength={40} data-testid="user-displayname" />
        </Form.Item>
        <PasswordPolicyHint />
        <Form.Item label={t('user.initialPassword')} required extra={t('user.initialPasswordHelp')}>
          <Space.Compact className="sz-w-full">
            <Form.Item name="password" noStyle rules={passwordRules(t)}>
              <Input.Password autoComplete="new-password" data-testid="user-password" />
            </Form.Item>
            <Button onClick={() => form.setFieldValue('password', generatePassword())} data-testid="user-generate-password">
              {t('user.generatePassword')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <GrantFields />
      </Form>
    </Drawer>
  );
}
