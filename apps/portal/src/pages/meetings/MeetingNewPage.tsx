import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CreateMeetingDocument, type MeetingKind } from '../../graphql/meetings.generated';
import { MEETING_KINDS, shanghaiLocal, shanghaiRfc3339 } from './meeting-logic';
import { usePeople } from './MeetingBits';

interface Values {
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
  people: string[];
  organizations: string[];
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
  const [orgFilter, setOrgFilter] = useState<string | undefined>();
  const hour = 3_600_000;
  const start = new Date(Math.ceil((Date.now() + 2 * hour) / hour) * hour);

  if (!session.roles.has('meeting-secretary')) {
    return <Typography.Paragraph>{t('meetings.new.notSecretary')}</Typography.Paragraph>;
  }

  const me = session.me.username;
  const candidates = directory.people.filter(
    (p) => p.username !== me && (!orgFilter || p.organizationCode === orgFilter),
  );
  const orgsWithPeople = [...new Set(directory.people.map((p) => p.organizationCode))];

  const submit = async (v: Values) => {
    setError(null);
    const startsAt = shanghaiRfc3339(v.startsAt);
    const endsAt = shanghaiRfc3339(v.endsAt);
    const people = v.people ?? [];
    const invitees = [
      ...people.map((username) => ({
        org: directory.person(username)?.organizationCode ?? '',
        username,
      })),
      ...(v.organizations ?? [])
        .filter((org) => !people.some((u) => directory.person(u)?.organizationCode === org))
        .map((org) => ({ org })),
    ];
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
          <Form.Item
            name="title"
            label={t('meetings.new.titleLabel')}
            rules={[{ required: true, whitespace: true, max: 200, message: t('meetings.new.titleRule') }]}
          >
            <Input maxLength={200} data-testid="meeting-title" />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item
              name="startsAt"
              label={t('meetings.new.startsAt')}
              rules={[{ required: true }]}
              style={{ flex: '1 1 220px' }}
            >
              <Input type="datetime-local" data-testid="meeting-starts" />
            </Form.Item>
            <Form.Item
              name="endsAt"
              label={t('meetings.new.endsAt')}
              rules={[{ required: true }]}
              style={{ flex: '1 1 220px' }}
            >
              <Input type="datetime-local" data-testid="meeting-ends" />
            </Form.Item>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t('meetings.new.timeZone')}
          </Typography.Paragraph>
          <Form.Item
            name="location"
            label={t('meetings.new.location')}
            rules={[{ required: true, whitespace: true, max: 200, message: t('meetings.new.locationRule') }]}
          >
            <Input maxLength={200} data-testid="meeting-location" />
          </Form.Item>
          <Form.Item label={t('meetings.new.peopleOf')} htmlFor="meeting-people-org">
            <Select
              id="meeting-people-org"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('meetings.new.anyOrganization')}
              value={orgFilter ?? null}
              onChange={(v: string | undefined) => setOrgFilter(v ?? undefined)}
              options={orgsWithPeople.map((c) => ({ value: c, label: session.orgName(c) }))}
            />
          </Form.Item>
          <Form.Item name="people" label={t('meetings.new.people')} extra={t('meetings.new.peopleHelp')}>
            <Select
              mode="multiple"
              data-testid="meeting-people"
              loading={directory.loading}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('meetings.new.peoplePlaceholder')}
              options={candidates.map((p) => ({
                value: p.username,
                label: `${p.displayName} · ${session.orgName(p.organizationCode)}`,
              }))}
              optionRender={(o) => <span translate="no">{o.label}</span>}
            />
          </Form.Item>
          <Form.Item
            name="organizations"
            label={t('meetings.new.organizations')}
            extra={t('meetings.new.organizationsHelp')}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={session.organizations
                .filter((o) => o.code !== session.me.organizationCode)
                .map((o) => ({ value: o.code, label: session.orgName(o.code) }))}
            />
          </Form.Item>
          <ErrorAlert error={directory.error} />
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
