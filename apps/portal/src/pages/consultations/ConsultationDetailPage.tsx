import { EditOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { Attachments } from '../../components/Attachments';
import { NotFoundResult, PageLoading } from '../../components/PageStates';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  ConsultationDetailDocument,
  ConsultationFeedDocument,
  type ConsultationNotificationKind,
  EditConsultationDocument,
  RecordConsultationOpinionDocument,
  RecordPoliceResponseDocument,
  WithdrawConsultationDocument,
  type ConsultationDetailFieldsFragment,
  type FollowUp,
} from '../../graphql/consultations.generated';
import { CONSULTATION_ATTACHMENT_TYPES } from '../../lib/attachment-types';
import { formatTime } from '../../lib/transfer-detail';
import { allowedActions, followUpChoices, followUpDeadline } from './consultation-logic';
import { ConsultationStateTag, FollowUpClock, LiveNotice, SupervisionTag } from './ConsultationBits';
import { ConsultationFields, contentInput, OpinionFields, type ContentValues } from './ConsultationFields';

type Consultation = ConsultationDetailFieldsFragment;

/**
 * One consultation: what the police asked, the prosecutor's opinion with the follow-up clock it set (a working-day
 * countdown while the police owe a response), the police response, and the one form the person may fill in —
 * the opinion for a prosecutor of the county's procuratorate while it is open, the response for a liaison officer
 * of the bureau once it is answered. Another's move arrives live (the consultationNotifications subscription):
 * the page reloads the consultation and says what happened.
 */
export default function ConsultationDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const query = useQuery(ConsultationDetailDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const c = query.data?.consultation;
  const [editing, setEditing] = useState(false);
  // A move the service refused (e.g. CONFLICT: the opinion came meanwhile), shown above the page as it is now.
  const [refusal, setRefusal] = useState<unknown>(null);
  // The last move someone made on this consultation while the page was open.
  const [live, setLive] = useState<{ kind: ConsultationNotificationKind; actor: string | null } | null>(null);
  useSubscription(ConsultationFeedDocument, {
    skip: !id,
    onData: ({ data }) => {
      const n = data.data?.consultationNotifications;
      if (!n || n.consultationId !== id) return;
      setLive({ kind: n.kind, actor: n.actor });
      void query.refetch();
    },
  });
  const refused = (err: unknown) => {
    setRefusal(err);
    setEditing(false);
    void query.refetch();
  };

  if (query.loading && !query.data) return <PageLoading />;
  if (query.error && !query.data) return <ErrorAlert error={query.error} />;
  if (!c) {
    return (
      <NotFoundResult
        title={t('consultations.detail.notFoundTitle')}
        body={t('consultations.detail.notFoundBody')}
        testId="consultation-not-found"
        action={
          <Button type="primary" onClick={() => void navigate('/consultations')}>
            {t('consultations.detail.backToList')}
          </Button>
        }
      />
    );
  }
  const actions = allowedActions(c, { organizationCode: session.me.organizationCode, roles: session.roles });

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1200 }} data-consultation-id={c.id}>
      <div>
        <Link to="/consultations">{t('consultations.detail.backToList')}</Link>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t(
            c.supervisionMatter ? 'consultations.detail.supervisionHeading' : 'consultations.detail.heading',
          )}
        </Typography.Text>
        <Typography.Title level={2} style={{ margin: 0, overflowWrap: 'anywhere' }} translate="no">
          {c.policeCaseNumber}
        </Typography.Title>
        <Flex wrap gap={8} align="center" justify="space-between" style={{ marginTop: 8 }}>
          <Space wrap size={4}>
            <ConsultationStateTag state={c.state} />
            <SupervisionTag consultation={c} />
            <Tag style={{ marginInlineEnd: 0 }}>{t(`consultations.type.${c.type}`)}</Tag>
            <FollowUpClock consultation={c} />
          </Space>
          <Button
            size="small"
            icon={<ReloadOutlined />}
            loading={query.loading}
            onClick={() => void query.refetch()}
            data-testid="consultation-refresh"
          >
            {t('consultations.detail.refresh')}
          </Button>
        </Flex>
      </div>
      <ErrorAlert error={query.error} />
      <ErrorAlert error={refusal} onClose={() => setRefusal(null)} />
      {live && (
        <LiveNotice
          kind={live.kind}
          testId="consultation-live"
          onClose={() => setLive(null)}
          description={live.actor ? <span translate="no">{live.actor}</span> : undefined}
        />
      )}
      {c.state === 'WITHDRAWN' && (
        <Alert
          type="info"
          showIcon
          data-testid="consultation-withdrawn"
          title={t('consultations.detail.withdrawn', {
            who: c.withdrawnBy ?? '—',
            time: formatTime(c.withdrawnAt, i18n.language),
          })}
        />
      )}
      {actions.includes('edit') && !editing && (
        <PoliceActions consultation={c} onEdit={() => setEditing(true)} onRefused={refused} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            {editing && actions.includes('edit') ? (
              <EditForm consultation={c} onDone={() => setEditing(false)} onRefused={refused} />
            ) : (
              <Overview consultation={c} />
            )}
            {/* Attaching is editing (docs/meetings.md, "Attachments"): the logging bureau, before the opinion. */}
            <Attachments
              uploadPath={`/consultations/${encodeURIComponent(c.id)}/attachments`}
              attachments={c.attachments}
              canUpload={actions.includes('edit')}
              onUploaded={() => void query.refetch()}
              mediaTypes={CONSULTATION_ATTACHMENT_TYPES}
              hint={t('consultations.detail.attachHint')}
            />
          </Flex>
        </Col>
        {/* A withdrawn consultation has no opinion and no response to show. */}
        {c.state !== 'WITHDRAWN' && (
          <Col xs={24} xl={12}>
            <Flex vertical gap={16}>
              {/* Read, then act: the form comes after what it answers (on a phone, after the question too). */}
              {actions.includes('opinion') ? <OpinionForm consultation={c} /> : <Opinion consultation={c} />}
              {actions.includes('respond') ? (
                <ResponseForm consultation={c} />
              ) : (
                <Response consultation={c} />
              )}
            </Flex>
          </Col>
        )}
      </Row>
    </Flex>
  );
}

