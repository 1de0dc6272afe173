import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Grid,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TAG } from '../../components/colors';
import {
  RecordsAuditEntriesDocument,
  RecordsAuditVerificationDocument,
  type RecordsAuditAuditEntry,
  type RecordsAuditFilterInput,
  type RecordsAuditOutcome,
} from './audit-types';
import { toCsv } from '../../lib/csv';
import {
  OUTCOME_FILTERS,
  askedQuery,
  beijingTime,
  outcomeKey,
  periodInstants,
  type OutcomeFilter,
} from './audit-logic';
import { saveBlob } from '../../lib/save-file';

const PAGE = 50;
const EXPORT_MAX = 10_000;

/** The filters the address keeps: ?from=2026-12-01&to=2026-12-31&actor=…&org=proc-540522&outcome=DENIED_HOLDER. */
function filterOf(params: URLSearchParams): RecordsAuditFilterInput {
  const outcome = params.get('outcome');
  return {
    ...periodInstants(params.get('from'), params.get('to')),
    ...(params.get('actor') ? { actor: params.get('actor')! } : {}),
    ...(params.get('org') ? { actorOrg: params.get('org')! } : {}),
    ...(outcome && (OUTCOME_FILTERS as readonly string[]).includes(outcome)
      ? { outcome: outcome as RecordsAuditOutcome }
      : {}),
  };
}

const outcomeColor = (outcome: string) =>
  outcome === 'ok'
    ? TAG.green
    : outcome.startsWith('denied')
      ? TAG.red
      : outcome === 'no-match' || outcome === 'not-found'
        ? TAG.grey
        : TAG.orange;

/**
 * The records auditor's view: the hash chain's verification with its last signed checkpoint (or the head, when
 * none has been published), and the lookup audit trail with filters, paging and a CSV export.
 */
