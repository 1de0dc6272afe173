import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  RecordAgendaItemDocument,
  type AgendaItemInput,
  type ConsultationOutcome,
} from '../../graphql/meetings.generated';
import { subjectOf, type Subject } from './meeting-logic';
import { usePeople } from './MeetingBits';
import type { MeetingView } from './MeetingDetailPage';

interface Opinion {
  text?: string;
  holders?: string[];
}
interface Action {
  id?: string;
  ownerOrg?: string;
  description?: string;
  dueWithinDays?: number;
}
interface Values {
  title: string;
  subject: Subject;
  subjectValue?: string;
  decision?: string;
  majority?: Opinion;
  minorities?: Opinion[];
  referToCommittee?: boolean;
  transferOutcome?: ConsultationOutcome;
  actions?: Action[];
}

const OUTCOMES: ConsultationOutcome[] = ['RECEIVER_ACCEPTS', 'SENDER_RETAINS', 'NO_AGREEMENT'];
const opinion = (o: Opinion | undefined) =>
  o?.text?.trim() ? { text: o.text.trim(), holders: o.holders ?? [] } : undefined;

/**
 * The secretary adds an agenda item or replaces one: before the session its title and what it is about (a
 * transfer, a case number or a consultation); in session also the decision, the majority and minority opinions
 * with who holds them, a referral to the procuratorial committee and action items (owner, working days).
 */
