import { useQuery } from '@apollo/client/react';
import { Button, Flex, Grid, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { DeadlineCountdown } from '../../components/DeadlineCountdown';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StateTag } from '../../components/StateTag';
import { TransferCard } from '../../components/TransferCard';
import {
  TransferInboxDocument,
  TransferOutboxDocument,
  type TransferFilter,
  type TransferKind,
  type TransferListFieldsFragment,
  type TransferState,
} from '../../graphql/transfers.generated';
import { runningDeadline } from '../../lib/deadlines';

export const TRANSFER_STATES: readonly TransferState[] = [
  'DRAFT',
  'SENT',
  'RECEIVED',
  'ACCEPTED',
  'RETURNED',
  'OBJECTED',
  'IN_CONSULTATION',
  'RESOLVED',
  'ESCALATED',
  'DESIGNATED',
];
const PAGE_SIZE = 20;

/** The filter as the address keeps it (?state=SENT&state=RECEIVED&kind=CASE&line=criminal&pact=…&overdue=1). */
function filterOf(params: URLSearchParams): TransferFilter {
  const states = params
    .getAll('state')
    .filter((s): s is TransferState => TRANSFER_STATES.includes(s as TransferState));
  const kind = params.get('kind');
  return {
    ...(states.length > 0 ? { states } : {}),
    ...(kind === 'CASE' || kind === 'LEAD' ? { kind: kind as TransferKind } : {}),
    ...(params.get('line') ? { businessLine: params.get('line')! } : {}),
    ...(params.get('category') ? { category: params.get('category')! } : {}),
    ...(params.get('pact') ? { pactCode: params.get('pact')! } : {}),
    ...(params.get('overdue') === '1' ? { overdueOnly: true } : {}),
  };
}

