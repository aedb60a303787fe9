import type { PublicRoute } from '../../app/app-route';
import { DirectoryPage } from './directory-page';
import { VerifyPage } from './verify-page';
import { OpenProjectsPage } from './open-projects-page';
import { OpenProjectPage } from './open-project-page';
import { OpenCallsPage } from './open-calls-page';
import { OpenMeetingsPage } from './open-meetings-page';

export const portalPublicRoutes: PublicRoute[] = [
  { path: '/directory', element: <DirectoryPage /> },
  { path: '/verify', element: <VerifyPage /> },
  { path: '/verify/:token', element: <VerifyPage /> },
  { path: '/open/projects', element: <OpenProjectsPage /> },
  { path: '/open/projects/:id', element: <OpenProjectPage /> },
  { path: '/open/calls', element: <OpenCallsPage /> },
  { path: '/open/meetings', element: <OpenMeetingsPage /> },
];
