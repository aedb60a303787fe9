import { TeamOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { UsersPage } from './users-page';

export const peopleRoutes: AppRoute[] = [
  { path: '/users', labelKey: 'nav.users', icon: <TeamOutlined />, permission: 'user.read', testId: 'menu-users', element: <UsersPage /> },
];
