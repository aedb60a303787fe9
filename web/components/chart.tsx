import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only what the pages draw, so the bundle stays small.
echarts.use([BarChart, HeatmapChart, LineChart, PieChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** What ECharts passes to a click on a bar, a slice or a point. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  name: string;
  data: unknown;
}

/** An ECharts chart that follows its container's width (phones included); `onClick` makes its bars and slices links. */
export function Chart({ option, height = 280, testId, onClick }: { option: EChartsCoreOption; height?: number; testId?: string; onClick?: (params: ChartClick) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clicked = useRef(onClick);
  clicked.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current.on('click', (params) => clicked.current?.(params as unknown as ChartClick));
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
