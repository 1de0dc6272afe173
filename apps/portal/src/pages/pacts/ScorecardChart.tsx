import { useMemo } from 'react';
import { BarChart } from '../../components/BarChart';
import { barSeries, chartSummary, type Measure, type ScorecardRow } from './scorecard-logic';

/** Colour-blind-safe (Okabe–Ito) colours, one per measure. */
const COLORS: Record<Measure, string> = {
  sent: '#0072B2',
  received: '#56B4E9',
  accepted: '#009E73',
  returned: '#E69F00',
  objected: '#CC79A7',
  overdue: '#D55E00',
};

/** Bars per row (pact or organization) and measure: the table's figures. */
export function ScorecardChart(props: {
  rows: readonly ScorecardRow[];
  label: (m: Measure) => string;
  title: string;
  /** The category axis label of a row (short: a code or a name). */
  axisName: (r: ScorecardRow) => string;
  testId: string;
}) {
  const { rows, label, axisName } = props;
  const categories = useMemo(() => rows.map(axisName), [rows, axisName]);
  const series = useMemo(
    () => barSeries(rows, label).map((s) => ({ name: s.name, data: s.data, color: COLORS[s.measure] })),
    [rows, label],
  );
  return (
    <BarChart
      categories={categories}
      series={series}
      label={`${props.title}: ${chartSummary(rows, label)}`}
      testId={props.testId}
    />
  );
}
