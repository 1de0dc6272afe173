import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Card, Empty, Flex, Table, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PeriodFilter, usePeriod } from '../../components/PeriodFilter';
import { PactsDocument, ScorecardsDocument } from '../../graphql/pacts.generated';
import { ScrollRegion } from '../../components/ScrollRegion';
import { usePactTitle } from './PactBits';
import { ScorecardChart } from './ScorecardChart';
import { hours, MEASURES, scorecardRows, type Measure, type ScorecardRow } from './scorecard-logic';

/** How transfers fared per pact and per office, as charts and as tables with the same figures. */
export default function ScorecardsPage() {
  return (
    <>
      <ScorecardsPageContent />
    </>
  );
}

function ScorecardsPageContent() {
  const { t } = useTranslation();
  const session = useSession();
  const title = usePactTitle();
  const period = usePeriod();
  const { fromDate, toDate } = period;
  const result = useQuery(ScorecardsDocument, {
    variables: { ...(fromDate ? { fromDate } : {}), ...(toDate ? { toDate } : {}) },
  });
  const pacts = useQuery(PactsDocument, { fetchPolicy: 'cache-first' });
  const titles = useMemo(
    () => new Map((pacts.data?.agreements ?? []).map((p) => [p.code, title(p)])),
    [pacts.data, title],
  );
  const label = useCallback((m: Measure) => t(`pacts.scorecards.${m}`), [t]);
  const byPact = useMemo(
    () =>
      scorecardRows(result.data?.byPact ?? [], (k) =>
        k === null ? t('pacts.scorecards.defaultRules') : (titles.get(k) ?? k),
      ),
    [result.data, titles, t],
  );
  const byOrg = useMemo(
    () => scorecardRows(result.data?.byOrganization ?? [], (k) => (k === null ? '—' : session.orgName(k))),
    [result.data, session],
  );
  const pactAxis = useCallback((r: ScorecardRow) => r.id || t('pacts.scorecards.defaultRules'), [t]);
  const orgAxis = useCallback((r: ScorecardRow) => r.name, []);

  return (
    <Flex vertical gap={16}>
      <Link to="/pacts">
        <ArrowLeftOutlined /> {t('pacts.detail.back')}
      </Link>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('pacts.scorecards.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('pacts.scorecards.hint')}</Typography.Text>
      <PeriodFilter
        period={period}
        label={t('pacts.scorecards.period')}
        fromLabel={t('pacts.scorecards.from')}
        toLabel={t('pacts.scorecards.to')}
        idPrefix="scorecards"
      />
      <ErrorAlert error={result.error} />
      <ScorecardSection
        heading={t('pacts.scorecards.byPact')}
        keyTitle={t('pacts.scorecards.colPact')}
        rows={byPact}
        loading={result.loading}
        label={label}
        axisName={pactAxis}
        testId="pact"
        renderName={(r) =>
          r.id ? (
            <Flex vertical>
              <Link to={`/pacts/${r.id}`}>{r.name}</Link>
              <Typography.Text type="secondary">{r.id}</Typography.Text>
            </Flex>
          ) : (
            r.name
          )
        }
      />
      <ScorecardSection
        heading={t('pacts.scorecards.byOrganization')}
        keyTitle={t('pacts.scorecards.colOrganization')}
        rows={byOrg}
        loading={result.loading}
        label={label}
        axisName={orgAxis}
        testId="organization"
        renderName={(r) => r.name}
      />
    </Flex>
  );
}

function ScorecardSection(props: {
  heading: string;
  keyTitle: string;
  rows: readonly ScorecardRow[];
  loading: boolean;
  label: (m: Measure) => string;
  axisName: (r: ScorecardRow) => string;
  testId: string;
  renderName: (r: ScorecardRow) => React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={<h3 style={{ margin: 0, fontSize: 16 }}>{props.heading}</h3>}
      data-testid={`scorecards-${props.testId}`}
    >
      {props.rows.length === 0 && !props.loading ? (
        <Empty description={t('pacts.scorecards.none')} />
      ) : (
        <Flex vertical gap={16}>
          <ScorecardChart
            rows={props.rows}
            label={props.label}
            title={props.heading}
            axisName={props.axisName}
            testId={`scorecard-chart-${props.testId}`}
          />
          <ScrollRegion label={props.heading}>
            <Table<ScorecardRow>
              size="small"
              data-testid={`scorecard-table-${props.testId}`}
              rowKey="id"
              loading={props.loading}
              pagination={false}
              dataSource={[...props.rows]}
              columns={[
                { title: props.keyTitle, key: 'name', render: (_, r) => props.renderName(r) },
                ...MEASURES.map((m) => ({
                  title: props.label(m),
                  key: m,
                  align: 'right' as const,
                  render: (_: unknown, r: ScorecardRow) => r[m],
                })),
                {
                  title: t('pacts.scorecards.medianAck'),
                  key: 'ack',
                  align: 'right' as const,
                  render: (_: unknown, r: ScorecardRow) => hours(r.medianHoursToAcknowledge),
                },
                {
                  title: t('pacts.scorecards.medianDecide'),
                  key: 'decide',
                  align: 'right' as const,
                  render: (_: unknown, r: ScorecardRow) => hours(r.medianHoursToDecide),
                },
              ]}
            />
          </ScrollRegion>
        </Flex>
      )}
    </Card>
  );
}
