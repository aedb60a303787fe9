import { IdcardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const WorkforcePage = lazy(() => import('./workforce-page').then((m) => ({ default: m.WorkforcePage })));
const WorkerImportPage = lazy(() => import('./worker-import-page').then((m) => ({ default: m.WorkerImportPage })));
const WorkerDetailPage = lazy(() => import('./worker-detail-page').then((m) => ({ default: m.WorkerDetailPage })));

export const workforceRoutes: AppRoute[] = [
  { path: '/workforce', labelKey: 'workforce.nav', icon: <IdcardOutlined />, permission: 'workforce.read', testId: 'menu-workforce', element: lazyPage(<WorkforcePage />) },
  { path: '/workforce/import', labelKey: 'workforce.nav', icon: null, permission: 'workforce.manage', hidden: true, testId: 'route-worker-import', element: lazyPage(<WorkerImportPage />) },
  { path: '/workforce/:id', labelKey: 'workforce.nav', icon: null, permission: 'workforce.read', hidden: true, testId: 'route-worker', element: lazyPage(<WorkerDetailPage />) },
];
