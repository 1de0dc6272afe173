import { FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useApolloClient } from '@apollo/client/react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TAG } from '../../components/colors';
import {
  RecordLookupByCitizenIdDocument,
  RecordPersonDetailDocument,
  RecordSearchByNameDocument,
  type RecordLookupPurpose,
  type RecordPersonDetailQuery,
  type RecordPersonSummaryFieldsFragment,
  type RecordPurposeInput,
} from '../../graphql/records.generated';
import { PURPOSES, isJudicial, purposeInput } from './record-purposes';

interface LookupForm {
  code?: RecordLookupPurpose;
  caseNumber?: string;
  justification?: string;
  by: 'citizenId' | 'name';
  citizenId?: string;
  name?: string;
  birthDate?: string;
}

/** A lookup that was answered: its purpose (the detail views reuse it), the persons and the audit entry. */
interface Answered {
  purpose: RecordPurposeInput;
  persons: RecordPersonSummaryFieldsFragment[];
  more: boolean;
  auditId: string;
}

type Detail =
  { loading: true } | { error: unknown } | { data: RecordPersonDetailQuery['recordPersonDetail'] };

/**
 * A prosecutor's offender-record lookup: purpose, case number and justification, then a citizen ID or a name and
 * birth date. Results come masked, as the records service returns them; the full record is a second, explicit
 * request, audited on its own. Every request, and every refusal, is in the records service's audit log.
 */
