import { Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A detail page while its record loads: one large spinner, named for assistive technology. */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin size="large" aria-label={t('common.loading')} />
    </Flex>
  );
}

/** A detail page whose record is not there or not visible: said plainly, with the way back. */
export function NotFoundResult(props: { title: string; body: string; action: ReactNode; testId: string }) {
  return (
    <Result
      status="404"
      title={<h2 style={{ fontSize: 'inherit', margin: 0 }}>{props.title}</h2>}
      subTitle={props.body}
      extra={props.action}
      data-testid={props.testId}
    />
  );
}
