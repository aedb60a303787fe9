import { ProjectOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const ProjectsPage = lazy(() => import('./projects-page').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('./project-page').then((m) => ({ default: m.ProjectPage })));
const ProjectFormPage = lazy(() => import('./project-form-page').then((m) => ({ default: m.ProjectFormPage })));

export const projectsRoutes: AppRoute[] = [
  { path: '/projects', labelKey: 'project.nav', icon: <ProjectOutlined />, permission: 'project.read', testId: 'menu-projects', element: lazyPage(<ProjectsPage />) },
  { path: '/projects/new', labelKey: 'project.nav', icon: null, permission: 'project.propose', hidden: true, testId: 'route-project-new', element: lazyPage(<ProjectFormPage />) },
  { path: '/projects/:id/edit', labelKey: 'project.nav', icon: null, permission: 'project.propose', hidden: true, testId: 'route-project-edit', element: lazyPage(<ProjectFormPage />) },
  // No permission here: the provider's members (no project.read) open their project too; the server answers 404 to anyone else.
  { path: '/projects/:id', labelKey: 'project.nav', icon: null, hidden: true, testId: 'route-project', element: lazyPage(<ProjectPage />) },
];
