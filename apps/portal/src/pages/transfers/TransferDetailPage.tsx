import { CheckCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client/react';
import { App, Button, Card, Col, Descriptions, Flex, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { DeadlineCountdown } from '../../components/DeadlineCountdown';
import { NotFoundResult, PageLoading } from '../../components/PageStates';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StateTag } from '../../components/StateTag';
import { TransferDetailDocument, type TransferDetailQuery } from '../../graphql/transfers.generated';
import { allowedActions } from '../../lib/transfer-actions';
import { formatTime, timelineCode } from '../../lib/transfer-detail';
import { ActionModal, type DialogAction } from './detail/ActionModal';
import { Attachments } from '../../components/Attachments';

type Transfer = NonNullable<TransferDetailQuery['transfer']>;
type Step = Transfer['timeline'][number];

const DIALOG_ACTIONS: readonly DialogAction[] = [
  'send',
  'accept',
  'return',
  'object',
  'escalate',
  'designate',
];

/**
 * One transfer: what it is, between whom, under which legal basis and deadlines, how it was decided, every
 * step of its timeline, its files, and the moves the signed-in person may make on it. One GraphQL request
 * (the transfer); the shell's two (who I am, the reference lists) make three in all. Opening a transfer sent to
 * one's organization records its receipt, which the timeline then shows.
 */
export default function TransferDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const query = useQuery(TransferDetailDocument, { variables: { id } });
  const [dialog, setDialog] = useState<DialogAction | null>(null);
  const transfer = query.data?.transfer;

  if (query.loading && !query.data) return <PageLoading />;
  if (query.error && !query.data) return <ErrorAlert error={query.error} />;
  if (!transfer) {
    return (
      <NotFoundResult
        title={t('detail.notFoundTitle')}
        body={t('detail.notFoundBody')}
        testId="transfer-not-found"
        action={
          <Button type="primary" onClick={() => void navigate('/')}>
            {t('detail.backHome')}
          </Button>
        }
      />
    );
  }

  const actions = allowedActions(transfer, {
    organizationCode: session.me.organizationCode,
    roles: session.roles,
  });
  const dialogs = DIALOG_ACTIONS.filter((a) => actions.includes(a));

  return (
    <>
      <Flex vertical gap={16} style={{ maxWidth: 1200 }} data-transfer-id={transfer.id}>
        <div>
          <Typography.Text type="secondary">{t('detail.heading')}</Typography.Text>
          <Typography.Title level={2} style={{ margin: 0, overflowWrap: 'anywhere' }}>
            {transfer.summary}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 8 }}>
            <span data-testid="transfer-state" data-state={transfer.state}>
              <StateTag state={transfer.state} />
            </span>
            <Tag>{t(`kind.${transfer.kind}`)}</Tag>
            {transfer.overdue && <Tag color="red">{t('detail.overdue')}</Tag>}
          </Space>
        </div>
        <ErrorAlert error={query.error} />
        {dialogs.length > 0 && (
          <Card size="small" title={t('detail.actions.title')} data-testid="actions">
            <Space wrap>
              {dialogs.map((a) => (
                <Button
                  key={a}
                  type={a === 'accept' || a === 'send' || a === 'designate' ? 'primary' : 'default'}
                  onClick={() => setDialog(a)}
                  data-testid={`action-${a}`}
                >
                  {t(`detail.actions.${a}`)}
                </Button>
              ))}
            </Space>
          </Card>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Flex vertical gap={16}>
              <Overview transfer={transfer} />
              <Deadlines transfer={transfer} />
              <Attachments
                uploadPath={`/transfers/${encodeURIComponent(transfer.id)}/attachments`}
                attachments={transfer.attachments}
                canUpload={actions.includes('upload')}
                onUploaded={() => void query.refetch()}
              />
            </Flex>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={t('detail.timeline.title')}>
              <TransferTimeline steps={transfer.timeline} />
            </Card>
          </Col>
        </Row>
        <ActionModal
          transferId={transfer.id}
          action={dialog}
          onClose={() => setDialog(null)}
          onRefused={() => void query.refetch()}
          onDone={(a) => {
            void message.success(t(`detail.actions.done.${a}`));
            void query.refetch();
          }}
        />
      </Flex>
    </>
  );
}

