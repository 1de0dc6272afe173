import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { TAG } from './colors';
import { countdown, type DeadlineLike } from '../lib/deadlines';
import { useNow } from '../lib/use-now';

const COLOR = { overdue: TAG.red, today: TAG.volcano, soon: TAG.gold, later: TAG.blue } as const;

/** A deadline as a tag: which one, its last working day, and the time left — red and "overdue" once passed. */
export function DeadlineCountdown(props: { deadline: DeadlineLike; showKind?: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  const { deadline } = props;
  const c = countdown(deadline, now);
  const left = t(c.urgency === 'overdue' ? 'deadline.overdueBy' : 'deadline.left', {
    days: c.days,
    hours: c.hours,
    minutes: c.minutes,
  });
  const kind = props.showKind === false ? '' : `${t(`deadlineKind.${deadline.deadline}`)} · `;
  return (
    <Tooltip
      title={`${t('deadline.lastDay', { date: deadline.localDate })}${deadline.provisional ? ` ${t('deadline.provisional')}` : ''}`}
    >
      <Tag
        color={COLOR[c.urgency]}
        icon={c.urgency === 'overdue' ? <ExclamationCircleOutlined /> : <ClockCircleOutlined />}
        data-urgency={c.urgency}
      >
        {kind}
        {left}
      </Tag>
    </Tooltip>
  );
}
