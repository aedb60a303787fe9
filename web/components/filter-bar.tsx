import type { ReactNode } from 'react';

/**
 * The row of filters above a list (search box, selects, a switch): wraps on a narrow screen, with the same gap and
 * space below on every page. Its controls take a standard width (global.css `.sz-filter-bar`): 160 px, or
 * `filterWidth.wide` (a search box), `filterWidth.narrow` (a year), `filterWidth.auto` (a switch with its label, a
 * reset link); on a phone they share the row and a wide one takes it whole. `extra` sits at the row's end.
 */
export function FilterBar({ children, extra, className, testId }: { children: ReactNode; extra?: ReactNode; className?: string; testId?: string }) {
  return (
    <div className={className ? `sz-filter-bar ${className}` : 'sz-filter-bar'} data-testid={testId}>
      {children}
      {extra ? <div className="sz-filter-auto sz-ms-auto">{extra}</div> : null}
    </div>
  );
}

/** A control's width in the filter bar, as its className. */
export const filterWidth = { wide: 'sz-filter-wide', narrow: 'sz-filter-narrow', auto: 'sz-filter-auto' } as const;