function Overview(props: { transfer: Transfer }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const tr = props.transfer;
  const basis = tr.legalBasis;
  const lang = i18n.language;
  const optional = (
    key: string,
    value: string | null | undefined,
    children: ReactNode = value,
  ): { key: string; label: string; children: ReactNode }[] =>
    value ? [{ key, label: t(`detail.field.${key}`), children }] : [];
  const items = [
    { key: 'sender', label: t('detail.field.sender'), children: session.orgName(tr.senderOrg) },
    { key: 'receiver', label: t('detail.field.receiver'), children: session.orgName(tr.receiverOrg) },
    {
      key: 'businessLine',
      label: t('detail.field.businessLine'),
      children: session.businessLineName(tr.businessLine),
    },
    {
      key: 'category',
      label: t('detail.field.category'),
      children: session.categoryName(tr.businessLine, tr.category),
    },
    {
      key: 'caseNumber',
      label: t('detail.field.caseNumber'),
      children: tr.senderCaseNumber ?? t('detail.none'),
    },
    { key: 'division', label: t('detail.field.division'), children: tr.divisionCode },
    {
      key: 'legalBasis',
      label: t('detail.field.legalBasis'),
      span: 'filled' as const,
      children: (
        <div data-testid="legal-basis">
          {!basis ? (
            t('detail.basisNone')
          ) : (
            <>
              <div>
                {basis.pactCode
                  ? t('detail.basisPact', {
                      title: basis.pactTitle ?? basis.pactCode,
                      code: basis.pactCode,
                      version: basis.pactVersion ?? '—',
                    })
                  : t('detail.basisDefault')}
              </div>
              <Typography.Text type="secondary">
                {t('detail.basisDays', { ack: basis.acknowledgeWithinDays, decide: basis.decideWithinDays })}
              </Typography.Text>
            </>
          )}
        </div>
      ),
    },
    { key: 'createdBy', label: t('detail.field.createdBy'), children: tr.createdBy },
    ...optional('sentAt', tr.sentAt, formatTime(tr.sentAt, lang)),
    ...optional('receivedAt', tr.receivedAt, formatTime(tr.receivedAt, lang)),
    ...optional('decidedAt', tr.decidedAt, formatTime(tr.decidedAt, lang)),
    ...optional('closedAt', tr.closedAt, formatTime(tr.closedAt, lang)),
    ...optional(
      'returnReason',
      tr.returnReason,
      tr.returnReason && t(`detail.returnReason.${tr.returnReason}`),
    ),
    ...optional(
      'objectionGrounds',
      tr.objectionGrounds,
      tr.objectionGrounds && t(`detail.objectionGrounds.${tr.objectionGrounds}`),
    ),
    ...optional('resolution', tr.resolution, tr.resolution && t(`detail.resolution.${tr.resolution}`)),
    ...optional(
      'decisionText',
      tr.decisionText,
      <span style={{ whiteSpace: 'pre-wrap' }}>{tr.decisionText}</span>,
    ),
    ...optional(
      'handlingOrg',
      tr.handlingOrg,
      <span data-testid="handling-org">{session.orgName(tr.handlingOrg)}</span>,
    ),
    ...optional('commonSuperior', tr.commonSuperiorOrg, session.orgName(tr.commonSuperiorOrg)),
    ...optional(
      'consultationMeeting',
      tr.consultationMeetingId,
      <Typography.Text code copyable data-testid="consultation-meeting">
        {tr.consultationMeetingId}
      </Typography.Text>,
    ),
  ];
  return (
    <Card title={t('detail.overview')}>
      <Descriptions
        column={{ xs: 1, sm: 1, md: 2 }}
        size="small"
        items={items}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        data-testid="overview"
      />
    </Card>
  );
}

