import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** An address the portal has no page for. */
export default function NotFoundPage() {
  const { t } = useTranslation();
  return <Result status="404" title={t('common.notFound')} />;
}
