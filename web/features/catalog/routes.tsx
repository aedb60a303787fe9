import { ProfileOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const CatalogPage = lazy(() => import('./catalog-page').then((m) => ({ default: m.CatalogPage })));

export const catalogRoutes: AppRoute[] = [
  { path: '/catalog', labelKey: 'catalog.nav', icon: <ProfileOutlined />, staffOnly: true, testId: 'menu-catalog', element: lazyPage(<CatalogPage />) },
];
