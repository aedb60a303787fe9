/** What other features may use from regions. */
export { RegionTreeSelect } from './region-tree-select';
export { KindTag, RegionName, RegionTitle, renderRegionChange } from './region-labels';
export type { Region, RegionLevel } from './regions-api';
export { useRegionsAtLevel } from './regions-api';
