import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Grid,
  Input,
  Modal,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { TAG } from '../../components/colors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileLink } from '../../components/FileLink';
import { describeError } from '../../graphql/errors';
import {
  CancelMeetingDocument,
  ConcludeMeetingDocument,
  MeetingDocument,
  SignMinutesDocument,
  StartMeetingDocument,
  WriteMinutesDocument,
  type MeetingFieldsFragment,
} from '../../graphql/meetings.generated';
import { ActionItemToggle } from './ActionItemToggle';
import { AgendaEditor } from './AgendaEditor';
import { AttendanceEditor } from './AttendanceEditor';
import { missingForQuorum, subjectOf, type Missing } from './meeting-logic';
import { CalendarLink, MeetingStateTag, useMeetingTime, usePeople } from './MeetingBits';
import { MeetingEditor } from './MeetingEditor';

export type MeetingView = MeetingFieldsFragment;

// The minutes' editor and rendering (and the format's parser) load with the minutes section, once concluded.
const MinutesEditor = lazy(() => import('./MinutesText').then((m) => ({ default: m.MinutesEditor })));
const MinutesView = lazy(() => import('./MinutesText').then((m) => ({ default: m.MinutesView })));

/**
 * One meeting, from invitation to signed minutes. The host's secretary starts it, records attendance and agenda
 * items (decisions, opinions and who holds them, referrals, action items), concludes it, writes the minutes;
 * each attendee present signs the digest they see. Only the actions the person may take are shown.
 */
