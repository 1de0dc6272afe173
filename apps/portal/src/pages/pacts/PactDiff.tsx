import { useQuery } from '@apollo/client/react';
import { Card, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PactDiffDocument } from '../../graphql/pacts.generated';
import { diffRows, type DiffRow } from './pact-logic';
import { ScrollRegion } from '../../components/ScrollRegion';
import { TAG } from './PactBits';

const CHANGE_COLOR = { added: TAG.green, removed: TAG.red, changed: TAG.blue } as const;

/** Two versions compared clause by clause (added, removed, changed), then the other fields that changed. */
export function PactDiff(props: { code: string; versions: readonly number[] }) {
  const { t } = useTranslation();
  const sorted = [...props.versions].sort((a, b) => a - b);
  const newest = sorted[sorted.length - 1] ?? 1;
  const [from, setFrom] = useState(sorted[sorted.length - 2] ?? newest);
  const [to, setTo] = useState(newest);
  const diff = useQuery(PactDiffDocument, {
    variables: { code: props.code, fromVersion: from, toVersion: to },
    skip: from === to,
  });
  const rows = diffRows(diff.data?.agreementDiff.clauses ?? []);
  const fields = diff.data?.agreementDiff.fields ?? [];
  const options = sorted.map((n) => ({ value: n, label: t('pacts.detail.versionN', { n }) }));
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('pacts.diff.title')}</h3>}
      size="small"
      data-testid="pact-diff"
    >
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <label htmlFor="pact-diff-from">{t('pacts.diff.from')}</label>
        <Select
          id="pact-diff-from"
          style={{ minWidth: 150 }}
          value={from}
          onChange={setFrom}
          options={options}
        />
        <label htmlFor="pact-diff-to">{t('pacts.diff.to')}</label>
        <Select id="pact-diff-to" style={{ minWidth: 150 }} value={to} onChange={setTo} options={options} />
      </Flex>
      <ErrorAlert error={diff.error} />
      {from === to ? (
        <Typography.Text>{t('pacts.diff.same')}</Typography.Text>
      ) : diff.data && rows.length === 0 && fields.length === 0 ? (
        <Empty description={t('pacts.diff.none')} />
      ) : (
        <Flex vertical gap={12}>
          <Flex
            vertical
            gap={8}
            data-testid="pact-diff-clauses"
            role="list"
            aria-label={t('pacts.diff.clauses')}
          >
            {rows.map((r) => (
              <DiffClause key={r.key} row={r} />
            ))}
          </Flex>
          {fields.length > 0 && (
            <ScrollRegion label={t('pacts.diff.field')}>
              <Table
                size="small"
                data-testid="pact-diff-fields"
                rowKey="field"
                pagination={false}
                dataSource={fields}
                columns={[
                  {
                    title: t('pacts.diff.field'),
                    key: 'field',
                    render: (_, f) =>
                      t(`pacts.fields.${f.field.replace('.', '_')}`, { defaultValue: f.field }),
                  },
                  { title: t('pacts.diff.before'), key: 'before', render: (_, f) => f.before || '—' },
                  { title: t('pacts.diff.after'), key: 'after', render: (_, f) => f.after || '—' },
                ]}
              />
            </ScrollRegion>
          )}
        </Flex>
      )}
    </Card>
  );
}

function DiffClause(props: { row: DiffRow }) {
  const { t } = useTranslation();
  const r = props.row;
  return (
    <div
      role="listitem"
      data-testid="pact-diff-row"
      data-change={r.change}
      style={{
        borderInlineStart: `4px solid ${r.change === 'added' ? '#389e0d' : r.change === 'removed' ? '#cf1322' : '#0950c3'}`,
        paddingInlineStart: 8,
      }}
    >
      <Flex gap={8} align="center" wrap>
        <strong>{t('pacts.detail.clauseN', { n: r.number })}</strong>
        <Tag color={CHANGE_COLOR[r.change]}>{t(`pacts.diff.${r.change}`)}</Tag>
      </Flex>
      {r.before !== null && (
        <p style={{ margin: '4px 0', textDecoration: r.change === 'removed' ? 'line-through' : undefined }}>
          <Typography.Text type="secondary">{t('pacts.diff.before')}：</Typography.Text>
          {r.change === 'changed' ? <del>{r.before}</del> : r.before}
        </p>
      )}
      {r.after !== null && (
        <p style={{ margin: '4px 0' }}>
          <Typography.Text type="secondary">{t('pacts.diff.after')}：</Typography.Text>
          {r.change === 'changed' ? (
            <ins style={{ textDecoration: 'none', background: '#f6ffed' }}>{r.after}</ins>
          ) : (
            r.after
          )}
        </p>
      )}
    </div>
  );
}
