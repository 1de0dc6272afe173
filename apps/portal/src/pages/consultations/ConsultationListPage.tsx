import { AuditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useSubscription } from '@apollo/client/react';
import { Button, Card, Checkbox, Flex, Grid, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  ConsultationFeedDocument,
  ConsultationsDocument,
  type ConsultationNotificationKind,
  type ConsultationFilter,
  type ConsultationListFieldsFragment,
  type ConsultationState,
} from '../../graphql/consultations.generated';
import { formatTime } from '../../lib/transfer-detail';
import { CONSULTATION_STATES, canLog, canOpenSupervision } from './consultation-logic';
import { ConsultationStateTag, FollowUpClock, LiveNotice, SupervisionTag } from './ConsultationBits';

/** The filter the address keeps (?state=OPEN&overdue=1). */
function filterOf(params: URLSearchParams): ConsultationFilter {
  const state = params.get('state');
  return {
    ...(state && (CONSULTATION_STATES as readonly string[]).includes(state)
      ? { states: [state as ConsultationState] }
      : {}),
    ...(params.get('overdue') === '1' ? { overdueOnly: true } : {}),
  };
}

/** New records another organization opens for the person's: the list says so as they arrive. */
const ARRIVALS: readonly ConsultationNotificationKind[] = ['LOGGED', 'SUPERVISION_OPENED'];

/**
 * The consultations the person's organization takes part in (its ISCO, police bureau or procuratorate) or
 * supervises, newest first: cards on a phone, a table on a wide screen; paged by cursor. Any move on one of them
 * reloads the list (consultationNotifications); a new one opened by another organization — a consultation the
 * police logged, a supervision matter the procuratorate opened — is announced with a link to it.
 */
export default function ConsultationListPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const narrow = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const result = useQuery(ConsultationsDocument, {
    variables: { filter, ...(after ? { after } : {}) },
    fetchPolicy: 'cache-and-network',
  });
  const [arrived, setArrived] = useState<{ id: string; kind: ConsultationNotificationKind } | null>(null);
  useSubscription(ConsultationFeedDocument, {
    onData: ({ data }) => {
      const n = data.data?.consultationNotifications;
      if (!n) return;
      if (ARRIVALS.includes(n.kind) && n.actorOrg !== session.me.organizationCode)
        setArrived({ id: n.consultationId, kind: n.kind });
      void result.refetch();
    },
  });
  const page = result.data?.consultations;
  const items = page?.items ?? [];
  const category = (c: ConsultationListFieldsFragment) => session.categoryName('criminal', c.category);
  const caller = { organizationCode: session.me.organizationCode, roles: session.roles };

  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setCursors([null]);
    setParams(next, { replace: true });
  };

  return (
    <Flex vertical gap={16}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('consultations.list.title')}
        </Typography.Title>
        {canLog(caller) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="consultation-new"
            onClick={() => void navigate('/consultations/new')}
          >
            {t('consultations.list.new')}
          </Button>
        )}
        {canOpenSupervision(caller) && (
          <Button
            type="primary"
            icon={<AuditOutlined />}
            data-testid="supervision-new"
            onClick={() => void navigate('/consultations/supervise')}
          >
            {t('consultations.list.supervise')}
          </Button>
        )}
      </Flex>
      <Flex wrap gap={8} align="center" role="search" aria-label={t('consultations.list.filters')}>
        <Select
          allowClear
          aria-label={t('consultations.list.filterState')}
          placeholder={t('consultations.list.filterState')}
          style={{ width: narrow ? '100%' : 220 }}
          value={filter.states?.[0] ?? null}
          onChange={(v: string | undefined) => set('state', v ?? null)}
          options={CONSULTATION_STATES.map((s) => ({ value: s, label: t(`consultations.state.${s}`) }))}
        />
        <Checkbox
          checked={filter.overdueOnly === true}
          onChange={(e) => set('overdue', e.target.checked ? '1' : null)}
        >
          {t('consultations.list.overdueOnly')}
        </Checkbox>
      </Flex>
      <ErrorAlert error={result.error} />
      {arrived && (
        <LiveNotice
          kind={arrived.kind}
          testId="consultation-arrived"
          onClose={() => setArrived(null)}
          action={<Link to={`/consultations/${arrived.id}`}>{t('consultations.list.open')}</Link>}
        />
      )}
      {narrow ? (
        <Flex vertical gap={8} data-testid="consultation-list">
          {items.map((c) => (
            <Card
              size="small"
              key={c.id}
              data-testid="consultation-card"
              data-consultation-id={c.id}
              style={c.followUpOverdue ? { borderColor: '#cf1322', background: '#fff1f0' } : undefined}
            >
              <Flex vertical gap={4}>
                <Link to={`/consultations/${c.id}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
                  <span translate="no">{c.policeCaseNumber}</span>
                </Link>
                <Typography.Text type="secondary">
                  {t(`consultations.type.${c.type}`)} · {category(c)}
                </Typography.Text>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }} translate="no">
                  {c.question}
                </Typography.Paragraph>
                <Space wrap size={4}>
                  <ConsultationStateTag state={c.state} />
                  <SupervisionTag consultation={c} />
                  <FollowUpClock consultation={c} />
                  <Typography.Text type="secondary">
                    {t('consultations.list.loggedAt', { time: formatTime(c.loggedAt, i18n.language) })}
                  </Typography.Text>
                </Space>
              </Flex>
            </Card>
          ))}
          {items.length === 0 && !result.loading && (
            <Typography.Text>{t('consultations.list.none')}</Typography.Text>
          )}
        </Flex>
      ) : (
        <Table<ConsultationListFieldsFragment>
          data-testid="consultation-list"
          rowKey="id"
          loading={result.loading && !result.data}
          dataSource={items}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t('consultations.list.none') }}
          columns={[
            {
              title: t('consultations.list.colCase'),
              key: 'case',
              render: (_, c) => (
                <Flex vertical>
                  <Link to={`/consultations/${c.id}`}>
                    <span translate="no">{c.policeCaseNumber}</span>
                  </Link>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360 }} translate="no">
                    {c.question}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('consultations.list.colType'),
              key: 'type',
              render: (_, c) => (
                <Flex vertical>
                  <span>{t(`consultations.type.${c.type}`)}</span>
                  <Typography.Text type="secondary">{category(c)}</Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('consultations.list.colState'),
              key: 'state',
              render: (_, c) => (
                <Space wrap size={4}>
                  <ConsultationStateTag state={c.state} />
                  <SupervisionTag consultation={c} />
                </Space>
              ),
            },
            {
              title: t('consultations.list.colFollowUp'),
              key: 'followUp',
              render: (_, c) => <FollowUpClock consultation={c} />,
            },
            {
              title: t('consultations.list.colLogged'),
              key: 'logged',
              render: (_, c) => (
                <Flex vertical>
                  <span>{formatTime(c.loggedAt, i18n.language)}</span>
                  <Typography.Text type="secondary" translate="no">
                    {c.loggedBy}
                  </Typography.Text>
                </Flex>
              ),
            },
          ]}
        />
      )}
      {(cursors.length > 1 || page?.nextCursor) && (
        <Space>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('common.previous')}
          </Button>
          <Button
            disabled={!page?.nextCursor}
            onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor!])}
          >
            {t('common.next')}
          </Button>
        </Space>
      )}
    </Flex>
  );
}
