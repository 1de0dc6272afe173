/**
 * @yiti/calendar — working days in Asia/Shanghai time for transfer and meeting deadlines: China's national
 * holiday and make-up working day calendar (from `chinese-days`, extendable with an operator's file) plus
 * regional holidays given as data (Tibet's are shipped; operators override them with a JSON file). Years not
 * published yet count the statutory holidays by the rule in force, and deadlines over them are provisional.
 */
export {
  type CalendarDay,
  loadCalendarData,
  loadNationalCalendarData,
  type NationalCalendarData,
  parseCalendarData,
  parseNationalCalendarData,
  type RegionalCalendarData,
} from './calendar-data.js';
export { Clock } from './clock.js';
export { isCalendarDate } from './iso-date.js';
export { createServiceCalendar, type ServiceCalendarOptions } from './service-calendar.js';
export {
  dragonBoatDate,
  midAutumnDate,
  qingmingDate,
  springFestivalDate,
  statutoryHolidays,
} from './statutory-holidays.js';
export {
  CALENDAR_TIME_ZONE,
  type ComputedDeadline,
  endOfShanghaiDay,
  MAX_WORKING_DAYS,
  type ProvisionalYearNotice,
  shanghaiDate,
  WorkingDayCalendar,
  type WorkingDayCalendarOptions,
  type YearStatus,
} from './working-day-calendar.js';
