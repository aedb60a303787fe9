import { AccountBookOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const FundsPage = lazy(() => import('./funds-page').then((m) => ({ default: m.FundsPage })));

export const fundsRoutes: AppRoute[] = [
  { path: '/funds', labelKey: 'fund.nav', icon: <AccountBookOutlined />, permission: 'fund.read', testId: 'menu-funds', element: lazyPage(<FundsPage />) },
];