export default function RecordsAuditPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { message } = App.useApp();
  const client = useApolloClient();
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  // The cursors of the pages before this one, newest first: [] on the first page.
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors[cursors.length - 1];
  const entries = useQuery(RecordsAuditEntriesDocument, {
    variables: { filter, first: PAGE, ...(before ? { before } : {}) },
    fetchPolicy: 'network-only',
  });
  const verification = useQuery(RecordsAuditVerificationDocument, { fetchPolicy: 'network-only' });
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>();
  const [form] = Form.useForm();

  const purposeLabel = (code: string | null) =>
    code ? t(`records.purpose.${code}`, { defaultValue: code }) : t('records.audit.notGiven');
  const askedText = (e: RecordsAuditAuditEntry) => {
    const q = askedQuery(e.query);
    if (q.kind === 'citizen-id') return t('records.audit.askedCitizenId', { id: q.citizenId });
    if (q.kind === 'name')
      return [
        t('records.audit.askedName', { name: q.name }),
        ...(q.birthDate ? [t('records.audit.askedBirthDate', { date: q.birthDate })] : []),
      ].join('，');
    if (q.kind === 'detail') return t('records.audit.askedDetail', { id: q.personId });
    return q.text;
  };
  const outcomeText = (o: string) => t(`records.audit.outcomes.${outcomeKey(o)}`, { defaultValue: o });

  const apply = (values: {
    from?: string;
    to?: string;
    actor?: string;
    org?: string;
    outcome?: OutcomeFilter;
  }) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v.trim()) next.set(k, v.trim());
    setCursors([]);
    setParams(next, { replace: true });
  };

  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      const rows: RecordsAuditAuditEntry[] = [];
      let cursor: string | null | undefined;
      do {
        const { data } = await client.query({
          query: RecordsAuditEntriesDocument,
          variables: { filter, first: 200, ...(cursor ? { before: cursor } : {}) },
          fetchPolicy: 'no-cache',
        });
        if (!data) break;
        rows.push(...data.recordsAuditEntries.entries);
        cursor = data.recordsAuditEntries.nextBefore;
      } while (cursor && rows.length < EXPORT_MAX);
      const csv = toCsv(
        [
          t('records.audit.seq'),
          t('records.audit.at'),
          t('records.audit.who'),
          t('records.audit.organization'),
          t('records.audit.asked'),
          t('records.audit.purpose'),
          t('records.audit.caseNumber'),
          t('records.audit.justification'),
          t('records.audit.result'),
          'id',
          'actorOrg',
          'query',
          'purposeCode',
          'outcome',
          'resultIds',
        ],
        rows
          .slice(0, EXPORT_MAX)
          .map((e) => [
            e.seq,
            beijingTime(e.at),
            e.actor,
            session.orgName(e.actorOrg),
            askedText(e),
            purposeLabel(e.purposeCode),
            e.caseNumber,
            e.justification,
            outcomeText(e.outcome),
            e.id,
            e.actorOrg,
            e.query,
            e.purposeCode,
            e.outcome,
            e.resultIds.join(' '),
          ]),
      );
      saveBlob(
        new Blob([csv], { type: 'text/csv;charset=utf-8' }),
        `records-audit-${new Date().toISOString().slice(0, 10)}.csv`,
      );
      void message.success(t('records.audit.exported', { count: Math.min(rows.length, EXPORT_MAX) }));
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };

  // While another filter or page loads, the rows shown stay those of the last answer (marked busy), not an empty table.
  const page = (entries.data ?? entries.previousData)?.recordsAuditEntries;
  const v = verification.data?.recordsAuditVerification;
  const cell = (text: string | null, testId?: string) =>
    text ? (
      <span translate="no" data-testid={testId}>
        {text}
      </span>
    ) : (
      <Typography.Text type="secondary">{t('records.audit.notGiven')}</Typography.Text>
    );
  const columns = [
    { title: t('records.audit.seq'), dataIndex: 'seq', key: 'seq', width: 70 },
    {
      title: t('records.audit.at'),
      key: 'at',
      render: (_: unknown, e: RecordsAuditAuditEntry) => beijingTime(e.at),
    },
    {
      title: t('records.audit.who'),
      key: 'who',
      render: (_: unknown, e: RecordsAuditAuditEntry) => cell(e.actor),
    },
    {
      title: t('records.audit.organization'),
      key: 'org',
      render: (_: unknown, e: RecordsAuditAuditEntry) => session.orgName(e.actorOrg),
    },
    {
      title: t('records.audit.asked'),
      key: 'asked',
      render: (_: unknown, e: RecordsAuditAuditEntry) => (
        <span>
          {t(`records.audit.action.${e.action}`, { defaultValue: e.action })}:{' '}
          <span translate="no">{askedText(e)}</span>
        </span>
      ),
    },
    {
      title: t('records.audit.purpose'),
      key: 'purpose',
      render: (_: unknown, e: RecordsAuditAuditEntry) => (
        <Space direction="vertical" size={0}>
          <span>{purposeLabel(e.purposeCode)}</span>
          <span>
            {t('records.audit.caseNumber')}: {cell(e.caseNumber)}
          </span>
          <span>
            {t('records.audit.justification')}: {cell(e.justification)}
          </span>
        </Space>
      ),
    },
    {
      title: t('records.audit.result'),
      key: 'outcome',
      render: (_: unknown, e: RecordsAuditAuditEntry) => (
        <Space direction="vertical" size={2}>
          <Tag color={outcomeColor(e.outcome)} data-outcome={e.outcome}>
            {outcomeText(e.outcome)}
          </Tag>
          {e.resultIds.length > 0 && (
            <Typography.Text type="secondary">
              {t('records.audit.returned', { count: e.resultIds.length })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('records.audit.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('records.audit.intro')}</Typography.Paragraph>

      <Card
        size="small"
        title={
          <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
            {t('records.audit.verification')}
          </Typography.Title>
        }
        extra={
          <Button
            icon={<ReloadOutlined />}
            loading={verification.loading}
            onClick={() => void verification.refetch()}
          >
            {t('records.audit.verify')}
          </Button>
        }
        data-testid="audit-verification"
      >
        <ErrorAlert error={verification.error} />
        {v && (
          <Flex vertical gap={12}>
            {v.ok ? (
              <Alert
                type="success"
                showIcon
                data-testid="chain-ok"
                title={t('records.audit.intact', { entries: v.entries })}
              />
            ) : (
              <Alert
                type="error"
                showIcon
                data-testid="chain-broken"
                title={t('records.audit.broken', {
                  seq: v.firstBroken?.seq ?? '?',
                  reason: v.firstBroken?.reason ?? '',
                })}
                description={v.firstBroken?.id ? <span translate="no">{v.firstBroken.id}</span> : undefined}
              />
            )}
            {v.lastCheckpoint ? (
              <Descriptions
                size="small"
                bordered
                column={1}
                title={t('records.audit.checkpoint')}
                data-testid="last-checkpoint"
              >
                <Descriptions.Item label={t('records.audit.checkpointSeq')}>
                  {v.lastCheckpoint.seq}
                </Descriptions.Item>
                <Descriptions.Item label={t('records.audit.checkpointAt')}>
                  {v.lastCheckpoint.signedAt ? beijingTime(v.lastCheckpoint.signedAt) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('records.audit.checkpointHash')}>
                  <Typography.Text code translate="no" style={{ wordBreak: 'break-all' }}>
                    {v.lastCheckpoint.hash}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('records.audit.checkpointKey')}>
                  <span translate="no">{v.lastCheckpoint.keyId}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('records.audit.result')}>
                  <Flex wrap gap={4}>
                    <Tag color={v.lastCheckpoint.signatureValid ? TAG.green : TAG.red}>
                      {t(
                        v.lastCheckpoint.signatureValid
                          ? 'records.audit.signatureValid'
                          : 'records.audit.signatureInvalid',
                      )}
                    </Tag>
                    <Tag color={v.lastCheckpoint.matchesChain ? TAG.green : TAG.red}>
                      {t(
                        v.lastCheckpoint.matchesChain
                          ? 'records.audit.matchesChain'
                          : 'records.audit.differsFromChain',
                      )}
                    </Tag>
                  </Flex>
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Alert
                type="warning"
                showIcon
                data-testid="no-checkpoint"
                title={t('records.audit.noCheckpoint')}
              />
            )}
            <Descriptions size="small" bordered column={1} title={t('records.audit.head')}>
              <Descriptions.Item label={t('records.audit.headSeq')}>{v.headSeq}</Descriptions.Item>
              <Descriptions.Item label={t('records.audit.headHash')}>
                <Typography.Text code translate="no" style={{ wordBreak: 'break-all' }}>
                  {v.headHash}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            {v.lastCheckpoint && v.headSeq > v.lastCheckpoint.seq && (
              <Typography.Text type="secondary">
                {t('records.audit.afterCheckpoint', { count: v.headSeq - v.lastCheckpoint.seq })}
              </Typography.Text>
            )}
          </Flex>
        )}
      </Card>

      <Card
        size="small"
        title={
          <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
            {t('records.audit.filters')}
          </Typography.Title>
        }
      >
        <Form
          form={form}
          layout={narrow ? 'vertical' : 'inline'}
          initialValues={{
            from: params.get('from') ?? '',
            to: params.get('to') ?? '',
            actor: params.get('actor') ?? '',
            org: params.get('org') ?? '',
            outcome: params.get('outcome') ?? undefined,
          }}
          onFinish={apply}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="from" label={t('records.audit.from')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="to" label={t('records.audit.to')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="actor" label={t('records.audit.actor')}>
            <Input translate="no" autoComplete="off" style={{ minWidth: 160 }} />
          </Form.Item>
          <Form.Item name="org" label={t('records.audit.actorOrg')}>
            <Input translate="no" autoComplete="off" placeholder="proc-540522" style={{ minWidth: 140 }} />
          </Form.Item>
          <Form.Item name="outcome" label={t('records.audit.outcome')}>
            <Select
              allowClear
              placeholder={t('records.audit.anyOutcome')}
              style={{ minWidth: 220 }}
              options={OUTCOME_FILTERS.map((o) => ({
                value: o,
                label: outcomeText(o.toLowerCase()),
              }))}
            />
          </Form.Item>
          <Space wrap>
            <Button type="primary" htmlType="submit">
              {t('records.audit.apply')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue({ from: '', to: '', actor: '', org: '', outcome: undefined });
                apply({});
              }}
            >
              {t('records.audit.reset')}
            </Button>
          </Space>
        </Form>
      </Card>

      <Flex align="center" gap={12} wrap>
        <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }}>
          {t('records.audit.entries')}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={() => void exportCsv()}
          data-testid="export-csv"
        >
          {t('records.audit.exportCsv')}
        </Button>
        <Typography.Text type="secondary">
          {t('records.audit.exportNote', { max: EXPORT_MAX })}
        </Typography.Text>
      </Flex>
      <ErrorAlert error={exportError} />
      <ErrorAlert error={entries.error} />
      {narrow ? (
        <Flex vertical gap={8} data-testid="audit-entries" aria-busy={entries.loading}>
          {page?.entries.length === 0 && <Typography.Text>{t('records.audit.none')}</Typography.Text>}
          {page?.entries.map((e) => (
            <Card key={e.id} size="small" data-testid="audit-entry">
              <Descriptions size="small" column={1}>
                {columns.slice(1).map((c) => (
                  <Descriptions.Item key={c.key} label={c.title}>
                    {c.render?.(undefined, e)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </Card>
          ))}
        </Flex>
      ) : (
        <Table<RecordsAuditAuditEntry>
          data-testid="audit-entries"
          aria-busy={entries.loading}
          rowKey="id"
          size="small"
          loading={entries.loading}
          columns={columns}
          dataSource={page?.entries ?? []}
          pagination={false}
          locale={{ emptyText: t('records.audit.none') }}
          onRow={() => ({ 'data-testid': 'audit-entry' }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
      <Space wrap>
        <Button disabled={cursors.length === 0} onClick={() => setCursors([])}>
          {t('records.audit.newest')}
        </Button>
        <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('records.audit.newer')}
        </Button>
        <Button
          disabled={!page?.more || !page.nextBefore}
          onClick={() => page?.nextBefore && setCursors((c) => [...c, page.nextBefore!])}
          data-testid="older"
        >
          {t('records.audit.older')}
        </Button>
      </Space>
    </Flex>
  );
}
