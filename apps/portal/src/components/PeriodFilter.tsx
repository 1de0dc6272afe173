import { Flex, Input } from 'antd';
import { useSearchParams } from 'react-router';

/**
 * A period kept in the address (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, either end open): the figures pages' filter,
 * so a period can be bookmarked and sent on.
 */
export function usePeriod() {
  const [params, setParams] = useSearchParams();
  const set = (name: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return { fromDate: params.get('from') ?? '', toDate: params.get('to') ?? '', set };
}

/** Two date fields, each labelled, as a search landmark named by `label`. */
export function PeriodFilter(props: {
  period: ReturnType<typeof usePeriod>;
  label: string;
  fromLabel: string;
  toLabel: string;
  idPrefix: string;
}) {
  const { period } = props;
  const field = (name: 'from' | 'to', label: string, value: string) => (
    <Flex align="center" gap={4}>
      <label htmlFor={`${props.idPrefix}-${name}`}>{label}</label>
      <Input
        id={`${props.idPrefix}-${name}`}
        type="date"
        style={{ width: 170 }}
        value={value}
        onChange={(e) => period.set(name, e.target.value)}
      />
    </Flex>
  );
  return (
    <Flex wrap gap={12} role="search" aria-label={props.label}>
      {field('from', props.fromLabel, period.fromDate)}
      {field('to', props.toLabel, period.toDate)}
    </Flex>
  );
}
