import { CalendarOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TAG } from '../../components/colors';
import { FileLink } from '../../components/FileLink';
import { PeopleDocument, type PeopleQuery } from '../../graphql/meetings.generated';

export type PersonRow = PeopleQuery['people'][number];

const STATE_COLOR: Record<string, string> = {
  DRAFT: TAG.orange,
  SCHEDULED: TAG.blue,
  IN_SESSION: TAG.green,
  CONCLUDED: TAG.cyan,
  MINUTES_APPROVED: TAG.geekblue,
  CANCELLED: TAG.grey,
};

export function MeetingStateTag(props: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[props.state] ?? TAG.grey} data-state={props.state} style={{ marginInlineEnd: 0 }}>
      {t(`meetingState.${props.state}`, { defaultValue: props.state })}
    </Tag>
  );
}

/** A time as Shanghai's wall clock in the person's language: meetings are held in Tibet. */
export function useMeetingTime() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language === 'bo' ? 'zh-CN' : i18n.language, {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    return (at: string | null | undefined) => (at ? format.format(new Date(at)) : '—');
  }, [i18n.language]);
}

/** The meeting as an iCalendar file (fetched with the bearer token: components/FileLink.tsx). */
export function CalendarLink(props: { path: string; id: string }) {
  const { t } = useTranslation();
  return (
    <FileLink
      path={props.path}
      fileName={`meeting-${props.id}.ics`}
      failed={t('meetings.calendarFailed')}
      testId="meeting-calendar"
    >
      <CalendarOutlined /> {t('meetings.calendar')}
    </FileLink>
  );
}

/** The people directory, once per page: names by username, and the people of given organizations. */
export function usePeople() {
  const result = useQuery(PeopleDocument, { variables: {}, fetchPolicy: 'cache-first' });
  return useMemo(() => {
    const people = result.data?.people ?? [];
    const byUsername = new Map(people.map((p) => [p.username, p]));
    return {
      people,
      loading: result.loading,
      error: result.error,
      name: (username: string) => byUsername.get(username)?.displayName ?? username,
      person: (username: string) => byUsername.get(username),
    };
  }, [result.data, result.loading, result.error]);
}
