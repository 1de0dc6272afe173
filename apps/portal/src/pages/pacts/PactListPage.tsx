import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Flex, Grid, Input, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  PactsDocument,
  type AgreementFilter,
  type AgreementKind,
  type AgreementStatus,
  type PactListFieldsFragment,
} from '../../graphql/pacts.generated';
import { newestVersion } from './pact-logic';
import { PACT_KINDS, PACT_STATUSES, PactStatusTag, usePactTitle, useTerm } from './PactBits';

/** The filter the address keeps (?status=IN_FORCE&kind=…&party=proc-540522&division=540522&on=2026-12-03). */
function filterOf(params: URLSearchParams): AgreementFilter {
  const status = params.get('status');
  const kind = params.get('kind');
  const party = params.get('party');
  const division = params.get('division');
  return {
    ...(status && (PACT_STATUSES as readonly string[]).includes(status)
      ? { status: status as AgreementStatus }
      : {}),
    ...(kind && (PACT_KINDS as readonly string[]).includes(kind) ? { kind: kind as AgreementKind } : {}),
    ...(party ? { partyCode: party } : {}),
    ...(division && /^\d{6}$/.test(division) ? { divisionCode: division } : {}),
  };
}

/** Whether a version's term includes the date (YYYY-MM-DD); the term filter is applied here, not by the service. */
function inTermOn(p: PactListFieldsFragment, date: string): boolean {
  return p.versions.some((v) => v.effectiveFrom <= date && (!v.effectiveTo || date <= v.effectiveTo));
}

/** The pacts the person may see, filtered by status, kind, party, division and a date in their term. */
export default function PactListPage() {
  return (
    <>
      <PactListPageContent />
    </>
  );
}

function PactListPageContent() {
  const { t } = useTranslation();
  const session = useSession();
  const narrow = !Grid.useBreakpoint().md;
  const title = usePactTitle();
  const term = useTerm();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filter = filterOf(params);
  const on = params.get('on') ?? '';
  const result = useQuery(PactsDocument, { variables: { filter } });
  const items = (result.data?.agreements ?? []).filter((p) => !on || inTermOn(p, on));
  const prosecutor = session.roles.has('prosecutor') || session.roles.has('chief-prosecutor');

  const set = (name: string, value: string | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const signedOf = (p: PactListFieldsFragment) => {
    const v = newestVersion(p.versions);
    return v && p.fullView
      ? t('pacts.list.signedOf', {
          signed: v.signatures.length,
          parties: p.partyCodes.length,
          version: v.number,
        })
      : '—';
  };
  const parties = (p: PactListFieldsFragment) => p.partyCodes.map((c) => session.orgName(c)).join('、');

  return (
    <Flex vertical gap={16}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('pacts.list.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/pacts/scorecards" data-testid="pact-scorecards-link">
            <BarChartOutlined /> {t('pacts.list.scorecards')}
          </Link>
          {prosecutor && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="pact-new"
              onClick={() => void navigate('/pacts/new')}
            >
              {t('pacts.list.new')}
            </Button>
          )}
        </Space>
      </Flex>
      <Flex wrap gap={8} role="search" aria-label={t('pacts.list.filters')}>
        <Select
          allowClear
          aria-label={t('pacts.list.filterStatus')}
          placeholder={t('pacts.list.filterStatus')}
          style={{ width: narrow ? '100%' : 160 }}
          value={filter.status ?? null}
          onChange={(v: string | undefined) => set('status', v)}
          options={PACT_STATUSES.map((s) => ({ value: s, label: t(`pacts.status.${s}`) }))}
        />
        <Select
          allowClear
          aria-label={t('pacts.list.filterKind')}
          placeholder={t('pacts.list.filterKind')}
          style={{ width: narrow ? '100%' : 180 }}
          value={filter.kind ?? null}
          onChange={(v: string | undefined) => set('kind', v)}
          options={PACT_KINDS.map((k) => ({ value: k, label: t(`pacts.kind.${k}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('pacts.list.filterParty')}
          placeholder={t('pacts.list.filterParty')}
          style={{ width: narrow ? '100%' : 240 }}
          value={filter.partyCode ?? null}
          onChange={(v: string | undefined) => set('party', v)}
          options={session.organizations.map((o) => ({ value: o.code, label: session.orgName(o.code) }))}
        />
        <Input.Search
          allowClear
          aria-label={t('pacts.list.filterDivision')}
          placeholder={t('pacts.list.filterDivision')}
          inputMode="numeric"
          maxLength={6}
          style={{ width: narrow ? '100%' : 200 }}
          defaultValue={filter.divisionCode ?? ''}
          onSearch={(v) => set('division', /^\d{6}$/.test(v.trim()) ? v.trim() : null)}
        />
        <Flex align="center" gap={4} style={{ width: narrow ? '100%' : undefined }}>
          <label htmlFor="pact-on-date">{t('pacts.list.filterOn')}</label>
          <Input
            id="pact-on-date"
            type="date"
            style={{ width: 170 }}
            value={on}
            onChange={(e) => set('on', e.target.value)}
          />
        </Flex>
      </Flex>
      <ErrorAlert error={result.error} />
      {narrow ? (
        <Flex vertical gap={8} data-testid="pact-list">
          {items.map((p) => {
            const v = newestVersion(p.versions);
            return (
              <Card size="small" key={p.code} data-testid="pact-card" data-pact-code={p.code}>
                <Flex vertical gap={4}>
                  <Link to={`/pacts/${p.code}`} style={{ fontWeight: 600 }}>
                    {title(p)}
                  </Link>
                  <Typography.Text type="secondary">
                    {p.code} · {t(`pacts.kind.${p.kind}`)}
                  </Typography.Text>
                  <Typography.Text>{parties(p)}</Typography.Text>
                  <Space wrap size={4}>
                    <PactStatusTag status={p.status} />
                    <Typography.Text type="secondary">{term(v)}</Typography.Text>
                    <Typography.Text type="secondary">{signedOf(p)}</Typography.Text>
                  </Space>
                </Flex>
              </Card>
            );
          })}
          {items.length === 0 && !result.loading && <Typography.Text>{t('pacts.list.none')}</Typography.Text>}
        </Flex>
      ) : (
        <Table<PactListFieldsFragment>
          data-testid="pact-list"
          rowKey="code"
          loading={result.loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('pacts.list.none') }}
          columns={[
            {
              title: t('pacts.list.colTitle'),
              key: 'title',
              render: (_, p) => (
                <Flex vertical>
                  <Link to={`/pacts/${p.code}`}>{title(p)}</Link>
                  <Typography.Text type="secondary">{p.code}</Typography.Text>
                </Flex>
              ),
            },
            { title: t('pacts.list.colKind'), key: 'kind', render: (_, p) => t(`pacts.kind.${p.kind}`) },
            { title: t('pacts.list.colParties'), key: 'parties', render: (_, p) => parties(p) },
            {
              title: t('pacts.list.colStatus'),
              key: 'status',
              render: (_, p) => <PactStatusTag status={p.status} />,
            },
            {
              title: t('pacts.list.colTerm'),
              key: 'term',
              render: (_, p) => term(newestVersion(p.versions)),
            },
            { title: t('pacts.list.colSigned'), key: 'signed', render: (_, p) => signedOf(p) },
          ]}
        />
      )}
    </Flex>
  );
}
