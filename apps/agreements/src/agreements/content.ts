import {
  BASIN_CODE,
  CLAUSE_MAX_LENGTH,
  DIVISION_CODE,
  MAX_CLAUSES,
  NAME_MAX_LENGTH,
  SCOPE_CODE,
  type VersionContent,
} from '@yiti/contracts';
import { isCalendarDate } from '@yiti/calendar';
import { inputCheck } from '@yiti/messaging';
import type { VersionContentJson } from './agreement-version.entity.js';

/**
 * Validates what a party would sign and returns it in stored form. Every problem is reported at once as one
 * BAD_USER_INPUT: empty title, clauses not numbered 1…n, a term that ends before it starts, deadlines out of
 * range, malformed scope codes.
 */
export function checkedContent(content: VersionContent | undefined): VersionContentJson {
  const c = content;
  const scope = c?.scope;
  const settings = c?.settings;
  const clauses = [...(c?.clauses ?? [])].sort((a, b) => a.number - b.number);
  const uniq = (xs: readonly string[]) => [...new Set(xs.map((x) => x.trim()))];
  inputCheck()
    .that('content', c !== undefined, 'is required')
    .required('content.titleZh', c?.titleZh)
    .maxLength('content.titleZh', c?.titleZh, NAME_MAX_LENGTH)
    .maxLength('content.titleEn', c?.titleEn, NAME_MAX_LENGTH)
    .that('content.clauses', clauses.length > 0, 'must have at least one clause')
    .that('content.clauses', clauses.length <= MAX_CLAUSES, `must have at most ${MAX_CLAUSES} clauses`)
    .that(
      'content.clauses',
      clauses.every((cl, i) => cl.number === i + 1),
      'must be numbered 1, 2, 3… without gaps or repeats',
    )
    .that(
      'content.clauses',
      clauses.every((cl) => cl.text.trim() !== '' && cl.text.length <= CLAUSE_MAX_LENGTH),
      `must each have text of at most ${CLAUSE_MAX_LENGTH} characters`,
    )
    .that('content.effectiveFrom', isCalendarDate(c?.effectiveFrom ?? ''), 'must be a date YYYY-MM-DD')
    .that(
      'content.effectiveTo',
      !c?.effectiveTo || isCalendarDate(c.effectiveTo),
      'must be empty or a date YYYY-MM-DD',
    )
    .that(
      'content.effectiveTo',
      !c?.effectiveTo || !c.effectiveFrom || c.effectiveTo >= c.effectiveFrom,
      'must not be before effectiveFrom',
    )
    .that(
      'content.settings.acknowledgeWithinDays',
      !!settings && settings.acknowledgeWithinDays >= 1 && settings.acknowledgeWithinDays <= 60,
      'must be 1 to 60 working days',
    )
    .that(
      'content.settings.decideWithinDays',
      !!settings &&
        settings.decideWithinDays >= settings.acknowledgeWithinDays &&
        settings.decideWithinDays <= 365,
      'must be at least acknowledgeWithinDays and at most 365 working days',
    )
    .that(
      'content.scope.businessLines',
      (scope?.businessLines ?? []).every((x) => SCOPE_CODE.test(x)),
      'must be codes such as criminal',
    )
    .that(
      'content.scope.caseCategories',
      (scope?.caseCategories ?? []).every((x) => SCOPE_CODE.test(x)),
      'must be codes such as ecology-resources',
    )
    .that(
      'content.scope.divisionCodes',
      (scope?.divisionCodes ?? []).every((x) => DIVISION_CODE.test(x)),
      'must be six-digit division codes',
    )
    .that(
      'content.scope.basinCode',
      !scope?.basinCode || BASIN_CODE.test(scope.basinCode),
      'must be empty or a basin code such as yarlung-tsangpo',
    )
    .done();
  return {
    titleZh: c!.titleZh.trim(),
    titleEn: c!.titleEn.trim(),
    scope: {
      businessLines: uniq(scope?.businessLines ?? []).sort(),
      caseCategories: uniq(scope?.caseCategories ?? []).sort(),
      divisionCodes: uniq(scope?.divisionCodes ?? []).sort(),
      basinCode: scope?.basinCode ?? '',
    },
    clauses: clauses.map((cl) => ({ number: cl.number, text: cl.text.trim() })),
    effectiveFrom: c!.effectiveFrom,
    effectiveTo: c!.effectiveTo,
    settings: {
      acknowledgeWithinDays: settings!.acknowledgeWithinDays,
      decideWithinDays: settings!.decideWithinDays,
      shareRecordsLookup: settings!.shareRecordsLookup,
    },
  };
}
