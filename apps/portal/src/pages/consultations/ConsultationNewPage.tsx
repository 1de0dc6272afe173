import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Descriptions, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LogConsultationDocument } from '../../graphql/consultations.generated';
import { usePersistedForm } from '../../lib/persisted-form';
import { canLog, iscoOf } from './consultation-logic';
import { ConsultationFields, contentInput, type ContentValues } from './ConsultationFields';

interface Values extends ContentValues {
  idempotencyKey?: string;
}

/**
 * A police liaison officer logs a consultation at their own county's ISCO (the only one the service accepts):
 * police case number, criminal case category, type, question and the materials provided, named (the service
 * keeps their names, not files). What is typed survives the session ending, with the same idempotency key, so
 * logging again after signing in cannot make a second consultation.
 */
export default function ConsultationNewPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const persisted = usePersistedForm('log-consultation', session.me.username);
  const [form] = Form.useForm<Values>();
  const [initial] = useState<Values>(() => ({
    materials: [''],
    ...(persisted.initialValues as Values | undefined),
    idempotencyKey:
      (persisted.initialValues?.['idempotencyKey'] as string | undefined) ?? crypto.randomUUID(),
  }));
  const [log, logging] = useMutation(LogConsultationDocument);
  const [error, setError] = useState<unknown>(null);
  const caller = { organizationCode: session.me.organizationCode, roles: session.roles };
  const isco = iscoOf(session.me.organizationCode);

  if (!canLog(caller) || !isco) {
    return (
      <Flex vertical gap={16} style={{ maxWidth: 760 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('consultations.new.title')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('consultations.new.notPolice')} data-testid="not-police" />
      </Flex>
    );
  }

  const submit = async () => {
    setError(null);
    const v = { ...initial, ...(await form.validateFields()) };
    try {
      const result = await log({
        variables: {
          input: { iscoOrg: isco, ...contentInput(v), idempotencyKey: v.idempotencyKey! },
        },
      });
      persisted.clear();
      void message.success(t('consultations.new.done'));
      const id = result.data?.logConsultation.id;
      if (id) void navigate(`/consultations/${id}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('consultations.new.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('consultations.new.intro')}</Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'isco',
            label: t('consultations.new.isco'),
            children: <span data-testid="consultation-isco">{session.orgName(isco)}</span>,
          },
        ]}
      />
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed, all) =>
          persisted.onValuesChange(changed, { ...all, idempotencyKey: initial.idempotencyKey })
        }
      >
        <ConsultationFields />
        <Button
          type="primary"
          loading={logging.loading}
          onClick={() => void submit()}
          data-testid="consultation-submit"
        >
          {t('consultations.new.submit')}
        </Button>
      </Form>
    </Flex>
  );
}
