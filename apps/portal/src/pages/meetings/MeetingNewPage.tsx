import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Flex, Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CreateMeetingDocument, type MeetingKind } from '../../graphql/meetings.generated';
import { MEETING_KINDS, shanghaiLocal, shanghaiRfc3339 } from './meeting-logic';
import { usePeople } from './MeetingBits';
import { DetailsFields, inviteesOf, ParticipantsFields, type ParticipantsValues } from './MeetingFormFields';

interface Values extends ParticipantsValues {
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
}

/**
 * A secretary schedules a meeting of their organization: kind, title, time (Shanghai), place, and participants
 * picked from the people directory by name and organization (their organizations are invited with them).
 */
export default function MeetingNewPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const directory = usePeople();
  const [form] = Form.useForm<Values>();
  const [create, creating] = useMutation(CreateMeetingDocument);
  const [error, setError] = useState<unknown>(null);
  const [key] = useState(() => crypto.randomUUID());
  const hour = 3_600_000;
  const start = new Date(Math.ceil((Date.now() + 2 * hour) / hour) * hour);

  if (!session.roles.has('meeting-secretary')) {
    return <Typography.Paragraph>{t('meetings.new.notSecretary')}</Typography.Paragraph>;
  }

  const submit = async (v: Values) => {
    setError(null);
    const startsAt = shanghaiRfc3339(v.startsAt);
    const endsAt = shanghaiRfc3339(v.endsAt);
    const invitees = inviteesOf(v, directory);
    try {
      const r = await create({
        variables: {
          input: {
            idempotencyKey: key,
            kind: v.kind,
            title: v.title,
            startsAt: startsAt ?? v.startsAt,
            endsAt: endsAt ?? v.endsAt,
            location: v.location,
            invitees,
          },
        },
      });
      void message.success(t('meetings.new.done'));
      void navigate(`/meetings/${r.data!.createMeeting.id}`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('meetings.new.title')}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t('meetings.new.host', { host: session.orgName(session.me.organizationCode) })}
      </Typography.Text>
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark
          initialValues={{
            kind: 'PROSECUTORS_JOINT',
            startsAt: shanghaiLocal(start),
            endsAt: shanghaiLocal(new Date(start.getTime() + 2 * hour)),
            people: [],
            organizations: [],
          }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="kind" label={t('meetings.new.kind')} rules={[{ required: true }]}>
            <Select
              data-testid="meeting-kind"
              options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetingKind.${k}`) }))}
            />
          </Form.Item>
          <DetailsFields timeRequired />
          <ParticipantsFields directory={directory} host={session.me.organizationCode} />
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" loading={creating.loading} data-testid="meeting-create">
              {t('meetings.new.submit')}
            </Button>
            <Button onClick={() => void navigate('/meetings')}>{t('common.cancel')}</Button>
          </Flex>
        </Form>
      </Card>
    </Flex>
  );
}
