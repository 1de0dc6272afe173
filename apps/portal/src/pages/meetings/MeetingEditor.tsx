import { EditOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, Card, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describeError } from '../../graphql/errors';
import {
  ScheduleMeetingDocument,
  UpdateMeetingDocument,
  type MeetingFieldsFragment,
} from '../../graphql/meetings.generated';
import { shanghaiLocal, shanghaiRfc3339, timeProblem, type TimeProblem } from './meeting-logic';
import { usePeople } from './MeetingBits';
import {
  DetailsFields,
  inviteesOf,
  ParticipantsFields,
  participantsOf,
  type ParticipantsValues,
} from './MeetingFormFields';

interface Values extends ParticipantsValues {
  title: string;
  startsAt?: string;
  endsAt?: string;
  location?: string;
}

/**
 * The host's secretary changes a meeting's details before it starts (`updateMeeting` on the version shown).
 * A draft — the heads' consultation made for an objected transfer — is given its time and place here too: its
 * details are saved first, then `scheduleMeeting` makes it SCHEDULED (the service's one path from a draft). A
 * change made meanwhile by someone else is refused (`MEETING_STALE_VERSION`): the person is told so and reloads.
 */
export function MeetingEditor(props: { meeting: MeetingFieldsFragment; onReload: () => unknown }) {
  const { t } = useTranslation();
  const m = props.meeting;
  const [open, setOpen] = useState(m.state === 'DRAFT');
  const draft = m.state === 'DRAFT';
  return (
    <Card
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {draft ? t('meetings.edit.draftTitle') : t('meetings.edit.title')}
        </Typography.Title>
      }
      data-testid="meeting-editor"
    >
      {open ? (
        <EditForm meeting={m} onReload={props.onReload} onDone={() => setOpen(draft)} />
      ) : (
        <Button icon={<EditOutlined />} data-testid="meeting-edit" onClick={() => setOpen(true)}>
          {t('meetings.edit.open')}
        </Button>
      )}
    </Card>
  );
}

function EditForm(props: { meeting: MeetingFieldsFragment; onReload: () => unknown; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const m = props.meeting;
  const draft = m.state === 'DRAFT';
  const directory = usePeople();
  const [form] = Form.useForm<Values>();
  const [update, updating] = useMutation(UpdateMeetingDocument);
  const [schedule, scheduling] = useMutation(ScheduleMeetingDocument);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<TimeProblem | null>(null);
  const stale = error ? describeError(error, t, i18n.language).reason === 'MEETING_STALE_VERSION' : false;

  const submit = async (v: Values) => {
    setError(null);
    const startsAt = v.startsAt ? shanghaiRfc3339(v.startsAt) : null;
    const endsAt = v.endsAt ? shanghaiRfc3339(v.endsAt) : null;
    const found = startsAt && endsAt ? timeProblem(startsAt, endsAt, m.startsAt) : null;
    setProblem(found);
    if (found) return;
    const location = v.location?.trim() ?? '';
    const details = {
      kind: m.kind,
      title: v.title,
      location,
      invitees: inviteesOf(v, directory, m.invitees),
    };
    try {
      if (draft && startsAt && endsAt) {
        const saved = await update({
          variables: { id: m.id, expectedVersion: m.version, details },
        });
        await schedule({
          variables: {
            id: m.id,
            expectedVersion: saved.data!.updateMeeting.version,
            startsAt,
            endsAt,
            location,
          },
        });
        void message.success(t('meetings.edit.scheduled'));
      } else {
        await update({
          variables: {
            id: m.id,
            expectedVersion: m.version,
            details: { ...details, startsAt, endsAt },
          },
        });
        void message.success(t('meetings.edit.saved'));
      }
      props.onDone();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Form<Values>
      form={form}
      name="meeting-edit"
      layout="vertical"
      requiredMark
      initialValues={{
        title: m.title,
        startsAt: m.startsAt ? shanghaiLocal(new Date(m.startsAt)) : undefined,
        endsAt: m.endsAt ? shanghaiLocal(new Date(m.endsAt)) : undefined,
        location: m.location ?? '',
        ...participantsOf(m.invitees),
      }}
      onFinish={(v) => void submit(v)}
    >
      {draft && <Typography.Paragraph type="secondary">{t('meetings.edit.draftHelp')}</Typography.Paragraph>}
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="meeting-edit-conflict"
          title={t('meetings.edit.conflict')}
          action={
            <Button
              size="small"
              data-testid="meeting-edit-reload"
              onClick={() =>
                void (async () => {
                  await props.onReload();
                  setError(null);
                })()
              }
            >
              {t('meetings.edit.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : (
        <ErrorAlert error={error} onClose={() => setError(null)} />
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="meeting-edit-time"
          title={t(`meetings.edit.problem.${problem}`)}
          style={{ marginBottom: 16 }}
        />
      )}
      <DetailsFields timeRequired={!draft} />
      <ParticipantsFields directory={directory} host={m.hostOrg} />
      <Flex gap={8} wrap>
        <Button
          type="primary"
          htmlType="submit"
          loading={updating.loading || scheduling.loading}
          data-testid="meeting-edit-save"
        >
          {draft ? t('meetings.edit.saveDraft') : t('meetings.edit.save')}
        </Button>
        {!draft && <Button onClick={props.onDone}>{t('common.cancel')}</Button>}
      </Flex>
    </Form>
  );
}
