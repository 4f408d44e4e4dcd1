export { createWorkingDayCalendar } from './calendar';
export type { WorkingDayCalendar, WorkingDayCalendarOptions } from './calendar';
export { HOLIDAY_REGIONS, bankHolidayDates, bankHolidayDayNumbers } from './holidays';
export type { HolidayRegion } from './holidays';
export { DEADLINE_BASES, DEADLINE_UNITS, addPeriod, dueDateFor, extendedDueDate } from './deadline';
export type { DeadlineBasis, DeadlineDates, DeadlineRule, DeadlineUnit } from './deadline';
export { fromDayNumber, readableDate, toDayNumber } from './isoDate';
export { londonDate, londonInstant } from './londonTime';
