import { Tag } from 'antd';
import { useT, type MessageKey } from '../../app/i18n';
import { useRegion, type Region, type RegionKind } from './regions-api';

/** Kind → label and Tag colour: the one place a region's kind gets its look. */
export const KIND_TAG: Record<RegionKind, { label: MessageKey; color: string }> = {
  province: { label: 'region.kind.province', color: 'red' },
  prefecture: { label: 'region.kind.prefecture', color: 'volcano' },
  city: { label: 'region.kind.city', color: 'magenta' },
  town: { label: 'region.kind.town', color: 'blue' },
  subdistrict: { label: 'region.kind.subdistrict', color: 'geekblue' },
  village: { label: 'region.kind.village', color: 'green' },
  community: { label: 'region.kind.community', color: 'cyan' },
  grid: { label: 'region.kind.grid', color: 'default' },
};

export function KindTag({ kind }: { kind: RegionKind }) {
  const t = useT();
  const look = KIND_TAG[kind];
  return (
    <Tag color={look.color}>
      {t(look.label)}
    </Tag>
  );
}

export function RetiredTag() {
  const t = useT();
  return <Tag>{t('region.retired')}</Tag>;
}

/** A region as a one-line title: name, kind tag, and "已撤销" when retired (greyed). */
export function RegionTitle({ region }: { region: Pick<Region, 'name' | 'kind' | 'retiredAt'> }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }} className={region.retiredAt ? 'sz-retired' : undefined}>
      <span>{region.name}</span>
      <KindTag kind={region.kind} />
      {region.retiredAt ? <RetiredTag /> : null}
    </span>
  );
}

/** A region id shown as its name (the id itself when the region is out of the user's sight). */
export function RegionName({ id }: { id: string }) {
  const region = useRegion(id);
  if (region.data) return <>{region.data.name}</>;
  return <span title={id}>{region.isPending ? '…' : id.slice(0, 8)}</span>;
}

/** For ChangesTable: show `parentId` values as region names. */
export function renderRegionChange(field: string, value: unknown) {
  return field === 'parentId' && typeof value === 'string' ? <RegionName id={value} /> : undefined;
}
