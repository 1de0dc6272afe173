import { CheckOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../graphql/errors';
import { UpdateActionItemDocument, type ActionStatus } from '../../graphql/meetings.generated';

/**
 * Marks an action item done, or open again (`updateActionItem`). Offered to the owner organization's users once
 * the meeting concluded (the service decides again: another organization's item is NOT_FOUND). `onChanged` runs
 * after the change (My work reloads its list of open items).
 */
export function ActionItemToggle(props: {
  meetingId: string;
  actionId: string;
  status: ActionStatus;
  description: string;
  onChanged?: () => unknown;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [update, updating] = useMutation(UpdateActionItemDocument);
  const done = props.status === 'DONE';
  const toggle = async () => {
    try {
      await update({
        variables: { meetingId: props.meetingId, actionId: props.actionId, status: done ? 'OPEN' : 'DONE' },
      });
      void message.success(done ? t('actionItem.reopened') : t('actionItem.done'));
      await props.onChanged?.();
    } catch (e) {
      void message.error(describeError(e, t, i18n.language).message);
    }
  };
  return (
    <Button
      size="small"
      icon={done ? <UndoOutlined /> : <CheckOutlined />}
      loading={updating.loading}
      data-testid={done ? 'action-reopen' : 'action-done'}
      aria-label={`${done ? t('actionItem.reopen') : t('actionItem.markDone')}: ${props.description}`}
      onClick={() => void toggle()}
    >
      {done ? t('actionItem.reopen') : t('actionItem.markDone')}
    </Button>
  );
}
