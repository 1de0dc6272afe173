import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Checkbox, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecordAttendanceDocument, type AttendeeRole } from '../../graphql/meetings.generated';
import { ATTENDEE_ROLES, roleOf } from './meeting-logic';
import { usePeople } from './MeetingBits';
import type { MeetingView } from './MeetingDetailPage';

interface Row {
  username: string;
  org: string;
  role: AttendeeRole;
  present: boolean;
}

/**
 * The secretary records the attendance list (the whole list): the invited people and anyone else of the host or
 * an invited organization, each present or absent, in the capacity that counts for the quorum.
 */
export function AttendanceEditor(props: { meeting: MeetingView }) {
  const { t } = useTranslation();
  const session = useSession();
  const { message } = App.useApp();
  const directory = usePeople();
  const m = props.meeting;
  const [record, recording] = useMutation(RecordAttendanceDocument);
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<Row[]>([]);
  const [edits, setEdits] = useState<Record<string, Partial<Row>>>({});

  const base: Row[] = [];
  const seen = new Set<string>();
  for (const a of m.attendees) {
    seen.add(a.username);
    base.push({ username: a.username, org: a.org, role: a.role, present: a.present });
  }
  for (const i of m.invitees) {
    if (!i.username || seen.has(i.username)) continue;
    seen.add(i.username);
    base.push({
      username: i.username,
      org: i.org,
      role: roleOf(directory.person(i.username)?.roles ?? []),
      present: false,
    });
  }
  const rows = [...base, ...added.filter((r) => !seen.has(r.username))].map((r) => ({
    ...r,
    ...edits[r.username],
  }));
  const orgs = new Set([m.hostOrg, ...m.invitees.map((i) => i.org)]);
  const addable = directory.people.filter(
    (p) => orgs.has(p.organizationCode) && !rows.some((r) => r.username === p.username),
  );
  const edit = (username: string, change: Partial<Row>) =>
    setEdits((prev) => ({ ...prev, [username]: { ...prev[username], ...change } }));

  return (
    <Card title={t('meetings.attendance.title')} data-testid="attendance">
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('meetings.attendance.help')}</Typography.Text>
        {rows.map((r) => (
          <Flex
            key={r.username}
            wrap
            gap={8}
            align="center"
            data-testid="attendance-row"
            data-username={r.username}
          >
            <Checkbox
              checked={r.present}
              onChange={(e) => edit(r.username, { present: e.target.checked })}
              data-testid="attendance-present"
            >
              <span translate="no">{directory.name(r.username)}</span>
              {' · '}
              {session.orgName(r.org)}
            </Checkbox>
            <Select<AttendeeRole>
              aria-label={t('meetings.attendance.roleOf', { name: directory.name(r.username) })}
              style={{ width: 180 }}
              value={r.role}
              onChange={(role) => edit(r.username, { role })}
              options={ATTENDEE_ROLES.map((role) => ({ value: role, label: t(`meetings.role.${role}`) }))}
            />
          </Flex>
        ))}
        <Select<string>
          aria-label={t('meetings.attendance.add')}
          placeholder={t('meetings.attendance.add')}
          showSearch={{ optionFilterProp: 'label' }}
          value={null}
          style={{ maxWidth: 420, width: '100%' }}
          onChange={(username) => {
            const p = directory.person(username);
            if (p)
              setAdded((prev) => [
                ...prev,
                { username, org: p.organizationCode, role: roleOf(p.roles), present: true },
              ]);
          }}
          options={addable.map((p) => ({
            value: p.username,
            label: `${p.displayName} · ${session.orgName(p.organizationCode)}`,
          }))}
        />
        <div>
          <Button
            type="primary"
            loading={recording.loading}
            disabled={rows.length === 0}
            data-testid="attendance-save"
            onClick={() =>
              void (async () => {
                setError(null);
                try {
                  await record({
                    variables: {
                      id: m.id,
                      expectedVersion: m.version,
                      attendees: rows.map(({ username, org, role, present }) => ({
                        username,
                        org,
                        role,
                        present,
                      })),
                    },
                  });
                  setEdits({});
                  setAdded([]);
                  void message.success(t('meetings.attendance.saved'));
                } catch (e) {
                  setError(e);
                }
              })()
            }
          >
            {t('meetings.attendance.save')}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}
