import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { Button, Card, Empty, Flex, Grid, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MeetingsMonthDocument, type MeetingListFieldsFragment } from '../../graphql/meetings.generated';
import {
  addMonths,
  gridRange,
  meetingsByDay,
  monthOf,
  monthWeeks,
  shanghaiDate,
  type CalendarDay,
  type Month,
} from './meeting-calendar';
import { MeetingStateTag } from './MeetingBits';

const WEEKEND_BACKGROUND = '#f5f5f5';

/**
 * A month of meetings: a Monday-first grid of seven columns on a wide screen, a list of the days with meetings
 * on a phone. Each meeting shows its time (Shanghai), kind and state and links to its page. `onMonth` moves to
 * another month (the page keeps it in the address).
 */
export function MeetingMonth(props: { month: Month; onMonth: (month: Month) => void }) {
  const { t, i18n } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const range = gridRange(props.month);
  const result = useQuery(MeetingsMonthDocument, { variables: range });
  const byDay = useMemo(() => meetingsByDay(result.data?.meetings.items ?? []), [result.data]);
  const locale = i18n.language === 'bo' ? 'zh-CN' : i18n.language;
  const monthName = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(Date.UTC(props.month.year, props.month.month - 1, 1));
  const today = shanghaiDate(Date.now());
  const weeks = monthWeeks(props.month);
  const caption = t('meetings.month.caption', { month: monthName });

  return (
    <Card data-testid="meetings-month" data-month={`${props.month.year}-${props.month.month}`}>
      <Flex vertical gap={12}>
        <Flex wrap gap={8} align="center" justify="space-between">
          <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }} aria-live="polite">
            {monthName}
          </Typography.Title>
          <Space wrap>
            <Button
              icon={<LeftOutlined />}
              data-testid="month-previous"
              aria-label={t('meetings.month.previous')}
              onClick={() => props.onMonth(addMonths(props.month, -1))}
            />
            <Button data-testid="month-today" onClick={() => props.onMonth(monthOf(Date.now()))}>
              {t('meetings.month.today')}
            </Button>
            <Button
              icon={<RightOutlined />}
              data-testid="month-next"
              aria-label={t('meetings.month.next')}
              onClick={() => props.onMonth(addMonths(props.month, 1))}
            />
          </Space>
        </Flex>
        <ErrorAlert error={result.error} />
        {narrow ? (
          <DayList weeks={weeks} byDay={byDay} today={today} caption={caption} />
        ) : (
          <MonthGrid weeks={weeks} byDay={byDay} today={today} caption={caption} />
        )}
        <Typography.Text type="secondary">{t('meetings.month.weekendNote')}</Typography.Text>
      </Flex>
    </Card>
  );
}

interface DaysProps {
  weeks: CalendarDay[][];
  byDay: Map<string, MeetingListFieldsFragment[]>;
  today: string;
  caption: string;
}

/** Seven columns, Monday first; every meeting is a link, reached with Tab in date order. */
function MonthGrid(props: DaysProps) {
  const { t } = useTranslation();
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}>
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {props.weeks[0]!.map((d) => (
            <th key={d.weekday} scope="col" style={{ padding: 4, fontWeight: 600, textAlign: 'start' }}>
              {t(`meetings.month.weekdays.${d.weekday}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.weeks.map((week) => (
          <tr key={week[0]!.date}>
            {week.map((d) => (
              <td
                key={d.date}
                data-date={d.date}
                data-testid="month-day"
                aria-current={d.date === props.today ? 'date' : undefined}
                style={{
                  verticalAlign: 'top',
                  height: 96,
                  padding: 4,
                  border: '1px solid #f0f0f0',
                  background: d.weekend ? WEEKEND_BACKGROUND : undefined,
                  outline: d.date === props.today ? '2px solid #1677ff' : undefined,
                  outlineOffset: -2,
                }}
              >
                <Typography.Text
                  type={d.inMonth ? undefined : 'secondary'}
                  strong={d.date === props.today}
                  style={{ display: 'block' }}
                >
                  {d.day}
                  {d.date === props.today && (
                    <span className="visually-hidden"> {t('meetings.month.todayMark')}</span>
                  )}
                </Typography.Text>
                <DayMeetings meetings={props.byDay.get(d.date) ?? []} compact />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** On a phone: the month's days that have meetings, one after the other, each with its meetings. */
function DayList(props: DaysProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'bo' ? 'zh-CN' : i18n.language;
  const dayName = new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' });
  const days = props.weeks.flat().filter((d) => d.inMonth && props.byDay.has(d.date));
  if (days.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.month.noMeetings')} />;
  return (
    <Flex vertical gap={12} role="list" aria-label={props.caption}>
      {days.map((d) => (
        <div
          key={d.date}
          role="listitem"
          data-testid="month-day"
          data-date={d.date}
          aria-current={d.date === props.today ? 'date' : undefined}
          style={{
            padding: 8,
            borderInlineStart: `4px solid ${d.date === props.today ? '#1677ff' : '#f0f0f0'}`,
            background: d.weekend ? WEEKEND_BACKGROUND : undefined,
          }}
        >
          <Typography.Title level={4} style={{ margin: 0, fontSize: 15 }}>
            {dayName.format(Date.parse(`${d.date}T00:00:00Z`))} {t(`meetings.month.weekdays.${d.weekday}`)}
            {d.date === props.today ? ` · ${t('meetings.month.todayMark')}` : ''}
          </Typography.Title>
          <DayMeetings meetings={props.byDay.get(d.date)!} />
        </div>
      ))}
    </Flex>
  );
}

const timeOfDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function DayMeetings(props: { meetings: readonly MeetingListFieldsFragment[]; compact?: boolean }) {
  const { t } = useTranslation();
  if (props.meetings.length === 0) return null;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {props.meetings.map((m) => (
        <li key={m.id} data-testid="month-meeting" data-meeting-id={m.id} style={{ marginTop: 4 }}>
          <Link
            to={`/meetings/${m.id}`}
            style={{
              display: 'block',
              overflow: 'hidden',
              textOverflow: props.compact ? 'ellipsis' : undefined,
              whiteSpace: props.compact ? 'nowrap' : undefined,
              textDecoration: m.state === 'CANCELLED' ? 'line-through' : undefined,
            }}
          >
            <time dateTime={m.startsAt!}>{timeOfDay.format(new Date(m.startsAt!))}</time>{' '}
            <span translate="no">{m.title}</span>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {t(`meetingKind.${m.kind}`)}
          </Typography.Text>
          {!props.compact && <MeetingStateTag state={m.state} />}
        </li>
      ))}
    </ul>
  );
}
