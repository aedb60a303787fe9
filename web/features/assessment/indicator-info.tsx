import { Collapse, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../app/i18n';
import { DateTimeText } from '../../components/date-text';
import { pts, SourceTag } from './assessment-labels';
import type { SheetIndicator } from './assessment-api';

/** An indicator's dimensions in order, with its indicators: sheets show them grouped. */
export function byDimension<X extends { dimensionCode: string; dimensionName: string }>(indicators: readonly X[]): { code: string; name: string; indicators: X[] }[] {
  const groups = new Map<string, { code: string; name: string; indicators: X[] }>();
  for (const x of indicators) {
    const g = groups.get(x.dimensionCode) ?? { code: x.dimensionCode, name: x.dimensionName, indicators: [] };
    g.indicators.push(x);
    groups.set(x.dimensionCode, g);
  }
  return [...groups.values()];
}

/** What a sheet shows of one indicator: its title line, the guide and levels (folded), the self score, the platform's figure, the evidence. */
export function IndicatorInfo({ x, showSelf = true, children }: { x: SheetIndicator; showSelf?: boolean; children?: ReactNode }) {
  const t = useT();
  const hasGuide = !!x.guide || x.levels.length > 0 || !!x.evidenceAsked;
  return (
    <>
      <Flex justify="space-between" align="baseline" gap={8} wrap>
        <Typography.Text strong className="sz-min-w-0">
          {x.code} {x.name}
        </Typography.Text>
        <Flex gap={4} align="center">
          <SourceTag source={x.source} />
          <Typography.Text className="sz-nowrap">{t('assess.maxN', { n: pts(x.maxPoints) })}</Typography.Text>
        </Flex>
      </Flex>
      {hasGuide ? (
        <Collapse
          ghost
          size="small"
          className="sz-mb-4"
          items={[
            {
              key: 'guide',
              label: <Typography.Text type="secondary">{t('assess.guideAndLevels')}</Typography.Text>,
              children: (
                <>
                  {x.guide ? <Typography.Paragraph className="sz-pre-wrap sz-mb-4 sz-text-md">{x.guide}</Typography.Paragraph> : null}
                  {x.levels.length ? (
                    <ul className="sz-ps-18 sz-mb-4">
                      {x.levels.map((l) => (
                        <li key={l.name} className="sz-text-sm">
                          <strong>
                            {l.name}（{pts(l.minPoints)}–{pts(l.maxPoints)}）
                          </strong>
                          {l.description ? `：${l.description}` : ''}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {x.evidenceAsked ? (
                    <Typography.Text type="secondary" className="sz-block sz-text-sm">
                      {t('assess.evidenceAsked')}：{x.evidenceAsked}
                    </Typography.Text>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      ) : null}
      {showSelf && x.self ? (
        <Typography.Text className="sz-block sz-text-sm" data-testid="indicator-self">
          {t('assess.selfScore')}：<strong>{pts(x.self.points)}</strong>
          {x.self.note ? `（${x.self.note}）` : ''}
        </Typography.Text>
      ) : null}
      {x.computed ? (
        <Typography.Text className="sz-block sz-text-sm" data-testid="indicator-computed">
          {t('assess.computedFigure')}：{x.computed.figure}
          {x.computed.points !== null ? ` → ${pts(x.computed.points)}` : ''}
          {x.computed.sample !== null ? ` · ${t('assess.sample', { n: x.computed.sample })}` : ''}
          <Typography.Text type="secondary" className="sz-text-sm">
            {' · '}
            <DateTimeText value={x.computed.computedAt} />
          </Typography.Text>
        </Typography.Text>
      ) : null}
      {x.evidence.length ? (
        <Flex gap={4} wrap className="sz-text-sm sz-mt-4">
          <Typography.Text type="secondary" className="sz-text-sm">
            {t('assess.evidence')}：
          </Typography.Text>
          {x.evidence.map((f) => (
            <a key={f.id} href={f.url} target="_blank" rel="noreferrer" data-testid="evidence-link">
              {f.name}
            </a>
          ))}
        </Flex>
      ) : null}
      {children}
    </>
  );
}
