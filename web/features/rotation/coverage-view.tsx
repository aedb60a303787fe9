import { Card, Col, Empty, Row, Segmented, Select, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ROTATION_ROLES, type RotationRole } from '../../../contracts/workforce';
import { useT } from '../../app/i18n';
import { brand, coverageColors } from '../../app/theme';
import { Chart } from '../../components/chart';
import { ErrorAlert } from '../../components/error-alert';
import { useIsPhone } from '../../components/use-is-phone';
import { useLang } from '../workforce/worker-labels';
import { roleName, seasonName } from './rotation-labels';
import { useCoverage } from './rotation-api';

/** The share of roles covered as a colour: red (none) → amber → green (all). */
function shareColor(share: number): string {
  if (share >= 0.999) return coverageColors.full;
  if (share >= 0.75) return coverageColors.most;
  if (share >= 0.5) return coverageColors.half;
  if (share > 0) return coverageColors.some;
  return coverageColors.none;
}

/**
 * 覆盖情况: a tile per town coloured by how much of its communities' four roles a season covers, and a heatmap of one
 * town's communities × seasons (all roles: how many of the four are covered; one role: how many resources play it).
 */
export function CoverageView({ year }: { year: number }) {
  const t = useT();
  const lang = useLang();
  const phone = useIsPhone();
  const coverage = useCoverage(year);
  const [season, setSeason] = useState(1);
  const [townId, setTownId] = useState<string | null>(null);
  const [role, setRole] = useState<'all' | RotationRole>('all');
  const data = coverage.data;
  const town = townId ?? data?.towns[0]?.id ?? null;
  const option = useMemo(() => {
    if (!data || !town) return null;
    const rows = data.communities.filter((c) => c.townId === town);
    const seasons = [1, 2, 3, 4].map((s) => seasonName(s, lang));
    const values = rows.flatMap((c, y) => c.seasons.map((s, x) => [x, y, role === 'all' ? s.rolesCovered : s.byRole[role]]));
    const max = role === 'all' ? 4 : Math.max(1, ...values.map((v) => v[2]));
    return {
      tooltip: { formatter: (p: { value: number[] }) => `${rows[p.value[1]].name} · ${seasons[p.value[0]]}：${role === 'all' ? `${p.value[2]}/4 ${t('rotation.coverage.rolesCovered')}` : `${p.value[2]} ${t('rotation.coverage.resources')}`}` },
      grid: { left: phone ? 80 : 120, right: 16, top: 8, bottom: 56 },
      xAxis: { type: 'category', data: seasons, splitArea: { show: true } },
      yAxis: { type: 'category', data: rows.map((c) => c.name), inverse: true, axisLabel: { width: phone ? 72 : 110, overflow: 'truncate' } },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: [...coverageColors.scale] } },
      series: [{ type: 'heatmap', data: values, label: { show: true }, emphasis: { itemStyle: { borderColor: coverageColors.heatBorder, borderWidth: 1 } } }],
    };
  }, [data, town, role, lang, phone, t]);

  const pickers = data ? (
            <span style={{ display: 'inline-flex', gap: 8, flexWrap: 'wrap' }}>
              <Select size="small" style={{ width: 120 }} value={town ?? undefined} onChange={setTownId} options={data.towns.map((tw) => ({ value: tw.id, label: tw.name }))} aria-label={t('rotation.town')} />
              <Select size="small" style={{ width: 130 }} value={role} onChange={setRole} options={[{ value: 'all', label: t('rotation.coverage.allRoles') }, ...ROTATION_ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))]} aria-label={t('rotation.role')} />
            </span>
  ) : null;
  if (coverage.isPending) return <Skeleton active />;
  if (!data) return <ErrorAlert error={coverage.error} onRetry={coverage.refetch} />;
  if (data.communities.length === 0) return <Empty description={t('rotation.coverage.none')} />;
  const rows = data.communities.filter((c) => c.townId === town).length;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card
          size="small"
          title={t('rotation.coverage.tiles')}
          extra={<Segmented size="small" value={season} onChange={(v) => setSeason(Number(v))} options={[1, 2, 3, 4].map((s) => ({ value: s, label: `Q${s}` }))} />}
        >
          <div data-testid="rotation-tiles" style={{ display: 'grid', gridTemplateColumns: `repeat(${phone ? 3 : 4}, 1fr)`, gap: 6 }}>
            {data.towns.map((tw) => {
              const s = tw.seasons[season - 1];
              return (
                <button
                  key={tw.id}
                  type="button"
                  onClick={() => setTownId(tw.id)}
                  title={`${tw.name}：${s.fullyCovered}/${s.communities}`}
                  style={{ background: shareColor(s.share), border: tw.id === town ? `2px solid ${brand.primary}` : '1px solid var(--sz-border)', borderRadius: 6, padding: '8px 4px', cursor: 'pointer', minHeight: 56, color: s.share >= 0.999 ? 'white' : 'var(--sz-text-1)' }}
                >
                  <div style={{ fontSize: 13, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{tw.name}</div>
                  <div style={{ fontSize: 12 }}>{Math.round(s.share * 100)}%</div>
                </button>
              );
            })}
          </div>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
            {t('rotation.coverage.tilesHint')}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          size="small"
          title={t('rotation.coverage.heatmap')}
          extra={phone ? null : pickers}
        >
          {phone ? <div style={{ marginBottom: 8 }}>{pickers}</div> : null}
          {option ? <Chart option={option} height={Math.max(220, rows * 24 + 80)} testId="rotation-heatmap" /> : <Empty />}
        </Card>
      </Col>
    </Row>
  );
}
