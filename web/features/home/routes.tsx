import { HomeOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { HomePage } from './home-page';

export const homeRoutes: AppRoute[] = [{ path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, testId: 'menu-home', element: <HomePage /> }];