export default function MeetingDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const time = useMeetingTime();
  const directory = usePeople();
  const narrow = !Grid.useBreakpoint().md;
  const query = useQuery(MeetingDocument, { variables: { id } });
  const meeting = query.data?.meeting;

  if (query.loading && !meeting) return <Spin aria-label={t('common.loading')} />;
  if (query.error && !meeting) return <ErrorAlert error={query.error} />;
  if (!meeting)
    return (
      <Flex vertical gap={8}>
        <Typography.Title level={2}>{t('meetings.detail.notFound')}</Typography.Title>
        <Link to="/meetings">{t('meetings.detail.back')}</Link>
      </Flex>
    );

  const secretary = session.roles.has('meeting-secretary') && session.me.organizationCode === meeting.hostOrg;
  const open = ['DRAFT', 'SCHEDULED', 'IN_SESSION'].includes(meeting.state);

  return (
    <Flex
      vertical
      gap={16}
      data-testid="meeting-detail"
      data-state={meeting.state}
      data-version={meeting.version}
    >
      <Link to="/meetings">{t('meetings.detail.back')}</Link>
      <Flex wrap gap={8} align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          <span translate="no">{meeting.title}</span>
        </Typography.Title>
        <MeetingStateTag state={meeting.state} />
      </Flex>
      <Card>
        <Descriptions column={narrow ? 1 : 2} size="small">
          <Descriptions.Item label={t('meetings.detail.kind')}>
            {t(`meetingKind.${meeting.kind}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.detail.host')}>
            {session.orgName(meeting.hostOrg)}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.detail.time')}>
            {meeting.startsAt
              ? `${time(meeting.startsAt)} – ${time(meeting.endsAt)}`
              : t('meetings.noTimeYet')}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.detail.location')}>
            {meeting.location ? <span translate="no">{meeting.location}</span> : '—'}
          </Descriptions.Item>
          {meeting.calendarPath && (
            <Descriptions.Item label={t('meetings.detail.calendar')}>
              <CalendarLink path={meeting.calendarPath} id={meeting.id} />
            </Descriptions.Item>
          )}
          {meeting.cancelledReason && (
            <Descriptions.Item label={t('meetings.detail.cancelledReason')}>
              <span translate="no">{meeting.cancelledReason}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {secretary && ['DRAFT', 'SCHEDULED'].includes(meeting.state) && (
        <MeetingEditor meeting={meeting} onReload={() => query.refetch()} />
      )}
      {secretary && <SecretaryActions meeting={meeting} />}
      <Participants meeting={meeting} name={directory.name} />
      {secretary && ['SCHEDULED', 'IN_SESSION'].includes(meeting.state) && (
        <AttendanceEditor meeting={meeting} />
      )}
      <Agenda meeting={meeting} name={directory.name} />
      {secretary && open && meeting.state !== 'CANCELLED' && <AgendaEditor meeting={meeting} />}
      {['CONCLUDED', 'MINUTES_APPROVED'].includes(meeting.state) && (
        <Minutes meeting={meeting} secretary={secretary} name={directory.name} />
      )}
    </Flex>
  );
}

/** What the quorum lacks, in the person's language. */
export function useMissingText() {
  const { t } = useTranslation();
  const session = useSession();
  return (m: Missing) => {
    switch (m.kind) {
      case 'chiefFrom':
        return t('meetings.quorum.chiefFrom', { orgs: m.orgs.map((o) => session.orgName(o)).join('、') });
      case 'prosecutors':
        return t('meetings.quorum.prosecutors', { present: m.present, needed: m.needed });
      case 'prosecutorAndPolice':
        return [
          m.prosecutor ? '' : t('meetings.quorum.noProsecutor'),
          m.police ? '' : t('meetings.quorum.noPolice'),
        ]
          .filter(Boolean)
          .join(' ');
      case 'organizations':
        return t('meetings.quorum.organizations', { present: m.present, needed: m.needed });
    }
  };
}

function SecretaryActions(props: { meeting: MeetingView }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const m = props.meeting;
  const missingText = useMissingText();
  const [start, starting] = useMutation(StartMeetingDocument);
  const [conclude, concluding] = useMutation(ConcludeMeetingDocument);
  const [cancel, cancelling] = useMutation(CancelMeetingDocument);
  const [error, setError] = useState<unknown>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const vars = { id: m.id, expectedVersion: m.version };
  const shown = error ? describeError(error, t, i18n.language) : null;
  const missing = shown?.reason === 'MEETING_QUORUM_MISSING' ? missingForQuorum(m) : null;
  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await action();
      void message.success(done);
    } catch (e) {
      setError(e);
    }
  };
  const canCancel = ['DRAFT', 'SCHEDULED', 'IN_SESSION'].includes(m.state);
  if (!['SCHEDULED', 'IN_SESSION'].includes(m.state) && !canCancel) return null;
  return (
    <Card title={t('meetings.actions.title')} data-testid="meeting-actions">
      <ErrorAlert error={error} onClose={() => setError(null)} />
      {missing && (
        <Alert
          type="warning"
          showIcon
          data-testid="quorum-missing"
          title={t('meetings.quorum.title')}
          description={missingText(missing)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Space wrap>
        {m.state === 'SCHEDULED' && (
          <Button
            type="primary"
            loading={starting.loading}
            data-testid="meeting-start"
            onClick={() => void run(() => start({ variables: vars }), t('meetings.actions.started'))}
          >
            {t('meetings.actions.start')}
          </Button>
        )}
        {m.state === 'IN_SESSION' && (
          <Button
            type="primary"
            loading={concluding.loading}
            data-testid="meeting-conclude"
            onClick={() => void run(() => conclude({ variables: vars }), t('meetings.actions.concluded'))}
          >
            {t('meetings.actions.conclude')}
          </Button>
        )}
        {canCancel && (
          <Button data-testid="meeting-cancel" onClick={() => setCancelOpen(true)}>
            {t('meetings.actions.cancel')}
          </Button>
        )}
      </Space>
      <Modal
        open={cancelOpen}
        title={t('meetings.actions.cancelTitle')}
        okText={t('meetings.actions.cancel')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: cancelling.loading }}
        onCancel={() => setCancelOpen(false)}
        onOk={() =>
          void run(async () => {
            await cancel({ variables: { ...vars, reason } });
            setCancelOpen(false);
          }, t('meetings.actions.cancelled'))
        }
      >
        <label htmlFor="meeting-cancel-reason">{t('meetings.actions.cancelReason')}</label>
        <Input.TextArea
          id="meeting-cancel-reason"
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

function Participants(props: { meeting: MeetingView; name: (u: string) => string }) {
  const { t } = useTranslation();
  const session = useSession();
  const m = props.meeting;
  const attendance = new Map(m.attendees.map((a) => [a.username, a]));
  const invitedPeople = m.invitees.filter((i) => i.username);
  const invitedOrgs = [...new Set(m.invitees.map((i) => i.org))];
  const extra = m.attendees.filter((a) => !invitedPeople.some((i) => i.username === a.username));
  const status = (username: string) => {
    const a = attendance.get(username);
    if (!a) return <Tag color={TAG.blue}>{t('meetings.participants.invited')}</Tag>;
    return a.present ? (
      <Tag color={TAG.green}>{t('meetings.participants.present')}</Tag>
    ) : (
      <Tag color={TAG.grey}>{t('meetings.participants.absent')}</Tag>
    );
  };
  const row = (username: string, org: string) => (
    <Flex
      key={username}
      wrap
      gap={8}
      align="center"
      role="listitem"
      data-testid="participant"
      data-username={username}
    >
      <Typography.Text strong translate="no">
        {props.name(username)}
      </Typography.Text>
      <Typography.Text type="secondary">{session.orgName(org)}</Typography.Text>
      {status(username)}
      {attendance.get(username) && (
        <Typography.Text type="secondary">
          {t(`meetings.role.${attendance.get(username)!.role}`)}
        </Typography.Text>
      )}
    </Flex>
  );
  return (
    <Card title={t('meetings.participants.title')} data-testid="participants">
      <Flex vertical gap={8}>
        <Typography.Text>
          {t('meetings.participants.organizations')}:{' '}
          {invitedOrgs.length > 0 ? invitedOrgs.map((o) => session.orgName(o)).join('、') : '—'}
        </Typography.Text>
        <Flex vertical gap={8} role="list" aria-label={t('meetings.participants.people')}>
          {invitedPeople.map((i) => row(i.username!, i.org))}
          {extra.map((a) => row(a.username, a.org))}
        </Flex>
        {invitedPeople.length === 0 && extra.length === 0 && (
          <Typography.Text type="secondary">{t('meetings.participants.none')}</Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

function Agenda(props: { meeting: MeetingView; name: (u: string) => string }) {
  const { t } = useTranslation();
  const session = useSession();
  const holders = (h: readonly string[]) => h.map(props.name).join('、');
  const concluded = ['CONCLUDED', 'MINUTES_APPROVED'].includes(props.meeting.state);
  return (
    <Card title={t('meetings.agenda.title')} data-testid="agenda">
      {props.meeting.agenda.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.agenda.none')} />
      ) : (
        <Flex vertical gap={16}>
          {props.meeting.agenda.map((item) => {
            const s = subjectOf(item);
            return (
              <Flex key={item.number} vertical gap={4} data-testid="agenda-item" data-number={item.number}>
                <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                  {item.number}. <span translate="no">{item.title}</span>
                </Typography.Title>
                {s.subject !== 'none' && (
                  <Typography.Text type="secondary">
                    {t(`meetings.agenda.subject.${s.subject}`)}:{' '}
                    {s.subject === 'transfer' ? (
                      <Link to={`/transfers/${s.value}`} translate="no">
                        {s.value}
                      </Link>
                    ) : (
                      <span translate="no">{s.value}</span>
                    )}
                  </Typography.Text>
                )}
                {item.decision && (
                  <Typography.Paragraph style={{ margin: 0 }}>
                    <Typography.Text strong>{t('meetings.agenda.decision')}: </Typography.Text>
                    <span translate="no">{item.decision}</span>
                  </Typography.Paragraph>
                )}
                {item.majority && (
                  <Typography.Paragraph style={{ margin: 0 }}>
                    <Typography.Text strong>{t('meetings.agenda.majority')}: </Typography.Text>
                    <span translate="no">{item.majority.text}</span>{' '}
                    <Typography.Text type="secondary">
                      （{t('meetings.agenda.heldBy', { holders: holders(item.majority.holders) })}）
                    </Typography.Text>
                  </Typography.Paragraph>
                )}
                {item.minorities.map((o, i) => (
                  <Typography.Paragraph key={i} style={{ margin: 0 }}>
                    <Typography.Text strong>{t('meetings.agenda.minority')}: </Typography.Text>
                    <span translate="no">{o.text}</span>{' '}
                    <Typography.Text type="secondary">
                      （{t('meetings.agenda.heldBy', { holders: holders(o.holders) })}）
                    </Typography.Text>
                  </Typography.Paragraph>
                ))}
                {item.referToCommittee && (
                  <div>
                    <Tag color={TAG.purple}>{t('meetings.agenda.referred')}</Tag>
                  </div>
                )}
                {item.transferOutcome && (
                  <Typography.Text>
                    {t('meetings.agenda.outcome')}: {t(`meetings.outcome.${item.transferOutcome}`)}
                  </Typography.Text>
                )}
                {item.actions.length > 0 && (
                  <Flex vertical gap={4} role="list" aria-label={t('meetings.agenda.actions')}>
                    {item.actions.map((a) => (
                      <Flex key={a.id} role="listitem" wrap gap={8} data-testid="action-item">
                        <Typography.Text>
                          <span translate="no">{a.description}</span>
                        </Typography.Text>
                        <Typography.Text type="secondary">{session.orgName(a.ownerOrg)}</Typography.Text>
                        <Tag color={a.overdue ? TAG.red : TAG.blue}>
                          {a.dueDate
                            ? t('meetings.agenda.dueOn', { date: a.dueDate })
                            : t('meetings.agenda.dueWithin', { days: a.dueWithinDays })}
                          {a.dueDateProvisional ? ` ${t('deadline.provisional')}` : ''}
                        </Tag>
                        <Tag color={a.status === 'DONE' ? TAG.green : TAG.grey} data-status={a.status}>
                          {t(`meetings.actionStatus.${a.status}`)}
                        </Tag>
                        {concluded && session.me.organizationCode === a.ownerOrg && (
                          <ActionItemToggle
                            meetingId={props.meeting.id}
                            actionId={a.id}
                            status={a.status}
                            description={a.description}
                          />
                        )}
                      </Flex>
                    ))}
                  </Flex>
                )}
              </Flex>
            );
          })}
        </Flex>
      )}
    </Card>
  );
}

function Minutes(props: { meeting: MeetingView; secretary: boolean; name: (u: string) => string }) {
  const { t } = useTranslation();
  const session = useSession();
  const time = useMeetingTime();
  const { message } = App.useApp();
  const m = props.meeting;
  const [text, setText] = useState(m.minutes ?? '');
  const [write, writing] = useMutation(WriteMinutesDocument);
  const [sign, signing] = useMutation(SignMinutesDocument);
  const [error, setError] = useState<unknown>(null);
  const me = session.me.username;
  const mayWrite = props.secretary && m.state === 'CONCLUDED';
  const maySign = m.state === 'CONCLUDED' && Boolean(m.minutesDigest) && m.awaitingSignatures.includes(me);
  return (
    <Card title={t('meetings.minutes.title')} data-testid="minutes">
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Flex vertical gap={12}>
        <Suspense
          fallback={
            <div role="status" aria-label={t('meetings.minutes.editor.loading')}>
              <Spin />
            </div>
          }
        >
          {mayWrite ? (
            <>
              <MinutesEditor
                id="meeting-minutes"
                label={t('meetings.minutes.label')}
                value={text}
                maxLength={50000}
                onChange={setText}
              />
              <div>
                <Button
                  type="primary"
                  disabled={!text.trim()}
                  loading={writing.loading}
                  data-testid="minutes-save"
                  onClick={() =>
                    void (async () => {
                      setError(null);
                      try {
                        await write({ variables: { id: m.id, expectedVersion: m.version, minutes: text } });
                        void message.success(t('meetings.minutes.saved'));
                      } catch (e) {
                        setError(e);
                      }
                    })()
                  }
                >
                  {m.minutes ? t('meetings.minutes.rewrite') : t('meetings.minutes.save')}
                </Button>
              </div>
              {m.minutes && m.signatures.length > 0 && (
                <Typography.Text type="secondary">{t('meetings.minutes.rewriteWarning')}</Typography.Text>
              )}
            </>
          ) : m.minutes ? (
            <MinutesView text={m.minutes} testId="minutes-shown" />
          ) : (
            <Typography.Text type="secondary">{t('meetings.minutes.notYet')}</Typography.Text>
          )}
        </Suspense>
        {m.minutesDigest && (
          <Typography.Text>
            {t('meetings.minutes.digest')}:{' '}
            <Typography.Text
              code
              translate="no"
              data-testid="minutes-digest"
              style={{ wordBreak: 'break-all' }}
            >
              {m.minutesDigest}
            </Typography.Text>
          </Typography.Text>
        )}
        {maySign && (
          <Flex vertical gap={8} data-testid="minutes-sign-box">
            <Typography.Text>{t('meetings.minutes.signExplain')}</Typography.Text>
            <div>
              <Button
                type="primary"
                loading={signing.loading}
                data-testid="minutes-sign"
                onClick={() =>
                  void (async () => {
                    setError(null);
                    try {
                      await sign({ variables: { id: m.id, digest: m.minutesDigest! } });
                      void message.success(t('meetings.minutes.signed'));
                    } catch (e) {
                      setError(e);
                    }
                  })()
                }
              >
                {t('meetings.minutes.sign')}
              </Button>
            </div>
          </Flex>
        )}
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {t('meetings.minutes.signatures')}
        </Typography.Title>
        {m.signatures.length === 0 ? (
          <Typography.Text type="secondary">{t('meetings.minutes.noSignatures')}</Typography.Text>
        ) : (
          <Flex vertical gap={4} role="list" aria-label={t('meetings.minutes.signatures')}>
            {m.signatures.map((s) => (
              <Flex key={`${s.username}-${s.signedAt}`} role="listitem" wrap gap={8} data-testid="signature">
                <Typography.Text strong translate="no">
                  {props.name(s.username)}
                </Typography.Text>
                <Typography.Text type="secondary">{session.orgName(s.org)}</Typography.Text>
                <Typography.Text type="secondary">{time(s.signedAt)}</Typography.Text>
                <Tag color={s.valid ? TAG.green : TAG.orange}>
                  {s.valid ? t('meetings.minutes.valid') : t('meetings.minutes.invalid')}
                </Tag>
                <Typography.Text code translate="no" style={{ wordBreak: 'break-all' }}>
                  {s.digest.slice(0, 16)}…
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        )}
        {m.awaitingSignatures.length > 0 && m.minutesDigest && (
          <Typography.Text data-testid="awaiting">
            {t('meetings.minutes.awaiting', { names: m.awaitingSignatures.map(props.name).join('、') })}
          </Typography.Text>
        )}
        {(m.minutesPdfPath || m.minutesDocxPath) && (
          <Space wrap size={16} data-testid="minutes-export">
            {m.minutesPdfPath && (
              <FileLink
                path={m.minutesPdfPath}
                fileName={`${m.title}.pdf`}
                failed={t('meetings.minutes.exportFailed')}
                testId="minutes-pdf"
              >
                <FilePdfOutlined /> {t('meetings.minutes.pdf')}
              </FileLink>
            )}
            {m.minutesDocxPath && (
              <FileLink
                path={m.minutesDocxPath}
                fileName={`${m.title}.docx`}
                failed={t('meetings.minutes.exportFailed')}
                testId="minutes-docx"
              >
                <FileWordOutlined /> {t('meetings.minutes.docx')}
              </FileLink>
            )}
          </Space>
        )}
      </Flex>
    </Card>
  );
}
