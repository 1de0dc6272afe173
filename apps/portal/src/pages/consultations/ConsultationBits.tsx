import { Alert, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TAG } from '../../components/colors';
import { DeadlineCountdown } from '../../components/DeadlineCountdown';
import type {
  ConsultationListFieldsFragment,
  ConsultationNotificationKind,
  ConsultationState,
} from '../../graphql/consultations.generated';
import { followUpDeadline } from './consultation-logic';

const STATE_COLOR: Record<ConsultationState, string> = {
  OPEN: TAG.blue,
  ANSWERED: TAG.gold,
  CLOSED: TAG.green,
  WITHDRAWN: TAG.grey,
};

export function ConsultationStateTag(props: { state: ConsultationState }) {
  const { t } = useTranslation();
  return (
    <span data-testid="consultation-state" data-state={props.state}>
      <Tag color={STATE_COLOR[props.state]} style={{ marginInlineEnd: 0 }}>
        {t(`consultations.state.${props.state}`)}
      </Tag>
    </span>
  );
}

/**
 * The follow-up clock: a running countdown while the police owe a response; once they responded, only whether
 * they were late. Nothing without a clock.
 */
export function FollowUpClock(props: { consultation: ConsultationListFieldsFragment }) {
  const { t } = useTranslation();
  const deadline = followUpDeadline(props.consultation);
  if (!deadline) return null;
  if (deadline.running) {
    return (
      <span data-testid="follow-up-clock" data-due={deadline.localDate}>
        <DeadlineCountdown deadline={deadline} showKind={false} />
      </span>
    );
  }
  return deadline.overdueSince ? (
    <Tag color={TAG.red} data-testid="follow-up-clock" data-due={deadline.localDate}>
      {t('consultations.detail.followUpOverdue')}
    </Tag>
  ) : null;
}

/** Marks a supervision matter: opened by the procuratorate to the police, not logged by the police. */
export function SupervisionTag(props: {
  consultation: Pick<ConsultationListFieldsFragment, 'supervisionMatter'>;
}) {
  const { t } = useTranslation();
  if (!props.consultation.supervisionMatter) return null;
  return (
    <Tag color={TAG.purple} style={{ marginInlineEnd: 0 }} data-testid="supervision-tag">
      {t('consultations.supervisionTag')}
    </Tag>
  );
}

/** What just happened to a consultation, as consultationNotifications told the open page (a status message). */
export function LiveNotice(props: {
  kind: ConsultationNotificationKind;
  testId: string;
  onClose: () => void;
  description?: ReactNode;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      role="status"
      closable
      onClose={props.onClose}
      data-testid={props.testId}
      data-kind={props.kind}
      title={t(`consultations.notification.${props.kind}`)}
      description={props.description}
      action={props.action}
    />
  );
}