export function AgendaEditor(props: { meeting: MeetingView }) {
  const { t } = useTranslation();
  const session = useSession();
  const { message } = App.useApp();
  const directory = usePeople();
  const m = props.meeting;
  const inSession = m.state === 'IN_SESSION';
  const next = m.agenda.reduce((n, i) => Math.max(n, i.number), 0) + 1;
  const [number, setNumber] = useState(next);
  const [form] = Form.useForm<Values>();
  const [record, recording] = useMutation(RecordAgendaItemDocument);
  const [error, setError] = useState<unknown>(null);
  const subject = Form.useWatch('subject', form);
  const present = m.attendees.filter((a) => a.present);
  const holderOptions = present.map((a) => ({
    value: a.username,
    label: `${directory.name(a.username)} · ${session.orgName(a.org)}`,
  }));
  const ownerOptions = [...new Set([m.hostOrg, ...m.invitees.map((i) => i.org)])].map((c) => ({
    value: c,
    label: session.orgName(c),
  }));

  const load = (n: number) => {
    setNumber(n);
    const item = m.agenda.find((i) => i.number === n);
    form.resetFields();
    if (!item) return;
    const s = subjectOf(item);
    form.setFieldsValue({
      title: item.title,
      subject: s.subject,
      subjectValue: s.value,
      decision: item.decision ?? undefined,
      majority: item.majority ? { text: item.majority.text, holders: [...item.majority.holders] } : undefined,
      minorities: item.minorities.map((o) => ({ text: o.text, holders: [...o.holders] })),
      referToCommittee: item.referToCommittee,
      transferOutcome: item.transferOutcome ?? undefined,
      actions: item.actions.map((a) => ({
        id: a.id,
        ownerOrg: a.ownerOrg,
        description: a.description,
        dueWithinDays: a.dueWithinDays,
      })),
    });
  };

  const submit = async (v: Values) => {
    setError(null);
    const value = v.subjectValue?.trim();
    const item: AgendaItemInput = {
      number,
      title: v.title,
      ...(v.subject === 'transfer' && value ? { transferId: value } : {}),
      ...(v.subject === 'case' && value ? { caseNumber: value } : {}),
      ...(v.subject === 'consultation' && value ? { consultationId: value } : {}),
      ...(inSession
        ? {
            ...(v.decision?.trim() ? { decision: v.decision } : {}),
            ...(opinion(v.majority) ? { majority: opinion(v.majority) } : {}),
            minorities: (v.minorities ?? []).map(opinion).filter((o) => o !== undefined),
            referToCommittee: Boolean(v.referToCommittee),
            ...(v.transferOutcome ? { transferOutcome: v.transferOutcome } : {}),
            actions: (v.actions ?? [])
              .filter((a) => a.description?.trim() && a.ownerOrg)
              .map((a) => ({
                ...(a.id ? { id: a.id } : {}),
                ownerOrg: a.ownerOrg!,
                description: a.description!,
                dueWithinDays: a.dueWithinDays ?? 10,
              })),
          }
        : {}),
    };
    try {
      const r = await record({ variables: { id: m.id, expectedVersion: m.version, item } });
      void message.success(t('meetings.agendaForm.saved', { number }));
      const agenda = r.data?.recordAgendaItem.agenda ?? [];
      setNumber(agenda.reduce((n, i) => Math.max(n, i.number), 0) + 1);
      form.resetFields();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card title={t('meetings.agendaForm.title')} data-testid="agenda-editor">
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Flex vertical gap={8}>
        <Flex wrap gap={8} align="center">
          <label htmlFor="agenda-number">{t('meetings.agendaForm.which')}</label>
          <Select<number>
            id="agenda-number"
            style={{ minWidth: 220 }}
            value={number}
            onChange={load}
            options={[
              ...m.agenda.map((i) => ({
                value: i.number,
                label: t('meetings.agendaForm.replace', { number: i.number }),
              })),
              { value: next, label: t('meetings.agendaForm.add', { number: next }) },
            ]}
          />
        </Flex>
        {!inSession && (
          <Typography.Text type="secondary">{t('meetings.agendaForm.beforeSession')}</Typography.Text>
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ subject: 'none', minorities: [], actions: [] }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="title"
            label={t('meetings.agendaForm.itemTitle')}
            rules={[
              { required: true, whitespace: true, max: 200, message: t('meetings.agendaForm.titleRule') },
            ]}
          >
            <Input maxLength={200} data-testid="agenda-title" />
          </Form.Item>
          <Flex wrap gap={16}>
            <Form.Item name="subject" label={t('meetings.agendaForm.subject')} style={{ flex: '1 1 200px' }}>
              <Select
                data-testid="agenda-subject"
                options={(['none', 'transfer', 'case', 'consultation'] as const).map((s) => ({
                  value: s,
                  label: t(`meetings.agendaForm.subjects.${s}`),
                }))}
              />
            </Form.Item>
            {subject && subject !== 'none' && (
              <Form.Item
                name="subjectValue"
                label={t(`meetings.agendaForm.subjectValue.${subject}`)}
                rules={[{ required: true, whitespace: true, message: t('meetings.agendaForm.subjectRule') }]}
                style={{ flex: '2 1 260px' }}
              >
                <Input maxLength={64} data-testid="agenda-subject-value" />
              </Form.Item>
            )}
          </Flex>
          {inSession && (
            <>
              <Form.Item name="decision" label={t('meetings.agenda.decision')}>
                <Input.TextArea rows={3} maxLength={4000} data-testid="agenda-decision" />
              </Form.Item>
              <Flex wrap gap={16}>
                <Form.Item
                  name={['majority', 'text']}
                  label={t('meetings.agenda.majority')}
                  style={{ flex: '2 1 260px' }}
                >
                  <Input.TextArea rows={2} maxLength={4000} data-testid="agenda-majority" />
                </Form.Item>
                <Form.Item
                  name={['majority', 'holders']}
                  label={t('meetings.agendaForm.holders')}
                  style={{ flex: '1 1 220px' }}
                >
                  <Select
                    mode="multiple"
                    showSearch={{ optionFilterProp: 'label' }}
                    options={holderOptions}
                    data-testid="agenda-majority-holders"
                  />
                </Form.Item>
              </Flex>
              <Form.List name="minorities">
                {(fields, { add, remove }) => (
                  <Flex vertical gap={8}>
                    {fields.map((f) => (
                      <Flex key={f.key} wrap gap={16} align="start" data-testid="agenda-minority">
                        <Form.Item
                          name={[f.name, 'text']}
                          label={t('meetings.agenda.minority')}
                          style={{ flex: '2 1 260px' }}
                        >
                          <Input.TextArea rows={2} maxLength={4000} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'holders']}
                          label={t('meetings.agendaForm.holders')}
                          style={{ flex: '1 1 220px' }}
                        >
                          <Select
                            mode="multiple"
                            showSearch={{ optionFilterProp: 'label' }}
                            options={holderOptions}
                          />
                        </Form.Item>
                        <Button
                          icon={<MinusCircleOutlined />}
                          aria-label={t('meetings.agendaForm.removeMinority')}
                          onClick={() => remove(f.name)}
                          style={{ marginTop: 30 }}
                        />
                      </Flex>
                    ))}
                    <div>
                      <Button
                        icon={<PlusOutlined />}
                        onClick={() => add({})}
                        data-testid="agenda-add-minority"
                      >
                        {t('meetings.agendaForm.addMinority')}
                      </Button>
                    </div>
                  </Flex>
                )}
              </Form.List>
              <Form.Item name="referToCommittee" valuePropName="checked" style={{ marginTop: 16 }}>
                <Checkbox data-testid="agenda-refer">{t('meetings.agendaForm.refer')}</Checkbox>
              </Form.Item>
              {m.kind === 'HEADS_CONSULTATION' && subject === 'transfer' && (
                <Form.Item name="transferOutcome" label={t('meetings.agenda.outcome')}>
                  <Select
                    allowClear
                    options={OUTCOMES.map((o) => ({ value: o, label: t(`meetings.outcome.${o}`) }))}
                  />
                </Form.Item>
              )}
              <Typography.Title level={4} style={{ fontSize: 15 }}>
                {t('meetings.agenda.actions')}
              </Typography.Title>
              <Form.List name="actions">
                {(fields, { add, remove }) => (
                  <Flex vertical gap={8}>
                    {fields.map((f) => (
                      <Flex key={f.key} wrap gap={16} align="start" data-testid="agenda-action">
                        <Form.Item
                          name={[f.name, 'description']}
                          label={t('meetings.agendaForm.task')}
                          style={{ flex: '2 1 260px' }}
                        >
                          <Input maxLength={2000} data-testid="agenda-action-description" />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'ownerOrg']}
                          label={t('meetings.agendaForm.owner')}
                          style={{ flex: '1 1 200px' }}
                        >
                          <Select options={ownerOptions} data-testid="agenda-action-owner" />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'dueWithinDays']}
                          label={t('meetings.agendaForm.days')}
                          style={{ flex: '0 1 140px' }}
                        >
                          <InputNumber
                            min={1}
                            max={250}
                            style={{ width: '100%' }}
                            data-testid="agenda-action-days"
                          />
                        </Form.Item>
                        <Button
                          icon={<MinusCircleOutlined />}
                          aria-label={t('meetings.agendaForm.removeAction')}
                          onClick={() => remove(f.name)}
                          style={{ marginTop: 30 }}
                        />
                      </Flex>
                    ))}
                    <div>
                      <Button
                        icon={<PlusOutlined />}
                        onClick={() => add({ ownerOrg: m.hostOrg, dueWithinDays: 10 })}
                        data-testid="agenda-add-action"
                      >
                        {t('meetings.agendaForm.addAction')}
                      </Button>
                    </div>
                  </Flex>
                )}
              </Form.List>
            </>
          )}
          <Button
            type="primary"
            htmlType="submit"
            loading={recording.loading}
            data-testid="agenda-save"
            style={{ marginTop: 16 }}
          >
            {t('meetings.agendaForm.save')}
          </Button>
        </Form>
      </Flex>
    </Card>
  );
}
