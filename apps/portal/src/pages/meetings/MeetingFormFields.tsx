import { Flex, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { usePeople } from './MeetingBits';

type Directory = ReturnType<typeof usePeople>;

/**
 * Title, time (Shanghai's wall clock, `datetime-local`) and place. `timeRequired` false: a draft may be saved
 * without a time (it keeps waiting to be scheduled), but a time needs both ends and a place.
 */
export function DetailsFields(props: { timeRequired: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const startsAt = Form.useWatch<string | undefined>('startsAt', form);
  const timed = props.timeRequired || Boolean(startsAt);
  return (
    <>
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
          rules={[{ required: props.timeRequired }]}
          style={{ flex: '1 1 220px' }}
        >
          <Input type="datetime-local" data-testid="meeting-starts" />
        </Form.Item>
        <Form.Item
          name="endsAt"
          label={t('meetings.new.endsAt')}
          dependencies={['startsAt']}
          rules={[{ required: timed }]}
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
        dependencies={['startsAt']}
        rules={[
          { required: timed, whitespace: true, message: t('meetings.new.locationRule') },
          { max: 200, message: t('meetings.new.locationRule') },
        ]}
      >
        <Input maxLength={200} data-testid="meeting-location" />
      </Form.Item>
    </>
  );
}

/** The form values the participants' fields fill: usernames picked by name, organizations invited without one. */
export interface ParticipantsValues {
  people: string[];
  organizations: string[];
}

/**
 * Participants picked from the people directory by name and organization (an organization filter, then the
 * people), and organizations invited with no one named — the fields of scheduling and of editing a meeting.
 * `host` is the host organization: it is never invited.
 */
export function ParticipantsFields(props: { directory: Directory; host: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [orgFilter, setOrgFilter] = useState<string | undefined>();
  const { directory } = props;
  const me = session.me.username;
  const candidates = directory.people.filter(
    (p) => p.username !== me && (!orgFilter || p.organizationCode === orgFilter),
  );
  const orgsWithPeople = [...new Set(directory.people.map((p) => p.organizationCode))];
  return (
    <>
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
            .filter((o) => o.code !== props.host)
            .map((o) => ({ value: o.code, label: session.orgName(o.code) }))}
        />
      </Form.Item>
      <ErrorAlert error={directory.error} />
    </>
  );
}

/** The invitees the service takes: each person with their organization, then the organizations no one named is of. */
export function inviteesOf(
  values: Partial<ParticipantsValues>,
  directory: Directory,
  invited: readonly { org: string; username?: string | null }[] = [],
) {
  const people = values.people ?? [];
  // A person already invited keeps their organization even when the directory page loaded does not list them.
  const orgOf = (username: string) =>
    directory.person(username)?.organizationCode ?? invited.find((i) => i.username === username)?.org ?? '';
  return [
    ...people.map((username) => ({ org: orgOf(username), username })),
    ...(values.organizations ?? [])
      .filter((org) => !people.some((u) => orgOf(u) === org))
      .map((org) => ({ org })),
  ];
}

/** The form values of a meeting's invitees: the people named, and the organizations invited without a name. */
export function participantsOf(invitees: readonly { org: string; username?: string | null }[]) {
  const people = invitees.filter((i) => i.username).map((i) => i.username!);
  const named = new Set(invitees.filter((i) => i.username).map((i) => i.org));
  const organizations = [
    ...new Set(invitees.filter((i) => !i.username && !named.has(i.org)).map((i) => i.org)),
  ];
  return { people, organizations };
}
