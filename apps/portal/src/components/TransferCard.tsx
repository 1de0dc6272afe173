import { Card, Flex, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../app/session';
import { type TransferListFieldsFragment } from '../graphql/transfers.generated';
import { runningDeadline } from '../lib/deadlines';
import { DeadlineCountdown } from './DeadlineCountdown';
import { StateTag } from './StateTag';

/** One transfer in a list on a narrow screen or on the home page: what, from/to whom, state, running deadline. */
export function TransferCard(props: { transfer: TransferListFieldsFragment; direction: 'in' | 'out' }) {
  const { t } = useTranslation();
  const session = useSession();
  const tr = props.transfer;
  const due = runningDeadline(tr.deadlines);
  return (
    <Card
      size="small"
      style={tr.overdue ? { borderColor: '#cf1322', background: '#fff1f0' } : undefined}
      data-testid="transfer-card"
      data-transfer-id={tr.id}
    >
      <Flex vertical gap={4}>
        <Link to={`/transfers/${tr.id}`} style={{ fontWeight: 600 }} translate="no">
          {tr.summary}
        </Link>
        <Typography.Text type="secondary">
          {props.direction === 'in'
            ? t('transfer.from', { org: session.orgName(tr.senderOrg) })
            : t('transfer.to', { org: session.orgName(tr.receiverOrg) })}
          {' · '}
          {t(`kind.${tr.kind}`)} · {session.businessLineName(tr.businessLine)}
        </Typography.Text>
        <Space wrap size={4}>
          <StateTag state={tr.state} />
          {due && <DeadlineCountdown deadline={due} />}
        </Space>
      </Flex>
    </Card>
  );
}
