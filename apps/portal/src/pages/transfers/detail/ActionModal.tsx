import { useMutation } from '@apollo/client/react';
import { Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';
import { ErrorAlert } from '../../../components/ErrorAlert';
import {
  AcceptTransferDocument,
  DesignateJurisdictionDocument,
  EscalateTransferDocument,
  ObjectToTransferDocument,
  ReturnTransferDocument,
  SendTransferDraftDocument,
  type ObjectionGrounds,
  type ReturnReason,
} from '../../../graphql/transfers.generated';
import type { TransferAction } from '../../../lib/transfer-actions';
import { OBJECTION_GROUNDS, organizationsUnder, RETURN_REASONS } from '../../../lib/transfer-detail';

/** The moves made in a dialog (everything but uploading a file). */
export type DialogAction = Exclude<TransferAction, 'upload'>;

interface Values {
  reason?: ReturnReason;
  grounds?: ObjectionGrounds;
  handlingOrg?: string;
  text?: string;
}

const TEXT_MAX = 2000;

/**
 * One move on a transfer in a dialog with its form: the coded reason or grounds, the explanation, the handling
 * organization. A refusal stays in the dialog as the service's reason in the person's language.
 */
export function ActionModal(props: {
  transferId: string;
  action: DialogAction | null;
  onClose: () => void;
  onDone: (action: DialogAction) => void;
  /** The service refused: the page shows the transfer as it now is (another may have moved it meanwhile). */
  onRefused: () => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  // One key per intended send: a retry of the same dialog (after a network error, say) cannot send twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [accept, accepting] = useMutation(AcceptTransferDocument);
  const [giveBack, returning] = useMutation(ReturnTransferDocument);
  const [object, objecting] = useMutation(ObjectToTransferDocument);
  const [escalate, escalating] = useMutation(EscalateTransferDocument);
  const [designate, designating] = useMutation(DesignateJurisdictionDocument);
  const [sendDraft, sending] = useMutation(SendTransferDraftDocument);
  const busy =
    accepting.loading ||
    returning.loading ||
    objecting.loading ||
    escalating.loading ||
    designating.loading ||
    sending.loading;
  const reason = Form.useWatch('reason', form);
  const { action } = props;
  const id = props.transferId;
  // The dialog keeps its title and form while it fades out: a dialog without a name, even for its closing
  // animation, is one a screen reader cannot announce.
  const [shown, setShown] = useState<DialogAction | null>(action);
  if (action !== null && action !== shown) setShown(action);
  const view = action ?? shown;

  const close = () => {
    setError(null);
    setIdempotencyKey(crypto.randomUUID());
    props.onClose();
  };

  const submit = async () => {
    if (!action) return;
    setError(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    const text = v.text?.trim() ?? '';
    try {
      switch (action) {
        case 'accept':
          await accept({ variables: { id, ...(text ? { note: text } : {}) } });
          break;
        case 'return':
          await giveBack({ variables: { id, reason: v.reason!, ...(text ? { text } : {}) } });
          break;
        case 'object':
          await object({ variables: { id, grounds: v.grounds!, text } });
          break;
        case 'escalate':
          await escalate({ variables: { id, text } });
          break;
        case 'designate':
          await designate({ variables: { id, handlingOrg: v.handlingOrg!, text } });
          break;
        case 'send':
          await sendDraft({ variables: { id, idempotencyKey } });
          break;
      }
    } catch (err) {
      setError(err);
      props.onRefused();
      return;
    }
    close();
    props.onDone(action);
  };

  const required = { required: true, message: t('detail.actions.required') };
  const tooLong = { max: TEXT_MAX, message: t('detail.actions.tooLong', { max: TEXT_MAX }) };
  const textArea = <Input.TextArea rows={4} showCount maxLength={TEXT_MAX} data-testid="action-text" />;
  const candidates = organizationsUnder(session.organizations, session.me.organizationCode);

  return (
    <Modal
      open={action !== null}
      title={view ? t(`detail.actions.${view}Title`) : undefined}
      onCancel={close}
      destroyOnHidden
      maskClosable={!busy}
      footer={[
        <Button key="cancel" onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={busy}
          onClick={() => void submit()}
          data-testid="confirm-action"
        >
          {t('detail.actions.confirm')}
        </Button>,
      ]}
    >
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" preserve={false}>
        {view === 'accept' && (
          <Form.Item name="text" label={t('detail.actions.note')} rules={[tooLong]}>
            {textArea}
          </Form.Item>
        )}
        {view === 'return' && (
          <>
            <Form.Item name="reason" label={t('detail.actions.reason')} rules={[required]}>
              <Select
                data-testid="return-reason"
                options={RETURN_REASONS.map((r) => ({ value: r, label: t(`detail.returnReason.${r}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="text"
              label={t('detail.actions.text')}
              dependencies={['reason']}
              rules={[
                {
                  required: reason === 'OTHER',
                  whitespace: true,
                  message: t('detail.actions.otherNeedsText'),
                },
                tooLong,
              ]}
            >
              {textArea}
            </Form.Item>
          </>
        )}
        {view === 'object' && (
          <>
            <Form.Item name="grounds" label={t('detail.actions.grounds')} rules={[required]}>
              <Select
                data-testid="objection-grounds"
                options={OBJECTION_GROUNDS.map((g) => ({
                  value: g,
                  label: t(`detail.objectionGrounds.${g}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="text"
              label={t('detail.actions.text')}
              rules={[{ ...required, whitespace: true }, tooLong]}
            >
              {textArea}
            </Form.Item>
          </>
        )}
        {view === 'escalate' && (
          <Form.Item
            name="text"
            label={t('detail.actions.text')}
            rules={[{ ...required, whitespace: true }, tooLong]}
          >
            {textArea}
          </Form.Item>
        )}
        {view === 'designate' && (
          <>
            <Form.Item name="handlingOrg" label={t('detail.actions.handlingOrg')} rules={[required]}>
              <Select
                data-testid="designate-org"
                showSearch={{ optionFilterProp: 'label' }}
                options={candidates.map((o) => ({ value: o.code, label: session.orgName(o.code) }))}
              />
            </Form.Item>
            <Form.Item
              name="text"
              label={t('detail.actions.text')}
              rules={[{ ...required, whitespace: true }, tooLong]}
            >
              {textArea}
            </Form.Item>
          </>
        )}
        {view === 'send' && <Typography.Paragraph>{t('detail.actions.sendBody')}</Typography.Paragraph>}
      </Form>
    </Modal>
  );
}
