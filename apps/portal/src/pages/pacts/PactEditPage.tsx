import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Switch,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  AmendPactDocument,
  CreatePactDocument,
  PactDocument,
  RevisePactDraftDocument,
  type AgreementKind,
} from '../../graphql/pacts.generated';
import { contentOf, formValuesOf, newestVersion, pactActions, type PactFormValues } from './pact-logic';
import { PACT_KINDS, usePactTitle } from './PactBits';

/**
 * Draft a new pact (/pacts/new), revise a draft, or amend a pact (/pacts/:code/amend): the newest version's
 * content is the starting point; a draft is revised in place, anything else becomes a new version every party
 * signs again.
 */
export default function PactEditPage() {
  return (
    <>
      <PactEditPageContent />
    </>
  );
}

function PactEditPageContent() {
  const { t } = useTranslation();
  const { code } = useParams();
  const session = useSession();
  const existing = useQuery(PactDocument, { variables: { code: code ?? '' }, skip: !code });
  const pact = existing.data?.agreement;
  if (!code) return <PactForm mode="create" />;
  if (existing.loading && !pact) return <Spin aria-label={t('common.loading')} />;
  if (existing.error && !pact) return <ErrorAlert error={existing.error} />;
  const newest = pact ? newestVersion(pact.versions) : undefined;
  const actions = pact
    ? pactActions(pact, { organizationCode: session.me.organizationCode, roles: session.roles })
    : [];
  if (!pact || !newest) return <Result status="404" title={t('pacts.detail.notFound')} />;
  const mode = actions.includes('revise') ? 'revise' : actions.includes('amend') ? 'amend' : null;
  if (!mode) {
    return (
      <Result
        status="403"
        title={t('pacts.edit.notAllowed')}
        extra={<Link to={`/pacts/${code}`}>{t('pacts.edit.backToPact')}</Link>}
      />
    );
  }
  return <PactForm mode={mode} code={code} pactTitle={pact} initial={formValuesOf(newest)} />;
}

