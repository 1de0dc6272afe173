import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../graphql/errors';

/** A refused or failed request: the service's reason in the person's language, and field problems listed. */
export function ErrorAlert(props: { error: unknown; onClose?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!props.error) return null;
  const shown = describeError(props.error, t, i18n.language);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-reason={shown.reason ?? shown.code}
      title={shown.message}
      description={
        shown.violations.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {shown.violations.map((v) => (
              <li key={v.field}>
                {v.field}: {v.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
      closable={Boolean(props.onClose)}
      onClose={props.onClose}
      style={{ marginBottom: 16 }}
    />
  );
}
