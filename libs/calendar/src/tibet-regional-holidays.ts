import type { CalendarDay, RegionalCalendarData } from './calendar-data.js';

/*
 * Tibet's regional days off (藏历新年 Losar, 雪顿节 Shoton) for 2025 and 2026 — BEST-EFFORT DATA, NOT VERIFIED.
 *
 * These dates were compiled without access to the official notices. The yearly arrangement is published by the
 * regional and city governments (in practice 拉萨市人民政府办公室 issues the notice first and the other
 * prefectures, 山南市 included, publish matching ones). Confidence, per block:
 *
 * - 2025 藏历新年 (木蛇年, 初一 = 2025-02-28): 2025-02-27 to 2025-03-04, six days (four days off plus the
 *   weekend), no make-up working days — as reported by the press (中新网, 2025-02-24) from the Lhasa notice of
 *   2025-02-11. Fairly confident.
 * - 2026 春节 + 藏历新年 (火马年, 初一 = 2026-02-18): Lhasa announced one combined break 2026-02-15 to 02-26,
 *   working Saturday 02-14 and Saturday 02-28 (the national make-up days) — as reported by 中新社 on
 *   2026-01-28. Fairly confident for Lhasa; other prefectures were not checked.
 * - 雪顿节 2025 and 2026: ESTIMATES. The festival opens on the 30th day of the sixth Tibetan month (computed
 *   here as 2025-08-23 and 2026-08-12) and the days off assume the long-standing seven-day break; the real
 *   notice may give fewer days, other dates, make-up working days, or apply to Lhasa only.
 *
 * Operators must confirm these against each year's notice and override them with the JSON file named in the
 * app config (REGIONAL_HOLIDAYS_FILE), which replaces this data entirely.
 */

/** Consecutive days `from`…`to` (inclusive, same month and year), all with one name. */
function block(yearMonth: string, fromDay: number, toDay: number, name: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    days.push({ date: `${yearMonth}-${String(day).padStart(2, '0')}`, name });
  }
  return days;
}

const LOSAR_2025 = '藏历新年（木蛇年）';
const LOSAR_2026 = '春节、藏历新年（火马年）合并放假';
const SHOTON_ESTIMATE = '雪顿节（日期为估计，待当年通知确认）';

/**
 * The regional calendar data shipped with the library: Tibet's Losar and Shoton days off for 2025–2026.
 * Best-effort, partly estimated — see the comment above and {@link RegionalCalendarData.source}.
 */
export const TIBET_REGIONAL_HOLIDAYS: RegionalCalendarData = {
  region: '西藏自治区 (540000)',
  source:
    'Best-effort data shipped with @yiti/calendar, NOT verified against official notices. 藏历新年 2025 and ' +
    '2026 follow press reports of the Lhasa (拉萨市人民政府办公室) notices; 雪顿节 2025/2026 dates are ' +
    'estimates. Confirm every year against the annual holiday notice of the 西藏自治区 and prefecture ' +
    'governments, and override this data with the JSON file given in config (REGIONAL_HOLIDAYS_FILE).',
  holidays: [
    ...block('2025-02', 27, 28, LOSAR_2025),
    ...block('2025-03', 1, 4, LOSAR_2025),
    ...block('2025-08', 23, 29, SHOTON_ESTIMATE),
    ...block('2026-02', 15, 26, LOSAR_2026),
    ...block('2026-08', 12, 18, SHOTON_ESTIMATE),
  ],
  workdays: [
    { date: '2026-02-14', name: '春节、藏历新年调休上班' },
    { date: '2026-02-28', name: '春节、藏历新年调休上班' },
  ],
};
