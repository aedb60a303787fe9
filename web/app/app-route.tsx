import { Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import type { Permission } from './auth';
import type { Role } from '../../contracts/roles';
import type { MessageKey } from './i18n';

/** One entry per page in the side menu: its path, menu label, icon, and the permission that shows it. */
export interface AppRoute {
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  permission?: Permission;
  /** Any one of these permissions shows the page (for pages several roles share). */
  anyOf?: Permission[];
  /**
   * Only for holders of one of these roles: a page that is one role's work (an expert's reviews, an org's bids) is
   * not in the menu of others whose broad grants happen to include its permission.
   */
  roles?: readonly Role[];
  /** Hidden from whoever holds this permission (a page for one role that others' broader grants would also open). */
  unless?: Permission;
  /** Routes reached from inside pages, not from the menu. */
  hidden?: boolean;
  /** Reference pages for staff: not in the menu of applicants and org members, who hold the read permission only to fill forms. */
  staffOnly?: boolean;
  testId: string;
  element: ReactNode;
}

/** A page outside the signed-in shell (login, registration, the public portal): no menu, no permission. */
export interface PublicRoute {
  path: string;
  element: ReactNode;
}

/** The element of a page loaded with `lazy()`: a spinner until its chunk arrives. */
export const lazyPage = (page: ReactNode) => <Suspense fallback={<Spin className="sz-block sz-m-48" />}>{page}</Suspense>;
