import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Empty, Flex, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MeetingsDocument, type MeetingListFieldsFragment } from '../../graphql/meetings.generated';
import { monthOf, readView, viewParams, type MeetingsView } from './meeting-calendar';
import { bySoonest, PAST_STATES, UPCOMING_STATES } from './meeting-logic';
import { CalendarLink, MeetingStateTag, useMeetingTime } from './MeetingBits';
import { MeetingMonth } from './MeetingMonth';

/**
 * Meetings the person's organization hosts, is invited to or supervises: upcoming (soonest first) and past, or a
 * month of them (`?view=month&month=2026-12`, kept in the address so it can be shared and reloaded).
 */
export default function MeetingListPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = readView(params, Date.now());
  const show = (next: MeetingsView) => setParams(viewParams(next));
  const result = useQuery(MeetingsDocument, {
    variables: { upcoming: { states: [...UPCOMING_STATES] }, past: { states: [...PAST_STATES] } },
    skip: view.view === 'month',
  });
  const secretary = session.roles.has('meeting-secretary');
  const upcoming = bySoonest(result.data?.upcoming.items ?? []);
  const past = result.data?.past.items ?? [];

  return (
    <Flex vertical gap={16}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('meetings.list.title')}
        </Typography.Title>
        {secretary && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="meeting-new"
            onClick={() => void navigate('/meetings/new')}
          >
            {t('meetings.list.new')}
          </Button>
        )}
      </Flex>
      <Segmented
        aria-label={t('meetings.view.label')}
        data-testid="meetings-view"
        value={view.view}
        onChange={(v) =>
          show(v === 'month' ? { view: 'month', month: monthOf(Date.now()) } : { view: 'list' })
        }
        options={[
          { value: 'list', label: t('meetings.view.list') },
          { value: 'month', label: t('meetings.view.month') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {view.view === 'month' ? (
        <MeetingMonth month={view.month} onMonth={(month) => show({ view: 'month', month })} />
      ) : (
        <>
          <ErrorAlert error={result.error} />
          <MeetingSection
            title={t('meetings.list.upcoming')}
            items={upcoming}
            empty={t('meetings.list.noUpcoming')}
            testId="meetings-upcoming"
          />
          <MeetingSection
            title={t('meetings.list.past')}
            items={past}
            empty={t('meetings.list.noPast')}
            testId="meetings-past"
          />
        </>
      )}
    </Flex>
  );
}

function MeetingSection(props: {
  title: string;
  items: readonly MeetingListFieldsFragment[];
  empty: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const time = useMeetingTime();
  return (
    <Card
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {props.title}
        </Typography.Title>
      }
      data-testid={props.testId}
    >
      {props.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} />
      ) : (
        <Flex vertical gap={12} role="list">
          {props.items.map((m) => (
            <Flex
              key={m.id}
              role="listitem"
              vertical
              gap={4}
              data-testid="meeting-row"
              data-meeting-id={m.id}
              style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}
            >
              <Link to={`/meetings/${m.id}`} style={{ fontWeight: 600 }}>
                <span translate="no">{m.title}</span>
              </Link>
              <Space wrap size={[8, 4]}>
                <MeetingStateTag state={m.state} />
                <Typography.Text>{t(`meetingKind.${m.kind}`)}</Typography.Text>
                <Typography.Text type="secondary">
                  {m.startsAt ? time(m.startsAt) : t('meetings.noTimeYet')}
                  {m.location ? ' · ' : ''}
                  {m.location && <span translate="no">{m.location}</span>}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('meetings.hostedBy', { host: session.orgName(m.hostOrg) })}
                </Typography.Text>
                {m.calendarPath && <CalendarLink path={m.calendarPath} id={m.id} />}
              </Space>
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
