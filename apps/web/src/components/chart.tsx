import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { type ComposeOption, init, use as registerCharts } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useLanguage } from '../i18n';

registerCharts([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | MarkLineComponentOption
  | DataZoomComponentOption
>;

/**
 * An ECharts chart that follows its container's width. A canvas says nothing to a screen
 * reader, so the chart carries a sentence (`label`) and the page keeps the same figures in a
 * table beside it.
 */
export const Chart = ({
  option,
  label,
  height = 320,
  onPoint,
}: {
  option: ChartOption;
  label: string;
  height?: number;
  onPoint?: (dataIndex: number, seriesName: string) => void;
}) => {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const { language } = useLanguage();
  useEffect(() => {
    // Axis dates and the toolbox in the interface's language: a new chart when it changes.
    const chartOf = init(element.current!, undefined, {
      renderer: 'canvas',
      locale: language === 'en' ? 'EN' : 'ZH',
    });
    chart.current = chartOf;
    const resize = new ResizeObserver(() => chartOf.resize());
    resize.observe(element.current!);
    return () => {
      resize.disconnect();
      chartOf.dispose();
    };
  }, [language]);
  useEffect(() => {
    // A tooltip drawn on the canvas: as HTML it would need inline styles, which the page's CSP refuses.
    const tooltip = option.tooltip && { ...option.tooltip, renderMode: 'richText' as const };
    chart.current?.setOption({ ...option, ...(tooltip && { tooltip }) }, { notMerge: true });
  }, [option, language]);
  useEffect(() => {
    const chartOf = chart.current;
    if (!chartOf || !onPoint) return;
    const click = (event: { dataIndex: number; seriesName?: string }) =>
      onPoint(event.dataIndex, event.seriesName ?? '');
    chartOf.on('click', click);
    return () => {
      chartOf.off('click', click);
    };
  }, [onPoint, language]);
  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} />;
};