export default function RecordsLookupPage() {
  const { t } = useTranslation();
  const client = useApolloClient();
  const [form] = Form.useForm<LookupForm>();
  const by = Form.useWatch('by', form) ?? 'citizenId';
  const code = Form.useWatch('code', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [answered, setAnswered] = useState<Answered>();
  const [details, setDetails] = useState<Record<string, Detail>>({});

  const submit = async (values: LookupForm) => {
    const purpose = purposeInput(values);
    setBusy(true);
    setError(undefined);
    setAnswered(undefined);
    setDetails({});
    try {
      if (values.by === 'citizenId') {
        const { data } = await client.query({
          query: RecordLookupByCitizenIdDocument,
          variables: { citizenId: (values.citizenId ?? '').trim(), purpose },
          fetchPolicy: 'no-cache',
        });
        if (data) setAnswered({ purpose, ...data.recordLookupByCitizenId });
      } else {
        const { data } = await client.query({
          query: RecordSearchByNameDocument,
          variables: {
            input: {
              name: (values.name ?? '').trim(),
              ...(values.birthDate ? { birthDate: values.birthDate } : {}),
              purpose,
            },
          },
          fetchPolicy: 'no-cache',
        });
        if (data) setAnswered({ purpose, ...data.recordSearchByName });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const viewDetail = async (personId: string, purpose: RecordPurposeInput) => {
    setDetails((d) => ({ ...d, [personId]: { loading: true } }));
    try {
      const { data } = await client.query({
        query: RecordPersonDetailDocument,
        variables: { personId, purpose },
        fetchPolicy: 'no-cache',
      });
      if (data) setDetails((d) => ({ ...d, [personId]: { data: data.recordPersonDetail } }));
    } catch (err) {
      setDetails((d) => ({ ...d, [personId]: { error: err } }));
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('records.lookup.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>
        <SafetyCertificateOutlined aria-hidden /> {t('records.lookup.intro')}
      </Typography.Paragraph>
      <Form<LookupForm>
        form={form}
        layout="vertical"
        initialValues={{ by: 'citizenId' }}
        onFinish={(values) => void submit(values)}
        aria-label={t('records.lookup.title')}
      >
        <Card title={t('records.lookup.purposeLegend')} size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('records.lookup.required')}</Typography.Paragraph>
          <Form.Item name="code" label={t('records.lookup.code')} required>
            <Select
              allowClear
              placeholder={t('records.lookup.codePlaceholder')}
              data-testid="purpose-code"
              options={PURPOSES.map((p) => ({
                value: p.code,
                label: p.judicial
                  ? `${t(`records.purpose.${p.code}`)}（${t('records.lookup.judicial')}）`
                  : t(`records.purpose.${p.code}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="caseNumber" label={t('records.lookup.caseNumber')} required rules={[{ max: 64 }]}>
            <Input translate="no" placeholder={t('records.lookup.caseNumberPlaceholder')} maxLength={64} />
          </Form.Item>
          <Form.Item
            name="justification"
            label={t('records.lookup.justification')}
            required
            rules={[{ max: 500 }]}
          >
            <Input.TextArea
              rows={2}
              maxLength={500}
              showCount
              placeholder={t('records.lookup.justificationPlaceholder')}
            />
          </Form.Item>
          <Typography.Text type="secondary">{t('records.lookup.judicialNote')}</Typography.Text>
        </Card>
        <Form.Item name="by" label={t('records.lookup.by')}>
          <Radio.Group
            options={[
              { value: 'citizenId', label: t('records.lookup.byCitizenId') },
              { value: 'name', label: t('records.lookup.byName') },
            ]}
          />
        </Form.Item>
        {by === 'citizenId' ? (
          <Form.Item
            name="citizenId"
            label={t('records.lookup.citizenId')}
            rules={[{ required: true, whitespace: true, message: t('records.lookup.citizenId') }]}
          >
            <Input translate="no" maxLength={18} autoComplete="off" style={{ maxWidth: 320 }} />
          </Form.Item>
        ) : (
          <Flex gap={16} wrap>
            <Form.Item
              name="name"
              label={t('records.lookup.name')}
              rules={[{ required: true, whitespace: true, message: t('records.lookup.name') }]}
              style={{ flex: '1 1 240px' }}
            >
              <Input translate="no" maxLength={100} autoComplete="off" />
            </Form.Item>
            <Form.Item name="birthDate" label={t('records.lookup.birthDate')} style={{ flex: '0 1 200px' }}>
              <Input type="date" />
            </Form.Item>
          </Flex>
        )}
        <Button type="primary" htmlType="submit" icon={<FileSearchOutlined />} loading={busy}>
          {t('records.lookup.submit')}
        </Button>
      </Form>

      <div aria-live="polite">
        <ErrorAlert error={error} />
        {answered && (
          <Results
            answered={answered}
            details={details}
            onDetail={(id) => void viewDetail(id, answered.purpose)}
          />
        )}
      </div>
      {code && !isJudicial(code) && !answered && (
        <Alert
          type="info"
          showIcon
          title={t('records.lookup.withheld', { purpose: t(`records.purpose.${code}`) })}
        />
      )}
    </Flex>
  );
}

function Results(props: {
  answered: Answered;
  details: Record<string, Detail>;
  onDetail: (personId: string) => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const { answered } = props;
  const code = answered.purpose.code;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('records.lookup.results')}
      </Typography.Title>
      <Typography.Text type="secondary" data-testid="lookup-audit">
        {t('records.lookup.auditEntry')}:<span translate="no">{answered.auditId}</span>
      </Typography.Text>
      {code && !isJudicial(code) && (
        <Alert
          type="info"
          showIcon
          data-testid="sealed-withheld"
          title={t('records.lookup.withheld', { purpose: t(`records.purpose.${code}`) })}
        />
      )}
      {answered.persons.length === 0 ? (
        <Alert type="warning" showIcon data-testid="no-match" title={t('records.lookup.none')} />
      ) : (
        <Typography.Text type="secondary">{t('records.lookup.maskedNote')}</Typography.Text>
      )}
      {answered.more && <Alert type="info" showIcon title={t('records.lookup.more')} />}
      {answered.persons.map((p) => {
        const detail = props.details[p.personId];
        return (
          <Card
            key={p.personId}
            size="small"
            data-testid="record-person"
            title={
              <span translate="no" style={{ whiteSpace: 'normal' }}>
                {p.names.join(' / ')}
              </span>
            }
          >
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }}>
              <Descriptions.Item label={t('records.lookup.person.maskedCitizenId')}>
                <span translate="no" data-testid="masked-citizen-id">
                  {p.maskedCitizenId}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.birthDate')}>
                <span translate="no">{p.birthDate}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.sex')}>
                {t(`records.lookup.sex.${p.sex}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.household')}>
                <span translate="no">{p.householdDivision}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.holder')}>
                {session.orgName(p.holderOrg)}
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.convictions')}>
                {p.convictionCount}
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.score')}>
                {Math.round(p.score * 100)}%
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.matchReason')}>
                <span translate="no">{p.matchReason}</span>
              </Descriptions.Item>
            </Descriptions>
            {!detail || 'error' in detail ? (
              <Space direction="vertical" size={4} style={{ marginTop: 8 }}>
                <Button onClick={() => props.onDetail(p.personId)} data-testid="view-detail">
                  {t('records.lookup.detailButton')}
                </Button>
                <Typography.Text type="secondary">{t('records.lookup.detailLogged')}</Typography.Text>
              </Space>
            ) : null}
            {detail && 'loading' in detail && <Button loading style={{ marginTop: 8 }} />}
            {detail && 'error' in detail && (
              <div style={{ marginTop: 8 }}>
                <ErrorAlert error={detail.error} />
              </div>
            )}
            {detail && 'data' in detail && <PersonDetail detail={detail.data} purpose={code} />}
          </Card>
        );
      })}
    </Flex>
  );
}

function PersonDetail(props: {
  detail: RecordPersonDetailQuery['recordPersonDetail'];
  purpose: RecordLookupPurpose | null | undefined;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const { person, auditId } = props.detail;
  return (
    <section
      data-testid="record-detail"
      aria-label={t('records.lookup.detailTitle')}
      style={{ marginTop: 12 }}
    >
      <Typography.Title level={4}>{t('records.lookup.detailTitle')}</Typography.Title>
      <Typography.Text type="secondary">
        {t('records.lookup.auditEntry')}:<span translate="no">{auditId}</span>
      </Typography.Text>
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('records.lookup.citizenId')}>
          <span translate="no" data-testid="full-citizen-id">
            {person.citizenId}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('records.lookup.names')}>
          <Flex wrap gap={4}>
            {person.names.map((n) => (
              <Tag key={n.name} color={n.alias ? TAG.grey : TAG.blue}>
                <span translate="no">{n.name}</span> · {t(`records.lookup.script.${n.script}`)}
                {n.alias ? ` · ${t('records.lookup.alias')}` : ''}
              </Tag>
            ))}
          </Flex>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('records.lookup.convictions')}</Typography.Title>
      {props.purpose && !isJudicial(props.purpose) && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('records.lookup.withheld', { purpose: t(`records.purpose.${props.purpose}`) })}
        />
      )}
      {person.convictions.length === 0 ? (
        <Typography.Paragraph>{t('records.lookup.noConvictions')}</Typography.Paragraph>
      ) : (
        person.convictions.map((c) => (
          <Card key={c.id} size="small" type="inner" style={{ marginBottom: 8 }} data-testid="conviction">
            {c.sealed && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                data-testid="sealed-shown"
                title={t('records.lookup.sealed')}
                description={t('records.lookup.sealedShown')}
              />
            )}
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }}>
              <Descriptions.Item label={t('records.lookup.offence')}>
                <span translate="no">{c.offence}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.sentence')}>
                <span translate="no">{c.sentence}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.court')}>
                <span translate="no">{c.court}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.judgmentNumber')}>
                <span translate="no">{c.judgmentNumber}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.judgmentDate')}>
                <span translate="no">{c.judgmentDate}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('records.lookup.person.holder')}>
                {session.orgName(c.holderOrg)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        ))
      )}
    </section>
  );
}
