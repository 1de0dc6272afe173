/**
 * @yiti/calendar — working days in Asia/Shanghai time for transfer and meeting deadlines: China's national
 * holiday and make-up working day calendar (from `chinese-days`) plus regional holidays given as data (Tibet's
 * are shipped; operators override them with a JSON file).
 */
export {
  type CalendarDay,
  loadCalendarData,
  parseCalendarData,
  type RegionalCalendarData,
} from './calendar-data.js';
export { isCalendarDate } from './iso-date.js';
export {
  CALENDAR_TIME_ZONE,
  endOfShanghaiDay,
  MAX_WORKING_DAYS,
  shanghaiDate,
  WorkingDayCalendar,
} from './working-day-calendar.js';
