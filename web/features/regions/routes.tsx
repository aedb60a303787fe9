import { ApartmentOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { RegionsPage } from './regions-page';

export const regionsRoutes: AppRoute[] = [
  { path: '/regions', labelKey: 'nav.regions', icon: <ApartmentOutlined />, permission: 'region.read', staffOnly: true, testId: 'menu-regions', element: <RegionsPage /> },
];
