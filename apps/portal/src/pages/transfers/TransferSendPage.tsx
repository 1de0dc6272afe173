import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Flex, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  CoveringPactsDocument,
  CreateTransferDraftDocument,
  SendTransferDocument,
  type SendTransferInput,
  type TransferKind,
} from '../../graphql/transfers.generated';
import { usePersistedForm } from '../../lib/persisted-form';

/** The defaults of the transfers service when no pact covers a transfer (docs/transfers.md). */
const DEFAULT_RULES = { acknowledgeWithinDays: 3, decideWithinDays: 10 };
const DEFAULT_PACT = '__default__';

interface Values {
  receiverOrg?: string;
  kind?: TransferKind;
  businessLine?: string;
  category?: string;
  pactCode?: string;
  senderCaseNumber?: string;
  divisionCode?: string;
  summary?: string;
  idempotencyKey?: string;
}

/**
 * Send a case or lead, or save it as a draft. Choosing the receiver, business line and category lists the
 * pacts in force that cover it with the deadlines each sets; the confirmation repeats them before sending.
 * What is typed is kept if the session ends meanwhile (lib/persisted-form.ts), with the same idempotency key, so
 * sending again after signing in cannot make a second transfer.
 */
export default function TransferSendPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const persisted = usePersistedForm('send-transfer', session.me.username);
  const [form] = Form.useForm<Values>();
  const [initial] = useState<Values>(() => ({
    kind: 'CASE',
    pactCode: DEFAULT_PACT,
    ...(persisted.initialValues as Values | undefined),
    idempotencyKey:
      (persisted.initialValues?.['idempotencyKey'] as string | undefined) ?? crypto.randomUUID(),
  }));
  const receiverOrg = Form.useWatch('receiverOrg', form);
  const businessLine = Form.useWatch('businessLine', form);
  const category = Form.useWatch('category', form);
  const pactCode = Form.useWatch('pactCode', form);
  const covering = useQuery(CoveringPactsDocument, {
    skip: !receiverOrg || !businessLine || !category,
    variables: {
      from: session.me.organizationCode,
      to: receiverOrg ?? '',
      businessLine: businessLine ?? '',
      category: category ?? '',
    },
  });
  const pacts = receiverOrg && businessLine && category ? (covering.data?.agreementsCovering ?? []) : [];
  const [send, sending] = useMutation(SendTransferDocument);
  const [draft, drafting] = useMutation(CreateTransferDraftDocument);
  const [error, setError] = useState<unknown>(null);
  const line = session.businessLines.find((l) => l.code === businessLine);
  const chosen = pacts.find((p) => p.code === pactCode);
  const rules = chosen?.settings ?? DEFAULT_RULES;

  const input = (v: Values): SendTransferInput => ({
    receiverOrg: v.receiverOrg!,
    kind: v.kind!,
    businessLine: v.businessLine!,
    category: v.category!,
    summary: v.summary!.trim(),
    idempotencyKey: v.idempotencyKey!,
    ...(v.pactCode && v.pactCode !== DEFAULT_PACT ? { pactCode: v.pactCode } : {}),
    ...(v.senderCaseNumber?.trim() ? { senderCaseNumber: v.senderCaseNumber.trim() } : {}),
    ...(v.divisionCode?.trim() ? { divisionCode: v.divisionCode.trim() } : {}),
  });

  const submit = async (asDraft: boolean) => {
    setError(null);
    const v = { ...initial, ...(await form.validateFields()) };
    if (!asDraft) {
      const ok = await new Promise<boolean>((resolve) => {
        Modal.confirm({
          title: t('send.confirmTitle'),
          content: t('send.confirmBody', {
            receiver: session.orgName(v.receiverOrg),
            basis: chosen ? `${chosen.titleZh}（${chosen.code} v${chosen.version}）` : t('send.defaultRules'),
            ack: rules.acknowledgeWithinDays,
            decide: rules.decideWithinDays,
          }),
          okText: t('send.send'),
          cancelText: t('common.cancel'),
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
      });
      if (!ok) return;
    }
    try {
      const result = asDraft
        ? (await draft({ variables: { input: input(v) } })).data?.createTransferDraft
        : (await send({ variables: { input: input(v) } })).data?.sendTransfer;
      persisted.clear();
      if (result) void navigate(`/transfers/${result.id}`);
    } catch (err) {
      setError(err);
    }
  };

  const receivers = session.organizations.filter(
    (o) => o.kind === 'PROCURATORATE' && o.active && o.code !== session.me.organizationCode,
  );
  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('send.title')}
      </Typography.Title>
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed, all) => {
          if ('businessLine' in changed) form.setFieldValue('category', undefined);
          if ('receiverOrg' in changed || 'businessLine' in changed || 'category' in changed) {
            form.setFieldValue('pactCode', DEFAULT_PACT);
          }
          persisted.onValuesChange(changed, { ...all, idempotencyKey: initial.idempotencyKey });
        }}
      >
        <Form.Item
          name="receiverOrg"
          label={t('send.receiver')}
          rules={[{ required: true, message: t('send.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={receivers.map((o) => ({ value: o.code, label: session.orgName(o.code) }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('send.kind')} rules={[{ required: true }]}>
          <Radio.Group
            options={['CASE', 'LEAD'].map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            optionType="button"
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="businessLine"
            label={t('send.businessLine')}
            rules={[{ required: true, message: t('send.required') }]}
            style={{ flex: '1 1 220px' }}
          >
            <Select
              options={session.businessLines.map((l) => ({
                value: l.code,
                label: session.businessLineName(l.code),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('send.category')}
            rules={[{ required: true, message: t('send.required') }]}
            style={{ flex: '1 1 220px' }}
          >
            <Select
              disabled={!line}
              options={(line?.categories ?? []).map((c) => ({
                value: c.code,
                label: session.categoryName(line!.code, c.code),
              }))}
            />
          </Form.Item>
        </Flex>
        <Form.Item name="pactCode" label={t('send.legalBasis')}>
          <Radio.Group style={{ width: '100%' }}>
            <Flex vertical gap={8}>
              {pacts.map((p) => (
                <Radio key={p.code} value={p.code}>
                  <Space direction="vertical" size={0} data-testid="covering-pact">
                    <span>
                      {p.titleZh}（{p.code} v{p.version}）
                    </span>
                    <Typography.Text type="secondary">
                      {t('send.pactDeadlines', {
                        ack: p.settings.acknowledgeWithinDays,
                        decide: p.settings.decideWithinDays,
                      })}
                    </Typography.Text>
                  </Space>
                </Radio>
              ))}
              <Radio value={DEFAULT_PACT}>
                <Space direction="vertical" size={0}>
                  <span>{pacts.length > 0 ? t('send.firstCovering') : t('send.defaultRules')}</span>
                  <Typography.Text type="secondary">
                    {pacts.length > 0
                      ? t('send.firstCoveringHint')
                      : t('send.pactDeadlines', {
                          ack: DEFAULT_RULES.acknowledgeWithinDays,
                          decide: DEFAULT_RULES.decideWithinDays,
                        })}
                  </Typography.Text>
                </Space>
              </Radio>
            </Flex>
          </Radio.Group>
        </Form.Item>
        {receiverOrg && businessLine && category && !covering.loading && pacts.length === 0 && (
          <Alert type="info" showIcon title={t('send.noCoveringPact')} style={{ marginBottom: 16 }} />
        )}
        <Flex gap={16} wrap>
          <Form.Item name="senderCaseNumber" label={t('send.caseNumber')} style={{ flex: '1 1 220px' }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="divisionCode"
            label={t('send.division')}
            rules={[{ pattern: /^\d{6}$/, message: t('send.divisionFormat') }]}
            style={{ flex: '1 1 160px' }}
          >
            <Input
              inputMode="numeric"
              maxLength={6}
              placeholder={session.me.organization?.code ? undefined : ''}
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="summary"
          label={t('send.summary')}
          rules={[
            { required: true, whitespace: true, message: t('send.required') },
            { max: 2000, message: t('send.tooLong', { max: 2000 }) },
          ]}
        >
          <Input.TextArea rows={5} showCount maxLength={2000} />
        </Form.Item>
        <Card size="small" style={{ marginBottom: 16 }} data-testid="deadline-preview">
          {t('send.preview', { ack: rules.acknowledgeWithinDays, decide: rules.decideWithinDays })}
        </Card>
        <Space wrap>
          <Button type="primary" loading={sending.loading} onClick={() => void submit(false)}>
            {t('send.send')}
          </Button>
          <Button loading={drafting.loading} onClick={() => void submit(true)}>
            {t('send.saveDraft')}
          </Button>
        </Space>
      </Form>
    </Flex>
  );
}
