import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { App, Button, Card, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { BarChart, type BarSeriesOf } from '../../components/BarChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PeriodFilter, usePeriod } from '../../components/PeriodFilter';
import { ScrollRegion } from '../../components/ScrollRegion';
import { StatisticsDocument, type MeetingKind } from '../../graphql/statistics.generated';
import { saveXlsx, type SheetTable } from '../../lib/xlsx';
import {
  consultationRows,
  meetingRows,
  officesInReach,
  PACT_MEASURES,
  pactRows,
  type ConsultationRow,
  type MeetingRow,
  type PactRow,
} from './statistics-logic';

/** Okabe–Ito colours (colour-blind-safe), taken in order by each chart's series. */
const PALETTE = ['#0072B2', '#009E73', '#E69F00', '#CC79A7', '#D55E00', '#56B4E9'];
/** Every meeting kind, as columns in this order (a kind added to the schema fails to compile here). */
const KIND_COLUMNS: Record<MeetingKind, true> = {
  HEADS_CONSULTATION: true,
  PROSECUTORS_JOINT: true,
  ISCO_CONSULTATION: true,
  PACT_LIAISON: true,
};
const KINDS = Object.keys(KIND_COLUMNS) as MeetingKind[];
const CONSULTATION_MEASURES = [
  'consultations',
  'casesConsulted',
  'meetingsHeld',
  'overdueFollowUps',
] as const;

/** One section: a heading, its chart and a table of the same figures. */
interface Section<R> {
  key: string;
  heading: string;
  /** The first column: what a row is. */
  nameTitle: string;
  name: (r: R) => string;
  renderName?: (r: R) => ReactNode;
  measures: { key: string; title: string; value: (r: R) => number; chart?: boolean }[];
  rows: readonly R[];
}

/**
 * The figures Shannan counts by hand, for one period: consultations per ISCO, joint meetings per host and kind
 * (meetings held, cases discussed), transfers per pact. Every office the person oversees has its row, with zeros
 * when nothing happened there; the three tables export as one Excel workbook.
 */
export default function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const period = usePeriod();
  const { fromDate, toDate } = period;
  const result = useQuery(StatisticsDocument, {
    variables: { ...(fromDate ? { fromDate } : {}), ...(toDate ? { toDate } : {}) },
  });
  const [exporting, setExporting] = useState(false);
  const own = session.me.organizationCode;
  const data = result.data;

  const sections = useMemo(() => {
    // No rows until the figures are in: an office's zero is a count, never a figure still loading.
    const codes = (kinds: string[]) =>
      data ? officesInReach(session.organizations, own, kinds).map((o) => o.code) : [];
    const english = i18n.language === 'en';
    const pactTitle = new Map(
      (data?.agreements ?? []).map((p) => [p.code, english && p.titleEn ? p.titleEn : p.titleZh]),
    );
    const inForce = (data?.agreements ?? []).filter((p) => p.status === 'IN_FORCE').map((p) => p.code);
    const consultations: Section<ConsultationRow> = {
      key: 'consultations',
      heading: t('statistics.consultations.heading'),
      nameTitle: t('statistics.consultations.office'),
      name: (r) => session.orgName(r.org),
      measures: CONSULTATION_MEASURES.map((m) => ({
        key: m,
        title: t(`statistics.consultations.${m}`),
        value: (r: ConsultationRow) => r[m],
        chart: m !== 'meetingsHeld',
      })),
      rows: consultationRows(data?.consultationStatistics ?? [], codes(['ISCO'])),
    };
    const meetings: Section<MeetingRow> = {
      key: 'meetings',
      heading: t('statistics.meetings.heading'),
      nameTitle: t('statistics.meetings.office'),
      name: (r) => session.orgName(r.org),
      measures: [
        ...KINDS.map((k) => ({
          key: k,
          title: t(`meetingKind.${k}`),
          value: (r: MeetingRow) => r.held[k] ?? 0,
          chart: true,
        })),
        { key: 'total', title: t('statistics.meetings.total'), value: (r: MeetingRow) => r.total },
        {
          key: 'casesDiscussed',
          title: t('statistics.meetings.casesDiscussed'),
          value: (r: MeetingRow) => r.casesDiscussed,
          chart: true,
        },
        {
          key: 'referred',
          title: t('statistics.meetings.referred'),
          value: (r: MeetingRow) => r.referredToCommittee,
        },
      ],
      rows: meetingRows(data?.meetingStatistics ?? [], codes(['PROCURATORATE', 'ISCO']), KINDS),
    };
    const pacts: Section<PactRow> = {
      key: 'pacts',
      heading: t('statistics.pacts.heading'),
      nameTitle: t('statistics.pacts.pact'),
      name: (r) => (r.pact ? (pactTitle.get(r.pact) ?? r.pact) : t('statistics.pacts.defaultRules')),
      renderName: (r) =>
        r.pact ? (
          <Link to={`/pacts/${r.pact}`} translate="no">
            {pactTitle.get(r.pact) ?? r.pact}
          </Link>
        ) : (
          t('statistics.pacts.defaultRules')
        ),
      measures: PACT_MEASURES.map((m) => ({
        key: m,
        title: t(`statistics.pacts.${m}`),
        value: (r: PactRow) => r[m],
        chart: true,
      })),
      rows: pactRows(data?.transferScorecards ?? [], inForce),
    };
    return [consultations, meetings, pacts] as const;
  }, [data, session, own, t, i18n.language]);

  const exportAll = async () => {
    setExporting(true);
    try {
      const [consultations, meetings, pacts] = sections;
      const tables = [toTable(consultations), toTable(meetings), toTable(pacts)];
      const span = [fromDate || '…', toDate || '…'].join('~');
      await saveXlsx(`${t('statistics.fileName')} ${span}.xlsx`, tables);
    } catch {
      void message.error(t('statistics.exportFailed'));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Flex wrap gap={12} align="center" justify="space-between">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('statistics.title')}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          disabled={!data}
          onClick={() => void exportAll()}
          data-testid="statistics-export"
        >
          {t('statistics.export')}
        </Button>
      </Flex>
      <Typography.Text type="secondary">{t('statistics.hint')}</Typography.Text>
      <PeriodFilter
        period={period}
        label={t('statistics.period')}
        fromLabel={t('statistics.from')}
        toLabel={t('statistics.to')}
        idPrefix="statistics"
      />
      <ErrorAlert error={result.error} />
      <FigureSection section={sections[0]} loading={result.loading} />
      <FigureSection section={sections[1]} loading={result.loading} />
      <FigureSection section={sections[2]} loading={result.loading} />
      <Link to="/pacts/scorecards">{t('statistics.pacts.all')}</Link>
    </Flex>
  );
}

