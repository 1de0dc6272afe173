import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what these charts draw: bars, a grid, tooltip and legend, drawn as SVG (tree-shaken; loads with the pages
// that chart something).
echarts.use([Bars, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface BarSeriesOf {
  readonly name: string;
  readonly data: readonly number[];
  readonly color: string;
}

/**
 * Horizontal bars, one group per category (a pact, an office) and one bar per series. The figures are a
 * table's on the same page; to assistive technology the chart is an image labelled with them in words.
 */
export function BarChart(props: {
  categories: readonly string[];
  series: readonly BarSeriesOf[];
  /** The accessible label: the title and the same figures in words. */
  label: string;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { categories, series } = props;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.getInstanceByDom(el);
    if (!chart) return;
    chart.setOption(
      {
        aria: { enabled: false },
        animation: false,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          data: [...categories],
          inverse: true,
          axisLabel: { width: 110, overflow: 'truncate' },
        },
        series: series.map((s) => ({
          type: 'bar',
          name: s.name,
          data: [...s.data],
          itemStyle: { color: s.color },
        })),
      },
      true,
    );
    chart.resize();
  }, [categories, series]);
  const height = Math.max(200, 80 + categories.length * (20 + 12 * series.length));
  return (
    <div
      ref={ref}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      style={{ width: '100%', height }}
    />
  );
}
