import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Descriptions, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  LogConsultationDocument,
  OpenSupervisionMatterDocument,
  type FollowUp,
} from '../../graphql/consultations.generated';
import { usePersistedForm } from '../../lib/persisted-form';
import { canLog, canOpenSupervision, followUpChoices, iscoOf, SUPERVISION_TYPES } from './consultation-logic';
import { ConsultationFields, contentInput, OpinionFields, type ContentValues } from './ConsultationFields';

interface Values extends ContentValues {
  opinion?: string;
  followUp?: FollowUp;
  idempotencyKey?: string;
}

/** Logging a consultation (the police) or opening a supervision matter (a prosecutor): the page's two uses. */
type Mode = 'log' | 'supervise';

const MODES = {
  log: { messages: 'consultations.new', may: canLog, persistAs: 'log-consultation' },
  supervise: { messages: 'consultations.supervise', may: canOpenSupervision, persistAs: 'open-supervision' },
} as const;

/**
 * What opens a record at the person's own county's ISCO (the only one the service accepts):
 * - `log`: a police liaison officer logs a consultation — police case number, criminal case category, type,
 *   question and the materials provided, named (the service keeps their names, not files);
 * - `supervise`: a prosecutor of the county procuratorate opens a supervision matter to the county's police —
 *   filing supervision or compulsory-measure review, what was found, the demand and the clock it sets.
 * What is typed survives the session ending, with the same idempotency key, so submitting again after signing in
 * cannot make a second record.
 */
export default function ConsultationNewPage(props: { mode?: Mode }) {
  const mode = MODES[props.mode ?? 'log'];
  const supervise = props.mode === 'supervise';
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const persisted = usePersistedForm(mode.persistAs, session.me.username);
  const [form] = Form.useForm<Values>();
  const [initial] = useState<Values>(() => ({
    materials: [''],
    ...(supervise ? { followUp: 'NONE' as const } : {}),
    ...(persisted.initialValues as Values | undefined),
    idempotencyKey:
      (persisted.initialValues?.['idempotencyKey'] as string | undefined) ?? crypto.randomUUID(),
  }));
  const type = Form.useWatch('type', form);
  const choices = followUpChoices(type);
  const [log, logging] = useMutation(LogConsultationDocument);
  const [open, opening] = useMutation(OpenSupervisionMatterDocument);
  const [error, setError] = useState<unknown>(null);
  const caller = { organizationCode: session.me.organizationCode, roles: session.roles };
  const isco = iscoOf(session.me.organizationCode);
  const title = (
    <Typography.Title level={2} style={{ margin: 0 }}>
      {t(`${mode.messages}.title`)}
    </Typography.Title>
  );

  if (!mode.may(caller) || !isco) {
    return (
      <Flex vertical gap={16} style={{ maxWidth: 760 }}>
        {title}
        <Alert type="info" showIcon title={t(`${mode.messages}.notAllowed`)} data-testid="not-police" />
      </Flex>
    );
  }

  const submit = async () => {
    setError(null);
    const v = { ...initial, ...(await form.validateFields()) };
    const fields = { iscoOrg: isco, ...contentInput(v), idempotencyKey: v.idempotencyKey! };
    try {
      const id = supervise
        ? (
            await open({
              variables: {
                input: { ...fields, opinion: v.opinion!.trim(), followUp: v.followUp ?? 'NONE' },
              },
            })
          ).data?.openSupervisionMatter.id
        : (await log({ variables: { input: fields } })).data?.logConsultation.id;
      persisted.clear();
      void message.success(t(`${mode.messages}.done`));
      if (id) void navigate(`/consultations/${id}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      {title}
      <Typography.Paragraph style={{ margin: 0 }}>{t(`${mode.messages}.intro`)}</Typography.Paragraph>
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
        onValuesChange={(changed, all) => {
          // A type that does not allow the chosen clock falls back to none.
          if (changed.type && !followUpChoices(changed.type).includes(all.followUp ?? 'NONE'))
            form.setFieldValue('followUp', 'NONE');
          persisted.onValuesChange(changed, { ...all, idempotencyKey: initial.idempotencyKey });
        }}
      >
        {supervise ? (
          <>
            <ConsultationFields
              types={SUPERVISION_TYPES}
              questionLabel={t('consultations.supervise.matter')}
            />
            <OpinionFields label={t('consultations.supervise.demand')} choices={choices} />
          </>
        ) : (
          <ConsultationFields />
        )}
        <Button
          type="primary"
          loading={logging.loading || opening.loading}
          onClick={() => void submit()}
          data-testid="consultation-submit"
        >
          {t(`${mode.messages}.submit`)}
        </Button>
      </Form>
    </Flex>
  );
}
