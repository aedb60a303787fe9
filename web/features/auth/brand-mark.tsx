import { brand } from '../../app/theme';
/** The product's mark: a tree of linked nodes (city → towns → communities), drawn inline so it needs no asset. */
export function BrandMark({ size = 40 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" role="img" aria-hidden="true">
      <rect width="48" height="48" rx="12" fill="white" fillOpacity="0.15" />
      <g stroke="white" strokeWidth="2.5" strokeLinecap="round">
        <line x1="24" y1="14" x2="13" y2="30" />
        <line x1="24" y1="14" x2="35" y2="30" />
        <line x1="13" y1="30" x2="35" y2="30" />
      </g>
      <circle cx="24" cy="14" r="5" fill={brand.accent} />
      <circle cx="13" cy="31" r="4.5" fill="white" />
      <circle cx="35" cy="31" r="4.5" fill="white" />
    </svg>
  );
}
