import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { TAG } from './colors';

const COLOR: Record<string, string> = {
  DRAFT: TAG.grey,
  SENT: TAG.blue,
  RECEIVED: TAG.cyan,
  ACCEPTED: TAG.green,
  RETURNED: TAG.orange,
  OBJECTED: TAG.magenta,
  IN_CONSULTATION: TAG.purple,
  RESOLVED: TAG.green,
  ESCALATED: TAG.red,
  DESIGNATED: TAG.geekblue,
};

export function StateTag(props: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[props.state] ?? TAG.grey}>
      {t(`state.${props.state}`, { defaultValue: props.state })}
    </Tag>
  );
}
