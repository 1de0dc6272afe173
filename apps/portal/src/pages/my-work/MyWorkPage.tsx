import { useQuery, useSubscription } from '@apollo/client/react';
import { Badge, Card, Col, Empty, Flex, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { TAG } from '../../components/colors';
import { DeadlineCountdown } from '../../components/DeadlineCountdown';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TransferCard } from '../../components/TransferCard';
import {
  FollowUpClocksDocument,
  MyActionItemsDocument,
  MyMeetingsDocument,
  MyTransfersDocument,
  TransferFeedDocument,
  type TransferFeedSubscription,
} from '../../graphql/my-work.generated';
import { byUrgency, runningDeadline } from '../../lib/deadlines';
import { ActionItemToggle } from '../meetings/ActionItemToggle';

type Notification = TransferFeedSubscription['transferNotifications'];

/**
 * My work: what needs the signed-in person now, from live data — transfers waiting for the organization's
 * acknowledgement or decision (overdue first, with a countdown), disputes and returns, the organization's open
 * action items from meetings, the police follow-up clocks, and a feed of transfer events that arrives over the
 * subscription and refreshes the lists without a reload.
 */
export default function MyWorkPage() {
  const { t } = useTranslation();
  const session = useSession();
  const handlesTransfers = ['prosecutor', 'chief-prosecutor', 'meeting-secretary'].some((r) =>
    session.roles.has(r),
  );
  const transfers = useQuery(MyTransfersDocument, { skip: !handlesTransfers });
  const actions = useQuery(MyActionItemsDocument);
  const clocks = useQuery(FollowUpClocksDocument);
  const meetings = useQuery(MyMeetingsDocument);
  const [feed, setFeed] = useState<Notification[]>([]);
  useSubscription(TransferFeedDocument, {
    skip: !handlesTransfers,
    onData: ({ data }) => {
      const n = data.data?.transferNotifications;
      if (!n) return;
      setFeed((prev) => [n, ...prev].slice(0, 20));
      void transfers.refetch();
      // An objection drafts a heads' consultation at the sender: the meetings list may have changed too.
      if (n.kind === 'OBJECTED' || n.kind === 'CONSULTATION_STARTED') void meetings.refetch();
    },
  });

  const waiting = byUrgency(
    transfers.data?.waiting.items ?? [],
    (tr) => runningDeadline(tr.deadlines)?.dueAt,
  );
  const overdueCount = waiting.filter((tr) => tr.overdue).length;
  const me = session.me.username;
  // Drafts to schedule first (they need the secretary), then the soonest (the service lists the latest start first).
  const ahead = [...(meetings.data?.meetings.items ?? [])].sort((a, b) =>
    !a.startsAt ? (b.startsAt ? -1 : 0) : !b.startsAt ? 1 : Date.parse(a.startsAt) - Date.parse(b.startsAt),
  );
  const followUps = (clocks.data?.consultations.items ?? []).filter((c) => c.followUpDueAt);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('home.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            {handlesTransfers && (
              <Card
                title={
                  <Space>
                    {t('home.waiting')}
                    <Badge count={waiting.length} showZero color="#9e1b1b" />
                    {overdueCount > 0 && (
                      <Tag color={TAG.red}>{t('home.overdueCount', { count: overdueCount })}</Tag>
                    )}
                  </Space>
                }
                data-testid="waiting"
                aria-busy={transfers.loading}
              >
                <ErrorAlert error={transfers.error} />
                {waiting.length === 0 && !transfers.loading ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.nothingWaiting')} />
                ) : (
                  <Flex vertical gap={8}>
                    {waiting.map((tr) => (
                      <TransferCard key={tr.id} transfer={tr} direction="in" />
                    ))}
                  </Flex>
                )}
              </Card>
            )}
            {handlesTransfers && (
              <Card title={t('home.disputes')} data-testid="disputes">
                {[...(transfers.data?.disputes.items ?? []), ...(transfers.data?.returned.items ?? [])]
                  .length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noDisputes')} />
                ) : (
                  <Flex vertical gap={8}>
                    {transfers.data?.disputes.items.map((tr) => (
                      <TransferCard key={tr.id} transfer={tr} direction="in" />
                    ))}
                    {transfers.data?.returned.items.map((tr) => (
                      <TransferCard key={tr.id} transfer={tr} direction="out" />
                    ))}
                  </Flex>
                )}
              </Card>
            )}
            <Card
              title={t('home.meetings')}
              data-testid="meetings"
              extra={<Link to="/meetings">{t('home.allMeetings')}</Link>}
            >
              <ErrorAlert error={meetings.error} />
              {ahead.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noMeetings')} />
              ) : (
                <Flex vertical gap={8}>
                  {ahead.slice(0, 10).map((m) => (
                    <Flex
                      key={m.id}
                      justify="space-between"
                      wrap
                      gap={8}
                      data-testid="meeting"
                      data-meeting-id={m.id}
                    >
                      <Link to={`/meetings/${m.id}`}>
                        <span translate="no">{m.title}</span>
                      </Link>
                      <Space size={4} wrap>
                        {m.invitees.some((i) => i.username === me) && (
                          <Tag color={TAG.purple} data-testid="meeting-invited">
                            {t('home.invitedYou')}
                          </Tag>
                        )}
                        <Tag color={m.state === 'DRAFT' ? TAG.orange : TAG.blue}>
                          {t(`meetingState.${m.state}`, { defaultValue: m.state })}
                        </Tag>
                        <Typography.Text type="secondary">
                          {m.startsAt ? new Date(m.startsAt).toLocaleString() : t('home.noTimeYet')}
                          {m.location ? ' · ' : ''}
                          {m.location && <span translate="no">{m.location}</span>}
                        </Typography.Text>
                      </Space>
                    </Flex>
                  ))}
                </Flex>
              )}
            </Card>
            <Card title={t('home.actionItems')} data-testid="action-items">
              <ErrorAlert error={actions.error} />
              {(actions.data?.myActionItems ?? []).length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noActionItems')} />
              ) : (
                <Flex vertical gap={8}>
                  {actions.data?.myActionItems.map((a) => (
                    <Flex
                      key={a.id}
                      justify="space-between"
                      wrap
                      gap={8}
                      data-testid="my-action-item"
                      data-action-id={a.id}
                    >
                      <Typography.Text>
                        <Link to={`/meetings/${a.meetingId}`}>
                          <span translate="no">{a.description}</span>
                        </Link>
                      </Typography.Text>
                      <Space size={4} wrap>
                        <Tag color={a.overdue ? TAG.red : TAG.blue}>
                          {a.overdue ? t('home.overdue') : ''}
                          {a.dueDate ? t('home.dueOn', { date: a.dueDate }) : t('home.noDueDate')}
                          {a.dueDateProvisional ? ` ${t('deadline.provisional')}` : ''}
                        </Tag>
                        <ActionItemToggle
                          meetingId={a.meetingId}
                          actionId={a.id}
                          status={a.status}
                          description={a.description}
                          onChanged={() => actions.refetch()}
                        />
                      </Space>
                    </Flex>
                  ))}
                </Flex>
              )}
            </Card>
            <Card title={t('home.followUps')} data-testid="follow-ups">
              <ErrorAlert error={clocks.error} />
              {followUps.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noFollowUps')} />
              ) : (
                <Flex vertical gap={8}>
                  {followUps.map((c) => (
                    <Flex key={c.id} justify="space-between" wrap gap={8}>
                      <Typography.Text>
                        <Link to={`/consultations/${c.id}`} translate="no">
                          {c.policeCaseNumber}
                        </Link>{' '}
                        · {session.orgName(c.policeOrg)}
                      </Typography.Text>
                      <DeadlineCountdown
                        showKind={false}
                        deadline={{
                          deadline: 'CONSULTATION',
                          dueAt: c.followUpDueAt!,
                          localDate: c.followUpDueLocalDate ?? '',
                          provisional: c.followUpDueProvisional,
                          overdueSince: c.followUpOverdue ? c.followUpDueAt : null,
                        }}
                      />
                    </Flex>
                  ))}
                </Flex>
              )}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('home.feed')} data-testid="feed">
            <div aria-live="polite">
              {feed.length === 0 ? (
                <Typography.Text type="secondary">{t('home.feedEmpty')}</Typography.Text>
              ) : (
                <Flex vertical gap={8}>
                  {feed.map((n) => (
                    <div key={`${n.transferId}-${n.kind}-${n.occurredAt}`} data-testid="feed-item">
                      <Link to={`/transfers/${n.transferId}`}>
                        {t(`feed.${n.kind}`, {
                          sender: session.orgName(n.senderOrg),
                          receiver: session.orgName(n.receiverOrg),
                          actor: session.orgName(n.actorOrg),
                        })}
                      </Link>
                      <br />
                      <Typography.Text type="secondary">
                        {new Date(n.occurredAt).toLocaleString()}
                      </Typography.Text>
                    </div>
                  ))}
                </Flex>
              )}
            </div>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
