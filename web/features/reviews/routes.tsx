import { SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const ReviewsPage = lazy(() => import('./reviews-page').then((m) => ({ default: m.ReviewsPage })));
const ReviewPage = lazy(() => import('./review-page').then((m) => ({ default: m.ReviewPage })));

export const reviewsRoutes: AppRoute[] = [
  { path: '/reviews', labelKey: 'review.nav', icon: <SolutionOutlined />, permission: 'bid.score', roles: ['evaluator'], testId: 'menu-reviews', element: lazyPage(<ReviewsPage />) },
  { path: '/reviews/:projectId', labelKey: 'review.nav', icon: null, permission: 'bid.score', roles: ['evaluator'], hidden: true, testId: 'route-review', element: lazyPage(<ReviewPage />) },
];
