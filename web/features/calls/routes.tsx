import { NotificationOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const CallsPage = lazy(() => import('./calls-page').then((m) => ({ default: m.CallsPage })));
const BidPage = lazy(() => import('./bid-page').then((m) => ({ default: m.BidPage })));

export const callsRoutes: AppRoute[] = [
  { path: '/calls', labelKey: 'call.nav', icon: <NotificationOutlined />, permission: 'project.bid', roles: ['orgMember'], testId: 'menu-calls', element: lazyPage(<CallsPage />) },
  { path: '/calls/:projectId/bid', labelKey: 'call.nav', icon: null, permission: 'project.bid', roles: ['orgMember'], hidden: true, testId: 'route-bid', element: lazyPage(<BidPage />) },
];
