import { HomeOutlined, InboxOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { HomePage } from './home-page';
import { InboxPage } from './inbox-page';

export const homeRoutes: AppRoute[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, testId: 'menu-home', element: <HomePage /> },
  { path: '/inbox', labelKey: 'nav.inbox', icon: <InboxOutlined />, testId: 'menu-inbox', element: <InboxPage /> },
];