function Deadlines(props: { transfer: Transfer }) {
  const { t, i18n } = useTranslation();
  const deadlines = props.transfer.deadlines;
  return (
    <Card title={t('detail.deadlines')}>
      {deadlines.length === 0 ? (
        <Typography.Text type="secondary">{t('detail.noDeadlines')}</Typography.Text>
      ) : (
        <Flex vertical gap={8} data-testid="deadlines">
          {deadlines.map((d) => (
            <div
              key={d.deadline}
              data-testid="deadline"
              data-deadline={d.deadline}
              data-met={Boolean(d.metAt)}
            >
              {d.metAt ? (
                <Tag color={d.overdueSince ? 'orange' : 'green'} icon={<CheckCircleOutlined />}>
                  {t(d.overdueSince ? 'detail.metLate' : 'detail.met', {
                    kind: t(`detail.deadlineName.${d.deadline}`),
                    time: formatTime(d.metAt, i18n.language),
                  })}
                </Tag>
              ) : (
                <DeadlineCountdown deadline={d} />
              )}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t('deadline.lastDay', { date: d.localDate })}
                {d.provisional ? ` ${t('deadline.provisional')}` : ''}
              </Typography.Text>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}

const STEP_COLOR: Record<string, string> = {
  accepted: 'green',
  resolved: 'green',
  designated: 'green',
  returned: 'orange',
  objected: 'red',
  escalated: 'red',
  overdue: 'red',
};

function TransferTimeline(props: { steps: readonly Step[] }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  if (props.steps.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="timeline">
        {t('detail.timeline.empty')}
      </Typography.Text>
    );
  }
  const codeText = (step: Step): string | null => {
    if (!step.code) return null;
    const code = timelineCode(step.action, step.code);
    if (code.kind === 'message') return t(`detail.${code.key}`);
    if (code.kind === 'org') return session.orgName(code.code);
    return code.code;
  };
  const actor = (step: Step) => (step.actor === 'system' ? t('detail.timeline.system') : step.actor);
  const actorOrg = (step: Step) =>
    step.actorOrg === 'system' ? t('detail.timeline.system') : session.orgName(step.actorOrg);
  return (
    <div data-testid="timeline">
      <Timeline
        items={props.steps.map((step, i) => {
          const code = codeText(step);
          return {
            key: `${step.at}-${i}`,
            color: STEP_COLOR[step.action] ?? 'blue',
            content: (
              <div data-testid="timeline-step" data-action={step.action}>
                <Flex wrap gap={8} align="baseline">
                  <Typography.Text strong>
                    {t(`detail.action.${step.action}`, { defaultValue: step.action })}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    <time dateTime={step.at}>{formatTime(step.at, i18n.language)}</time>
                  </Typography.Text>
                </Flex>
                <div>
                  <Typography.Text type="secondary">
                    {t('detail.timeline.by', { actor: actor(step), org: actorOrg(step) })}
                  </Typography.Text>
                </div>
                {(step.fromState || step.toState) && step.fromState !== step.toState && (
                  <Space size={4} wrap style={{ marginTop: 4 }}>
                    {step.fromState && <StateTag state={step.fromState} />}
                    {step.fromState && step.toState && <span aria-hidden>→</span>}
                    {step.toState && <StateTag state={step.toState} />}
                  </Space>
                )}
                {code && (
                  <div>
                    <Tag
                      data-testid="timeline-code"
                      data-code={step.code}
                      style={{ marginTop: 4, whiteSpace: 'normal' }}
                    >
                      {code}
                    </Tag>
                  </div>
                )}
                {step.note && (
                  <Typography.Paragraph
                    type="secondary"
                    style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                  >
                    {step.note}
                  </Typography.Paragraph>
                )}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
