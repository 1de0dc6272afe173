import { shanghaiDate } from '@yiti/calendar';
import { AgreementStatus } from '@yiti/contracts';
import type { AgreementState } from './agreement.entity.js';

export interface VersionDates {
  number: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  fullySigned: boolean;
}

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, the calendar every deadline and term uses. */
export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiDate(now);
}

/**
 * The version in force on `date`: the newest fully signed version whose effective date has come, provided
 * its term has not ended. An amendment takes over only once every party has signed it and its date comes.
 */
export function versionInForce(versions: readonly VersionDates[], date: string): VersionDates | undefined {
  const current = [...versions]
    .filter((v) => v.fullySigned && v.effectiveFrom <= date)
    .sort((a, b) => b.number - a.number)[0];
  return current && (current.effectiveTo === null || date <= current.effectiveTo) ? current : undefined;
}

/**
 * The status a reader sees. Only draft/active/terminated is stored; in force and expired follow from
 * signatures and dates, so a pact expires on its end date without anyone acting.
 */
export function statusOf(
  state: AgreementState,
  versions: readonly VersionDates[],
  date: string,
): AgreementStatus {
  switch (state) {
    case 'draft':
      return AgreementStatus.DRAFT;
    case 'terminated':
      return AgreementStatus.TERMINATED;
    case 'active': {
      if (versionInForce(versions, date)) return AgreementStatus.IN_FORCE;
      const everInForce = versions.some((v) => v.fullySigned && v.effectiveFrom <= date);
      return everInForce ? AgreementStatus.EXPIRED : AgreementStatus.CIRCULATING;
    }
  }
}
