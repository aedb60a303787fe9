import { CrownOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Form, Input, List, Modal, Popconfirm, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { useIsPhone } from '../../components/use-is-phone';
import { useOrgAccountChanges, useOrgAccounts, type OrgAccounts, type OrgMember } from './orgs-api';

/** Adding a member: the phone a citizen registered with (no account is created here). */
function AddMemberDialog({ accounts, onClose }: { accounts: OrgAccounts; onClose: () => void }) {
  const t = useT();
  const { add } = useOrgAccountChanges(accounts.orgId);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ phone: string }>();
  const opening = accounts.members.length === 0;
  return (
    <Modal
      open
      title={opening ? t('org.accounts.open') : t('org.accounts.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={opening ? t('org.accounts.open') : t('org.accounts.add')}
      confirmLoading={add.isPending}
      okButtonProps={{ 'data-testid': 'org-member-add-confirm' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{opening ? t('org.accounts.openHint') : t('org.accounts.addHint')}</Typography.Paragraph>
      {add.isError ? <ErrorAlert error={add.error} className="sz-mb-12" testId="org-member-add-error" /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          add.mutate(
            { phone: values.phone.trim(), version: accounts.version },
            {
              onSuccess: () => {
                void message.success(t('org.accounts.added'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="phone" label={t('org.accounts.phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('org.accounts.phoneInvalid') }]}>
          <Input maxLength={11} inputMode="numeric" autoComplete="off" placeholder="13800000000" data-testid="org-member-phone" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One member's buttons: hand the contact role to them, or remove them (never the contact person). */
function MemberActions({ accounts, member }: { accounts: OrgAccounts; member: OrgMember }) {
  const t = useT();
  const { remove, transfer } = useOrgAccountChanges(accounts.orgId);
  const { message } = App.useApp();
  const fail = (error: unknown) => void message.error(problemMessage(error, t));
  if (member.isContact) return <Typography.Text type="secondary">{t('org.accounts.contactKept')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      {accounts.abilities.transferContact ? (
        <Popconfirm
          title={t('org.accounts.transferConfirm', { name: member.displayName })}
          description={t('org.accounts.transferHint')}
          onConfirm={() => transfer.mutateAsync({ userId: member.userId, version: accounts.version }).then(() => void message.success(t('org.accounts.transferred')), fail)}
          okButtonProps={{ 'data-testid': 'org-member-transfer-confirm' }}
        >
          <Button size="small" type="link" data-testid="org-member-transfer">
            {t('org.accounts.transfer')}
          </Button>
        </Popconfirm>
      ) : null}
      {accounts.abilities.remove ? (
        <Popconfirm
          title={t('org.accounts.removeConfirm', { name: member.displayName })}
          description={t('org.accounts.removeHint')}
          onConfirm={() => remove.mutateAsync({ userId: member.userId, version: accounts.version }).then(() => void message.success(t('org.accounts.removed')), fail)}
          okButtonProps={{ danger: true, 'data-testid': 'org-member-remove-confirm' }}
        >
          <Button size="small" type="link" danger data-testid="org-member-remove">
            {t('org.accounts.remove')}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  );
}

function RoleTag({ member }: { member: OrgMember }) {
  const t = useT();
  return member.isContact ? (
    <Tag color="gold" icon={<CrownOutlined />}>
      {t('org.accounts.contact')}
    </Tag>
  ) : (
    <Tag>{t('org.accounts.member')}</Tag>
  );
}

/**
 * An organization's accounts (组织账号): who acts for it and who its contact person is. The contact person and the
 * registration authority add members by phone, remove them and hand the contact role over; everyone else who may
 * see the org reads the list. The buttons follow the server's `abilities`.
 */
export function OrgAccountsTab({ id }: { id: string }) {
  const t = useT();
  const isPhone = useIsPhone();
  const accounts = useOrgAccounts(id);
  const [adding, setAdding] = useState(false);
  if (accounts.isPending) return <Spin className="sz-block sz-m-32" />;
  if (accounts.isError) return <ErrorAlert error={accounts.error} onRetry={accounts.refetch} />;
  const a = accounts.data;
  const manages = a.abilities.remove || a.abilities.transferContact;
  const addButton = a.abilities.add ? (
    <Button type={a.members.length === 0 ? 'primary' : 'default'} icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="org-member-add">
      {a.members.length === 0 ? t('org.accounts.open') : t('org.accounts.add')}
    </Button>
  ) : null;
  return (
    <div data-testid="org-accounts">
      <Flex justify="space-between" align="start" gap={12} wrap className="sz-mb-12">
        <Typography.Paragraph type="secondary" className="sz-mb-0" style={{ flex: '1 1 320px' }}>
          {t('org.accounts.hint')}
        </Typography.Paragraph>
        {a.members.length > 0 ? addButton : null}
      </Flex>
      {a.members.length === 0 ? (
        <Empty description={t('org.accounts.none')} data-testid="org-accounts-none">
          {addButton}
        </Empty>
      ) : isPhone ? (
        <List
          dataSource={a.members}
          renderItem={(m) => (
            <List.Item className="sz-block" data-testid="org-member-row">
              <Flex justify="space-between" gap={8} wrap align="center">
                <Typography.Text strong>{m.displayName}</Typography.Text>
                <RoleTag member={m} />
              </Flex>
              <Typography.Text type="secondary" className="sz-block">
                {m.phone ?? '—'} · <DateTimeText value={m.grantedAt} />
              </Typography.Text>
              {manages ? <MemberActions accounts={a} member={m} /> : null}
            </List.Item>
          )}
        />
      ) : (
        <Table<OrgMember>
          rowKey="userId"
          size="middle"
          pagination={false}
          dataSource={a.members}
          onRow={() => ({ 'data-testid': 'org-member-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('org.accounts.name'), dataIndex: 'displayName', render: (v: string, m) => (m.status === 'disabled' ? <Tooltip title={t('org.accounts.disabled')}><Typography.Text delete>{v}</Typography.Text></Tooltip> : v) },
            { title: t('org.accounts.phone'), dataIndex: 'phone', width: 150, render: (v: string | null) => v ?? '—' },
            { title: t('org.accounts.role'), key: 'role', width: 120, render: (_: unknown, m) => <RoleTag member={m} /> },
            { title: t('org.accounts.since'), dataIndex: 'grantedAt', width: 180, render: (v: string) => <DateTimeText value={v} /> },
            ...(manages ? [{ title: t('org.accounts.actions'), key: 'actions', width: 200, render: (_: unknown, m: OrgMember) => <MemberActions accounts={a} member={m} /> }] : []),
          ]}
        />
      )}
      {adding ? <AddMemberDialog accounts={a} onClose={() => setAdding(false)} /> : null}
    </div>
  );
}