function Overview(props: { consultation: Consultation }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const c = props.consultation;
  return (
    <Card title={<h3 style={{ margin: 0, fontSize: 'inherit' }}>{t('consultations.detail.overview')}</h3>}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'type', label: t('consultations.detail.type'), children: t(`consultations.type.${c.type}`) },
          {
            key: 'category',
            label: t('consultations.detail.category'),
            children: session.categoryName('criminal', c.category),
          },
          { key: 'isco', label: t('consultations.detail.isco'), children: session.orgName(c.iscoOrg) },
          { key: 'police', label: t('consultations.detail.police'), children: session.orgName(c.policeOrg) },
          {
            key: 'procuratorate',
            label: t('consultations.detail.procuratorate'),
            children: session.orgName(c.procuratorateOrg),
          },
          {
            key: 'logged',
            label: t(c.supervisionMatter ? 'consultations.detail.opened' : 'consultations.detail.logged'),
            children: (
              <span>
                <span translate="no">{c.loggedBy}</span> · {formatTime(c.loggedAt, i18n.language)}
              </span>
            ),
          },
          ...(c.editedAt
            ? [
                {
                  key: 'edited',
                  label: t('consultations.detail.edited'),
                  children: (
                    <span data-testid="consultation-edited">
                      <span translate="no">{c.editedBy}</span> · {formatTime(c.editedAt, i18n.language)}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={4} style={{ fontSize: 14, marginTop: 16 }}>
        {t(c.supervisionMatter ? 'consultations.detail.matter' : 'consultations.detail.question')}
      </Typography.Title>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap' }}
        translate="no"
        data-testid="consultation-question"
      >
        {c.question}
      </Typography.Paragraph>
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        {t('consultations.detail.materials')}
      </Typography.Title>
      {c.materials.length === 0 ? (
        <Typography.Text type="secondary">{t('consultations.detail.noMaterials')}</Typography.Text>
      ) : (
        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="consultation-materials">
          {c.materials.map((m, i) => (
            <li key={i} translate="no">
              {m}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Opinion(props: { consultation: Consultation }) {
  const { t, i18n } = useTranslation();
  const c = props.consultation;
  const deadline = followUpDeadline(c);
  return (
    <Card
      title={
        <h3 style={{ margin: 0, fontSize: 'inherit' }}>
          {t(c.supervisionMatter ? 'consultations.detail.demandTitle' : 'consultations.detail.opinionTitle')}
        </h3>
      }
      data-testid="consultation-opinion"
    >
      {c.opinion === null ? (
        <Typography.Text type="secondary">{t('consultations.detail.noOpinion')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', margin: 0 }}
            translate="no"
            data-testid="opinion-text"
          >
            {c.opinion}
          </Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'given',
                label: t('consultations.detail.given'),
                children: (
                  <span>
                    <span translate="no">{c.opinionBy}</span> · {formatTime(c.opinionAt, i18n.language)}
                  </span>
                ),
              },
              {
                key: 'followUp',
                label: t('consultations.detail.followUp'),
                children: (
                  <span data-testid="opinion-follow-up" data-follow-up={c.followUp ?? 'NONE'}>
                    {t(`consultations.followUp.${c.followUp ?? 'NONE'}`)}
                  </span>
                ),
              },
              ...(deadline
                ? [
                    {
                      key: 'due',
                      label: t('consultations.detail.followUpDue'),
                      children: (
                        <Space wrap size={4}>
                          <span>{t('deadline.lastDay', { date: deadline.localDate })}</span>
                          {deadline.provisional && (
                            <Typography.Text type="secondary">{t('deadline.provisional')}</Typography.Text>
                          )}
                          <FollowUpClock consultation={c} />
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}

function Response(props: { consultation: Consultation }) {
  const { t, i18n } = useTranslation();
  const c = props.consultation;
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 'inherit' }}>{t('consultations.detail.responseTitle')}</h3>}
      data-testid="consultation-response"
    >
      {c.policeResponse === null ? (
        <Typography.Text type="secondary">{t('consultations.detail.noResponse')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', margin: 0 }}
            translate="no"
            data-testid="response-text"
          >
            {c.policeResponse}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {t('consultations.detail.responded')}: <span translate="no">{c.responseBy}</span> ·{' '}
            {formatTime(c.responseAt, i18n.language)}
          </Typography.Text>
        </Flex>
      )}
    </Card>
  );
}

function OpinionForm(props: { consultation: Consultation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const c = props.consultation;
  const choices = followUpChoices(c.type);
  const [form] = Form.useForm<{ opinion?: string; followUp: FollowUp }>();
  const [record, recording] = useMutation(RecordConsultationOpinionDocument);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    try {
      await record({ variables: { id: c.id, opinion: v.opinion!.trim(), followUp: v.followUp } });
      void message.success(t('consultations.detail.doneOpinion'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 'inherit' }}>{t('consultations.detail.opinionForm')}</h3>}
      data-testid="opinion-form"
    >
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Form form={form} layout="vertical" initialValues={{ followUp: 'NONE' }}>
        <OpinionFields label={t('consultations.detail.opinion')} choices={choices} />
        <Button
          type="primary"
          loading={recording.loading}
          onClick={() => void submit()}
          data-testid="opinion-submit"
        >
          {t('consultations.detail.submitOpinion')}
        </Button>
      </Form>
    </Card>
  );
}

function ResponseForm(props: { consultation: Consultation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const c = props.consultation;
  const [form] = Form.useForm<{ response?: string }>();
  const [record, recording] = useMutation(RecordPoliceResponseDocument);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    try {
      await record({ variables: { id: c.id, response: v.response!.trim() } });
      void message.success(t('consultations.detail.doneResponse'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 'inherit' }}>{t('consultations.detail.responseForm')}</h3>}
      data-testid="response-form"
    >
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="response"
          label={t('consultations.detail.response')}
          rules={[
            { required: true, whitespace: true, message: t('consultations.detail.required') },
            { max: 4000, message: t('consultations.detail.tooLong', { max: 4000 }) },
          ]}
        >
          <Input.TextArea rows={4} showCount maxLength={4000} />
        </Form.Item>
        <Button
          type="primary"
          loading={recording.loading}
          onClick={() => void submit()}
          data-testid="response-submit"
        >
          {t('consultations.detail.submitResponse')}
        </Button>
      </Form>
    </Card>
  );
}

/** Before the opinion the police may still change what they logged, or withdraw it (after it, CONFLICT). */
function PoliceActions(props: {
  consultation: Consultation;
  onEdit: () => void;
  onRefused: (err: unknown) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [withdraw, withdrawing] = useMutation(WithdrawConsultationDocument);
  const confirmWithdrawal = () => {
    modal.confirm({
      title: t('consultations.detail.withdrawTitle'),
      content: t('consultations.detail.withdrawBody'),
      okText: t('consultations.detail.withdraw'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await withdraw({ variables: { id: props.consultation.id } });
          void message.success(t('consultations.detail.doneWithdraw'));
        } catch (err) {
          props.onRefused(err);
        }
      },
    });
  };
  return (
    <Card
      size="small"
      title={<h3 style={{ margin: 0, fontSize: 'inherit' }}>{t('consultations.detail.policeActions')}</h3>}
      data-testid="police-actions"
    >
      <Typography.Paragraph type="secondary">{t('consultations.detail.editHint')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<EditOutlined />} onClick={props.onEdit} data-testid="consultation-edit">
          {t('consultations.detail.edit')}
        </Button>
        <Button
          icon={<RollbackOutlined />}
          loading={withdrawing.loading}
          onClick={confirmWithdrawal}
          data-testid="consultation-withdraw"
        >
          {t('consultations.detail.withdraw')}
        </Button>
      </Space>
    </Card>
  );
}

function EditForm(props: {
  consultation: Consultation;
  onDone: () => void;
  onRefused: (err: unknown) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const c = props.consultation;
  const [form] = Form.useForm<ContentValues>();
  const [edit, editing] = useMutation(EditConsultationDocument);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await edit({ variables: { input: { id: c.id, ...contentInput(v) } } });
      void message.success(t('consultations.detail.doneEdit'));
      props.onDone();
    } catch (err) {
      // Refused — e.g. the opinion came meanwhile (CONFLICT): the page shows it and where it stands now.
      props.onRefused(err);
    }
  };
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 'inherit' }}>{t('consultations.detail.editForm')}</h3>}
      data-testid="edit-form"
    >
      <Form<ContentValues>
        form={form}
        layout="vertical"
        initialValues={{
          policeCaseNumber: c.policeCaseNumber,
          category: c.category,
          type: c.type,
          question: c.question,
          materials: c.materials.length > 0 ? c.materials : [''],
        }}
      >
        <ConsultationFields />
        <Space wrap>
          <Button
            type="primary"
            loading={editing.loading}
            onClick={() => void submit()}
            data-testid="edit-submit"
          >
            {t('consultations.detail.saveEdit')}
          </Button>
          <Button onClick={props.onDone}>{t('consultations.detail.cancelEdit')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
