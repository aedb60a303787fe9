import { SettingOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const CitiesPage = lazy(() => import('./cities-page').then((m) => ({ default: m.CitiesPage })));

export const citiesRoutes: AppRoute[] = [
  { path: '/cities', labelKey: 'city.nav', icon: <SettingOutlined />, permission: 'city.read', staffOnly: true, testId: 'menu-cities', element: lazyPage(<CitiesPage />) },
];
