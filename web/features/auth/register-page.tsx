import { ErrorAlert } from '../../components/error-alert';
import { LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import {  Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../app/api';
import { useLogin } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyProblemToForm } from '../../app/query';
import { BrandMark } from './brand-mark';
import { PasswordPolicyHint } from './password-policy';

interface Values {
  phone: string;
  displayName: string;
  password: string;
  confirm: string;
}

/** Applicants register themselves with a mobile number, then go straight to a new application. */
export function RegisterPage() {
  const t = useT();
  const navigate = useNavigate();
  const login = useLogin();
  const [form] = Form.useForm<Values>();
  const register = useMutation({ mutationFn: (v: Omit<Values, 'confirm'>) => api.post<{ userId: string }>('/applicants', v) });
  const submit = async (v: Values) => {
    try {
      await register.mutateAsync({ phone: v.phone.trim(), displayName: v.displayName.trim(), password: v.password });
      await login.mutateAsync({ username: v.phone.trim(), password: v.password });
      navigate('/applications/new', { replace: true });
    } catch (e) {
      applyProblemToForm(form, e);
    }
  };
  const error = register.error ?? login.error;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg, var(--sz-header) 0%, var(--sz-primary) 45%, var(--sz-page-bg) 45.1%)' }}>
      <div style={{ width: '100%', maxWidth: 420 }}>
        <div className="sz-on-dark sz-text-center sz-mb-16">
          <BrandMark size={44} />
          <Typography.Title level={3} className="sz-on-dark sz-m-0 sz-mt-8">
            {t('app.name')} · 申请人注册
          </Typography.Title>
          <div style={{ opacity: 0.85 }}>网上申办社会组织登记，最多跑一次</div>
        </div>
        <Card>
          {error ? <ErrorAlert error={error} className="sz-mb-16" testId="register-error" /> : null}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item name="phone" label="手机号码" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号码' }]}>
              <Input prefix={<MobileOutlined />} maxLength={11} autoComplete="tel" data-testid="register-phone" />
            </Form.Item>
            <Form.Item name="displayName" label="姓名" rules={[{ required: true, min: 2, message: '请填写姓名' }]}>
              <Input prefix={<UserOutlined />} maxLength={30} autoComplete="name" data-testid="register-name" />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请设置密码' }]} extra={<PasswordPolicyHint />}>
              <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="register-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label="确认密码"
              dependencies={['password']}
              rules={[{ required: true, message: '请再次输入密码' }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) })]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="register-confirm" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={register.isPending || login.isPending} data-testid="register-submit">
              注册并开始申请
            </Button>
          </Form>
          <Typography.Paragraph className="sz-mt-16 sz-text-center">
            已有账号？<Link to="/login">登录</Link>（可用手机号登录）
          </Typography.Paragraph>
        </Card>
      </div>
    </div>
  );
}