/** Inbox (sent to my organization) or outbox (sent or drafted by it), filtered and paged by cursor. */
export default function TransferListPage(props: { box: 'inbox' | 'outbox' }) {
  const { t } = useTranslation();
  const session = useSession();
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  // Cursors of the pages before the current one: "previous" pops, "next" pushes.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const variables = { first: PAGE_SIZE, filter, ...(after ? { after } : {}) };
  const inbox = useQuery(TransferInboxDocument, { variables, skip: props.box !== 'inbox' });
  const outbox = useQuery(TransferOutboxDocument, { variables, skip: props.box !== 'outbox' });
  const result = props.box === 'inbox' ? inbox : outbox;
  const page = props.box === 'inbox' ? inbox.data?.transferInbox : outbox.data?.transferOutbox;
  const items = page?.items ?? [];

  const set = (name: string, values: string[]) => {
    const next = new URLSearchParams(params);
    next.delete(name);
    for (const v of values) next.append(name, v);
    setParams(next, { replace: true });
    setCursors([null]);
  };
  const line = session.businessLines.find((l) => l.code === filter.businessLine);
  const direction = props.box === 'inbox' ? 'in' : 'out';

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t(props.box === 'inbox' ? 'transfers.inboxTitle' : 'transfers.outboxTitle')}
      </Typography.Title>
      <Flex wrap gap={8} role="search" aria-label={t('transfers.filters')}>
        <Select
          mode="multiple"
          allowClear
          aria-label={t('transfers.filterState')}
          placeholder={t('transfers.filterState')}
          style={{ minWidth: 200, flex: narrow ? '1 1 100%' : undefined }}
          value={filter.states ?? []}
          onChange={(v: string[]) => set('state', v)}
          options={TRANSFER_STATES.filter((s) => props.box === 'outbox' || s !== 'DRAFT').map((s) => ({
            value: s,
            label: t(`state.${s}`),
          }))}
        />
        <Select
          allowClear
          aria-label={t('transfers.filterKind')}
          placeholder={t('transfers.filterKind')}
          style={{ width: 120 }}
          value={filter.kind ?? null}
          onChange={(v: string | undefined) => set('kind', v ? [v] : [])}
          options={['CASE', 'LEAD'].map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        <Select
          allowClear
          aria-label={t('transfers.filterLine')}
          placeholder={t('transfers.filterLine')}
          style={{ width: 160 }}
          value={filter.businessLine ?? null}
          onChange={(v: string | undefined) => {
            const next = new URLSearchParams(params);
            next.delete('category');
            if (v) next.set('line', v);
            else next.delete('line');
            setParams(next, { replace: true });
            setCursors([null]);
          }}
          options={session.businessLines.map((l) => ({
            value: l.code,
            label: session.businessLineName(l.code),
          }))}
        />
        {line && (
          <Select
            allowClear
            aria-label={t('transfers.filterCategory')}
            placeholder={t('transfers.filterCategory')}
            style={{ width: 180 }}
            value={filter.category ?? null}
            onChange={(v: string | undefined) => set('category', v ? [v] : [])}
            options={line.categories.map((c) => ({
              value: c.code,
              label: session.categoryName(line.code, c.code),
            }))}
          />
        )}
        <Input.Search
          allowClear
          aria-label={t('transfers.filterPact')}
          placeholder={t('transfers.filterPact')}
          style={{ width: 200 }}
          defaultValue={filter.pactCode ?? ''}
          onSearch={(v) => set('pact', v.trim() ? [v.trim()] : [])}
        />
        <Space>
          <Switch
            id="overdue-only"
            checked={filter.overdueOnly === true}
            onChange={(on) => set('overdue', on ? ['1'] : [])}
          />
          <label htmlFor="overdue-only">{t('transfers.filterOverdue')}</label>
        </Space>
      </Flex>
      <ErrorAlert error={result.error} />
      {narrow ? (
        <Flex vertical gap={8} data-testid="transfer-list">
          {items.map((tr) => (
            <TransferCard key={tr.id} transfer={tr} direction={direction} />
          ))}
          {items.length === 0 && !result.loading && <Typography.Text>{t('transfers.none')}</Typography.Text>}
        </Flex>
      ) : (
        <Table<TransferListFieldsFragment>
          data-testid="transfer-list"
          rowKey="id"
          loading={result.loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('transfers.none') }}
          rowClassName={(tr) => (tr.overdue ? 'row-overdue' : '')}
          columns={[
            {
              title: t('transfers.colSummary'),
              key: 'summary',
              render: (_, tr) => (
                <Link to={`/transfers/${tr.id}`} translate="no">
                  {tr.summary}
                </Link>
              ),
            },
            {
              title: t(props.box === 'inbox' ? 'transfers.colSender' : 'transfers.colReceiver'),
              key: 'org',
              render: (_, tr) => session.orgName(props.box === 'inbox' ? tr.senderOrg : tr.receiverOrg),
            },
            { title: t('transfers.colKind'), key: 'kind', render: (_, tr) => t(`kind.${tr.kind}`) },
            {
              title: t('transfers.colLine'),
              key: 'line',
              render: (_, tr) =>
                `${session.businessLineName(tr.businessLine)} / ${session.categoryName(tr.businessLine, tr.category)}`,
            },
            {
              title: t('transfers.colState'),
              key: 'state',
              render: (_, tr) => <StateTag state={tr.state} />,
            },
            {
              title: t('transfers.colDeadline'),
              key: 'deadline',
              render: (_, tr) => {
                const due = runningDeadline(tr.deadlines);
                return due && !['ACCEPTED', 'RETURNED', 'RESOLVED', 'DESIGNATED'].includes(tr.state) ? (
                  <DeadlineCountdown deadline={due} />
                ) : (
                  '—'
                );
              },
            },
            {
              title: t('transfers.colPact'),
              key: 'pact',
              render: (_, tr) =>
                tr.legalBasis?.pactCode ?? (tr.legalBasis ? t('transfers.defaultRules') : '—'),
            },
          ]}
        />
      )}
      <Flex gap={8} justify="end">
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('common.previous')}
        </Button>
        <Button
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor!])}
        >
          {t('common.next')}
        </Button>
      </Flex>
    </Flex>
  );
}
