import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { createBrowserRouter, Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { FullPageSpin, LoadFailed, useCan, useMe, type Permission } from './auth';
import { AppLayout } from './layout';
import { useT } from './i18n';
import { collectAppRoutes, collectPublicRoutes } from './routes';
import { ChangePasswordPage } from '../features/auth/change-password-page';

/**
 * The gate of every signed-in page: no session → /login?next=…; a password that must change → only the
 * change-password page, whatever the URL.
 */
function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, isError, refetch } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (isError) return <LoadFailed onRetry={() => void refetch()} />;
  if (!me) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword) return <ChangePasswordPage forced />;
  return <>{children}</>;
}

function RequirePermission({ permission, anyOf, children }: { permission?: Permission; anyOf?: Permission[]; children: ReactNode }) {
  const can = useCan();
  const t = useT();
  if ((permission && !can(permission)) || (anyOf && !anyOf.some((p) => can(p)))) {
    return (
      <Result
        status="403"
        title={t('error.forbiddenTitle')}
        subTitle={t('error.forbiddenPage')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}

function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('error.pageNotFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

function SignedInShell() {
  return (
    <RequireAuth>
      <AppLayout>
        <Outlet />
      </AppLayout>
    </RequireAuth>
  );
}

export const router = createBrowserRouter([
  ...collectPublicRoutes(),
  {
    element: <SignedInShell />,
    children: [
      ...collectAppRoutes().map((route) => ({
        path: route.path,
        element: (
          <RequirePermission permission={route.permission} anyOf={route.anyOf}>
            {route.element}
          </RequirePermission>
        ),
      })),
      { path: '/account/password', element: <ChangePasswordPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
