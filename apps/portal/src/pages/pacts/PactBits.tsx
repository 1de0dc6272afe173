import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export const PACT_STATUSES = ['DRAFT', 'CIRCULATING', 'IN_FORCE', 'EXPIRED', 'TERMINATED'] as const;
export const PACT_KINDS = ['RIVER_BASIN_PACT', 'COOPERATION_MECHANISM', 'INTER_AGENCY'] as const;

const COLOR: Record<string, string> = {
  DRAFT: '#595959',
  CIRCULATING: '#0950c3',
  IN_FORCE: '#237804',
  EXPIRED: '#874d00',
  TERMINATED: '#a8071a',
};

export { TAG } from '../../components/colors';
import { TAG } from '../../components/colors';

/** A pact's status as a tag; a public summary (no status) shows "public summary". */
export function PactStatusTag(props: { status: string | null | undefined }) {
  const { t } = useTranslation();
  if (!props.status) return <Tag>{t('pacts.status.SUMMARY')}</Tag>;
  return (
    <Tag color={COLOR[props.status] ?? TAG.grey} data-status={props.status}>
      {t(`pacts.status.${props.status}`, { defaultValue: props.status })}
    </Tag>
  );
}

/** The pact's title in the person's language (English when there is one, else Chinese; Tibetan shows Chinese). */
export function usePactTitle() {
  const { i18n } = useTranslation();
  return (p: { titleZh: string; titleEn: string }) =>
    i18n.language === 'en' && p.titleEn ? p.titleEn : p.titleZh;
}

/** "2025-03-01 – 2028-02-29", or "from 2025-03-01" when open-ended. */
export function useTerm() {
  const { t } = useTranslation();
  return (v: { effectiveFrom: string; effectiveTo?: string | null } | undefined) =>
    !v
      ? '—'
      : v.effectiveTo
        ? t('pacts.term.range', { from: v.effectiveFrom, to: v.effectiveTo })
        : t('pacts.term.openEnded', { from: v.effectiveFrom });
}
