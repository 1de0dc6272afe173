import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import type { ConsultationType, FollowUp } from '../../graphql/consultations.generated';
import { CONSULTATION_BUSINESS_LINE, CONSULTATION_TYPES } from './consultation-logic';

/** What the police write, logging or editing a consultation. */
export interface ContentValues {
  policeCaseNumber?: string;
  category?: string;
  type?: ConsultationType;
  question?: string;
  materials?: (string | undefined)[];
}

const MAX_MATERIALS = 50;

/** The content as the service takes it: trimmed, empty materials left out. */
export function contentInput(v: ContentValues) {
  return {
    policeCaseNumber: v.policeCaseNumber!.trim(),
    category: v.category!,
    type: v.type!,
    question: v.question!.trim(),
    materials: (v.materials ?? []).map((m) => m?.trim() ?? '').filter((m) => m.length > 0),
  };
}

/**
 * The fields of a consultation inside an antd Form: police case number, criminal case category, type, question
 * and the materials provided, by name (the service keeps their names, not files). A supervision matter offers
 * its own `types` and calls the question what the procuratorate found (`questionLabel`).
 */
export function ConsultationFields(props: { types?: readonly ConsultationType[]; questionLabel?: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const hint = useId();
  const line = session.businessLines.find((l) => l.code === CONSULTATION_BUSINESS_LINE);
  const required = { required: true, whitespace: true, message: t('consultations.new.required') };
  return (
    <>
      <Form.Item
        name="policeCaseNumber"
        label={t('consultations.new.caseNumber')}
        rules={[required, { min: 2, max: 64, message: t('consultations.new.caseNumberLength') }]}
      >
        <Input maxLength={64} autoComplete="off" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item
          name="category"
          label={t('consultations.new.category')}
          rules={[{ required: true, message: t('consultations.new.required') }]}
          style={{ flex: '1 1 220px' }}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(line?.categories ?? []).map((c) => ({
              value: c.code,
              label: session.categoryName(CONSULTATION_BUSINESS_LINE, c.code),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="type"
          label={t('consultations.new.type')}
          rules={[{ required: true, message: t('consultations.new.required') }]}
          style={{ flex: '1 1 220px' }}
        >
          <Select
            options={(props.types ?? CONSULTATION_TYPES).map((k) => ({
              value: k,
              label: t(`consultations.type.${k}`),
            }))}
          />
        </Form.Item>
      </Flex>
      <Form.Item
        name="question"
        label={props.questionLabel ?? t('consultations.new.question')}
        rules={[required, { max: 4000, message: t('consultations.new.tooLong', { max: 4000 }) }]}
      >
        <Input.TextArea rows={5} showCount maxLength={4000} />
      </Form.Item>
      <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
        <legend style={{ fontSize: 14, marginBottom: 4, border: 0 }}>
          {t('consultations.new.materials')}
        </legend>
        <Typography.Text type="secondary" id={hint}>
          {t('consultations.new.materialsHint')}
        </Typography.Text>
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ marginTop: 8 }}>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item
                    name={field.name}
                    rules={[{ max: 200, message: t('consultations.new.tooLong', { max: 200 }) }]}
                    style={{ flex: 1, margin: 0 }}
                  >
                    <Input
                      maxLength={200}
                      aria-label={t('consultations.new.material', { n: index + 1 })}
                      aria-describedby={hint}
                    />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('consultations.new.removeMaterial', { n: index + 1 })}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              {fields.length < MAX_MATERIALS && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add('')}
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('consultations.new.addMaterial')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>
      </fieldset>
    </>
  );
}

/**
 * The prosecutor's text and the follow-up clock it sets on the police — an opinion, or a supervision matter's
 * demand (`label`) — inside an antd Form (`opinion`, `followUp`). `choices` are the clocks the type allows.
 */
export function OpinionFields(props: { label: string; choices: readonly FollowUp[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="opinion"
        label={props.label}
        rules={[
          { required: true, whitespace: true, message: t('consultations.detail.required') },
          { max: 4000, message: t('consultations.detail.tooLong', { max: 4000 }) },
        ]}
      >
        <Input.TextArea rows={4} showCount maxLength={4000} />
      </Form.Item>
      <Form.Item
        name="followUp"
        label={t('consultations.detail.followUpChoice')}
        extra={props.choices.length === 1 ? t('consultations.detail.followUpOnlyFiling') : undefined}
      >
        <Radio.Group>
          <Flex vertical gap={4}>
            {props.choices.map((f) => (
              <Radio key={f} value={f}>
                {t(`consultations.followUp.${f}`)}
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      </Form.Item>
    </>
  );
}