function PactForm(props: {
  mode: 'create' | 'revise' | 'amend';
  code?: string;
  pactTitle?: { titleZh: string; titleEn: string };
  initial?: PactFormValues;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const title = usePactTitle();
  const [form] = Form.useForm<PactFormValues>();
  const [error, setError] = useState<unknown>(null);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [create, creating] = useMutation(CreatePactDocument);
  const [revise, revising] = useMutation(RevisePactDraftDocument);
  const [amend, amending] = useMutation(AmendPactDocument);
  const initial = useMemo<PactFormValues>(
    () =>
      props.initial ?? {
        kind: 'COOPERATION_MECHANISM',
        partyCodes: [session.me.organizationCode],
        clauses: [{ text: '' }],
        acknowledgeWithinDays: 3,
        decideWithinDays: 10,
        shareRecordsLookup: false,
      },
    [props.initial, session.me.organizationCode],
  );
  const lines = Form.useWatch('businessLines', form) as string[] | undefined;
  const categories = useMemo(() => {
    const chosen = session.businessLines.filter(
      (l) => !lines || lines.length === 0 || lines.includes(l.code),
    );
    const seen = new Map<string, string>();
    for (const l of chosen)
      for (const c of l.categories)
        if (!seen.has(c.code)) seen.set(c.code, session.categoryName(l.code, c.code));
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [lines, session]);
  const required = { required: true, message: t('pacts.edit.required') };

  const submit = async () => {
    setError(null);
    const values = await form.validateFields();
    const content = contentOf(values);
    if (props.mode === 'amend') {
      const ok = await new Promise<boolean>((resolve) =>
        Modal.confirm({
          title: t('pacts.edit.amendConfirmTitle'),
          content: t('pacts.edit.amendConfirmBody'),
          okText: t('pacts.edit.submitAmend'),
          cancelText: t('common.cancel'),
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        }),
      );
      if (!ok) return;
    }
    try {
      if (props.mode === 'create') {
        const r = await create({
          variables: {
            input: {
              code: (values.code ?? '').trim(),
              kind: values.kind as AgreementKind,
              partyCodes: values.partyCodes ?? [],
              content,
              idempotencyKey,
            },
          },
        });
        if (r.data) void navigate(`/pacts/${r.data.createAgreement.code}`);
      } else if (props.mode === 'revise') {
        await revise({ variables: { input: { code: props.code!, content } } });
        void navigate(`/pacts/${props.code}`);
      } else {
        await amend({ variables: { input: { code: props.code!, content, idempotencyKey } } });
        void navigate(`/pacts/${props.code}`);
      }
    } catch (err) {
      setError(err);
    }
  };

  const heading =
    props.mode === 'create'
      ? t('pacts.edit.titleNew')
      : props.mode === 'revise'
        ? t('pacts.edit.titleRevise')
        : t('pacts.edit.titleAmend');
  return (
    <Flex vertical gap={16} style={{ maxWidth: 820 }}>
      <Link to={props.code ? `/pacts/${props.code}` : '/pacts'}>
        <ArrowLeftOutlined /> {props.code ? t('pacts.edit.backToPact') : t('pacts.detail.back')}
      </Link>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {heading}
      </Typography.Title>
      {props.pactTitle && (
        <Typography.Text type="secondary">
          {title(props.pactTitle)}（{props.code}）
        </Typography.Text>
      )}
      {props.mode === 'amend' && <Alert type="info" showIcon title={t('pacts.edit.amendHint')} />}
      {props.mode === 'create' && <Alert type="info" showIcon title={t('pacts.edit.createHint')} />}
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Form<PactFormValues> form={form} layout="vertical" initialValues={initial} data-testid="pact-form">
        {props.mode === 'create' && (
          <>
            <Flex gap={16} wrap>
              <Form.Item
                name="code"
                label={t('pacts.edit.code')}
                extra={t('pacts.edit.codeHint')}
                rules={[
                  required,
                  { pattern: /^[a-z0-9][a-z0-9-]{2,62}$/, message: t('pacts.edit.codeFormat') },
                ]}
                style={{ flex: '1 1 240px' }}
              >
                <Input maxLength={63} autoComplete="off" />
              </Form.Item>
              <Form.Item
                name="kind"
                label={t('pacts.edit.kind')}
                rules={[required]}
                style={{ flex: '1 1 220px' }}
              >
                <Select options={PACT_KINDS.map((k) => ({ value: k, label: t(`pacts.kind.${k}`) }))} />
              </Form.Item>
            </Flex>
            <Form.Item
              name="partyCodes"
              label={t('pacts.edit.parties')}
              extra={t('pacts.edit.partiesHint')}
              rules={[
                required,
                {
                  validator: (_, v: string[] | undefined) =>
                    (v ?? []).length >= 2 && (v ?? []).includes(session.me.organizationCode)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('pacts.edit.partiesRule'))),
                },
              ]}
            >
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                options={session.organizations
                  .filter((o) => o.active)
                  .map((o) => ({ value: o.code, label: session.orgName(o.code) }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="titleZh"
          label={t('pacts.edit.titleZh')}
          rules={[{ ...required, whitespace: true }, { max: 200 }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="titleEn" label={t('pacts.edit.titleEn')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Card
          size="small"
          title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('pacts.detail.clauses')}</h3>}
          style={{ marginBottom: 16 }}
        >
          <Form.List
            name="clauses"
            rules={[
              {
                validator: async (_, clauses: ({ text?: string } | undefined)[] | undefined) => {
                  if (!(clauses ?? []).some((c) => c?.text?.trim()))
                    throw new Error(t('pacts.edit.clausesRule'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <Flex vertical gap={4}>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item
                      name={[field.name, 'text']}
                      label={t('pacts.detail.clauseN', { n: index + 1 })}
                      rules={[{ max: 4000 }]}
                      style={{ flex: 1, marginBottom: 8 }}
                    >
                      <Input.TextArea
                        autoSize={{ minRows: 2 }}
                        maxLength={4000}
                        data-testid="pact-clause-input"
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('pacts.edit.removeClause', { n: index + 1 })}
                      onClick={() => remove(field.name)}
                      disabled={fields.length <= 1}
                      style={{ marginTop: 30 }}
                    />
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ text: '' })}
                  style={{ alignSelf: 'start' }}
                  data-testid="pact-add-clause"
                >
                  {t('pacts.edit.addClause')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>
        <Flex gap={16} wrap>
          <Form.Item
            name="effectiveFrom"
            label={t('pacts.edit.effectiveFrom')}
            rules={[required]}
            style={{ flex: '1 1 200px' }}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="effectiveTo"
            label={t('pacts.edit.effectiveTo')}
            extra={t('pacts.edit.effectiveToHint')}
            dependencies={['effectiveFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  !v || !getFieldValue('effectiveFrom') || v >= (getFieldValue('effectiveFrom') as string)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('pacts.edit.effectiveToRule'))),
              }),
            ]}
            style={{ flex: '1 1 200px' }}
          >
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Card
          size="small"
          title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('pacts.edit.scope')}</h3>}
          style={{ marginBottom: 16 }}
        >
          <Typography.Paragraph type="secondary">{t('pacts.edit.scopeHint')}</Typography.Paragraph>
          <Form.Item name="businessLines" label={t('pacts.detail.businessLines')}>
            <Select
              mode="multiple"
              allowClear
              options={session.businessLines.map((l) => ({
                value: l.code,
                label: session.businessLineName(l.code),
              }))}
            />
          </Form.Item>
          <Form.Item name="caseCategories" label={t('pacts.detail.categories')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={categories}
            />
          </Form.Item>
          <Form.Item
            name="divisionCodes"
            label={t('pacts.detail.divisions')}
            extra={t('pacts.edit.divisionsHint')}
            rules={[
              { pattern: /^[\s,，、;；]*(\d{6}[\s,，、;；]*)*$/, message: t('pacts.edit.divisionsRule') },
            ]}
          >
            <Input inputMode="numeric" />
          </Form.Item>
          <Form.Item
            name="basinCode"
            label={t('pacts.detail.basin')}
            extra={t('pacts.edit.basinHint')}
            rules={[{ pattern: /^[a-z0-9-]*$/, message: t('pacts.edit.basinRule') }]}
          >
            <Input />
          </Form.Item>
        </Card>
        <Card
          size="small"
          title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('pacts.edit.settings')}</h3>}
          style={{ marginBottom: 16 }}
        >
          <Flex gap={16} wrap>
            <Form.Item
              name="acknowledgeWithinDays"
              label={t('pacts.edit.ackDays')}
              rules={[required]}
              style={{ flex: '1 1 200px' }}
            >
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="decideWithinDays"
              label={t('pacts.edit.decideDays')}
              dependencies={['acknowledgeWithinDays']}
              rules={[
                required,
                ({ getFieldValue }) => ({
                  validator: (_, v: number | undefined) =>
                    v === undefined ||
                    (v >= ((getFieldValue('acknowledgeWithinDays') as number | undefined) ?? 1) && v <= 365)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('pacts.edit.decideRule'))),
                }),
              ]}
              style={{ flex: '1 1 200px' }}
            >
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Space>
            <Form.Item name="shareRecordsLookup" valuePropName="checked" noStyle>
              <Switch id="pact-share-records" />
            </Form.Item>
            <label htmlFor="pact-share-records">{t('pacts.detail.shareRecords')}</label>
          </Space>
        </Card>
        <Space wrap>
          <Button
            type="primary"
            loading={creating.loading || revising.loading || amending.loading}
            onClick={() => void submit().catch(() => undefined)}
            data-testid="pact-submit"
          >
            {props.mode === 'create'
              ? t('pacts.edit.submitCreate')
              : props.mode === 'revise'
                ? t('pacts.edit.submitRevise')
                : t('pacts.edit.submitAmend')}
          </Button>
          <Button onClick={() => void navigate(props.code ? `/pacts/${props.code}` : '/pacts')}>
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </Flex>
  );
}
