import { ArrowLeftOutlined, EditOutlined, SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  CirculatePactDocument,
  PactDocument,
  SignPactDocument,
  type PactVersionFieldsFragment,
} from '../../graphql/pacts.generated';
import { groupedDigest, newestVersion, pactActions, signatureRows, type SignatureRow } from './pact-logic';
import { PactDiff } from './PactDiff';
import { ScrollRegion } from '../../components/ScrollRegion';
import { PactStatusTag, usePactTitle, useTerm, TAG } from './PactBits';

/**
 * One pact: its parties, the chosen version's scope, term, settings and clauses, who signed which version, the
 * diff between two versions, and the moves the person may make (revise or circulate a draft, amend, sign).
 */
export default function PactDetailPage() {
  return (
    <>
      <PactDetailPageContent />
    </>
  );
}

function PactDetailPageContent() {
  const { t, i18n } = useTranslation();
  const { code = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const title = usePactTitle();
  const term = useTerm();
  const query = useQuery(PactDocument, { variables: { code } });
  const [circulate, circulating] = useMutation(CirculatePactDocument);
  const [sign, signing] = useMutation(SignPactDocument);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<number | null>(null);
  const [signOpen, setSignOpen] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const pact = query.data?.agreement;

  if (query.loading && !pact) return <Spin aria-label={t('common.loading')} />;
  if (query.error && !pact) return <ErrorAlert error={query.error} />;
  if (!pact)
    return (
      <Result
        status="404"
        title={t('pacts.detail.notFound')}
        extra={<Link to="/pacts">{t('pacts.detail.back')}</Link>}
      />
    );

  const newest = newestVersion(pact.versions);
  const version: PactVersionFieldsFragment | undefined =
    pact.versions.find((v) => v.number === shown) ?? newest;
  const actions = pactActions(pact, { organizationCode: session.me.organizationCode, roles: session.roles });
  const time = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' });
  const list = (codes: readonly string[] | undefined, name: (c: string) => string) =>
    codes && codes.length > 0 ? codes.map(name).join('、') : t('pacts.detail.all');
  const categoryName = (c: string) => {
    const line = session.businessLines.find((l) => l.categories.some((x) => x.code === c));
    return line ? session.categoryName(line.code, c) : c;
  };

  const doCirculate = () => {
    Modal.confirm({
      title: t('pacts.detail.circulateTitle'),
      content: t('pacts.detail.circulateBody', {
        parties: pact.partyCodes.map((c) => session.orgName(c)).join('、'),
      }),
      okText: t('pacts.detail.circulate'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setError(null);
        try {
          await circulate({ variables: { code } });
          // Agreements have no `id`: the cache does not merge the answer into this page's query by itself.
          await query.refetch();
          void message.success(t('pacts.detail.circulated'));
        } catch (err) {
          setError(err);
        }
      },
    });
  };
  const doSign = async () => {
    if (!newest?.digest) return;
    setError(null);
    try {
      await sign({ variables: { input: { code, version: newest.number, digest: newest.digest } } });
      await query.refetch();
      setSignOpen(false);
      void message.success(t('pacts.sign.done'));
    } catch (err) {
      setSignOpen(false);
      setError(err);
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }}>
      <Link to="/pacts">
        <ArrowLeftOutlined /> {t('pacts.detail.back')}
      </Link>
      <Flex vertical gap={4}>
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="pact-title">
          {title(pact)}
        </Typography.Title>
        <Space wrap size={4}>
          <Typography.Text type="secondary">{pact.code}</Typography.Text>
          <Tag>{t(`pacts.kind.${pact.kind}`)}</Tag>
          <PactStatusTag status={pact.status} />
          {pact.inForceVersion ? (
            <Tag color={TAG.green}>{t('pacts.detail.inForceVersion', { n: pact.inForceVersion })}</Tag>
          ) : null}
          {pact.demo && <Tag color={TAG.gold}>{t('pacts.detail.demo')}</Tag>}
          {pact.public && <Tag>{t('pacts.detail.public')}</Tag>}
        </Space>
      </Flex>
      {!pact.fullView && <Alert type="info" showIcon title={t('pacts.detail.summaryOnly')} />}
      {pact.terminatedReason && (
        <Alert
          type="warning"
          showIcon
          title={t('pacts.detail.terminated', { reason: pact.terminatedReason })}
        />
      )}
      <ErrorAlert error={error} onClose={() => setError(null)} />
      {actions.length > 0 && (
        <Space wrap data-testid="pact-actions">
          {actions.includes('sign') && (
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              data-testid="pact-sign"
              onClick={() => {
                setConfirmed(false);
                setSignOpen(true);
              }}
            >
              {t('pacts.sign.button', { n: newest?.number ?? 1 })}
            </Button>
          )}
          {actions.includes('circulate') && (
            <Button
              icon={<SendOutlined />}
              loading={circulating.loading}
              onClick={doCirculate}
              data-testid="pact-circulate"
            >
              {t('pacts.detail.circulate')}
            </Button>
          )}
          {actions.includes('revise') && (
            <Button
              icon={<EditOutlined />}
              onClick={() => void navigate(`/pacts/${code}/amend`)}
              data-testid="pact-revise"
            >
              {t('pacts.detail.revise')}
            </Button>
          )}
          {actions.includes('amend') && (
            <Button
              icon={<EditOutlined />}
              onClick={() => void navigate(`/pacts/${code}/amend`)}
              data-testid="pact-amend"
            >
              {t('pacts.detail.amend')}
            </Button>
          )}
        </Space>
      )}
      <Card size="small" title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('pacts.detail.parties')}</h3>}>
        <Space wrap data-testid="pact-parties">
          {pact.partyCodes.map((c) => (
            <Tag key={c} color={c === session.me.organizationCode ? TAG.red : undefined}>
              {session.orgName(c)}
            </Tag>
          ))}
        </Space>
      </Card>
      {version && (
        <Card
          size="small"
          title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('pacts.detail.version')}</h3>}
          extra={
            pact.versions.length > 1 ? (
              <Select
                aria-label={t('pacts.detail.chooseVersion')}
                size="small"
                style={{ width: 120 }}
                value={version.number}
                onChange={(n: number) => setShown(n)}
                options={pact.versions.map((v) => ({
                  value: v.number,
                  label: t('pacts.detail.versionN', { n: v.number }),
                }))}
              />
            ) : (
              t('pacts.detail.versionN', { n: version.number })
            )
          }
          data-testid="pact-version"
        >
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'title',
                label: t('pacts.detail.versionTitle'),
                children: title(version),
                span: 'filled',
              },
              {
                key: 'term',
                label: t('pacts.detail.term'),
                children: <span data-testid="pact-term">{term(version)}</span>,
              },
              ...(version.settings
                ? [
                    {
                      key: 'deadlines',
                      label: t('pacts.detail.deadlines'),
                      children: t('pacts.detail.deadlinesValue', {
                        ack: version.settings.acknowledgeWithinDays,
                        decide: version.settings.decideWithinDays,
                      }),
                    },
                    {
                      key: 'records',
                      label: t('pacts.detail.shareRecords'),
                      children: version.settings.shareRecordsLookup
                        ? t('pacts.detail.yes')
                        : t('pacts.detail.no'),
                    },
                  ]
                : []),
              ...(version.scope
                ? [
                    {
                      key: 'lines',
                      label: t('pacts.detail.businessLines'),
                      children: list(version.scope.businessLines, session.businessLineName),
                    },
                    {
                      key: 'categories',
                      label: t('pacts.detail.categories'),
                      children: list(version.scope.caseCategories, categoryName),
                    },
                    {
                      key: 'divisions',
                      label: t('pacts.detail.divisions'),
                      children: list(version.scope.divisionCodes, (c) => c),
                      span: 'filled' as const,
                    },
                    ...(version.scope.basinCode
                      ? [{ key: 'basin', label: t('pacts.detail.basin'), children: version.scope.basinCode }]
                      : []),
                  ]
                : []),
              ...(version.digest
                ? [
                    {
                      key: 'digest',
                      label: t('pacts.detail.digest'),
                      children: <code style={{ wordBreak: 'break-all' }}>{version.digest}</code>,
                      span: 'filled' as const,
                    },
                  ]
                : []),
            ]}
          />
          {version.clauses.length > 0 && (
            <>
              <h4 style={{ fontSize: 15, margin: '12px 0 4px' }}>{t('pacts.detail.clauses')}</h4>
              <ol style={{ margin: 0, paddingInlineStart: 24 }} data-testid="pact-clauses">
                {[...version.clauses]
                  .sort((a, b) => a.number - b.number)
                  .map((c) => (
                    <li key={c.number} value={c.number} style={{ marginBottom: 4 }}>
                      {c.text}
                    </li>
                  ))}
              </ol>
            </>
          )}
        </Card>
      )}
      {pact.fullView && (
        <Card
          size="small"
          title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('pacts.detail.signatures')}</h3>}
        >
          <ScrollRegion label={t('pacts.detail.signatures')}>
            <Table<SignatureRow>
              size="small"
              data-testid="pact-signatures"
              rowKey="key"
              pagination={false}
              dataSource={signatureRows(pact)}
              columns={[
                {
                  title: t('pacts.detail.colVersion'),
                  key: 'v',
                  render: (_, r) => t('pacts.detail.versionN', { n: r.version }),
                },
                {
                  title: t('pacts.detail.colParty'),
                  key: 'party',
                  render: (_, r) => session.orgName(r.orgCode),
                },
                {
                  title: t('pacts.detail.colSigned'),
                  key: 'signed',
                  render: (_, r) =>
                    r.signature ? (
                      <Space
                        wrap
                        size={4}
                        data-testid="pact-signature"
                        data-org={r.orgCode}
                        data-version={r.version}
                      >
                        <Tag color={r.signature.valid === false ? TAG.red : TAG.green}>
                          {r.signature.valid === false
                            ? t('pacts.detail.signatureInvalid')
                            : t('pacts.detail.signed')}
                        </Tag>
                        <span>{r.signature.signer}</span>
                        <span>{r.signature.signedAt ? time(r.signature.signedAt) : ''}</span>
                      </Space>
                    ) : (
                      <Tag>{t('pacts.detail.notSigned')}</Tag>
                    ),
                },
              ]}
            />
          </ScrollRegion>
        </Card>
      )}
      {pact.fullView && pact.versions.length > 1 && (
        <PactDiff code={pact.code} versions={pact.versions.map((v) => v.number)} />
      )}
      <Modal
        open={signOpen}
        title={t('pacts.sign.title', { n: newest?.number ?? 1 })}
        okText={t('pacts.sign.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !confirmed, loading: signing.loading, 'data-testid': 'pact-sign-confirm' }}
        onOk={() => void doSign()}
        onCancel={() => setSignOpen(false)}
        destroyOnHidden
      >
        <Flex vertical gap={12} data-testid="pact-sign-dialog">
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('pacts.sign.body', {
              org: session.orgName(session.me.organizationCode),
              title: newest ? title(newest) : '',
              n: newest?.number ?? 1,
            })}
          </Typography.Paragraph>
          <div>
            <Typography.Text strong>{t('pacts.sign.digest')}</Typography.Text>
            <pre
              data-testid="pact-sign-digest"
              data-digest={newest?.digest ?? ''}
              style={{
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-all',
                background: '#f5f5f5',
                padding: 8,
                margin: '4px 0 0',
              }}
            >
              {groupedDigest(newest?.digest ?? '')}
            </pre>
          </div>
          <Checkbox
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
            data-testid="pact-sign-check"
          >
            {t('pacts.sign.check')}
          </Checkbox>
        </Flex>
      </Modal>
    </Flex>
  );
}