/** A section as a worksheet: the same columns and figures as its table. */
function toTable<R>(s: Section<R>): SheetTable {
  return {
    name: s.heading,
    header: [s.nameTitle, ...s.measures.map((m) => m.title)],
    rows: s.rows.map((r) => [s.name(r), ...s.measures.map((m) => m.value(r))]),
  };
}

function FigureSection<R>(props: { section: Section<R>; loading: boolean }) {
  const { section: s } = props;
  // The chart draws the offices with something to show; the table lists every one, zeros included.
  const { categories, series } = useMemo(() => {
    const charted = s.measures.filter((m) => m.chart);
    const active = s.rows.filter((r) => charted.some((m) => m.value(r) > 0));
    return {
      categories: active.map(s.name),
      series: charted.map<BarSeriesOf>((m, i) => ({
        name: m.title,
        data: active.map(m.value),
        color: PALETTE[i % PALETTE.length]!,
      })),
    };
  }, [s]);
  const summary = s.rows
    .map((r) => `${s.name(r)}: ${s.measures.map((m) => `${m.title} ${m.value(r)}`).join(', ')}`)
    .join('; ');
  const columns: ColumnsType<R> = [
    {
      title: s.nameTitle,
      key: 'name',
      render: (_, r) => (s.renderName ? s.renderName(r) : s.name(r)),
    },
    ...s.measures.map((m) => ({
      title: m.title,
      key: m.key,
      align: 'right' as const,
      render: (_: unknown, r: R) => m.value(r),
    })),
  ];
  return (
    <Card
      size="small"
      title={<h3 style={{ margin: 0, fontSize: 16 }}>{s.heading}</h3>}
      data-testid={`statistics-${s.key}`}
    >
      <Flex vertical gap={16}>
        {categories.length > 0 && (
          <BarChart
            categories={categories}
            series={series}
            label={`${s.heading}: ${summary}`}
            testId={`statistics-chart-${s.key}`}
          />
        )}
        <ScrollRegion label={s.heading}>
          <Table<R>
            size="small"
            rowKey={(r) => s.name(r)}
            loading={props.loading}
            pagination={false}
            dataSource={[...s.rows]}
            columns={columns}
            data-testid={`statistics-table-${s.key}`}
          />
        </ScrollRegion>
      </Flex>
    </Card>
  );
}
